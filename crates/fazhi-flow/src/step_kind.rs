use std::fmt;

use serde::{Deserialize, Serialize};

/// What kind of work a step is. The kind decides how the step is drawn and whether it runs
/// the legality review ([`StepKind::ReviewGate`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StepKind {
    /// Ordinary work: drafting, collecting, notifying.
    #[default]
    Task,
    /// A review (合法性审查, 法制审核): the review gate runs on the instance's dossier, and
    /// blocking findings keep the step's successors closed.
    ReviewGate,
    /// A decision (集体讨论决定, 作出处罚决定).
    Decision,
    /// A publication (公布, 公示, 向社会公开).
    Publication,
    /// Archiving the file (归档).
    Archive,
}

impl StepKind {
    /// The name used in RON, on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::Task => "Task",
            StepKind::ReviewGate => "ReviewGate",
            StepKind::Decision => "Decision",
            StepKind::Publication => "Publication",
            StepKind::Archive => "Archive",
        }
    }
}

impl fmt::Display for StepKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
