use serde::Serialize;

use crate::DateBound;

/// What recording a step's completion did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Completed {
    /// The item id, `INSTANCE/STEP`.
    pub item: String,
    /// The audit entry's number.
    pub audit_seq: i64,
    /// The deadline it missed, if it was completed late.
    pub late: Option<DateBound>,
    /// The steps it opened, as `名称 (id)`.
    pub opened: Vec<String>,
    /// Whether the instance is now finished.
    pub finished: bool,
}
