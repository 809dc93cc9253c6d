use serde::Serialize;

use crate::{LedgerKind, LedgerValue};

/// One row of a ledger kind, read and checked, ready to be stored: its values in the order of
/// the kind's fields and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LedgerRecord {
    /// One entry per field of the kind, in the kind's field order; an empty optional field is
    /// `None`.
    pub values: Vec<Option<LedgerValue>>,
    /// The year the row belongs to (from the kind's date field or its `year` field).
    pub year: i32,
    /// The 1-based line (CSV) or row (XLSX) it was read from, or 0 for a row added by hand.
    pub row: usize,
}

impl LedgerRecord {
    /// The value of the field `id` of `kind` (the kind the record was read as).
    pub fn get(&self, kind: &LedgerKind, id: &str) -> Option<&LedgerValue> {
        let index = kind.fields.iter().position(|field| field.id == id)?;
        self.values.get(index)?.as_ref()
    }
}
