use serde::Serialize;

use crate::Severity;

/// One result of a review rule: what is wrong (or worth noting), why, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule that found it, e.g. `decision/review-time`.
    pub rule: String,
    /// The module the rule belongs to, e.g. `decision`.
    pub module: String,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong, in Chinese.
    pub message: String,
    /// The legal basis, e.g. 《重大行政决策程序暂行条例》第二十六条.
    pub basis: String,
    /// The dotted path of the dossier field concerned, e.g. `legality_review.answered`.
    pub field: Option<String>,
}
