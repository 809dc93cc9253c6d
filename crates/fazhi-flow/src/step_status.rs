use serde::Serialize;

use crate::{Assignee, DateBound, GateFinding, StepKind, StepState};

/// One step of an instance: its state, owner, dates and review findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepStatus {
    /// The step's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: StepKind,
    /// Its owner in this workspace.
    pub assignee: Option<Assignee>,
    /// Where it stands.
    #[serde(flatten)]
    pub state: StepState,
    /// The earliest date it may be completed, when a rule sets one and what it counts from is
    /// known.
    pub not_before: Option<DateBound>,
    /// Its deadline, when a rule sets one and what it counts from is known.
    pub deadline: Option<DateBound>,
    /// The review's findings, for a review gate that is open or done.
    pub findings: Vec<GateFinding>,
    /// Its guard in words, if it has one.
    pub guard: Option<String>,
}

impl StepStatus {
    /// Whether the review's findings block the gate.
    pub fn blocks(&self) -> bool {
        self.findings.iter().any(GateFinding::blocks)
    }
}
