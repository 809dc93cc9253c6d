use fazhi_core::{FieldType, LedgerKind, LedgerRecord, LedgerValue};
use serde::Serialize;

use crate::ledger_table::{LedgerTable, YEAR_SHIFT};
use crate::Supersession;

/// One stored ledger row with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LedgerRow {
    /// Its number in the store.
    pub id: i64,
    /// Its number as `fazhi ledger list` shows it and `fazhi ledger correct` takes it: the
    /// year and its place among the year's rows, e.g. `2024-17` ([`LedgerRow::number`]). Like
    /// the id, it never changes.
    pub row: String,
    /// The ledger kind's id.
    pub kind: String,
    /// The year it belongs to.
    pub year: i32,
    /// Field id → value (a JSON object).
    pub values: serde_json::Map<String, serde_json::Value>,
    /// The file it was imported from (as shown then), or `ledger add`.
    pub source: String,
    /// Its line (CSV) or row (XLSX) in the file; 0 for a row added by hand.
    pub source_row: usize,
    /// What replaced it, for a row that is no longer counted (only rows listed with their
    /// history have one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub superseded: Option<Supersession>,
}

impl LedgerRow {
    /// The number of the row with `id` as shown: `YEAR-N`, N counting from 1 in the year.
    pub fn number(id: i64) -> String {
        let year = id >> YEAR_SHIFT;
        let place = id - LedgerTable::first_id(year as i32);
        format!("{year}-{}", place + 1)
    }

    /// The id of the row numbered `number` as [`LedgerRow::number`] shows it, or given as the id
    /// itself; `None` when `number` is neither.
    pub fn id_of(number: &str) -> Option<i64> {
        let number = number.trim();
        if let Some((year, place)) = number.split_once('-') {
            let year: i32 = year.parse().ok().filter(|year| (1..=9999).contains(year))?;
            let place: i64 = place.parse().ok().filter(|place| (1..1 << YEAR_SHIFT).contains(place))?;
            return Some(LedgerTable::first_id(year) + place - 1);
        }
        number.parse::<i64>().ok().filter(|id| *id > 0)
    }

    /// The row's values as a record of `kind` (the kind it was stored as), typed by its fields:
    /// a field without a value, or a value that is not of its field's type, is empty.
    pub fn record(&self, kind: &LedgerKind) -> LedgerRecord {
        let values =
            kind.fields.iter().map(|field| typed_value(field.field_type, self.values.get(&field.id))).collect();
        LedgerRecord { values, year: self.year, row: self.source_row }
    }
}

/// A value stored as JSON, read as a field of `field_type`.
pub(crate) fn typed_value(field_type: FieldType, value: Option<&serde_json::Value>) -> Option<LedgerValue> {
    use serde_json::Value as Json;
    Some(match (field_type, value?) {
        (_, Json::Null) => return None,
        (FieldType::Integer, Json::Number(number)) => LedgerValue::Integer(number.as_i64()?),
        (FieldType::Number, Json::Number(number)) => LedgerValue::Number(number.as_f64()?),
        (FieldType::Date, Json::String(text)) => LedgerValue::Date(text.parse().ok()?),
        (FieldType::Bool, Json::Bool(flag)) => LedgerValue::Bool(*flag),
        (FieldType::Tags, Json::Array(tags)) => {
            LedgerValue::Tags(tags.iter().filter_map(|tag| tag.as_str().map(str::to_string)).collect())
        }
        (_, Json::String(text)) => LedgerValue::Text(text.clone()),
        (_, other) => LedgerValue::Text(other.to_string()),
    })
}

/// A cell of a SQLite ledger table as JSON, by the type its column was declared with: how a
/// row's values read back (and are copied to PostgreSQL).
pub(crate) fn stored_json(field_type: FieldType, cell: rusqlite::types::ValueRef) -> serde_json::Value {
    use rusqlite::types::ValueRef;
    use serde_json::Value as Json;
    match (field_type, cell) {
        (_, ValueRef::Null) => Json::Null,
        (FieldType::Bool, ValueRef::Integer(flag)) => Json::Bool(flag != 0),
        (FieldType::Tags, ValueRef::Text(text)) => serde_json::from_slice(text).unwrap_or(Json::Null),
        (_, ValueRef::Integer(number)) => Json::from(number),
        (_, ValueRef::Real(number)) => Json::from(number),
        (_, ValueRef::Text(text)) => Json::String(String::from_utf8_lossy(text).into_owned()),
        (_, ValueRef::Blob(bytes)) => Json::String(hex::encode(bytes)),
    }
}
