use std::fmt;
use std::path::PathBuf;

use fazhi_core::Diagnostic;
use serde::Serialize;

use crate::ValidationError;

/// A [`ValidationError`] with where it is: file, line and column (1-based, columns in
/// characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidationProblem {
    /// The file, relative to the workspace root (stock files: `stock:workflows/NAME.ron`).
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    #[serde(serialize_with = "as_message")]
    pub error: ValidationError,
}

impl ValidationProblem {
    /// Places `error` where `diagnostic` points.
    pub fn at(diagnostic: Diagnostic, error: ValidationError) -> ValidationProblem {
        ValidationProblem { file: diagnostic.file, line: diagnostic.line, column: diagnostic.column, error }
    }

    /// The problem as a workspace diagnostic (what `fazhi check` prints).
    pub fn diagnostic(&self) -> Diagnostic {
        Diagnostic { file: self.file.clone(), line: self.line, column: self.column, message: self.error.to_string() }
    }
}

impl fmt::Display for ValidationProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.diagnostic().fmt(f)
    }
}

fn as_message<S: serde::Serializer>(error: &ValidationError, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&error.to_string())
}
