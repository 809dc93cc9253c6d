use std::path::PathBuf;

use fazhi_core::{CalendarError, Diagnostic};
use fazhi_store::StoreError;

use crate::{GateError, GuardError, Refusal, ValidationProblem};

/// Why a workflow operation failed.
#[derive(Debug, thiserror::Error)]
pub enum FlowError {
    /// Workflow definitions have problems; all of them are listed.
    #[error("the workflows have {} problem(s)", .0.len())]
    Invalid(Vec<ValidationProblem>),
    /// No workflow with this id.
    #[error("unknown workflow \"{id}\" (known: {known})")]
    UnknownWorkflow {
        /// The id asked for.
        id: String,
        /// The known ids.
        known: String,
    },
    /// No instance with this id.
    #[error("unknown workflow instance \"{id}\" (see `fazhi flow list`)")]
    UnknownInstance {
        /// The id asked for.
        id: String,
    },
    /// The instance's workflow has no such step.
    #[error("workflow \"{workflow}\" has no step \"{step}\" (its steps: {steps})")]
    UnknownStep {
        /// The workflow.
        workflow: String,
        /// The step asked for.
        step: String,
        /// Its steps.
        steps: String,
    },
    /// An instance with this id exists already.
    #[error("a workflow instance \"{id}\" exists already")]
    InstanceExists {
        /// The id.
        id: String,
    },
    /// An instance id that is not a short ASCII name.
    #[error("instance id \"{id}\" may only contain ASCII letters, digits, '-' and '_'")]
    BadInstanceId {
        /// The id.
        id: String,
    },
    /// A person id that is not in org.ron.
    #[error("{}", fazhi_core::unknown_in_org("person", person))]
    UnknownPerson {
        /// The person asked for.
        person: String,
    },
    /// A dossier file that cannot be read or parsed.
    #[error("{0}")]
    Dossier(Diagnostic),
    /// A dossier of another kind than the workflow takes, placed at its `kind`.
    #[error(
        "{}:{line}:{column}: workflow \"{workflow}\" takes a \"{expected}\" dossier, but this one is of kind \"{found}\"",
        file.display()
    )]
    WrongDossier {
        /// The workflow.
        workflow: String,
        /// The kind it takes.
        expected: String,
        /// The dossier file.
        file: PathBuf,
        /// The line of its `kind` (1 when it has none).
        line: usize,
        /// The column of its `kind`'s value.
        column: usize,
        /// Its kind (or "none").
        found: String,
    },
    /// The step cannot be completed or reopened now.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// A guard could not be evaluated on the dossier, placed at the field it reads.
    #[error("{}:{line}:{column}: step \"{step}\": {source}", file.display())]
    Guard {
        /// The step.
        step: String,
        /// The dossier file.
        file: PathBuf,
        /// The line of the field (1 when the guard names none).
        line: usize,
        /// The column of the field's value.
        column: usize,
        /// Why.
        #[source]
        source: Box<GuardError>,
    },
    /// A review gate could not run.
    #[error("review gate \"{step}\": {source}")]
    Gate {
        /// The step.
        step: String,
        /// Why.
        #[source]
        source: GateError,
    },
    /// A date outside the working-day calendar.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// The state database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl FlowError {
    /// Whether the error comes from the user's input, files or environment rather than from a
    /// fault of fazhi.
    pub fn is_bad_input(&self) -> bool {
        match self {
            FlowError::Store(err) => err.is_bad_input(),
            _ => true,
        }
    }
}
