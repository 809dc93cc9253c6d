use fazhi_core::Comparison;
use serde::Serialize;

/// One condition on ledger rows: a field's value compared with `values` — by default it is one
/// of them (for a `tags` field: one of its tags is).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LedgerCondition {
    /// The field id (lowercase letters, digits and `_`).
    pub field: String,
    /// How the field's value is compared with `values`.
    pub comparison: Comparison,
    /// The values: any of which matches (`AnyOf`), none of which may (`NoneOf`), or the one
    /// bound of an order; text, numbers or booleans.
    pub values: Vec<serde_json::Value>,
    /// Whether the field holds tags (several values) rather than one value.
    pub tags: bool,
}

impl LedgerCondition {
    /// The field's value is one of `values`.
    pub fn any_of(field: &str, values: Vec<serde_json::Value>, tags: bool) -> LedgerCondition {
        LedgerCondition { field: field.to_string(), comparison: Comparison::AnyOf, values, tags }
    }
}
