use crate::{Dossier, Guard, GuardError, Params};

/// Decides whether a guarded step applies to an instance. [`crate::BuiltinGuards`] compares
/// fields; the rules engine's sandbox can be plugged in behind this trait.
pub trait GuardEvaluator {
    /// Whether `guard` holds for `dossier`, with the workflow's `params`.
    fn applies(&self, guard: &Guard, params: &Params, dossier: &Dossier) -> Result<bool, GuardError>;
}
