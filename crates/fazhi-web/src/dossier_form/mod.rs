//! The forms of the 合法性审查 page, one per dossier kind (fields as in docs/dossiers.md), and
//! the dossier a filled form makes: JSON text that the rules read as they read a file, so a
//! form is checked by the dossier's schema like any dossier.

mod form_field;
mod form_group;
mod input;
mod specs;

pub use form_field::FormField;
pub use form_group::FormGroup;
pub use input::Input;
pub use specs::FORMS;

use serde_json::{Map, Value};

/// The form of one dossier kind.
#[derive(Debug, Clone, Copy)]
pub struct DossierForm {
    /// The kind (`major_decision`, …).
    pub kind: &'static str,
    /// Its name.
    pub label: &'static str,
    /// Its parts, in order.
    pub groups: &'static [FormGroup],
}

/// The form of `kind`, if it has one.
pub fn form(kind: &str) -> Option<&'static DossierForm> {
    FORMS.iter().find(|form| form.kind == kind)
}

/// The Chinese name of dossier kind `kind` (its id when it has no form).
pub fn kind_label(kind: &str) -> String {
    form(kind).map_or(kind.to_string(), |form| form.label.to_string())
}

/// The values sent for input `name`, in order.
pub fn sent<'a>(values: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    values.iter().filter(|(key, _)| key == name).map(|(_, value)| value.as_str()).collect()
}

/// The name of the form input for `key` of `group`, in row `row` of a list.
pub fn input_name(group: &FormGroup, row: Option<usize>, key: &str) -> String {
    match (group.path, row) {
        ("", _) => key.to_string(),
        (path, Some(row)) => format!("{path}.{row}.{key}"),
        (path, None) => format!("{path}.{key}"),
    }
}

impl DossierForm {
    /// The dossier the filled form `values` (input name, value) makes, as JSON text: empty
    /// fields left out, a struct left out when nothing of it is filled in (unless required),
    /// unticked boxes `false` in a struct that is there, empty rows of a list left out.
    pub fn dossier_json(&self, values: &[(String, String)]) -> String {
        let get = |name: &str| sent(values, name).into_iter().map(str::trim);
        let mut root = Map::new();
        root.insert("kind".to_string(), Value::String(self.kind.to_string()));
        for group in self.groups {
            let read = |row: Option<usize>| {
                let mut filled = Map::new();
                let mut unticked = Vec::new();
                for field in group.fields {
                    let name = input_name(group, row, field.key);
                    let first = get(&name).find(|value| !value.is_empty());
                    let value = match field.input {
                        Input::Check => {
                            if first.is_some() {
                                Some(Value::Bool(true))
                            } else {
                                unticked.push(field.key);
                                None
                            }
                        }
                        Input::YesNo => match first {
                            Some("true") => Some(Value::Bool(true)),
                            Some("false") => Some(Value::Bool(false)),
                            other => other.map(|text| Value::String(text.to_string())),
                        },
                        Input::Number => first.map(number),
                        Input::Several(_) => {
                            let chosen: Vec<Value> =
                                get(&name).filter(|v| !v.is_empty()).map(|v| Value::String(v.to_string())).collect();
                            (!chosen.is_empty()).then_some(Value::Array(chosen))
                        }
                        _ => first.map(|text| Value::String(text.to_string())),
                    };
                    if let Some(value) = value {
                        filled.insert(field.key.to_string(), value);
                    }
                }
                (filled, unticked)
            };
            let complete = |(mut filled, unticked): (Map<String, Value>, Vec<&str>)| {
                for key in unticked {
                    filled.insert(key.to_string(), Value::Bool(false));
                }
                for field in group.fields {
                    if matches!(field.input, Input::Several(_)) && !filled.contains_key(field.key) && group.required {
                        filled.insert(field.key.to_string(), Value::Array(Vec::new()));
                    }
                }
                filled
            };
            if group.rows > 0 {
                let rows: Vec<Value> = (0..group.rows)
                    .map(|row| read(Some(row)))
                    .filter(|(filled, _)| !filled.is_empty())
                    .map(|row| Value::Object(complete(row)))
                    .collect();
                place(&mut root, group.path, Value::Array(rows));
            } else if group.path.is_empty() {
                for (key, value) in complete(read(None)) {
                    root.insert(key, value);
                }
            } else {
                let (filled, unticked) = read(None);
                if group.required || !filled.is_empty() {
                    place(&mut root, group.path, Value::Object(complete((filled, unticked))));
                }
            }
        }
        serde_json::to_string_pretty(&Value::Object(root)).unwrap_or_default()
    }
}

/// A number as typed: an integer, a decimal, or (not a number) the text, which the schema then
/// refuses at its field.
fn number(text: &str) -> Value {
    let plain: String = text.chars().filter(|c| !matches!(c, ',' | '，' | ' ')).collect();
    if let Ok(whole) = plain.parse::<i64>() {
        return Value::from(whole);
    }
    match plain.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
        Some(decimal) => Value::Number(decimal),
        None => Value::String(text.to_string()),
    }
}

/// Puts `value` at the dotted `path` of `root`, making the structs on the way; a struct there
/// already is merged with it.
fn place(root: &mut Map<String, Value>, path: &str, value: Value) {
    let mut parts = path.split('.').peekable();
    let mut at = root;
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            match (at.get_mut(part), value) {
                (Some(Value::Object(existing)), Value::Object(more)) => existing.extend(more),
                (_, value) => {
                    at.insert(part.to_string(), value);
                }
            }
            return;
        }
        let next = at.entry(part.to_string()).or_insert_with(|| Value::Object(Map::new()));
        if !next.is_object() {
            *next = Value::Object(Map::new());
        }
        let Value::Object(next) = next else { return };
        at = next;
    }
}

#[cfg(test)]
mod tests {
    use super::form;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn a_filled_form_makes_the_dossier_of_its_kind() {
        let form = form("major_decision").unwrap();
        let json = form.dossier_json(&pairs(&[
            ("id", "jc-1"),
            ("title", "方案"),
            ("stage", "draft"),
            ("public_comment.opened", "2024-07-15"),
            ("public_comment.closed", ""),
            ("hearing.date", ""),
            ("expert_argumentation.required", "on"),
            ("expert_argumentation.experts.0.name", "马文华"),
            ("expert_argumentation.experts.0.signed", "on"),
            ("expert_argumentation.experts.1.name", ""),
        ]));
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["kind"], "major_decision");
        assert_eq!(value["public_comment"], serde_json::json!({"opened": "2024-07-15"}));
        assert!(value.get("hearing").is_none(), "nothing of it filled in: {json}");
        assert_eq!(value["touches_market"], false, "an unticked box of the top level");
        assert_eq!(
            value["expert_argumentation"],
            serde_json::json!({"required": true, "experts": [{"name": "马文华", "signed": true}]})
        );
        assert_eq!(value["risk_assessment"], serde_json::json!({"required": false}), "required: always there");
    }

    #[test]
    fn numbers_choices_and_lists_keep_their_types() {
        let form = form("major_enforcement_decision").unwrap();
        let json = form.dossier_json(&pairs(&[
            ("penalty.kinds", "fine"),
            ("penalty.kinds", "warning"),
            ("penalty.fine_amount", "50,000"),
            ("statement.adopted", "false"),
            ("other_time_limit.days", "一百"),
        ]));
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["penalty"]["kinds"], serde_json::json!(["fine", "warning"]));
        assert_eq!(value["penalty"]["fine_amount"], 50000);
        assert_eq!(value["statement"]["adopted"], false);
        assert_eq!(value["other_time_limit"]["days"], "一百", "left for the schema to refuse");
        assert_eq!(value["officers"], serde_json::json!([]));
    }
}
