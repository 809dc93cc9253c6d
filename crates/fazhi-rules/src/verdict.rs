use std::fmt;

use serde::Serialize;

use crate::{Finding, Severity};

/// The outcome of a review, decided by its most serious finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// No finding worse than `info`.
    Passed,
    /// At least one `warn`, no `block`.
    Warnings,
    /// At least one `block`: the dossier may not go ahead.
    Blocked,
}

impl Verdict {
    /// The verdict for a set of findings.
    pub fn of(findings: &[Finding]) -> Verdict {
        match findings.iter().map(|finding| finding.severity).max() {
            Some(Severity::Block) => Verdict::Blocked,
            Some(Severity::Warn) => Verdict::Warnings,
            _ => Verdict::Passed,
        }
    }

    /// The verdict in Chinese, as shown to users.
    pub fn chinese(self) -> &'static str {
        match self {
            Verdict::Passed => "通过",
            Verdict::Warnings => "通过，但有需要注意的问题",
            Verdict::Blocked => "不予通过，须整改后重新审查",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Passed => "passed",
            Verdict::Warnings => "warnings",
            Verdict::Blocked => "blocked",
        })
    }
}
