use std::path::Path;

use chrono::{Datelike, NaiveDate};
use fazhi_app::CalendarImport;
use fazhi_core::calendar::DayKind;
use fazhi_core::{parse_date, Calendar, Workspace};

use super::print_json;
use crate::cli::CalendarCommand;
use crate::{CliError, Context};

/// The calendar of the workspace if there is one (its calendar.ron included), else the stock one.
fn calendar(context: &Context) -> Result<Calendar, CliError> {
    match Workspace::discover(context.start_dir()) {
        Ok(_) => Ok(context.workspace()?.calendar),
        Err(_) => Ok(Calendar::stock()),
    }
}

fn date(text: &str) -> Result<NaiveDate, CliError> {
    parse_date(text).map_err(CliError::BadInput)
}

fn bad(err: fazhi_core::CalendarError) -> CliError {
    CliError::BadInput(err.to_string())
}

/// `fazhi calendar …`
pub fn run(context: &Context, command: &CalendarCommand) -> Result<(), CliError> {
    if let CalendarCommand::Import { notice, year, dry_run } = command {
        return import(context, notice, *year, *dry_run);
    }
    let calendar = calendar(context)?;
    match command {
        CalendarCommand::Export(args) => return super::calendar_export::run(context, args),
        CalendarCommand::Import { .. } => unreachable!("handled above"),
        CalendarCommand::Add { date: start, days, working } => {
            let start = date(start)?;
            let result = if *working {
                calendar.add_working_days(start, *days).map_err(bad)?
            } else {
                calendar.add_days(start, i64::from(*days)).map_err(bad)?
            };
            if context.json {
                return print_json(
                    &serde_json::json!({ "from": start, "days": days, "working": working, "date": result }),
                );
            }
            out!("{result}");
        }
        CalendarCommand::Between { from, to, working } => {
            let (from, to) = (date(from)?, date(to)?);
            let days = if *working {
                calendar.working_days_between(from, to).map_err(bad)?
            } else {
                calendar.add_days(from, 0).map_err(bad)?;
                calendar.add_days(to, 0).map_err(bad)?;
                (to - from).num_days()
            };
            if context.json {
                return print_json(&serde_json::json!({ "from": from, "to": to, "working": working, "days": days }));
            }
            out!("{days}");
        }
        CalendarCommand::Day { date: day } => {
            let day = date(day)?;
            let kind = calendar.day(day).map_err(bad)?;
            let (working, text) = match &kind {
                DayKind::Working => (true, "working day".to_string()),
                DayKind::Weekend => (false, "weekend".to_string()),
                DayKind::Holiday { name } => (false, format!("holiday ({name})")),
                DayKind::AdjustedWorkday { name } => (true, format!("adjusted working day ({name} 调休)")),
            };
            let provisional = calendar.is_provisional(day.year());
            if context.json {
                return print_json(
                    &serde_json::json!({ "date": day, "working": working, "kind": text, "provisional": provisional }),
                );
            }
            if provisional {
                out!(
                    "{day} {}: {text} — 暂定 (provisional: {} has no official arrangement in calendar.ron yet; \
                     derived from the 放假办法 without 调休)",
                    day.format("%a"),
                    day.year()
                );
            } else {
                out!("{day} {}: {text}", day.format("%a"));
            }
        }
    }
    Ok(())
}

/// `fazhi calendar import NOTICE.txt`: the notice's year written into the workspace's
/// calendar.ron (added, or replacing that year's entry), checked before it is written.
fn import(context: &Context, path: &Path, year: Option<i32>, dry_run: bool) -> Result<(), CliError> {
    let shown = path.file_name().map_or_else(|| path.to_path_buf(), std::path::PathBuf::from);
    let import = CalendarImport::read(&context.root()?, &context.path(path), &shown, year)?;
    let notice = &import.notice;
    if !import.missing.is_empty() {
        err!(
            "warning: the notice arranges no {}: in {} those days are now ordinary days; is the whole notice pasted?",
            import.missing.join("、"),
            notice.year
        );
    }
    for (name, day) in &notice.other_years {
        err!(
            "warning: {day} ({name}) lies in {}, not {}: add it to that year's entry in calendar.ron by hand",
            day.year(),
            notice.year
        );
    }
    if context.json {
        if !dry_run {
            import.write()?;
        }
        return print_json(&serde_json::json!({
            "year": notice.year,
            "holidays": notice.holidays.iter().map(|(name, from, to)| serde_json::json!({"name": name, "from": from, "to": to})).collect::<Vec<_>>(),
            "workdays": notice.workdays.iter().map(|(name, date)| serde_json::json!({"name": name, "date": date})).collect::<Vec<_>>(),
            "file": import.target,
            "written": !dry_run,
        }));
    }
    if dry_run {
        crate::terminal::print(&notice.entry(""));
        return Ok(());
    }
    import.write()?;
    out!(
        "{}: {} holidays ({} days off) and {} adjusted working days {} calendar.ron",
        notice.year,
        notice.holidays.len(),
        import.days_off(),
        notice.workdays.len(),
        if import.replaced { "replace that year in" } else { "written to" }
    );
    Ok(())
}
