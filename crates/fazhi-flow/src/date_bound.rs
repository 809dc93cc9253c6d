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
    /// The day the count reached, when it was a holiday or rest day and `date` is the first
    /// working day after it (a period in calendar days, 《民法典》第二百零三条).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rolled_from: Option<NaiveDate>,
    /// Why the date moved, in Chinese: `10月3日为法定节假日（国庆节），顺延至10月9日`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved: Option<String>,
}

impl DateBound {
    /// The rule and its basis: `at least 30 days after … — 《…》第十五条`, and why the date moved
    /// when it did.
    pub fn explain(&self) -> String {
        let mut text = match &self.basis {
            Some(basis) => format!("{}, {basis}", self.rule),
            None => self.rule.clone(),
        };
        if let Some(moved) = &self.moved {
            text.push_str(&format!("; {moved}（{}）", fazhi_core::Counting::ROLL_FORWARD_BASIS));
        }
        text
    }
}
