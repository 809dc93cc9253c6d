use std::fmt;

use serde::{Deserialize, Serialize};

/// How serious a review gate's finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GateSeverity {
    /// Keeps the gate from passing: its successors stay closed.
    Block,
    /// Shown, does not block.
    Warn,
    /// A note.
    Info,
}

impl GateSeverity {
    /// `block`, `warn` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            GateSeverity::Block => "block",
            GateSeverity::Warn => "warn",
            GateSeverity::Info => "info",
        }
    }
}

impl fmt::Display for GateSeverity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
