use serde::Serialize;

/// What a correction or a void of a ledger row recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CorrectionOutcome {
    /// The correction's number (voids are numbered with the corrections).
    pub correction: i64,
    /// The id of the new row holding the corrected values; `None` for a void.
    pub replacement: Option<i64>,
    /// The audit entry recording it.
    pub audit_seq: i64,
}
