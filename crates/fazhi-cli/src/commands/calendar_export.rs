//! `fazhi calendar export`: every item's deadline as an iCalendar file.

use std::path::PathBuf;

use clap::Args;

use crate::{CliError, Context};

/// `fazhi calendar export`
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The .ics file to write (`-` for standard output).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
}

/// Runs `fazhi calendar export`. The output depends only on the workspace and its state
/// ([`fazhi_app::Session::calendar_export`]).
pub fn run(context: &Context, args: &ExportArgs) -> Result<(), CliError> {
    let session = context.read_session()?;
    let export = session.calendar_export()?;
    let text = export.text;
    if args.output.as_os_str() == "-" {
        // The calendar file itself, CRLF line ends and all, as `-o -` asks.
        print!("{text}");
        return Ok(());
    }
    let output = context.path(&args.output);
    std::fs::write(&output, &text)
        .map_err(|err| CliError::BadInput(format!("cannot write {}: {err}", output.display())))?;
    let (events, shown) = (export.events, args.output.display());
    err!("{}", tr!("wrote {events} event(s) to {shown}", "已把 {events} 个事件写入 {shown}"));
    Ok(())
}
