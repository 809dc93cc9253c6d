use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

/// A rule script failed while reviewing a dossier: the script, where, which rule, and why.
///
/// `script` is the file the error happened in: the rule's own script, or a library it
/// imported. Line and column are 1-based; 0 when the engine could not tell (never for the
/// errors the sandbox stops: loops, recursion, sizes, unknown functions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct ScriptError {
    /// The script the error happened in, e.g. `rules/decision/review-time.rhai (built in)`.
    pub script: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The rule being run, e.g. `decision/review-time`.
    pub rule: String,
    /// What went wrong, in one sentence.
    pub message: String,
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: rule {}: {}", self.script.display(), self.line, self.column, self.rule, self.message)
    }
}
