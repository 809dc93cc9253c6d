use chrono::NaiveDateTime;
use fazhi_core::{Action, Status};
use serde::Serialize;

use crate::Evidence;

/// A status change as recorded, with the statuses before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeRecord {
    /// The change's number among all recorded status changes (1, 2, …).
    pub seq: i64,
    /// The item (occurrence id) changed.
    pub item: String,
    /// The status before the change.
    pub from: Status,
    /// The status after the change.
    pub to: Status,
    /// What was done.
    pub action: Action,
    /// Who did it (a person id).
    pub by: String,
    /// When (workspace local time).
    pub at: NaiveDateTime,
    /// The note given with the change.
    pub note: Option<String>,
    /// The evidence given with the change.
    pub evidence: Option<Evidence>,
    /// The key of the journal entry the change came from, if any.
    pub source: Option<String>,
}
