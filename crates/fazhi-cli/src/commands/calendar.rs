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
            // JSON says the kind in English whatever the language, so that scripts can read it.
            let (working, text, chinese) = match &kind {
                DayKind::Working => (true, "working day".to_string(), "工作日".to_string()),
                DayKind::Weekend => (false, "weekend".to_string(), "休息日".to_string()),
                DayKind::Holiday { name } => (false, format!("holiday ({name})"), format!("法定节假日（{name}）")),
                DayKind::AdjustedWorkday { name } => {
                    (true, format!("adjusted working day ({name} 调休)"), format!("调休上班日（{name}）"))
                }
            };
            let provisional = calendar.is_provisional(day.year());
            if context.json {
                return print_json(
                    &serde_json::json!({ "date": day, "working": working, "kind": text, "provisional": provisional }),
                );
            }
            let (weekday, year) = (day.format("%a"), day.year());
            let shown = match crate::lang::english() {
                true => text,
                false => chinese,
            };
            if provisional {
                out!(
                    "{}",
                    tr!(
                        "{day} {weekday}: {shown} — 暂定 (provisional: {year} has no official arrangement in \
                         calendar.ron yet; derived from the 放假办法 without 调休)",
                        "{day} {weekday}：{shown}（暂定：calendar.ron 尚无 {year} 年的正式安排，按《放假办法》推算，不含调休）"
                    )
                );
            } else {
                out!("{}", tr!("{day} {weekday}: {shown}", "{day} {weekday}：{shown}"));
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
        let (missing, year) = (import.missing.join("、"), notice.year);
        err!(
            "{}{}",
            crate::lang::warning(),
            tr!(
                "the notice arranges no {missing}: in {year} those days are now ordinary days; is the whole notice pasted?",
                "通知没有安排{missing}：{year}年这些日子现按普通日子计；通知是否完整粘贴？"
            )
        );
    }
    for (name, day) in &notice.other_years {
        let (in_year, year) = (day.year(), notice.year);
        err!(
            "{}{}",
            crate::lang::warning(),
            tr!(
                "{day} ({name}) lies in {in_year}, not {year}: add it to that year's entry in calendar.ron by hand",
                "{day}（{name}）在 {in_year} 年，不在 {year} 年：请手工加入 calendar.ron 中该年的条目"
            )
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
    let (year, holidays, days_off, workdays) =
        (notice.year, notice.holidays.len(), import.days_off(), notice.workdays.len());
    let text = match import.replaced {
        true => tr!(
            "{year}: {holidays} holidays ({days_off} days off) and {workdays} adjusted working days replace that year in calendar.ron",
            "{year}年：{holidays} 个节假日（放假 {days_off} 天）和 {workdays} 个调休上班日，已替换 calendar.ron 中该年的条目"
        ),
        false => tr!(
            "{year}: {holidays} holidays ({days_off} days off) and {workdays} adjusted working days written to calendar.ron",
            "{year}年：{holidays} 个节假日（放假 {days_off} 天）和 {workdays} 个调休上班日，已写入 calendar.ron"
        ),
    };
    out!("{text}");
    Ok(())
}
