use std::path::PathBuf;

use serde::Serialize;

use crate::{Finding, Severity, Verdict};

/// The result of reviewing one dossier: every finding of every rule that applies, and the
/// verdict.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    /// The dossier file.
    pub dossier: PathBuf,
    /// The dossier's kind, e.g. `major_decision`.
    pub kind: String,
    /// The dossier's id.
    pub id: String,
    /// The dossier's title.
    pub title: String,
    /// The modules whose rules ran, in order.
    pub modules: Vec<String>,
    /// How many rules ran.
    pub rules_run: usize,
    /// The findings, most serious first, then in rule order.
    pub findings: Vec<Finding>,
    /// The verdict.
    pub verdict: Verdict,
}

impl Review {
    /// How many findings have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings.iter().filter(|finding| finding.severity == severity).count()
    }

    /// Whether any finding blocks.
    pub fn is_blocked(&self) -> bool {
        self.verdict == Verdict::Blocked
    }
}
