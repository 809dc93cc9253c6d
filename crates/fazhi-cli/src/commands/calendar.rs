use std::path::Path;

use chrono::{Datelike, NaiveDate};
use fazhi_core::calendar::DayKind;
use fazhi_core::{parse_date, Calendar, Notice, SourceFile, Workspace};

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
    let path = &context.path(path);
    let shown = path.file_name().map_or_else(|| path.to_path_buf(), std::path::PathBuf::from);
    let source = SourceFile::read(path, &shown).map_err(|problem| CliError::Invalid(vec![problem]))?;
    let notice = Notice::parse(&source, year).map_err(CliError::Invalid)?;
    let root = Workspace::discover(context.start_dir())?;
    let target = root.join("calendar.ron");
    let existing = match std::fs::read_to_string(&target) {
        Ok(text) => Some(SourceFile::new("calendar.ron", text)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
        Err(err) => return Err(CliError::BadInput(format!("cannot read {}: {err}", target.display()))),
    };
    let replaced = existing
        .as_ref()
        .and_then(|file| Calendar::parse(file).ok())
        .is_some_and(|calendar| calendar.years().contains(&notice.year));
    let text = match &existing {
        Some(file) => notice.merge_into(file).map_err(CliError::Invalid)?,
        None => notice.calendar_ron(),
    };
    let days_off: i64 = notice.holidays.iter().map(|(_, from, to)| (*to - *from).num_days() + 1).sum();
    let missing: Vec<&str> = ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]
        .into_iter()
        .filter(|holiday| !notice.holidays.iter().any(|(name, _, _)| name.contains(holiday)))
        .collect();
    if !missing.is_empty() {
        err!(
            "warning: the notice arranges no {}: in {} those days are now ordinary days; is the whole notice pasted?",
            missing.join("、"),
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
            write_atomically(&target, &text)?;
        }
        return print_json(&serde_json::json!({
            "year": notice.year,
            "holidays": notice.holidays.iter().map(|(name, from, to)| serde_json::json!({"name": name, "from": from, "to": to})).collect::<Vec<_>>(),
            "workdays": notice.workdays.iter().map(|(name, date)| serde_json::json!({"name": name, "date": date})).collect::<Vec<_>>(),
            "file": target,
            "written": !dry_run,
        }));
    }
    if dry_run {
        crate::terminal::print(&notice.entry(""));
        return Ok(());
    }
    write_atomically(&target, &text)?;
    out!(
        "{}: {} holidays ({days_off} days off) and {} adjusted working days {} calendar.ron",
        notice.year,
        notice.holidays.len(),
        notice.workdays.len(),
        if replaced { "replace that year in" } else { "written to" }
    );
    Ok(())
}

/// Writes `text` to `path` through a temporary file in the same folder and a rename, so a
/// failure leaves the old file whole.
fn write_atomically(path: &Path, text: &str) -> Result<(), CliError> {
    let temporary = path.with_extension("ron.tmp");
    std::fs::write(&temporary, text).and_then(|()| std::fs::rename(&temporary, path)).map_err(|err| {
        let _ = std::fs::remove_file(&temporary);
        CliError::BadInput(format!("cannot write {}: {err}", path.display()))
    })
}
