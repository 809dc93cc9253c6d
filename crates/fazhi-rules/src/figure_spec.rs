//! Report figures declared in `module.ron` rather than computed by a report script
//! (`docs/report.md`, "Figures in module.ron"): counts, sums, distinct counts and shares over
//! a ledger kind, with filters that compare, and the checks between them.

use std::collections::BTreeMap;

use fazhi_core::{FieldType, LedgerKind};
use serde::{Deserialize, Serialize};

use crate::filter_spec::VALIDATION_YEARS;
use crate::spec_problem::SpecProblem;
use crate::{Aggregate, Figure, FigureQuery, FigureUnit, FilterSpec, LedgerSource};

/// One figure as `module.ron` declares it: exactly one of `count` (a kind), `sum` or `distinct`
/// (a field of the kind `of` names) and `share` (a figure of the module, as a percentage of the
/// figure `of` names).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FigureSpec {
    /// The number of rows of this kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<String>,
    /// The sum of this (integer or number) field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sum: Option<String>,
    /// The number of distinct non-empty values of this field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distinct: Option<String>,
    /// This figure of the module as a percentage of the figure `of`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<String>,
    /// The kind of `sum` and `distinct`; the whole of `share`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<String>,
    /// Conditions the rows meet, all of them.
    #[serde(default, rename = "where", skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<FilterSpec>,
    /// Count rows of every year, not only the report year's (the filters then say which, e.g.
    /// certificates valid `from` the year's end).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub every_year: bool,
}

impl FigureSpec {
    /// The problems of figure `name` against the pack's `kinds` and the module's other figures.
    pub(crate) fn problems(
        &self,
        name: &str,
        figures: &BTreeMap<String, FigureSpec>,
        kinds: &[&LedgerKind],
    ) -> Vec<SpecProblem> {
        let mut problems = Vec::new();
        let mut problem = |field: &'static str, value: &str, message: String| {
            problems.push(SpecProblem {
                field,
                value: value.to_string(),
                message: format!("figure \"{name}\": {message}"),
            })
        };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            problem("figures", name, "use letters, digits and _ in a figure's name".to_string());
        }
        let given = [&self.count, &self.sum, &self.distinct, &self.share].iter().filter(|v| v.is_some()).count();
        if given != 1 {
            problem("figures", name, "give exactly one of count, sum, distinct and share".to_string());
            return problems;
        }
        if let Some(part) = &self.share {
            let whole = self.of.as_deref().unwrap_or_default();
            for (field, other) in [("share", part.as_str()), ("of", whole)] {
                match figures.get(other) {
                    None => problem(
                        field,
                        other,
                        format!("share names figure \"{other}\", which the module does not declare"),
                    ),
                    Some(spec) if spec.share.is_some() => problem(
                        field,
                        other,
                        format!("\"{other}\" is a share itself: a share is of two counts or sums"),
                    ),
                    Some(_) => {}
                }
            }
            if !self.filters.is_empty() || self.every_year {
                problem(
                    "share",
                    part,
                    "a share takes no `where` or `every_year`: give them to its two figures".to_string(),
                );
            }
            return problems;
        }
        let (kind_field, kind_id) = match (&self.count, &self.of) {
            (Some(kind), None) => ("count", kind.as_str()),
            (Some(kind), Some(_)) => {
                problem("count", kind, "count names its kind itself: leave out `of`".to_string());
                return problems;
            }
            (None, Some(kind)) => ("of", kind.as_str()),
            (None, None) => {
                problem("figures", name, "sum and distinct need `of`: the ledger kind".to_string());
                return problems;
            }
        };
        let Some(kind) = kinds.iter().find(|kind| kind.id == kind_id) else {
            let known: Vec<&str> = kinds.iter().map(|kind| kind.id.as_str()).collect();
            problem(kind_field, kind_id, format!("no ledger kind \"{kind_id}\" (kinds: {})", known.join(", ")));
            return problems;
        };
        let field_of = |id: &str| kind.field(id);
        let names = || kind.fields.iter().map(|field| field.id.as_str()).collect::<Vec<_>>().join(", ");
        if let Some(id) = &self.sum {
            match field_of(id) {
                None => {
                    problem("sum", id, format!("ledger kind \"{kind_id}\" has no field \"{id}\" (fields: {})", names()))
                }
                Some(field) if !matches!(field.field_type, FieldType::Integer | FieldType::Number) => {
                    problem("sum", id, format!("field \"{id}\" is {}; a sum needs integer or number", field.field_type))
                }
                Some(_) => {}
            }
        }
        if let Some(id) = &self.distinct {
            if field_of(id).is_none() {
                problem(
                    "distinct",
                    id,
                    format!("ledger kind \"{kind_id}\" has no field \"{id}\" (fields: {})", names()),
                );
            }
        }
        for filter in &self.filters {
            if field_of(&filter.field).is_none() {
                let message =
                    format!("ledger kind \"{kind_id}\" has no field \"{}\" (fields: {})", filter.field, names());
                problem("field", &filter.field, message);
            } else if let Some(message) = VALIDATION_YEARS.iter().find_map(|&year| filter.conditions(kind, year).err())
            {
                problem("field", &filter.field, message);
            }
        }
        problems
    }

    /// The figure for `year` over `ledger`, with `computed` the module's figures so far (a
    /// share's two figures).
    pub(crate) fn compute(
        &self,
        year: i32,
        kinds: &[&LedgerKind],
        ledger: &dyn LedgerSource,
        computed: &BTreeMap<String, Figure>,
    ) -> Result<Figure, String> {
        if let (Some(part), Some(whole)) = (&self.share, &self.of) {
            let value =
                |name: &str| computed.get(name).map(|figure| figure.value).ok_or(format!("no figure \"{name}\""));
            let (part, whole) = (value(part)?, value(whole)?);
            return Ok(Figure::rate(part, whole).unwrap_or(Figure {
                value: 0.0,
                unit: FigureUnit::Rate,
                query: None,
                rate_of: Some((part, whole)),
            }));
        }
        let kind_id = self.count.as_deref().or(self.of.as_deref()).unwrap_or_default();
        let kind = kinds.iter().find(|kind| kind.id == kind_id).ok_or(format!("no ledger kind \"{kind_id}\""))?;
        let (aggregate, unit) = match (&self.sum, &self.distinct) {
            (Some(field), _) => {
                let integer = kind.field(field).is_some_and(|field| field.field_type == FieldType::Integer);
                (Aggregate::Sum(field.clone()), if integer { FigureUnit::Integer } else { FigureUnit::Number })
            }
            (None, Some(field)) => (Aggregate::Distinct(field.clone()), FigureUnit::Integer),
            (None, None) => (Aggregate::Count, FigureUnit::Integer),
        };
        let mut conditions = Vec::new();
        for filter in &self.filters {
            conditions.extend(filter.conditions(kind, year)?);
        }
        let query = FigureQuery { kind: kind.id.clone(), conditions, aggregate, every_year: self.every_year };
        let value = ledger.aggregate(year, &query)?;
        let unit = if unit == FigureUnit::Number && value.fract() == 0.0 { FigureUnit::Integer } else { unit };
        Ok(Figure { value, unit, query: Some(query), rate_of: None })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse<T: serde::de::DeserializeOwned>(text: &str) -> T {
        fazhi_core::SourceFile::new("module.ron", text).parse_ron().unwrap()
    }

    fn kind() -> LedgerKind {
        parse(
            r#"(id: "training", name: "培训台账", date: "held_on", fields: [
                (id: "held_on", label: "日期", type: "date"),
                (id: "topic", label: "主题", type: "text", values: ["执法规范化", "普法"]),
                (id: "attendees", label: "人数", type: "integer"),
            ])"#,
        )
    }

    fn spec(text: &str) -> FigureSpec {
        parse(text)
    }

    #[test]
    fn filters_become_conditions_with_the_year_filled_in() {
        let kind = kind();
        let figure = spec(
            r#"(count: "training", where: [(field: "topic", not: ["普法"]), (field: "held_on", from: "{year}-07-01", to: "{year}-12-31"), (field: "attendees", at_least: 20)])"#,
        );
        let mut got = Vec::new();
        for filter in &figure.filters {
            got.extend(filter.conditions(&kind, 2024).unwrap());
        }
        let shown: Vec<String> =
            got.iter().map(|c| format!("{} {} {:?}", c.field, c.comparison.symbol(), c.values)).collect();
        assert_eq!(
            shown,
            [
                "topic ≠ [String(\"普法\")]",
                "held_on ≥ [String(\"2024-07-01\")]",
                "held_on ≤ [String(\"2024-12-31\")]",
                "attendees ≥ [Number(20)]"
            ]
        );
    }

    #[test]
    fn each_mistake_in_a_declaration_is_named() {
        let kind = kind();
        let kinds = [&kind];
        let figures: BTreeMap<String, FigureSpec> = parse(
            r#"{
                "a": (count: "training", where: [(field: "topic", is: "培训")]),
                "b": (sum: "topic", of: "training"),
                "c": (count: "meeting"),
                "d": (share: "a", of: "e"),
                "f": (count: "training", sum: "attendees"),
                "g": (distinct: "topic", of: "training", where: [(field: "topic", below: 3)]),
                "h": (count: "training", where: [(field: "attendees")]),
                "i": (count: "training", where: [(field: "held_on", to: "{year}-02-29")]),
            }"#,
        );
        let messages: Vec<String> = figures
            .iter()
            .flat_map(|(name, spec)| spec.problems(name, &figures, &kinds))
            .map(|problem| problem.message)
            .collect();
        assert_eq!(
            messages,
            [
                "figure \"a\": \"培训\" is not a value of field \"topic\" (执法规范化、普法)",
                "figure \"b\": field \"topic\" is text; a sum needs integer or number",
                "figure \"c\": no ledger kind \"meeting\" (kinds: training)",
                "figure \"d\": share names figure \"e\", which the module does not declare",
                "figure \"f\": give exactly one of count, sum, distinct and share",
                "figure \"g\": field \"topic\" is text: only numbers and dates compare <",
                "figure \"h\": filter on \"attendees\" says nothing: give is, not, below, at_most, above, at_least, from, to or new_in_year",
                // A date of leap years only is refused before a common year's report fails on it.
                "figure \"i\": \"2001-02-29\" is not a date value for field \"held_on\"",
            ]
        );
    }
}
