use fazhi_core::{parse_date, Comparison, FieldType, LedgerKind};
use serde::{Deserialize, Serialize};

use crate::QueryCondition;

/// The years a declaration's filters are checked in before any report is made: a leap year and
/// a common one, so that a value valid in both (`"{year}-12-31"`) is valid in every year, and one
/// that is not (`"{year}-02-29"`) is an error at once rather than in three years out of four.
pub(crate) const VALIDATION_YEARS: [i32; 2] = [2000, 2001];

/// One filter of a [`FigureSpec`]: a field and how its value compares. Text values may say
/// `{year}` for the report year (`"{year}-12-31"`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FilterSpec {
    /// The field's id.
    pub field: String,
    /// The value is this, or one of these (`=`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is: Option<serde_json::Value>,
    /// The value is not this, nor any of these (`≠`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<serde_json::Value>,
    /// The value is less than this (`<`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below: Option<serde_json::Value>,
    /// The value is at most this (`≤`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<serde_json::Value>,
    /// The value is greater than this (`>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub above: Option<serde_json::Value>,
    /// The value is at least this (`≥`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<serde_json::Value>,
    /// A date field's value is on or after this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// A date field's value is on or before this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The value appears in no row of an earlier year ("in the report year but not before").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub new_in_year: bool,
}

impl FilterSpec {
    /// The filter's conditions on `kind` in `year`, or what is wrong with it.
    pub(crate) fn conditions(&self, kind: &LedgerKind, year: i32) -> Result<Vec<QueryCondition>, String> {
        let field = kind.field(&self.field).ok_or(format!("no field \"{}\"", self.field))?;
        let id = &self.field;
        let tags = field.field_type == FieldType::Tags;
        let value = |value: &serde_json::Value| -> Result<serde_json::Value, String> {
            let value = match value {
                serde_json::Value::String(text) => serde_json::Value::String(text.replace("{year}", &year.to_string())),
                other => other.clone(),
            };
            let fits = match (field.field_type, &value) {
                (FieldType::Text | FieldType::Tags, serde_json::Value::String(text)) => {
                    field.values.is_empty() || field.values.contains(text)
                }
                (FieldType::Integer, serde_json::Value::Number(number)) => number.is_i64(),
                (FieldType::Number, serde_json::Value::Number(_)) => true,
                (FieldType::Date, serde_json::Value::String(text)) => parse_date(text).is_ok(),
                (FieldType::Bool, serde_json::Value::Bool(_)) => true,
                _ => false,
            };
            if fits {
                Ok(value)
            } else if !field.values.is_empty() {
                Err(format!("{value} is not a value of field \"{id}\" ({})", field.values.join("、")))
            } else {
                Err(format!("{value} is not a {} value for field \"{id}\"", field.field_type))
            }
        };
        let list = |given: &serde_json::Value| -> Result<Vec<serde_json::Value>, String> {
            match given {
                serde_json::Value::Array(items) if !items.is_empty() => items.iter().map(value).collect(),
                serde_json::Value::Array(_) => Err(format!("field \"{id}\": an empty list matches nothing")),
                one => Ok(vec![value(one)?]),
            }
        };
        let ordered = matches!(field.field_type, FieldType::Integer | FieldType::Number | FieldType::Date);
        let mut out = Vec::new();
        let mut push = |comparison: Comparison, values: Vec<serde_json::Value>| {
            out.push(QueryCondition { field: id.clone(), comparison, values, tags });
        };
        if let Some(given) = &self.is {
            push(Comparison::AnyOf, list(given)?);
        }
        if let Some(given) = &self.not {
            push(Comparison::NoneOf, list(given)?);
        }
        let bounds = [
            (Comparison::Below, self.below.clone()),
            (Comparison::AtMost, self.at_most.clone()),
            (Comparison::Above, self.above.clone()),
            (Comparison::AtLeast, self.at_least.clone()),
            (Comparison::AtLeast, self.from.clone().map(serde_json::Value::String)),
            (Comparison::AtMost, self.to.clone().map(serde_json::Value::String)),
        ];
        for (comparison, bound) in bounds {
            let Some(bound) = bound else { continue };
            if !ordered {
                return Err(format!(
                    "field \"{id}\" is {}: only numbers and dates compare {}",
                    field.field_type,
                    comparison.symbol()
                ));
            }
            let is_date_bound = self.from.is_some() || self.to.is_some();
            if is_date_bound && field.field_type != FieldType::Date {
                return Err(format!("field \"{id}\" is {}: `from` and `to` take a date field", field.field_type));
            }
            push(comparison, vec![value(&bound)?]);
        }
        if self.new_in_year {
            push(Comparison::NewInYear, Vec::new());
        }
        if out.is_empty() {
            return Err(format!(
                "filter on \"{id}\" says nothing: give is, not, below, at_most, above, at_least, from, to or new_in_year"
            ));
        }
        Ok(out)
    }
}
