use crate::{Dossier, GateError, GateFinding, Step};

/// Runs the legality review for a step of kind [`crate::StepKind::ReviewGate`] on an
/// instance's dossier. [`crate::NoReview`] finds nothing; [`crate::FieldReview`] is a simple
/// one for tests; the rules engine is plugged in behind this trait.
pub trait ReviewGate {
    /// The findings of the review of `dossier` at `step`. Blocking findings keep the gate from
    /// passing.
    fn review(&self, step: &Step, dossier: &Dossier) -> Result<Vec<GateFinding>, GateError>;
}
