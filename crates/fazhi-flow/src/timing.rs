use serde::Serialize;

use crate::Limit;

/// A timing rule of a step, with the legal basis it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timing {
    /// What the rule demands.
    pub limit: Limit,
    /// Where the rule comes from, e.g. 《重大行政决策程序暂行条例》第十五条.
    pub basis: Option<String>,
}
