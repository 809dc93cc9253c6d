use fazhi_core::Comparison;
use serde::Serialize;

/// One condition of a [`crate::FigureQuery`]: the field's value compared with `values` — by
/// default it is one of them (for a `tags` field: one of its tags is).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryCondition {
    /// The field id.
    pub field: String,
    /// How the value is compared.
    pub comparison: Comparison,
    /// The values (any of which matches, for `AnyOf`).
    pub values: Vec<serde_json::Value>,
    /// Whether the field holds tags.
    pub tags: bool,
}

impl QueryCondition {
    /// The field's value is one of `values`.
    pub fn any_of(field: &str, values: Vec<serde_json::Value>, tags: bool) -> QueryCondition {
        QueryCondition { field: field.to_string(), comparison: Comparison::AnyOf, values, tags }
    }
}
