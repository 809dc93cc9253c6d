use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Recurrence;

/// When a duty is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Deadline {
    /// A fixed date.
    On(#[serde(with = "crate::compact_date::date")] NaiveDate),
    /// `days` (working) days after another duty is done; until it is done, after its deadline.
    AfterDuty {
        /// The duty counted from (never a recurring one).
        duty: String,
        /// How many days.
        days: u32,
        /// Count working days on the calendar instead of calendar days.
        working: bool,
    },
    /// `days` (working) days after a named event; no deadline while the event has no date.
    AfterEvent {
        /// The event counted from.
        event: String,
        /// How many days.
        days: u32,
        /// Count working days on the calendar instead of calendar days.
        working: bool,
    },
    /// A recurrence, expanded into one occurrence per period.
    Every(Recurrence),
}

impl fmt::Display for Deadline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = |working: bool| if working { "个工作日" } else { "日" };
        match self {
            Deadline::On(date) => write!(f, "{date}"),
            Deadline::AfterDuty { duty, days, working } => write!(f, "{duty} 完成后{days}{}", unit(*working)),
            Deadline::AfterEvent { event, days, working } => write!(f, "{event} 后{days}{}", unit(*working)),
            Deadline::Every(recurrence) => write!(f, "{recurrence}"),
        }
    }
}
