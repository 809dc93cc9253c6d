use serde::Serialize;

use crate::LedgerCondition;

/// A selection of ledger rows: one kind, one year, and conditions that all hold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LedgerQuery {
    /// The ledger kind's id.
    pub kind: String,
    /// The year; `None` for every year.
    pub year: Option<i32>,
    /// Conditions that must all hold.
    pub conditions: Vec<LedgerCondition>,
}

impl LedgerQuery {
    /// Every row of `kind` in `year`.
    pub fn new(kind: &str, year: Option<i32>) -> LedgerQuery {
        LedgerQuery { kind: kind.to_string(), year, conditions: Vec::new() }
    }
}
