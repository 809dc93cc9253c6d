use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

/// One value of a ledger row, typed by its field.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum LedgerValue {
    /// A `text` value.
    Text(String),
    /// An `integer` value.
    Integer(i64),
    /// A `number` value.
    Number(f64),
    /// A `date` value.
    Date(NaiveDate),
    /// A `bool` value.
    Bool(bool),
    /// A `tags` value: several values.
    Tags(Vec<String>),
}

impl fmt::Display for LedgerValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LedgerValue::Text(text) => f.write_str(text),
            LedgerValue::Integer(n) => write!(f, "{n}"),
            LedgerValue::Number(n) => write!(f, "{n}"),
            LedgerValue::Date(date) => write!(f, "{date}"),
            LedgerValue::Bool(true) => f.write_str("是"),
            LedgerValue::Bool(false) => f.write_str("否"),
            LedgerValue::Tags(tags) => f.write_str(&tags.join("、")),
        }
    }
}
