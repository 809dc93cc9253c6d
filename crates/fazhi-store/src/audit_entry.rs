use chrono::NaiveDateTime;
use serde::Serialize;

/// One entry of the append-only, hash-chained audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// The entry's number: 1, 2, … without gaps.
    pub seq: i64,
    /// When the audited action happened (workspace local time).
    pub at: NaiveDateTime,
    /// Who did it (a person id).
    pub actor: String,
    /// What was done, e.g. `task.done`.
    pub action: String,
    /// What it was done to (an item id).
    pub subject: String,
    /// Details as a JSON object; for a status change: `from`, `to`, `note`, `evidence`, `source`.
    pub detail: String,
    /// The hash of the entry before (64 zeros for the first).
    pub prev_hash: String,
    /// SHA-256 (hex) of `seq`, `at`, `actor`, `action`, `subject`, `detail` and `prev_hash` as
    /// stored, joined with the unit separator `\x1f`.
    pub hash: String,
}
