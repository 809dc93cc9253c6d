use serde::Serialize;

/// What a figure's number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FigureUnit {
    /// A count or a sum of whole numbers: `49`.
    Integer,
    /// A sum of numbers: `183.5`.
    Number,
    /// A percentage: `87.4%`.
    Rate,
}
