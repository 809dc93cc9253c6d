use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Serialize;

use crate::{StepState, StepStatus, WorkflowOrigin};

/// Where a workflow instance stands: each step's state, owner, dates and findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InstanceStatus {
    /// The instance's id.
    pub id: String,
    /// The workflow's id.
    pub workflow: String,
    /// The workflow's name.
    pub workflow_name: String,
    /// Where the workflow definition comes from.
    pub origin: WorkflowOrigin,
    /// The dossier's title, if it has one.
    pub title: Option<String>,
    /// The file the current dossier came from.
    pub dossier: PathBuf,
    /// How many versions of the dossier were recorded.
    pub dossier_versions: i64,
    /// The day it started.
    pub started: NaiveDate,
    /// Whether the end step is finished.
    pub finished: bool,
    /// Every step, in the workflow file's order.
    pub steps: Vec<StepStatus>,
}

impl InstanceStatus {
    /// The step with `id`.
    pub fn step(&self, id: &str) -> Option<&StepStatus> {
        self.steps.iter().find(|step| step.id == id)
    }

    /// The open steps.
    pub fn open_steps(&self) -> impl Iterator<Item = &StepStatus> {
        self.steps.iter().filter(|step| step.state == StepState::Open)
    }

    /// The instance's title or, without one, its id.
    pub fn display_title(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.id)
    }
}
