use chrono::{DateTime, Utc};
use fazhi_core::Status;
use serde::Serialize;

use crate::Change;

/// A status change as recorded: the change itself, its number and the statuses before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeRecord {
    /// The change's number among all recorded status changes (1, 2, …).
    pub seq: i64,
    /// The status before the change.
    pub from: Status,
    /// The status after the change.
    pub to: Status,
    /// When it was really recorded (the system clock, UTC; its audit entry's recorded time), beside
    /// the effective time `change.at` declared; `None` for changes recorded before fazhi kept it.
    pub recorded_at: Option<DateTime<Utc>>,
    /// What was recorded.
    #[serde(flatten)]
    pub change: Change,
}
