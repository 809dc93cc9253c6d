use chrono::NaiveDate;
use fazhi_core::calendar::DayKind;
use fazhi_core::{parse_date, Calendar, Workspace};

use super::print_json;
use crate::cli::CalendarCommand;
use crate::{CliError, Context};

/// The calendar of the workspace if there is one (its calendar.ron included), else the stock one.
fn calendar(context: &Context) -> Result<Calendar, CliError> {
    match Workspace::discover(&context.start_dir()) {
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
    let calendar = calendar(context)?;
    match command {
        CalendarCommand::Export(args) => return super::calendar_export::run(context, args),
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
            println!("{result}");
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
            println!("{days}");
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
            if context.json {
                return print_json(&serde_json::json!({ "date": day, "working": working, "kind": text }));
            }
            println!("{day} {}: {text}", day.format("%a"));
        }
    }
    Ok(())
}
