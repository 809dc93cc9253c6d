use std::cmp::Ordering;

use serde_json::Value;

use crate::{Comparison, Dossier, Guard, GuardError, GuardEvaluator, Operand, Params};

/// The built-in guard evaluator: field comparisons, presence, `All`, `Any` and `Not`.
///
/// A comparison with a missing (or null) field is false. Numbers compare as numbers; text and
/// booleans only with `Eq` and `Ne`; anything else is a [`GuardError::Type`].
#[derive(Debug, Clone, Copy, Default)]
pub struct BuiltinGuards;

impl GuardEvaluator for BuiltinGuards {
    fn applies(&self, guard: &Guard, params: &Params, dossier: &Dossier) -> Result<bool, GuardError> {
        match guard {
            Guard::Compare { field, op, value } => {
                let expected = match value {
                    Operand::Param(name) => {
                        params.get(name).cloned().ok_or_else(|| GuardError::UnknownParam { param: name.clone() })?
                    }
                    Operand::Number(number) => serde_json::json!(number),
                    Operand::Text(text) => Value::String(text.clone()),
                    Operand::Bool(value) => Value::Bool(*value),
                };
                match dossier.field(field) {
                    None => Ok(false),
                    Some(found) => compare(field, found, *op, &expected),
                }
            }
            Guard::Present(field) => Ok(dossier.field(field).is_some_and(|value| match value {
                Value::Bool(value) => *value,
                Value::String(text) => !text.trim().is_empty(),
                Value::Array(items) => !items.is_empty(),
                Value::Object(map) => !map.is_empty(),
                Value::Number(_) => true,
                Value::Null => false,
            })),
            Guard::All(guards) => {
                for guard in guards {
                    if !self.applies(guard, params, dossier)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Guard::Any(guards) => {
                for guard in guards {
                    if self.applies(guard, params, dossier)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Guard::Not(guard) => Ok(!self.applies(guard, params, dossier)?),
        }
    }
}

fn compare(field: &str, found: &Value, op: Comparison, expected: &Value) -> Result<bool, GuardError> {
    let ordering = match (found, expected) {
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (a.as_f64().unwrap_or(f64::NAN), b.as_f64().unwrap_or(f64::NAN));
            a.partial_cmp(&b)
        }
        (Value::String(a), Value::String(b)) if matches!(op, Comparison::Eq | Comparison::Ne) => Some(a.cmp(b)),
        (Value::Bool(a), Value::Bool(b)) if matches!(op, Comparison::Eq | Comparison::Ne) => Some(a.cmp(b)),
        _ => None,
    };
    let Some(ordering) = ordering else {
        return Err(GuardError::Type {
            field: field.to_string(),
            op: op.symbol().to_string(),
            found: describe(found),
            expected: describe(expected),
        });
    };
    Ok(match op {
        Comparison::Eq => ordering == Ordering::Equal,
        Comparison::Ne => ordering != Ordering::Equal,
        Comparison::Gt => ordering == Ordering::Greater,
        Comparison::Ge => ordering != Ordering::Less,
        Comparison::Lt => ordering == Ordering::Less,
        Comparison::Le => ordering != Ordering::Greater,
    })
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "nothing".to_string(),
        Value::Bool(value) => format!("the boolean {value}"),
        Value::Number(number) => format!("the number {number}"),
        Value::String(text) => format!("the text \"{text}\""),
        Value::Array(_) => "a list".to_string(),
        Value::Object(_) => "a struct".to_string(),
    }
}
