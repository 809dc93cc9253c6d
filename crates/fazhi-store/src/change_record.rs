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
    /// What was recorded.
    #[serde(flatten)]
    pub change: Change,
}
