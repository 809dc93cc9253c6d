use std::path::PathBuf;

use chrono::NaiveDateTime;
use serde::Serialize;

/// A workflow instance recorded as text in `fazhi.ron` (`instances`): started once, with the
/// steps already completed, the first time fazhi opens the state. Like the history files, it
/// lets a workspace carry the state of work done before it adopted fazhi.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InstanceSeed {
    /// The workflow, e.g. `enforcement_case`.
    pub workflow: String,
    /// The instance's id.
    pub id: String,
    /// The dossier (RON or JSON), relative to the workspace root.
    pub data: PathBuf,
    /// The day the instance started (workspace local time; a date alone is taken as 12:00).
    pub started: NaiveDateTime,
    /// Who started it (a person id).
    pub by: String,
    /// Steps already completed, in order: (step id, when, who, note).
    pub done: Vec<StepSeed>,
}

/// A completed step of an [`InstanceSeed`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepSeed {
    /// The step id.
    pub step: String,
    /// When it was completed.
    pub at: NaiveDateTime,
    /// Who completed it (a person id); `None`: the step's owner.
    pub by: Option<String>,
    /// A note.
    pub note: Option<String>,
}
