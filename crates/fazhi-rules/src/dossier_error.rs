use std::path::PathBuf;

use fazhi_core::Diagnostic;
use serde::Serialize;

/// Why a dossier could not be read: every problem found, each with its file, line and column
/// and the field concerned.
#[derive(Debug, Clone, Serialize, thiserror::Error)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum DossierError {
    /// The file is not a valid dossier: a syntax error, a missing or unknown field, a value
    /// of the wrong type, an impossible date.
    #[error("{}: the dossier has {} problem(s)", file.display(), problems.len())]
    Invalid {
        /// The dossier file.
        file: PathBuf,
        /// The problems.
        problems: Vec<Diagnostic>,
    },
}

impl DossierError {
    /// The problems, each with its position.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            DossierError::Invalid { problems, .. } => problems,
        }
    }
}
