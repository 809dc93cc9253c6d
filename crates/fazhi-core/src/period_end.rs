use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The last day of a period, and where it would have ended had it not been rolled forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PeriodEnd {
    /// The period's last day.
    #[serde(with = "crate::compact_date::date")]
    pub date: NaiveDate,
    /// The day the count reached, when it was a holiday or rest day and `date` is the first
    /// working day after it (《民法典》第二百零三条); `None` when the period was not moved.
    #[serde(with = "crate::compact_date::option_date")]
    pub rolled_from: Option<NaiveDate>,
}

impl PeriodEnd {
    /// A period end that was not moved.
    pub fn fixed(date: NaiveDate) -> PeriodEnd {
        PeriodEnd { date, rolled_from: None }
    }
}
