use serde::Serialize;

/// One stored ledger row with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LedgerRow {
    /// Its number in the store.
    pub id: i64,
    /// The ledger kind's id.
    pub kind: String,
    /// The year it belongs to.
    pub year: i32,
    /// Field id → value (a JSON object).
    pub values: serde_json::Map<String, serde_json::Value>,
    /// The file it was imported from (as shown then), or `ledger add`.
    pub source: String,
    /// Its line (CSV) or row (XLSX) in the file; 0 for a row added by hand.
    pub source_row: usize,
}
