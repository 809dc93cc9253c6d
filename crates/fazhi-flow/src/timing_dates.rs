//! Turning timing rules into dates on the working-day calendar.

use chrono::{Datelike, NaiveDate};
use fazhi_core::{Calendar, CalendarError, PeriodEnd};

use crate::added_days::AddedDays;
use crate::{DateBound, Limit, Pause, Period, Timing, Workflow};

/// The end of `period`, lengthened by `added` days, after `anchor`, counted as the period says
/// (the anchor day itself never counts; calendar days roll forward past a holiday).
pub(crate) fn after(
    calendar: &Calendar,
    anchor: NaiveDate,
    period: &Period,
    added: &AddedDays,
) -> Result<PeriodEnd, CalendarError> {
    period.counting.end(calendar, anchor, period.days + added.days)
}

/// The days of a span from `from` to `to` as `period` counts them (working days, or calendar
/// days); 0 when `to` is not after `from`.
pub(crate) fn span(calendar: &Calendar, period: &Period, from: NaiveDate, to: NaiveDate) -> Result<u32, CalendarError> {
    let days = if period.working() { calendar.working_days_between(from, to)? } else { (to - from).num_days() };
    Ok(u32::try_from(days.max(0)).unwrap_or(u32::MAX))
}

/// What a pause from `from` (done on `start`) to `to` (done on `end`, or still open) adds, in
/// words.
pub(crate) fn pause_note(
    workflow: &Workflow,
    period: &Period,
    days: u32,
    pause: &Pause,
    start: NaiveDate,
    end: Option<NaiveDate>,
) -> String {
    let unit = if period.working() { "working days" } else { "days" };
    let from = workflow.index(&pause.from).map_or(pause.from.clone(), |i| workflow.label(i));
    let to = workflow.index(&pause.to).map_or(pause.to.clone(), |i| workflow.label(i));
    match end {
        Some(end) => format!("not counting {days} {unit} from {from} on {start} to {to} on {end}"),
        None => format!("not counting {days} {unit} from {from} on {start} until {to} (still open)"),
    }
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
    added: &AddedDays,
) -> Result<DateBound, CalendarError> {
    let origin = |period: &Period| match period.from.as_deref().and_then(|id| workflow.index(id)) {
        Some(i) => format!("{} on {anchor}", workflow.label(i)),
        None => format!("the start on {anchor}"),
    };
    let (end, rule) = match &timing.limit {
        Limit::NotBefore(period) => {
            (after(calendar, anchor, period, added)?, format!("at least {} after {}", period.length(), origin(period)))
        }
        Limit::NotAfter(period) => {
            let mut rule = format!("within {} after {}", period.length(), origin(period));
            for note in &added.notes {
                rule.push_str(&format!(", {note}"));
            }
            (after(calendar, anchor, period, added)?, rule)
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
