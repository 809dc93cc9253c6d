use fazhi_core::Diagnostic;
use fazhi_rules::{RulesError, ScriptError};
use fazhi_store::StoreError;

/// Why a report could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The rule pack's report scripts could not be loaded or compiled.
    #[error("cannot load the report scripts")]
    Rules(#[source] RulesError),
    /// A report script failed (a division by zero, an unknown kind, a sandbox limit, …).
    #[error("{0}")]
    Script(#[source] ScriptError),
    /// The figures a module declares in its `module.ron` could not be computed (the ledger
    /// failed), or name a figure its report script returns too.
    #[error("module {module}: {message}")]
    Figures {
        /// The module's id.
        module: String,
        /// What went wrong.
        message: String,
    },
    /// The outline could not be read.
    #[error("{0}")]
    Outline(Diagnostic),
    /// The ledger could not be read.
    #[error("cannot read the ledger")]
    Store(#[source] StoreError),
}
