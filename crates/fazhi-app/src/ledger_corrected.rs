use serde::Serialize;

use crate::FieldChange;

/// What a correction or a void of a ledger row did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerCorrected {
    /// The ledger kind's id.
    pub kind: String,
    /// The row corrected or voided, by its number: it stays, superseded.
    pub row: String,
    /// The number of the new row holding the corrected values; `None` for a void.
    pub replacement: Option<String>,
    /// The fields changed (none for a void).
    pub changes: Vec<FieldChange>,
    /// Who.
    pub by: String,
    /// The audit entry's number.
    pub audit_seq: i64,
}
