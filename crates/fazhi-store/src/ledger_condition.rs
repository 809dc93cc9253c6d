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

/// A condition's value as the SQL operand it is compared as: text, a whole number or a real
/// (`true` and `false` are 1 and 0, as SQLite stores booleans).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand {
    /// A text (a JSON string, or any other JSON value as written).
    Text(String),
    /// A whole number, or a boolean.
    Integer(i64),
    /// Any other number.
    Real(f64),
}

impl Operand {
    /// The operand a condition's `value` is.
    pub(crate) fn of(value: &serde_json::Value) -> Operand {
        match value {
            serde_json::Value::String(text) => Operand::Text(text.clone()),
            serde_json::Value::Bool(flag) => Operand::Integer(i64::from(*flag)),
            serde_json::Value::Number(number) => match number.as_i64() {
                Some(integer) => Operand::Integer(integer),
                None => Operand::Real(number.as_f64().unwrap_or(f64::NAN)),
            },
            other => Operand::Text(other.to_string()),
        }
    }
}

impl LedgerCondition {
    /// The tag a condition's `value` on a tags field stands for: a string as it is, any other
    /// value as JSON.
    pub(crate) fn tag(value: &serde_json::Value) -> String {
        value.as_str().map_or_else(|| value.to_string(), str::to_string)
    }
}
