use std::path::PathBuf;

use chrono::NaiveDateTime;

/// The completion of a workflow step asked for by a person (`fazhi flow done ID STEP`).
#[derive(Debug, Clone)]
pub struct StepDone {
    /// The instance.
    pub instance: String,
    /// The step.
    pub step: String,
    /// When it was done (workspace local time); `None`: now.
    pub at: Option<NaiveDateTime>,
    /// Who did it (a person id or name); `None`: the step's assignee or owner.
    pub by: Option<String>,
    /// A note kept with the change.
    pub note: Option<String>,
    /// A file kept as evidence.
    pub evidence: Option<PathBuf>,
}
