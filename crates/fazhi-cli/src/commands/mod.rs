//! One module per command.

pub mod audit;
pub mod calendar;
pub mod calendar_export;
pub mod check;
pub mod checklist;
pub mod county;
pub mod flow;
pub mod init;
pub mod jobs;
pub mod ledger;
pub mod migrate;
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
        err!("{}{diagnostic}", crate::lang::error());
    }
    session.left_out_failure().map(CliError::from)
}

/// Warns on stderr of each row an import left out (`--skip-bad`), with its problem.
pub fn warn_rows_left_out(problems: &[fazhi_core::Diagnostic]) {
    for problem in problems {
        err!("{}{}", crate::lang::warning(), tr!("{problem} (row left out)", "{problem}（该行已略去）"));
    }
}

/// Warns on stderr of a checklist file left out of reminders (its problem at its position).
pub fn warn_left_out(diagnostic: &fazhi_core::Diagnostic) {
    err!(
        "{}{}",
        crate::lang::warning(),
        tr!(
            "{diagnostic} (the file is left out of reminders until it is corrected)",
            "{diagnostic}（改正之前，这个文件不参与提醒）"
        )
    );
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
    let years = years.join(", ");
    err!(
        "{}{}",
        crate::lang::warning(),
        tr!(
            "the working-day calendar for {years} is provisional (暂定): derived from the 全国年节及纪念日放假办法 \
             with weekends and no 调休, since the State Council's arrangement is not in calendar.ron; when the \
             notice is published, run `fazhi calendar import NOTICE.txt` (docs/calendar.md)",
            "{years}年的工作日历是暂定的：国务院办公厅的节假日安排尚未写入 calendar.ron，暂按《全国年节及纪念日放假办法》\
             和周末推算，不含调休；通知发布后请运行 `fazhi calendar import 通知.txt`（见 docs/calendar.md）"
        )
    );
}

/// Prints `value` as pretty JSON on stdout.
pub fn print_json<T: Serialize>(value: &T) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value).map_err(anyhow::Error::from)?;
    out!("{text}");
    Ok(())
}
