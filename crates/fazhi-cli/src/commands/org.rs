//! `fazhi org import`: units and people from a staff list in Excel or CSV.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use fazhi_app::{LedgerSource, OrgImport};
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
    for problem in &import.skipped {
        err!("warning: {problem} (row left out)");
    }
    let units: Vec<String> = import.units.iter().map(|unit| format!("{} ({})", unit.name, unit.id)).collect();
    let people: Vec<String> = import.people.iter().map(|person| format!("{} ({})", person.name, person.id)).collect();
    out!(
        "{} org.ron: {} units [{}], {} people [{}]",
        if args.dry_run { "would add to" } else { "added to" },
        units.len(),
        units.join(", "),
        people.len(),
        people.join(", ")
    );
    if !import.unchanged.is_empty() {
        out!("already in org.ron, left as they are: {}", import.unchanged.join("、"));
    }
    Ok(())
}
