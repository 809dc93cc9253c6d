use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::Action;

/// One recorded status change from a `history/*.ron` file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// The task (occurrence id) changed.
    pub task: String,
    /// The change.
    pub action: Action,
    /// When it happened (workspace local time).
    #[serde(with = "crate::compact_date::date_time")]
    pub at: NaiveDateTime,
    /// Who made it (a person id).
    pub by: String,
    /// A note.
    pub note: Option<String>,
    /// A stable key naming the file and the entry, so applying twice changes nothing.
    pub key: String,
}
