use chrono::NaiveDateTime;
use serde::Serialize;

/// Where one step of an instance stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "lowercase")]
pub enum StepState {
    /// Completed.
    Done {
        /// When (workspace local time).
        at: NaiveDateTime,
        /// Whether it was completed after its deadline.
        late: bool,
    },
    /// Its predecessors are finished: it can be completed (from its "not before" date, if
    /// any). Every open step is an item in the task list.
    Open,
    /// Steps before it are not finished.
    Waiting {
        /// The unfinished steps it waits for, as `名称 (id)`.
        on: Vec<String>,
    },
    /// A review gate before it has blocking findings.
    Blocked {
        /// The review gate, as `名称 (id)`.
        gate: String,
    },
    /// Its guard is false: it does not apply to this instance.
    Skipped,
}

impl StepState {
    /// `done`, `open`, `waiting`, `blocked` or `skipped`.
    pub fn as_str(&self) -> &'static str {
        match self {
            StepState::Done { .. } => "done",
            StepState::Open => "open",
            StepState::Waiting { .. } => "waiting",
            StepState::Blocked { .. } => "blocked",
            StepState::Skipped => "skipped",
        }
    }

    /// A state named by [`StepState::as_str`] in Chinese, as the pages and the CLI show it:
    /// 已完成, 可办理, 等待前序步骤, 审查未通过, 不适用 (— for a name that is none of them).
    pub fn label_of(state: &str) -> &'static str {
        match state {
            "done" => "已完成",
            "open" => "可办理",
            "waiting" => "等待前序步骤",
            "blocked" => "审查未通过",
            "skipped" => "不适用",
            _ => "—",
        }
    }
}
