//! `fazhi calendar export`: every item's deadline as an iCalendar file.

use std::path::PathBuf;

use chrono::{NaiveDate, TimeZone};
use clap::Args;
use fazhi_notify::calendar_ics;

use crate::{CliError, Context};

/// `fazhi calendar export`
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The .ics file to write (`-` for standard output).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
}

/// Runs `fazhi calendar export`. The output depends only on the workspace and its state: every
/// event's DTSTAMP is 1 January of the working year, 00:00 in the workspace's zone.
pub fn run(context: &Context, args: &ExportArgs) -> Result<(), CliError> {
    let session = context.read_session()?;
    let workspace = session.workspace();
    let items = session.duty_items()?;
    let new_year = NaiveDate::from_ymd_opt(workspace.config.year, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
    let stamp = new_year
        .and_then(|local| workspace.config.time_zone.from_local_datetime(&local).earliest())
        .map(|instant| instant.to_utc())
        .ok_or_else(|| CliError::BadInput(format!("year {} has no 1 January", workspace.config.year)))?;
    let text = calendar_ics(workspace, &items, stamp);
    if args.output.as_os_str() == "-" {
        // The calendar file itself, CRLF line ends and all, as `-o -` asks.
        print!("{text}");
        return Ok(());
    }
    let output = context.path(&args.output);
    std::fs::write(&output, &text)
        .map_err(|err| CliError::BadInput(format!("cannot write {}: {err}", output.display())))?;
    let events = text.matches("BEGIN:VEVENT").count();
    err!("wrote {events} event(s) to {}", args.output.display());
    Ok(())
}
