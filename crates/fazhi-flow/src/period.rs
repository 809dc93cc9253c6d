use fazhi_core::Counting;
use serde::Serialize;

use crate::{Extension, Pause};

/// A span of time counted from a step's completion or from the instance's start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    /// How many days.
    pub days: u32,
    /// How they are counted: calendar days (a deadline whose last day is a holiday or rest day
    /// rolls forward to the next working day, 《民法典》第二百零三条), working days (工作日) on
    /// the working-day calendar, or a lead time (a minimum span, never moved). The day counted
    /// from is never counted (期间开始的当日不计入).
    pub counting: Counting,
    /// The step counted from; `None` counts from the instance's start.
    pub from: Option<String>,
    /// Spans between steps that the period does not count (deadlines only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pauses: Vec<Pause>,
    /// A step that may extend the period by days a dossier field gives (deadlines only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension: Option<Extension>,
}

impl Period {
    /// Whether the days are working days.
    pub fn working(&self) -> bool {
        self.counting == Counting::WorkingDays
    }

    /// "30 days" or "7 working days".
    pub fn length(&self) -> String {
        match (self.days, self.working()) {
            (1, false) => "1 day".to_string(),
            (1, true) => "1 working day".to_string(),
            (days, false) => format!("{days} days"),
            (days, true) => format!("{days} working days"),
        }
    }
}
