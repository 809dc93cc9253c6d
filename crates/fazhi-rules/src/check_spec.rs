use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::spec_problem::SpecProblem;
use crate::{FigureCheck, FigureSpec};

/// A check between figures as `module.ron` declares it: `(sum: "whole", parts: ["a", "b"])`,
/// `(rate: "r", part: "a", whole: "b")` or `(part: "a", at_most: "b")`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSpec {
    /// The whole that `parts` add up to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sum: Option<String>,
    /// The parts of `sum`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<String>,
    /// A rate figure that is `part` / `whole`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<String>,
    /// The part of `rate`, or the lesser figure of `at_most`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    /// The whole of `rate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub whole: Option<String>,
    /// The figure `part` may not exceed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<String>,
}

impl CheckSpec {
    /// The check, or what is wrong with it (a figure it names that the module lacks).
    pub(crate) fn check(&self, figures: &BTreeMap<String, FigureSpec>) -> Result<FigureCheck, SpecProblem> {
        let problem = |field: &'static str, value: &str, message: String| SpecProblem {
            field,
            value: value.to_string(),
            message,
        };
        let known = |field: &'static str, name: &str| -> Result<String, SpecProblem> {
            if figures.contains_key(name) {
                Ok(name.to_string())
            } else {
                Err(problem(field, name, format!("check names figure \"{name}\", which the module does not declare")))
            }
        };
        let expected = "a check is (sum: \"whole\", parts: [\"a\", \"b\"]), (rate: \"r\", part: \"a\", whole: \"b\") or (part: \"a\", at_most: \"b\")";
        match (&self.sum, &self.rate, &self.at_most) {
            (Some(whole), None, None) if !self.parts.is_empty() && self.part.is_none() && self.whole.is_none() => {
                let parts = self.parts.iter().map(|part| known("parts", part)).collect::<Result<Vec<_>, _>>()?;
                Ok(FigureCheck::Sum { whole: known("sum", whole)?, parts })
            }
            (None, Some(rate), None) if self.parts.is_empty() => match (&self.part, &self.whole) {
                (Some(part), Some(whole)) => Ok(FigureCheck::Rate {
                    rate: known("rate", rate)?,
                    part: known("part", part)?,
                    whole: known("whole", whole)?,
                }),
                _ => Err(problem("rate", rate, expected.to_string())),
            },
            (None, None, Some(whole)) if self.parts.is_empty() && self.whole.is_none() => match &self.part {
                Some(part) => Ok(FigureCheck::AtMost { part: known("part", part)?, whole: known("at_most", whole)? }),
                None => Err(problem("at_most", whole, expected.to_string())),
            },
            _ => Err(problem("checks", "", expected.to_string())),
        }
    }
}
