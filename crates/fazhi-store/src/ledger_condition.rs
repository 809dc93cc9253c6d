use serde::Serialize;

/// One condition on ledger rows: a field's value is one of `values` (for a `tags` field: one
/// of its tags is).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LedgerCondition {
    /// The field id (lowercase letters, digits and `_`).
    pub field: String,
    /// The values any of which matches: text, numbers or booleans.
    pub values: Vec<serde_json::Value>,
    /// Whether the field holds tags (several values) rather than one value.
    pub tags: bool,
}
