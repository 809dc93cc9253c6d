use serde::Serialize;

/// One condition of a [`crate::FigureQuery`]: the field's value is one of `values` (for a
/// `tags` field: one of its tags is).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryCondition {
    /// The field id.
    pub field: String,
    /// Any of these matches.
    pub values: Vec<serde_json::Value>,
    /// Whether the field holds tags.
    pub tags: bool,
}
