//! Turning timing rules into dates on the working-day calendar.

use chrono::{Datelike, NaiveDate};
use fazhi_core::{Calendar, CalendarError, PeriodEnd};

use crate::{DateBound, Limit, Period, Timing, Workflow};

/// The end of `period` after `anchor`, counted as the period says (the anchor day itself never
/// counts; calendar days roll forward past a holiday).
pub(crate) fn after(calendar: &Calendar, anchor: NaiveDate, period: &Period) -> Result<PeriodEnd, CalendarError> {
    period.counting.end(calendar, anchor, period.days)
}

/// The first `month`-`day` on or after `start` (29 February falls back to the 28th).
pub(crate) fn next_date(start: NaiveDate, month: u32, day: u32) -> NaiveDate {
    let on = |year: i32| {
        NaiveDate::from_ymd_opt(year, month, day)
            .or_else(|| NaiveDate::from_ymd_opt(year, month, day.saturating_sub(1)))
            .unwrap_or(start)
    };
    let this_year = on(start.year());
    if this_year >= start {
        this_year
    } else {
        on(start.year() + 1)
    }
}

/// Where a timing rule counts from: a step (its index) or the instance's start.
pub(crate) fn anchor_of(workflow: &Workflow, timing: &Timing) -> Option<Option<usize>> {
    timing.limit.period().map(|period| period.from.as_deref().and_then(|id| workflow.index(id)))
}

/// The bound `timing` puts on a step, given the date of what it counts from (`anchor`, for a
/// period) and the instance's start.
pub(crate) fn bound(
    calendar: &Calendar,
    workflow: &Workflow,
    timing: &Timing,
    anchor: NaiveDate,
    started: NaiveDate,
) -> Result<DateBound, CalendarError> {
    let origin = |period: &Period| match period.from.as_deref().and_then(|id| workflow.index(id)) {
        Some(i) => format!("{} on {anchor}", workflow.label(i)),
        None => format!("the start on {anchor}"),
    };
    let (end, rule) = match &timing.limit {
        Limit::NotBefore(period) => {
            (after(calendar, anchor, period)?, format!("at least {} after {}", period.length(), origin(period)))
        }
        Limit::NotAfter(period) => {
            (after(calendar, anchor, period)?, format!("within {} after {}", period.length(), origin(period)))
        }
        // A date the law fixes (每年3月31日前) is not a period: it does not move.
        Limit::ByDate { month, day } => {
            let date = next_date(started, *month, *day);
            (PeriodEnd::fixed(date), format!("by {month:02}-{day:02} (the first after the start on {started})"))
        }
    };
    let moved = match end.rolled_from {
        Some(last_day) => calendar.roll_forward(last_day)?.map(|roll| roll.to_string()),
        None => None,
    };
    Ok(DateBound { date: end.date, rule, basis: timing.basis.clone(), rolled_from: end.rolled_from, moved })
}
