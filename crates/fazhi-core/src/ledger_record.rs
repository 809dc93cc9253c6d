use std::collections::BTreeMap;

use serde::Serialize;

use crate::LedgerValue;

/// One row of a ledger kind, read and checked, ready to be stored: its values by field id and
/// where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LedgerRecord {
    /// Field id → value; an empty optional field is absent.
    pub values: BTreeMap<String, LedgerValue>,
    /// The year the row belongs to (from the kind's date field or its `year` field).
    pub year: i32,
    /// The 1-based line (CSV) or row (XLSX) it was read from, or 0 for a row added by hand.
    pub row: usize,
}
