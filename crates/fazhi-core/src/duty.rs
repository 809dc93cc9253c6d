use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Deadline;

/// A duty of the checklist (任务清单): what must be done, by whom, by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duty {
    /// Short ASCII identifier, unique in the workspace.
    pub id: String,
    /// What is to be done, in Chinese.
    pub title: String,
    /// The module the duty belongs to.
    pub module: String,
    /// The responsible unit (责任单位).
    pub unit: String,
    /// The owner (责任人).
    pub owner: String,
    /// Cooperating units (配合单位).
    pub cooperating: Vec<String>,
    /// When it is due.
    pub deadline: Deadline,
    /// Where the duty comes from (a sentence of a plan, a regulation).
    pub basis: Option<String>,
    /// What to do, in more detail.
    pub detail: Option<String>,
    /// The year a recurrence expands over.
    pub year: i32,
    /// First day of a recurrence's range (default: 1 January of `year`).
    #[serde(with = "crate::compact_date::option_date")]
    pub from: Option<NaiveDate>,
    /// Last day of a recurrence's range (default: 31 December of `year`).
    #[serde(with = "crate::compact_date::option_date")]
    pub until: Option<NaiveDate>,
    /// The checklist file it is defined in, relative to the workspace root.
    pub file: PathBuf,
}
