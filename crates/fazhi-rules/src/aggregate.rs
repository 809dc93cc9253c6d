use serde::Serialize;

/// What a figure computes over the rows its query selects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "op", content = "field")]
pub enum Aggregate {
    /// The number of rows.
    Count,
    /// The sum of a field.
    Sum(String),
    /// The number of distinct non-empty values of a field.
    Distinct(String),
}
