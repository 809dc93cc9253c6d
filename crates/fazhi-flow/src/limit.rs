use serde::Serialize;

use crate::Period;

/// What a timing rule demands of a step's completion date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Limit {
    /// Not before the period has passed (a minimum duration, e.g. a 30-day comment period).
    NotBefore(Period),
    /// Not later than the period's end (a deadline, e.g. 90 days after filing).
    NotAfter(Period),
    /// Not later than the first `month`-`day` on or after the instance's start (e.g. the
    /// annual report before 1 April: month 3, day 31).
    ByDate {
        /// 1–12.
        month: u32,
        /// 1–31.
        day: u32,
    },
}

impl Limit {
    /// The period, for the limits counted from something.
    pub fn period(&self) -> Option<&Period> {
        match self {
            Limit::NotBefore(period) | Limit::NotAfter(period) => Some(period),
            Limit::ByDate { .. } => None,
        }
    }

    /// Whether the limit is a deadline (not later than).
    pub fn is_deadline(&self) -> bool {
        !matches!(self, Limit::NotBefore(_))
    }
}
