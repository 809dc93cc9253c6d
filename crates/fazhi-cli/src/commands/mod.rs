//! One module per command.

pub mod audit;
pub mod calendar;
pub mod calendar_export;
pub mod check;
pub mod checklist;
pub mod flow;
pub mod init;
pub mod jobs;
pub mod ledger;
pub mod modules;
pub mod org;
pub mod outbox;
pub mod remind;
pub mod report;
pub mod review;
pub mod serve;
pub mod task;
pub mod tasks;
pub mod user;
pub mod web;

use chrono::NaiveDate;
use fazhi_core::Calendar;
use serde::Serialize;

use crate::CliError;

/// Says on stderr, each at its position, the problems of the checklist files `session` left
/// out, and returns the failure (exit 1) the command ends with after doing everything else;
/// `None` when every file loaded.
pub fn left_out(session: &fazhi_app::Session) -> Option<CliError> {
    for diagnostic in session.left_out() {
        err!("error: {diagnostic}");
    }
    session.left_out_failure().map(CliError::from)
}

/// Warns once on stderr, naming the years, when counting between `dates` depends on a
/// provisional (暂定) year of the calendar: one without the State Council's arrangement yet.
pub fn warn_provisional(calendar: &Calendar, dates: impl IntoIterator<Item = NaiveDate>) {
    warn_provisional_years(&calendar.provisional_among(dates));
}

/// Warns once on stderr, naming them, that `years` of the calendar are provisional (暂定).
pub fn warn_provisional_years(years: &[i32]) {
    if years.is_empty() {
        return;
    }
    let years: Vec<String> = years.iter().map(ToString::to_string).collect();
    err!(
        "warning: the working-day calendar for {} is provisional (暂定): derived from the 全国年节及纪念日放假办法 \
         with weekends and no 调休, since the State Council's arrangement is not in calendar.ron; when the notice \
         is published, run `fazhi calendar import NOTICE.txt` (docs/calendar.md)",
        years.join(", ")
    );
}

/// Prints `value` as pretty JSON on stdout.
pub fn print_json<T: Serialize>(value: &T) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value).map_err(anyhow::Error::from)?;
    out!("{text}");
    Ok(())
}
