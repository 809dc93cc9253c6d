use serde::{Deserialize, Serialize};

use crate::{FieldType, LedgerValue};

/// One field of a ledger kind: its id, the column header people use, its type and, for text
/// and tags, the values it allows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerField {
    /// Identifier used by scripts and `ledger add`, e.g. `"status"` (letters, digits, `_`).
    pub id: String,
    /// The column header in spreadsheets, e.g. "办理状态".
    pub label: String,
    /// The type of its values.
    #[serde(rename = "type")]
    pub field_type: FieldType,
    /// Whether every row must have a value (default: yes).
    #[serde(default = "yes")]
    pub required: bool,
    /// For `text` and `tags`: the values allowed; empty allows any.
    #[serde(default)]
    pub values: Vec<String>,
    /// Other headers accepted for this column, e.g. "状态".
    #[serde(default)]
    pub aliases: Vec<String>,
}

fn yes() -> bool {
    true
}

impl LedgerField {
    /// Whether `header` (trimmed) names this field: its id, label or one of its aliases.
    pub fn answers_to(&self, header: &str) -> bool {
        let header = header.trim();
        header == self.id || header == self.label || self.aliases.iter().any(|alias| alias == header)
    }

    /// Reads one cell. `Ok(None)` for an empty cell of an optional field; an error says what
    /// is wrong in a sentence (without the position, which the caller knows).
    pub fn parse(&self, cell: &str) -> Result<Option<LedgerValue>, String> {
        let cell = cell.trim();
        if cell.is_empty() {
            let label = &self.label;
            return if self.required {
                Err(crate::tr!("{label} is required", "{label}不能为空"))
            } else {
                Ok(None)
            };
        }
        let label = &self.label;
        let value =
            match self.field_type {
                FieldType::Text => {
                    self.check_allowed(cell)?;
                    LedgerValue::Text(cell.to_string())
                }
                FieldType::Integer => LedgerValue::Integer(parse_integer(cell).ok_or_else(|| {
                    crate::tr!("{label}: \"{cell}\" is not a whole number", "{label}：“{cell}”不是整数")
                })?),
                FieldType::Number => {
                    let number = cell.replace([',', '，'], "").parse::<f64>().ok().filter(|n| n.is_finite());
                    LedgerValue::Number(number.ok_or_else(|| {
                        crate::tr!("{label}: \"{cell}\" is not a number", "{label}：“{cell}”不是数字")
                    })?)
                }
                FieldType::Date => LedgerValue::Date(
                    crate::parse_date(cell).map_err(|why| crate::tr!("{label}: {why}", "{label}：{why}"))?,
                ),
                FieldType::Bool => LedgerValue::Bool(parse_bool(cell).ok_or_else(|| {
                    crate::tr!(
                        "{label}: \"{cell}\" is not yes or no (write 是 or 否)",
                        "{label}：“{cell}”不是“是”或“否”（请写 是 或 否）"
                    )
                })?),
                FieldType::Tags => {
                    let tags: Vec<String> = cell
                        .split(['、', '，', ',', '；', ';', ' ', '　', '/'])
                        .map(str::trim)
                        .filter(|tag| !tag.is_empty())
                        .map(str::to_string)
                        .collect();
                    for tag in &tags {
                        self.check_allowed(tag)?;
                    }
                    LedgerValue::Tags(tags)
                }
            };
        Ok(Some(value))
    }

    fn check_allowed(&self, value: &str) -> Result<(), String> {
        if self.values.is_empty() || self.values.iter().any(|allowed| allowed == value) {
            Ok(())
        } else {
            let (label, allowed) = (&self.label, self.values.join("、"));
            Err(crate::tr!(
                "{label}: \"{value}\" is not one of the allowed values ({allowed})",
                "{label}：“{value}”不是允许的值（{allowed}）"
            ))
        }
    }
}

fn parse_integer(cell: &str) -> Option<i64> {
    let cell = cell.replace([',', '，'], "");
    cell.parse::<i64>().ok().or_else(|| {
        // Spreadsheets often hand whole numbers over as `12.0`.
        let number = cell.parse::<f64>().ok()?;
        (number.fract() == 0.0 && number.abs() < 9.0e15).then_some(number as i64)
    })
}

fn parse_bool(cell: &str) -> Option<bool> {
    match cell.to_lowercase().as_str() {
        "是" | "有" | "true" | "yes" | "y" | "1" | "√" => Some(true),
        "否" | "无" | "false" | "no" | "n" | "0" | "×" => Some(false),
        _ => None,
    }
}
