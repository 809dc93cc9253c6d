use chrono::NaiveDateTime;
use fazhi_core::{LedgerKind, LedgerRecord};

/// A correction or a void of one stored ledger row ([`crate::Store::correct_ledger_row`]).
#[derive(Debug, Clone, Copy)]
pub struct RowCorrection<'a> {
    /// The row's kind.
    pub kind: &'a LedgerKind,
    /// The row's id.
    pub row: i64,
    /// The corrected row, every field's value (the row's own where unchanged); `None` voids
    /// the row.
    pub replacement: Option<&'a LedgerRecord>,
    /// What changed, as recorded in the audit entry (a JSON object: field → `[old, new]`).
    pub changes: &'a serde_json::Value,
    /// Why.
    pub reason: &'a str,
    /// Who corrects it.
    pub by: &'a str,
    /// When.
    pub at: NaiveDateTime,
}
