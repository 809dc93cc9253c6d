//! One module per command.

pub mod audit;
pub mod calendar;
pub mod calendar_export;
pub mod check;
pub mod flow;
pub mod init;
pub mod ledger;
pub mod modules;
pub mod outbox;
pub mod remind;
pub mod report;
pub mod review;
pub mod serve;
pub mod task;
pub mod tasks;

use serde::Serialize;

use crate::CliError;

/// Prints `value` as pretty JSON on stdout.
pub fn print_json<T: Serialize>(value: &T) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value).map_err(anyhow::Error::from)?;
    println!("{text}");
    Ok(())
}
