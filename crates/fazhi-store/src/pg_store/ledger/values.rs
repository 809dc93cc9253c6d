//! Values as the PostgreSQL ledger keeps them: each row's fields in one JSONB object, each value
//! the JSON that the SQLite store reads back from its typed column (so both backends show a row
//! alike), and conditions' values typed by the field's stored type as SQLite's column affinity
//! types them.

use fazhi_core::{FieldType, LedgerValue};
use rusqlite::types::ValueRef;
use serde_json::Value as Json;

use crate::ledger_condition::Operand;
use crate::ledger_row::stored_json;
use crate::ledger_writer::date_text;

/// A value as SQLite binds it: text, a whole number or a real (booleans are 1 and 0).
enum Cell {
    Integer(i64),
    Real(f64),
    Text(String),
}

/// Whether a column of `column` type has numeric affinity in SQLite (`INTEGER`, `REAL`,
/// `BOOL INTEGER`) rather than text affinity.
pub(super) fn is_numeric(column: FieldType) -> bool {
    matches!(column, FieldType::Integer | FieldType::Number | FieldType::Bool)
}

/// `value` as stored in a field whose stored type is `column`: the JSON the SQLite store reads
/// back from such a column holding it (the same JSON as the value's own when the field kept its
/// type); `Null` when SQLite would read nothing back (tags that are not a JSON array's text).
pub(super) fn stored_value(column: FieldType, value: &LedgerValue) -> Json {
    let bound = match value {
        LedgerValue::Text(text) => Cell::Text(text.clone()),
        LedgerValue::Integer(number) => Cell::Integer(*number),
        LedgerValue::Number(number) => Cell::Real(*number),
        LedgerValue::Date(day) => Cell::Text(date_text(day)),
        LedgerValue::Bool(flag) => Cell::Integer(i64::from(*flag)),
        LedgerValue::Tags(tags) => Cell::Text(serde_json::to_string(tags).unwrap_or_default()),
    };
    let stored = match (column, bound) {
        (FieldType::Number, Cell::Integer(number)) => Cell::Real(number as f64),
        (FieldType::Number, Cell::Text(text)) => match numeric(&text) {
            Some(Operand::Integer(number)) => Cell::Real(number as f64),
            Some(Operand::Real(number)) => Cell::Real(number),
            _ => Cell::Text(text),
        },
        (FieldType::Integer | FieldType::Bool, Cell::Real(number)) => whole(number),
        (FieldType::Integer | FieldType::Bool, Cell::Text(text)) => match numeric(&text) {
            Some(Operand::Integer(number)) => Cell::Integer(number),
            Some(Operand::Real(number)) => whole(number),
            _ => Cell::Text(text),
        },
        (FieldType::Text | FieldType::Date | FieldType::Tags, Cell::Integer(number)) => Cell::Text(number.to_string()),
        (FieldType::Text | FieldType::Date | FieldType::Tags, Cell::Real(number)) => Cell::Text(real_text(number)),
        (_, cell) => cell,
    };
    match stored {
        Cell::Integer(number) => stored_json(column, ValueRef::Integer(number)),
        Cell::Real(number) if number.is_nan() => Json::Null,
        Cell::Real(number) => stored_json(column, ValueRef::Real(number)),
        Cell::Text(text) => stored_json(column, ValueRef::Text(text.as_bytes())),
    }
}

/// A real stored in a column of integer affinity: a whole number when it is one.
fn whole(number: f64) -> Cell {
    if number.fract() == 0.0 && number.abs() < 9.2e18 {
        Cell::Integer(number as i64)
    } else {
        Cell::Real(number)
    }
}

/// The number `text` reads as (spaces around it allowed), as SQLite converts text to a number
/// for a column of numeric affinity; `None` for any other text.
fn numeric(text: &str) -> Option<Operand> {
    let text = text.trim();
    if let Ok(number) = text.parse::<i64>() {
        return Some(Operand::Integer(number));
    }
    let number: f64 = text.parse().ok().filter(|number: &f64| number.is_finite())?;
    text.bytes().all(|byte| byte.is_ascii_digit() || b"+-.eE".contains(&byte)).then_some(Operand::Real(number))
}

/// A real as text, as SQLite writes it: with a fraction (`100.0`) or an exponent.
pub(super) fn real_text(number: f64) -> String {
    let text = number.to_string();
    if text.contains(['.', 'e', 'N', 'i']) {
        text
    } else {
        format!("{text}.0")
    }
}

/// A condition's operand compared with a field of stored type `column`, as SQLite's affinity
/// makes it: a number compared with a text field is its text; a text that reads as a number is
/// that number for a numeric field (any other text stays text, which SQLite orders after every
/// number).
pub(super) fn typed_operand(column: FieldType, operand: Operand) -> Operand {
    match (is_numeric(column), operand) {
        (false, Operand::Integer(number)) => Operand::Text(number.to_string()),
        (false, Operand::Real(number)) => Operand::Text(real_text(number)),
        (true, Operand::Text(text)) => numeric(&text).unwrap_or(Operand::Text(text)),
        (_, operand) => operand,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_are_stored_as_sqlite_reads_them_back() {
        let day = chrono::NaiveDate::from_ymd_opt(2024, 3, 5).unwrap();
        assert_eq!(stored_value(FieldType::Date, &LedgerValue::Date(day)), json!("2024-03-05"));
        assert_eq!(stored_value(FieldType::Bool, &LedgerValue::Bool(true)), json!(true));
        assert_eq!(stored_value(FieldType::Integer, &LedgerValue::Integer(7)), json!(7));
        assert_eq!(stored_value(FieldType::Number, &LedgerValue::Number(0.5)), json!(0.5));
        assert_eq!(stored_value(FieldType::Tags, &LedgerValue::Tags(vec!["甲".into()])), json!(["甲"]));
        // A field stored before with another type keeps its column's type.
        assert_eq!(stored_value(FieldType::Text, &LedgerValue::Integer(7)), json!("7"));
        assert_eq!(stored_value(FieldType::Number, &LedgerValue::Integer(7)), json!(7.0));
        assert_eq!(stored_value(FieldType::Integer, &LedgerValue::Text(" 12 ".into())), json!(12));
        assert_eq!(stored_value(FieldType::Integer, &LedgerValue::Text("x".into())), json!("x"));
        assert_eq!(stored_value(FieldType::Tags, &LedgerValue::Text("x".into())), Json::Null);
    }

    #[test]
    fn operands_take_the_fields_type() {
        assert_eq!(typed_operand(FieldType::Text, Operand::Integer(5)), Operand::Text("5".into()));
        assert_eq!(typed_operand(FieldType::Text, Operand::Real(2.0)), Operand::Text("2.0".into()));
        assert_eq!(typed_operand(FieldType::Integer, Operand::Text("100".into())), Operand::Integer(100));
        assert_eq!(typed_operand(FieldType::Number, Operand::Text("0.5".into())), Operand::Real(0.5));
        assert_eq!(typed_operand(FieldType::Integer, Operand::Text("abc".into())), Operand::Text("abc".into()));
    }
}
