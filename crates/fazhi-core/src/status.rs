use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Action;

/// The stored status of an item (a duty occurrence or, later, a workflow step).
///
/// *Overdue* is not a status: it is derived from the deadline and today's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not started.
    Todo,
    /// In progress.
    Doing,
    /// Completed.
    Done,
    /// No longer required.
    Cancelled,
}

impl Status {
    /// Every status, in the order they are usually listed.
    pub const ALL: [Status; 4] = [Status::Todo, Status::Doing, Status::Done, Status::Cancelled];

    /// The lower-case name used in files, on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::Doing => "doing",
            Status::Done => "done",
            Status::Cancelled => "cancelled",
        }
    }

    /// The word shown to users, as the 任务清单 spreadsheets say it (and checklist import reads):
    /// 未开始, 进行中, 已完成, 已取消.
    pub fn label(self) -> &'static str {
        match self {
            Status::Todo => "未开始",
            Status::Doing => "进行中",
            Status::Done => "已完成",
            Status::Cancelled => "已取消",
        }
    }

    /// Whether the item still needs work (todo or doing).
    pub fn is_open(self) -> bool {
        matches!(self, Status::Todo | Status::Doing)
    }

    /// The status that `action` leads to from this one, or `None` when the change is not allowed.
    ///
    /// start: todo → doing; done: todo|doing → done; cancel: todo|doing → cancelled;
    /// reopen: done|cancelled → todo.
    pub fn apply(self, action: Action) -> Option<Status> {
        match (action, self) {
            (Action::Start, Status::Todo) => Some(Status::Doing),
            (Action::Done, Status::Todo | Status::Doing) => Some(Status::Done),
            (Action::Cancel, Status::Todo | Status::Doing) => Some(Status::Cancelled),
            (Action::Reopen, Status::Done | Status::Cancelled) => Some(Status::Todo),
            _ => None,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| format!("unknown status `{s}` (expected todo, doing, done or cancelled)"))
    }
}
