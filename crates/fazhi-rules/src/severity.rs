use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// How serious a finding is. Ordered from least to most serious.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A note: nothing is wrong yet (e.g. a step still to come).
    Info,
    /// Something to fix or explain; the dossier may go ahead.
    Warn,
    /// The dossier may not go ahead (to discussion, signing or decision) until it is fixed.
    Block,
}

impl Severity {
    /// The name used in scripts and output: `block`, `warn` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warn => "warn",
            Severity::Block => "block",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(text: &str) -> Result<Severity, String> {
        match text {
            "block" => Ok(Severity::Block),
            "warn" => Ok(Severity::Warn),
            "info" => Ok(Severity::Info),
            other => Err(format!("unknown severity \"{other}\" (expected \"block\", \"warn\" or \"info\")")),
        }
    }
}
