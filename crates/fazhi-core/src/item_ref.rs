use chrono::{NaiveDate, NaiveDateTime};

use crate::{Duty, Item, Status};

/// A task seen in place: what a filter needs (deadline, status, the duty's unit, owner and
/// module) without copying anything, and the [`Item`] on demand. Listing a few tasks out of a
/// million copies only those.
#[derive(Debug, Clone, Copy)]
pub struct ItemRef<'w> {
    /// The occurrence id.
    pub id: &'w str,
    /// The duty it is an occurrence of.
    pub duty: &'w Duty,
    /// The deadline; `None` while it counts from something that has no date yet.
    pub deadline: Option<NaiveDate>,
    /// The day the deadline's period reached, when that was a holiday or rest day and the
    /// deadline is the first working day after it (《民法典》第二百零三条).
    pub rolled_from: Option<NaiveDate>,
    /// The stored status.
    pub status: Status,
    /// When it was completed, if it is done.
    pub completed_at: Option<NaiveDateTime>,
}

impl ItemRef<'_> {
    /// Whether the task is open and its deadline has passed, as [`Item::is_overdue`].
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status.is_open() && self.deadline.is_some_and(|deadline| deadline < today)
    }

    /// Calendar days from `today` to the deadline, as [`Item::days_left`].
    pub fn days_left(&self, today: NaiveDate) -> Option<i64> {
        self.deadline.map(|deadline| (deadline - today).num_days())
    }

    /// The task as an owned item.
    pub fn to_item(&self) -> Item {
        Item {
            id: self.id.to_string(),
            duty: self.duty.id.clone(),
            title: self.duty.title.clone(),
            module: self.duty.module.clone(),
            unit: self.duty.unit.clone(),
            owner: self.duty.owner.clone(),
            cooperating: self.duty.cooperating.clone(),
            deadline: self.deadline,
            rolled_from: self.rolled_from,
            status: self.status,
            completed_at: self.completed_at,
        }
    }
}
