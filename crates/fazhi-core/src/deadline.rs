use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Counting, Recurrence};

/// When a duty is due.
///
/// A fixed date and a recurrence are dates, not periods: they are never moved. A period after
/// a duty or an event is counted as its [`Counting`] says (calendar days roll forward past a
/// holiday, 《民法典》第二百零三条); a lead time before an event is a minimum and never moves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Deadline {
    /// A fixed date.
    On(#[serde(with = "crate::compact_date::date")] NaiveDate),
    /// `days` after another duty is done; until it is done, after its deadline.
    AfterDuty {
        /// The duty counted from (never a recurring one).
        duty: String,
        /// How many days.
        days: u32,
        /// How the days are counted.
        counting: Counting,
    },
    /// `days` after a named event; no deadline while the event has no date.
    AfterEvent {
        /// The event counted from.
        event: String,
        /// How many days.
        days: u32,
        /// How the days are counted.
        counting: Counting,
    },
    /// At least `days` calendar days before a named event (a lead time such as 听证会七日前通知):
    /// the event's date minus `days`, never moved; no deadline while the event has no date.
    BeforeEvent {
        /// The event it precedes.
        event: String,
        /// How many days ahead.
        days: u32,
    },
    /// A recurrence, expanded into one occurrence per period.
    Every(Recurrence),
}

impl Deadline {
    /// Whether the deadline is counted from something (a duty or an event) rather than fixed.
    pub fn is_relative(&self) -> bool {
        matches!(self, Deadline::AfterDuty { .. } | Deadline::AfterEvent { .. } | Deadline::BeforeEvent { .. })
    }

    /// How its days are counted, for a deadline counted from something.
    pub fn counting(&self) -> Option<Counting> {
        match self {
            Deadline::AfterDuty { counting, .. } | Deadline::AfterEvent { counting, .. } => Some(*counting),
            Deadline::BeforeEvent { .. } => Some(Counting::LeadTime),
            Deadline::On(_) | Deadline::Every(_) => None,
        }
    }
}

impl fmt::Display for Deadline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lead = |counting: &Counting| if *counting == Counting::LeadTime { "（不顺延）" } else { "" };
        match self {
            Deadline::On(date) => write!(f, "{date}"),
            Deadline::AfterDuty { duty, days, counting } => {
                write!(f, "{duty} 完成后{days}{}{}", counting.unit(), lead(counting))
            }
            Deadline::AfterEvent { event, days, counting } => {
                write!(f, "{event} 后{days}{}{}", counting.unit(), lead(counting))
            }
            Deadline::BeforeEvent { event, days } => write!(f, "{event} 前{days}日（不顺延）"),
            Deadline::Every(recurrence) => write!(f, "{recurrence}"),
        }
    }
}
