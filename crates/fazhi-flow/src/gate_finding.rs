use serde::{Deserialize, Serialize};

use crate::GateSeverity;

/// One finding of a review gate (the legality review of the instance's dossier).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateFinding {
    /// The rule's id, e.g. `decision.review-time`.
    pub rule: String,
    /// How serious it is.
    pub severity: GateSeverity,
    /// What is wrong, in Chinese.
    pub message: String,
    /// The legal basis, e.g. 《重大行政决策程序暂行条例》第二十六条.
    pub basis: Option<String>,
    /// The dotted path of the dossier field concerned, if any.
    pub path: Option<String>,
}

impl GateFinding {
    /// Whether the finding blocks the gate.
    pub fn blocks(&self) -> bool {
        self.severity == GateSeverity::Block
    }
}
