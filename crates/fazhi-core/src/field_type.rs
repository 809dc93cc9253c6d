use std::fmt;

use serde::{Deserialize, Serialize};

/// The type of a ledger field, written in `module.ron` as a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum FieldType {
    /// `"text"`: any text; with `values`, one of them.
    Text,
    /// `"integer"`: a whole number, e.g. `3`.
    Integer,
    /// `"number"`: a number, e.g. `180.5`.
    Number,
    /// `"date"`: `YYYY-MM-DD` (also `YYYY/MM/DD` and `YYYY年M月D日`).
    Date,
    /// `"bool"`: 是/否, true/false, yes/no, 1/0.
    Bool,
    /// `"tags"`: several values in one cell, separated by 、，,；; or spaces; with `values`,
    /// each one of them.
    Tags,
}

impl FieldType {
    /// Every type, as written.
    pub const ALL: [FieldType; 6] =
        [FieldType::Text, FieldType::Integer, FieldType::Number, FieldType::Date, FieldType::Bool, FieldType::Tags];

    /// The name as written in `module.ron`.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Integer => "integer",
            FieldType::Number => "number",
            FieldType::Date => "date",
            FieldType::Bool => "bool",
            FieldType::Tags => "tags",
        }
    }
}

impl TryFrom<String> for FieldType {
    type Error = String;

    fn try_from(text: String) -> Result<FieldType, String> {
        FieldType::ALL.into_iter().find(|t| t.as_str() == text).ok_or_else(|| {
            let names: Vec<&str> = FieldType::ALL.iter().map(|t| t.as_str()).collect();
            format!("unknown field type \"{text}\" (expected one of: {})", names.join(", "))
        })
    }
}

impl From<FieldType> for String {
    fn from(value: FieldType) -> String {
        value.as_str().to_string()
    }
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
