use chrono::NaiveDate;
use serde::Serialize;

/// A date a timing rule puts on a step, with the rule in words and its legal basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateBound {
    /// The date: the earliest allowed (not before) or the latest (deadline).
    pub date: NaiveDate,
    /// The rule in words, e.g. `at least 30 days after 公开征求意见 (gongkai) on 2025-09-15`.
    pub rule: String,
    /// The legal basis, e.g. 《重大行政决策程序暂行条例》第十五条.
    pub basis: Option<String>,
}

impl DateBound {
    /// The rule and its basis: `at least 30 days after … — 《…》第十五条`.
    pub fn explain(&self) -> String {
        match &self.basis {
            Some(basis) => format!("{}, {basis}", self.rule),
            None => self.rule.clone(),
        }
    }
}
