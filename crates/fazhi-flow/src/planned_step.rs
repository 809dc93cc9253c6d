use chrono::NaiveDate;
use serde::Serialize;

use crate::{DateBound, StepKind};

/// One step of a [`crate::Plan`]: its earliest lawful date and, where a deadline applies, its
/// latest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedStep {
    /// The step's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: StepKind,
    /// Whether it has a guard (it may not apply; the plan assumes it does).
    pub guarded: bool,
    /// The earliest day it can be completed lawfully.
    pub earliest: NaiveDate,
    /// The minimum period that sets `earliest`, when one does (otherwise it is the day its
    /// last predecessor can be done).
    pub earliest_rule: Option<DateBound>,
    /// Its deadline when every step before it is done as early as possible.
    pub latest: Option<DateBound>,
}
