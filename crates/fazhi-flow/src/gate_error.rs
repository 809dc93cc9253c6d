/// Why a review gate could not run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GateError {
    /// The review failed to run (a rule's script failed, the dossier does not fit its schema…).
    #[error("the review could not run: {0}")]
    Failed(String),
}
