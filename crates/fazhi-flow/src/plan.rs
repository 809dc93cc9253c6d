use chrono::NaiveDate;
use fazhi_core::{Calendar, CalendarError};
use serde::Serialize;

use crate::added_days::AddedDays;
use crate::timing_dates::{anchor_of, bound, pause_note, span};
use crate::{Limit, PlannedStep, Workflow};

/// The earliest lawful date of every step of a workflow started on a given day, and the latest
/// date of every step with a deadline: the longest path over the graph, where each edge takes
/// no time and each "not before" period its days or working days on the calendar.
///
/// The plan assumes every guarded step applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// The workflow's id.
    pub workflow: String,
    /// Its name.
    pub name: String,
    /// The day the instance starts.
    pub start: NaiveDate,
    /// Every step, in the workflow file's order.
    pub steps: Vec<PlannedStep>,
}

impl Plan {
    /// Plans `workflow` started on `start`, counting on `calendar`. A date outside the calendar's
    /// years is an error.
    pub fn new(workflow: &Workflow, calendar: &Calendar, start: NaiveDate) -> Result<Plan, CalendarError> {
        let n = workflow.steps.len();
        let mut earliest: Vec<Option<NaiveDate>> = vec![None; n];
        let mut planned: Vec<Option<PlannedStep>> = vec![None; n];
        for &i in workflow.order() {
            let step = &workflow.steps[i];
            let mut date = workflow.predecessors(i).iter().filter_map(|&p| earliest[p]).max().unwrap_or(start);
            let mut earliest_rule = None;
            let mut latest: Option<crate::DateBound> = None;
            for timing in &step.timing {
                let anchor = match anchor_of(workflow, timing) {
                    Some(Some(f)) => earliest[f].unwrap_or(start),
                    _ => start,
                };
                // Pauses take the time between the earliest dates of their steps; an extension
                // is not assumed.
                let mut added = AddedDays::default();
                if let Limit::NotAfter(period) = &timing.limit {
                    for pause in &period.pauses {
                        let (Some(a), Some(b)) = (workflow.index(&pause.from), workflow.index(&pause.to)) else {
                            continue;
                        };
                        let (Some(from), Some(to)) = (earliest[a], earliest[b]) else { continue };
                        let days = span(calendar, period, from, to)?;
                        added.add(days, pause_note(workflow, period, days, pause, from, Some(to)));
                    }
                }
                let found = bound(calendar, workflow, timing, anchor, start, &added)?;
                match timing.limit {
                    Limit::NotBefore(_) => {
                        if found.date > date {
                            date = found.date;
                            earliest_rule = Some(found);
                        }
                    }
                    _ => {
                        if latest.as_ref().is_none_or(|known| found.date < known.date) {
                            latest = Some(found);
                        }
                    }
                }
            }
            earliest[i] = Some(date);
            planned[i] = Some(PlannedStep {
                id: step.id.clone(),
                name: step.name.clone(),
                kind: step.kind,
                guarded: step.guard.is_some(),
                earliest: date,
                earliest_rule,
                latest,
            });
        }
        Ok(Plan {
            workflow: workflow.id.clone(),
            name: workflow.name.clone(),
            start,
            steps: planned.into_iter().map(|step| step.expect("every step is in the order")).collect(),
        })
    }
}
