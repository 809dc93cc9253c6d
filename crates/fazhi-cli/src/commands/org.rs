//! `fazhi org import`: units and people from a staff list in Excel or CSV.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use fazhi_app::{LedgerSource, OrgImport};
use fazhi_core::{Person, Unit};
use fazhi_ledger::ReadOptions;

use super::print_json;
use crate::{CliError, Context};

/// The org subcommands.
#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Add the people of a staff list (XLSX, XLS or CSV: 姓名, 单位/科室, 职务, 邮箱, 手机, 执法证号,
    /// 有效期至) to org.ron, with their units; ids derived from the names.
    Import(OrgImportArgs),
}

/// `fazhi org import`.
#[derive(Debug, Args)]
pub struct OrgImportArgs {
    /// The staff list: .xlsx, .xls, .ods or .csv (UTF-8 or GBK).
    pub file: PathBuf,
    /// The sheet to read (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// HEADER=FIELD: read column HEADER as the column FIELD (e.g. '所在站所=单位'), or HEADER=-
    /// to ignore it (repeatable).
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    pub map: Vec<String>,
    /// Write org.ron anew from the list alone (instead of adding to it).
    #[arg(long)]
    pub replace: bool,
    /// Leave out the rows with a problem (each listed) and write the rest.
    #[arg(long)]
    pub skip_bad: bool,
    /// Print what would be added; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs an org subcommand.
pub fn run(context: &Context, command: &OrgCommand) -> Result<(), CliError> {
    let OrgCommand::Import(args) = command;
    let workspace = context.workspace()?;
    let file = context.path(&args.file);
    let shown = LedgerSource::shown_path(&workspace, &file);
    let read = ReadOptions { sheet: args.sheet.clone(), mapping: super::checklist::mapping(&args.map)? };
    let import = OrgImport::read(&workspace, &file, &shown, &read, args.replace, args.skip_bad)?;
    if !args.dry_run {
        import.write()?;
    }
    if context.json {
        return print_json(&import);
    }
    super::warn_rows_left_out(&import.skipped);
    say_added(args.dry_run, &import.units, &import.people, false);
    if !import.unchanged.is_empty() {
        let unchanged = import.unchanged.join("、");
        out!("{}", tr!("already in org.ron, left as they are: {unchanged}", "org.ron 中已有，保持不变：{unchanged}"));
    }
    Ok(())
}

/// Says which units and people were added to org.ron (or, with `dry_run`, would be); with
/// `email_hint`, that they need email addresses there for reminders.
pub fn say_added(dry_run: bool, units: &[Unit], people: &[Person], email_hint: bool) {
    let units_count = units.len();
    let people_count = people.len();
    let units = units.iter().map(|unit| format!("{} ({})", unit.name, unit.id)).collect::<Vec<_>>().join(", ");
    let people = people.iter().map(|person| format!("{} ({})", person.name, person.id)).collect::<Vec<_>>().join(", ");
    let verb = match dry_run {
        true => tr!("would add to", "将加入"),
        false => tr!("added to", "已加入"),
    };
    let hint = match email_hint {
        true => tr!("; give them email addresses there for reminders", "；请在那里为他们填写邮箱，以便接收提醒"),
        false => String::new(),
    };
    out!(
        "{}",
        tr!(
            "{verb} org.ron: {units_count} units [{units}], {people_count} people [{people}]{hint}",
            "{verb} org.ron：{units_count} 个单位 [{units}]，{people_count} 人 [{people}]{hint}"
        )
    );
}
