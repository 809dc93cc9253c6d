use serde::Serialize;

/// How a condition on a ledger field compares a row's value with the condition's values
/// (report figures: `docs/report.md`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// The value is one of the values (for a `tags` field: one of its tags is).
    #[default]
    AnyOf,
    /// The value is none of the values (for a `tags` field: none of its tags is); a row
    /// without a value matches.
    NoneOf,
    /// The value is less than the one value (numbers; dates and texts in their order).
    Below,
    /// The value is at most the one value.
    AtMost,
    /// The value is greater than the one value.
    Above,
    /// The value is at least the one value.
    AtLeast,
    /// The value appears in no row of an earlier year (a person newly certified, an enterprise
    /// checked for the first time); takes no values.
    NewInYear,
}

impl Comparison {
    /// How the comparison is written: `=`, `≠`, `<`, `≤`, `>`, `≥`, `new in the year`.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::AnyOf => "=",
            Comparison::NoneOf => "≠",
            Comparison::Below => "<",
            Comparison::AtMost => "≤",
            Comparison::Above => ">",
            Comparison::AtLeast => "≥",
            Comparison::NewInYear => "new in the year",
        }
    }
}
