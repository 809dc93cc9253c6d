use std::fmt;

use serde::{Deserialize, Serialize};

/// A change a person makes to an item's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    /// Begin work: todo → doing.
    Start,
    /// Finish: todo or doing → done.
    Done,
    /// Drop the item: todo or doing → cancelled.
    Cancel,
    /// Take a finished or cancelled item up again: → todo.
    Reopen,
}

impl Action {
    /// The lower-case verb used on the command line and in the audit log.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Start => "start",
            Action::Done => "done",
            Action::Cancel => "cancel",
            Action::Reopen => "reopen",
        }
    }

    /// The action as the pages' buttons and the Chinese messages say it: 开始办理, 办结, 取消,
    /// 重新打开.
    pub fn label(self) -> &'static str {
        match self {
            Action::Start => "开始办理",
            Action::Done => "办结",
            Action::Cancel => "取消",
            Action::Reopen => "重新打开",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
