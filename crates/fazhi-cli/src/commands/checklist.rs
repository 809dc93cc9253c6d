//! `fazhi checklist`: the 任务清单 from an Excel or CSV table, and back to Excel.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use fazhi_app::{ChecklistImport, ChecklistImportOptions, LedgerSource};
use fazhi_ledger::ReadOptions;

use super::print_json;
use crate::{CliError, Context};

/// The checklist subcommands.
#[derive(Debug, Subcommand)]
pub enum ChecklistCommand {
    /// Read a 任务清单 (XLSX, XLS or CSV in UTF-8 or GBK: 序号, 工作任务, 责任单位, 责任人, 完成时限,
    /// 备注, …) into checklist/NAME.ron: units and people by name from org.ron, deadlines from
    /// the phrases towns write (2025年3月31日, 3月底, 每季度末, 长期坚持, 立案后90日内), ids derived.
    Import(ImportArgs),
    /// Write the checklist to an XLSX workbook for printing or handing up: each duty with its
    /// status, completion date and evidence count (A4 landscape).
    Export {
        /// The workbook to write (.xlsx).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
}

/// `fazhi checklist import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The table: .xlsx, .xls, .ods or .csv (UTF-8 or GBK).
    pub file: PathBuf,
    /// The checklist's name: written to checklist/NAME.ron (default: derived from the file's name).
    #[arg(long)]
    pub name: Option<String>,
    /// The sheet to read (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// HEADER=FIELD: read column HEADER as the column FIELD (e.g. '工作目标=工作任务'), or
    /// HEADER=- to ignore it (repeatable).
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    pub map: Vec<String>,
    /// Add the units and people org.ron lacks to org.ron (ids derived from their names).
    #[arg(long)]
    pub add_missing: bool,
    /// Leave out the rows with a problem (each listed) and write the rest.
    #[arg(long)]
    pub skip_bad: bool,
    /// The module of tasks without a 所属模块 cell (default: general).
    #[arg(long)]
    pub module: Option<String>,
    /// The checklist's year (default: fazhi.ron's): where 3月底 and 年底前 fall.
    #[arg(long)]
    pub year: Option<i32>,
    /// Write checklist/NAME.ron anew if it exists.
    #[arg(long)]
    pub replace: bool,
    /// Print what would be written; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// The `--map HEADER=FIELD` pairs.
pub fn mapping(pairs: &[String]) -> Result<Vec<(String, String)>, CliError> {
    pairs
        .iter()
        .map(|pair| match pair.split_once('=') {
            Some((header, field)) if !header.trim().is_empty() && !field.trim().is_empty() => {
                Ok((header.trim().to_string(), field.trim().to_string()))
            }
            _ => Err(CliError::BadInput(format!("--map \"{pair}\": write HEADER=FIELD, or HEADER=- to ignore it"))),
        })
        .collect()
}

/// Runs a checklist subcommand.
pub fn run(context: &Context, command: &ChecklistCommand) -> Result<(), CliError> {
    match command {
        ChecklistCommand::Import(args) => import(context, args),
        ChecklistCommand::Export { output } => export(context, &context.path(output)),
    }
}

fn import(context: &Context, args: &ImportArgs) -> Result<(), CliError> {
    let workspace = context.workspace()?;
    let file = context.path(&args.file);
    let shown = LedgerSource::shown_path(&workspace, &file);
    let options = ChecklistImportOptions {
        name: args.name.clone(),
        read: ReadOptions { sheet: args.sheet.clone(), mapping: mapping(&args.map)? },
        add_missing: args.add_missing,
        skip_bad: args.skip_bad,
        module: args.module.clone(),
        year: args.year,
        replace: args.replace,
    };
    let import = ChecklistImport::read(&workspace, &file, &shown, &options)?;
    if !args.dry_run {
        import.write()?;
    }
    if context.json {
        return print_json(&import);
    }
    super::warn_rows_left_out(&import.skipped);
    let target = import.target.strip_prefix(&workspace.root).unwrap_or(&import.target);
    if args.dry_run {
        out!("{}", import.text.trim_end());
    }
    let rows: std::collections::BTreeSet<usize> = import.skipped.iter().map(|problem| problem.line).collect();
    let (shown, duties, events) = (target.display(), import.duties.len(), import.events.len());
    let left_out = match rows.len() {
        0 => String::new(),
        rows => tr!("; {rows} rows left out", "；略去 {rows} 行"),
    };
    let text = match args.dry_run {
        true => tr!(
            "would write {shown}: {duties} duties, {events} events{left_out}",
            "将写入 {shown}：{duties} 项职责，{events} 个事件{left_out}"
        ),
        false => tr!(
            "wrote {shown}: {duties} duties, {events} events{left_out}",
            "已写入 {shown}：{duties} 项职责，{events} 个事件{left_out}"
        ),
    };
    out!("{text}");
    if !import.added_units.is_empty() || !import.added_people.is_empty() {
        super::org::say_added(args.dry_run, &import.added_units, &import.added_people, true);
    }
    Ok(())
}

fn export(context: &Context, output: &Path) -> Result<(), CliError> {
    let session = context.read_session()?;
    let summary = session.export_checklist(output)?;
    if context.json {
        return print_json(&summary);
    }
    let (shown, duties, tasks, done, overdue) =
        (output.display(), summary.duties, summary.tasks, summary.done, summary.overdue);
    out!(
        "{}",
        tr!(
            "wrote {shown}: {duties} duties ({tasks} tasks, {done} done, {overdue} overdue)",
            "已写入 {shown}：{duties} 项职责（{tasks} 项任务，已完成 {done} 项，逾期 {overdue} 项）"
        )
    );
    Ok(())
}
