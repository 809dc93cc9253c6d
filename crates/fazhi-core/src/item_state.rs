use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::Status;

/// What the store knows about one item: its current status and when it was completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemState {
    /// The current status.
    pub status: Status,
    /// When the item was last marked done (local time of the workspace), if it is done.
    pub completed_at: Option<NaiveDateTime>,
}

impl Default for ItemState {
    fn default() -> Self {
        ItemState { status: Status::Todo, completed_at: None }
    }
}
