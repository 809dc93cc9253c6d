use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::Status;

/// One thing someone must do by a date: an occurrence of a duty (and, later, an open workflow
/// step). The checklist, reminders and the report all work on items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// The occurrence id, e.g. `xuefa-dangwei@2024-03`; a duty's own id when it does not recur.
    pub id: String,
    /// The duty it is an occurrence of.
    pub duty: String,
    /// What is to be done.
    pub title: String,
    /// The module it belongs to.
    pub module: String,
    /// The responsible unit's id.
    pub unit: String,
    /// The owner's person id.
    pub owner: String,
    /// Cooperating unit ids.
    pub cooperating: Vec<String>,
    /// The deadline; `None` while it counts from something that has no date yet.
    pub deadline: Option<NaiveDate>,
    /// The day the deadline's period reached, when that was a holiday or rest day and the
    /// deadline is the first working day after it (《民法典》第二百零三条); see
    /// [`crate::Calendar::roll_forward`] for why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rolled_from: Option<NaiveDate>,
    /// The stored status.
    pub status: Status,
    /// When it was completed, if it is done.
    pub completed_at: Option<NaiveDateTime>,
}

impl Item {
    /// Whether the item is open and its deadline has passed (the deadline day itself is not overdue).
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status.is_open() && self.deadline.is_some_and(|deadline| deadline < today)
    }

    /// Calendar days from `today` to the deadline (negative when overdue).
    pub fn days_left(&self, today: NaiveDate) -> Option<i64> {
        self.deadline.map(|deadline| (deadline - today).num_days())
    }
}
