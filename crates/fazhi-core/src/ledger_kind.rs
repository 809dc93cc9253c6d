use chrono::Datelike;
use serde::{Deserialize, Serialize};

use crate::{FieldType, LedgerField, LedgerRecord, LedgerValue};

/// A kind of ledger record (台账) a module declares, e.g. 12345工单: its fields, their types
/// and allowed values, and what dates a row into a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerKind {
    /// Short identifier, unique among the loaded modules, e.g. `"hotline_ticket"`.
    pub id: String,
    /// The Chinese name, e.g. "12345工单".
    pub name: String,
    /// The `date` field that puts a row in a year. Without one, the kind has an `integer`
    /// field `year` (for rosters such as 法律顾问 or 示范户).
    #[serde(default)]
    pub date: Option<String>,
    /// The fields, in column order.
    #[serde(default)]
    pub fields: Vec<LedgerField>,
}

impl LedgerKind {
    /// The field with `id`.
    pub fn field(&self, id: &str) -> Option<&LedgerField> {
        self.fields.iter().find(|field| field.id == id)
    }

    /// What is wrong with the declaration itself, each problem as a sentence: field ids that
    /// are not identifiers or repeat, a `date` that names no date field, no year at all,
    /// allowed values on a type that takes none.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut seen = Vec::new();
        for field in &self.fields {
            let identifier = field.id.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
                && field.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !identifier {
                problems.push(format!(
                    "ledger kind \"{}\", field \"{}\": use lowercase letters, digits and _",
                    self.id, field.id
                ));
            }
            if seen.contains(&&field.id) {
                problems.push(format!("ledger kind \"{}\": field \"{}\" is declared twice", self.id, field.id));
            }
            seen.push(&field.id);
            if !field.values.is_empty() && !matches!(field.field_type, FieldType::Text | FieldType::Tags) {
                problems.push(format!(
                    "ledger kind \"{}\", field \"{}\": only text and tags fields take `values`",
                    self.id, field.id
                ));
            }
        }
        match &self.date {
            Some(date) => match self.field(date) {
                Some(field) if field.field_type == FieldType::Date && field.required => {}
                Some(_) => problems.push(format!(
                    "ledger kind \"{}\": date \"{date}\" must name a required field of type date",
                    self.id
                )),
                None => problems.push(format!("ledger kind \"{}\": date \"{date}\" names no field", self.id)),
            },
            None => match self.field("year") {
                Some(field) if field.field_type == FieldType::Integer && field.required => {}
                _ => problems.push(format!(
                    "ledger kind \"{}\": name its date field (`date: \"...\"`) or give it a required integer field `year`",
                    self.id
                )),
            },
        }
        problems
    }

    /// The year a row with `values` belongs to, if it has the value that dates it.
    pub fn year_of(&self, values: &[Option<LedgerValue>]) -> Option<i32> {
        let field = self.date.as_deref().unwrap_or("year");
        let index = self.fields.iter().position(|candidate| candidate.id == field)?;
        match (values.get(index)?, self.date.is_some()) {
            (Some(LedgerValue::Date(date)), true) => Some(date.year()),
            (Some(LedgerValue::Integer(year)), false) => i32::try_from(*year).ok(),
            _ => None,
        }
    }

    /// Reads one row given as `(field id or header, cell)` pairs, as `fazhi ledger add` does:
    /// every problem is returned as a sentence.
    pub fn record(&self, cells: &[(String, String)], row: usize) -> Result<LedgerRecord, Vec<String>> {
        let mut problems = Vec::new();
        let mut values = vec![None; self.fields.len()];
        for (name, _) in cells {
            if !self.fields.iter().any(|field| field.answers_to(name)) {
                let known: Vec<&str> = self.fields.iter().map(|field| field.id.as_str()).collect();
                problems.push(format!("{}: no field \"{name}\" (fields: {})", self.name, known.join(", ")));
            }
        }
        for (field, slot) in self.fields.iter().zip(values.iter_mut()) {
            let cell = cells.iter().rev().find(|(name, _)| field.answers_to(name)).map_or("", |(_, cell)| cell);
            match field.parse(cell) {
                Ok(value) => *slot = value,
                Err(problem) => problems.push(problem),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let year = self.year_of(&values).ok_or_else(|| vec![format!("{}: the row has no year", self.name)])?;
        Ok(LedgerRecord { values, year, row })
    }
}
