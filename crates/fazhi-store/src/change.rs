use chrono::NaiveDateTime;
use fazhi_core::Action;
use serde::Serialize;

use crate::Evidence;

/// A status change to record with [`Store::record_change`](crate::Store::record_change).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The item (occurrence id) changed.
    pub item: String,
    /// What was done to it.
    pub action: Action,
    /// Who did it (a person id).
    pub by: String,
    /// When (workspace local time).
    pub at: NaiveDateTime,
    /// A free-text note.
    pub note: Option<String>,
    /// An evidence file already kept with [`Store::keep_evidence`](crate::Store::keep_evidence).
    pub evidence: Option<Evidence>,
    /// A stable key naming where the change comes from (e.g. an entry of a text journal).
    /// A change whose key was recorded before is not recorded again.
    pub source: Option<String>,
}
