use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A named event a deadline can count from, e.g. the day the party committee approved the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Short ASCII identifier.
    pub id: String,
    /// What happened, in Chinese.
    pub name: String,
    /// When it happened or is planned; `None` until known.
    #[serde(with = "crate::compact_date::option_date")]
    pub date: Option<NaiveDate>,
}
