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

impl RowCorrection<'_> {
    /// The audit action and the `ledger_correction` action of a correction whose new row is
    /// `replacement`, or of a void (`None`).
    pub(crate) fn action(replacement: Option<i64>) -> (&'static str, &'static str) {
        match replacement {
            Some(_) => ("ledger.correct", "correct"),
            None => ("ledger.void", "void"),
        }
    }

    /// The detail of its audit entry, as both backends write it: the row's number and id, why,
    /// and for a correction the new row's number (`replacement`) and what changed.
    pub(crate) fn detail(&self, replacement: Option<i64>) -> String {
        let number = crate::LedgerRow::number(self.row);
        let mut detail = serde_json::json!({ "row": number, "id": self.row, "reason": self.reason });
        if let Some(replacement) = replacement {
            detail["replacement"] = serde_json::json!(crate::LedgerRow::number(replacement));
            detail["changes"] = self.changes.clone();
        }
        detail.to_string()
    }
}
