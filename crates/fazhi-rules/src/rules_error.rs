use std::path::PathBuf;

use fazhi_core::Diagnostic;
use serde::Serialize;

use crate::{DossierError, ScriptError};

/// Why loading the rule packs or reviewing a dossier failed.
#[derive(Debug, Clone, Serialize, thiserror::Error)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum RulesError {
    /// The rule packs have problems: every manifest and script problem found, each with its
    /// file, line and column.
    #[error("the rule packs have {} problem(s)", problems.len())]
    Invalid {
        /// The problems.
        problems: Vec<Diagnostic>,
    },
    /// The dossier could not be read.
    #[error(transparent)]
    Dossier(#[from] DossierError),
    /// No loaded module reviews dossiers of this kind: placed at the dossier's `kind`.
    #[error("{}:{line}:{column}: {}", file.display(), unknown_kind(kind, known))]
    UnknownKind {
        /// The dossier file.
        file: PathBuf,
        /// The line of its `kind`.
        line: usize,
        /// The column of its `kind`'s value.
        column: usize,
        /// The dossier's kind.
        kind: String,
        /// The kinds some module reviews, comma-separated.
        known: String,
    },
    /// Dates of a dossier the rules could not read (a kind without a schema: its dates are not
    /// checked when it is read).
    #[error("the dossier has dates the rules cannot read")]
    UnreadableDates {
        /// Each date, placed at its field in the dossier.
        problems: Vec<Diagnostic>,
    },
    /// A dossier date the review needs is outside the working-day calendar.
    #[error("the dossier has dates outside the working-day calendar")]
    OutsideCalendar {
        /// Each date, placed at its field in the dossier.
        problems: Vec<Diagnostic>,
    },
    /// Rule scripts failed on this dossier (the rule pack stays usable).
    #[error("{} rule script(s) failed: {}", errors.len(), errors.first().map(ToString::to_string).unwrap_or_default())]
    Script {
        /// Every failure, one per failed rule.
        errors: Vec<ScriptError>,
    },
}

impl RulesError {
    /// The positioned problems of this error: manifest, script, dossier or calendar problems
    /// as diagnostics (a script failure becomes one diagnostic per failed rule).
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            RulesError::Invalid { problems }
            | RulesError::OutsideCalendar { problems }
            | RulesError::UnreadableDates { problems } => problems.clone(),
            RulesError::Dossier(err) => err.diagnostics().to_vec(),
            RulesError::UnknownKind { file, line, column, kind, known } => vec![Diagnostic {
                file: file.clone(),
                line: *line,
                column: *column,
                message: unknown_kind(kind, known),
            }],
            RulesError::Script { errors } => errors
                .iter()
                .map(|err| Diagnostic {
                    file: err.script.clone(),
                    line: err.line,
                    column: err.column,
                    message: format!("rule {}: {}", err.rule, err.message),
                })
                .collect(),
        }
    }
}

fn unknown_kind(kind: &str, known: &str) -> String {
    format!("no rule module reviews dossiers of kind \"{kind}\" (kinds with rules: {known})")
}
