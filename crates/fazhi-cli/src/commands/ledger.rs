//! `fazhi ledger`: the ledger (台账) — kinds declared by the modules, rows imported from CSV or
//! XLSX (all or nothing, once; a new version of a file as a revision), added by hand, voided or
//! corrected, and listed.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use fazhi_app::{find_kind, ImportProgress, LedgerCorrection, LedgerSource, Session};
use fazhi_core::LedgerKind;
use fazhi_ledger::ReadOptions;
use fazhi_store::{ImportOutcome, LedgerRow, Supersession};
use serde::Serialize;

use super::print_json;
use crate::table::Table;
use crate::{CliError, Context};

/// The ledger subcommands.
#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// List the ledger kinds the modules declare, with their fields and rows per year.
    Kinds,
    /// Import rows of KIND from a CSV or XLSX file (`KIND FILE`), or several files at once
    /// (`KIND=FILE KIND=FILE …`): all rows of all files or none; rows imported before are not
    /// added again.
    Import(ImportArgs),
    /// Add one row of KIND: `fazhi ledger add hotline_ticket ticket_no=… received_on=2024-03-01 …`.
    Add {
        /// The ledger kind.
        kind: String,
        /// FIELD=VALUE for each field (the field's id or label).
        #[arg(value_name = "FIELD=VALUE", required = true)]
        values: Vec<String>,
    },
    /// List the current rows of KIND, oldest first, each with its number (行号) and source.
    List {
        /// The ledger kind.
        kind: String,
        /// Only rows of this year.
        #[arg(long)]
        year: Option<i32>,
        /// Also the rows no longer counted, each with what replaced it: a correction, a void
        /// or a new version of its file.
        #[arg(long)]
        history: bool,
    },
    /// Void one row of KIND (by its number in `ledger list`): it stays in the ledger, no
    /// longer counted, with who voided it and why in the audit log.
    Void {
        /// The ledger kind.
        kind: String,
        /// The row's number as `ledger list` shows it, e.g. 2024-17.
        row: String,
        /// Why (kept in the audit log).
        #[arg(long, required = true)]
        reason: String,
        /// Who (person id or name); default: the user running fazhi.
        #[arg(long, value_name = "PERSON")]
        by: Option<String>,
    },
    /// Correct fields of one row of KIND: `fazhi ledger correct training 2024-3 attendees=23
    /// --reason 签到表核对`. The row stays, superseded by a new row with the corrected values.
    Correct {
        /// The ledger kind.
        kind: String,
        /// The row's number as `ledger list` shows it, e.g. 2024-17.
        row: String,
        /// FIELD=VALUE for each field to correct (the field's id or label).
        #[arg(value_name = "FIELD=VALUE", required = true)]
        values: Vec<String>,
        /// Why (kept in the audit log).
        #[arg(long, required = true)]
        reason: String,
        /// Who (person id or name); default: the user running fazhi.
        #[arg(long, value_name = "PERSON")]
        by: Option<String>,
    },
}

/// `fazhi ledger import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The ledger kind and the CSV (UTF-8 or GBK) or XLSX file: `KIND FILE`; or `KIND=FILE`
    /// for each of several files, imported together in one transaction.
    #[arg(value_name = "KIND FILE | KIND=FILE", required = true)]
    pub files: Vec<String>,
    /// The XLSX sheet to read (default: the first); with one file only.
    #[arg(long)]
    pub sheet: Option<String>,
    /// HEADER=FIELD: read column HEADER as field FIELD (id or label), or HEADER=- to ignore it
    /// (repeatable); with one file only.
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    pub map: Vec<String>,
}

impl ImportArgs {
    /// The (kind, file) pairs named: `KIND FILE`, or `KIND=FILE` each.
    fn pairs(&self) -> Result<Vec<(String, PathBuf)>, CliError> {
        let usage = "write `fazhi ledger import KIND FILE`, or `KIND=FILE` for each of several files";
        match self.files.as_slice() {
            [kind, file] if !kind.contains('=') => Ok(vec![(kind.clone(), PathBuf::from(file))]),
            pairs => pairs
                .iter()
                .map(|pair| match pair.split_once('=') {
                    Some((kind, file)) if !kind.trim().is_empty() && !file.is_empty() => {
                        Ok((kind.trim().to_string(), PathBuf::from(file)))
                    }
                    _ => Err(CliError::BadInput(format!("\"{pair}\": {usage}"))),
                })
                .collect(),
        }
    }
}

/// Runs a ledger subcommand.
pub fn run(context: &Context, command: &LedgerCommand) -> Result<(), CliError> {
    match command {
        LedgerCommand::Kinds => kinds(context, &context.read_session()?),
        LedgerCommand::Import(args) => {
            let pairs = args.pairs()?;
            if pairs.len() > 1 && (args.sheet.is_some() || !args.map.is_empty()) {
                return Err(CliError::BadInput(
                    "--sheet and --map apply to one file: import the files that need them one at a time".to_string(),
                ));
            }
            let mut mapping = Vec::new();
            for pair in &args.map {
                let (header, field) = pair.split_once('=').ok_or_else(|| {
                    CliError::BadInput(format!("--map \"{pair}\": write HEADER=FIELD, or HEADER=- to ignore a column"))
                })?;
                mapping.push((header.trim().to_string(), field.trim().to_string()));
            }
            let options = ReadOptions { sheet: args.sheet.clone(), mapping };
            let mut session = context.session()?;
            let mut sources = Vec::with_capacity(pairs.len());
            for (kind, file) in &pairs {
                let file = fazhi_app::given_file(session.workspace(), &context.path(file))?;
                let shown = LedgerSource::shown_path(session.workspace(), &file);
                sources.push(LedgerSource::new(
                    session.workspace(),
                    session.pack(),
                    kind,
                    file,
                    shown,
                    options.clone(),
                )?);
            }
            let outcomes = session.import_ledger(&sources, &actor(), &TerminalProgress::default())?;
            if context.json && outcomes.len() == 1 {
                return print_json(&outcomes[0]);
            }
            if context.json {
                return print_json(&outcomes);
            }
            for (source, outcome) in sources.iter().zip(&outcomes) {
                let kind = find_kind(session.pack(), &source.kind)?;
                report_import(kind, &source.shown, outcome);
            }
            Ok(())
        }
        LedgerCommand::Add { kind, values } => {
            let cells = cells(values)?;
            let mut session = context.session()?;
            let (outcome, record) = session.add_ledger_row(kind, &cells, &actor())?;
            if context.json {
                return print_json(&outcome);
            }
            let kind = find_kind(session.pack(), kind)?;
            let (name, id, year) = (&kind.name, &kind.id, record.year);
            out!("{}", tr!("added 1 row of {name} ({id}) for {year}", "已添加 {name}（{id}）{year}年的 1 行"));
            Ok(())
        }
        LedgerCommand::List { kind, year, history } => {
            let session = context.read_session()?;
            let rows = session.ledger_rows(kind, *year, *history)?;
            if context.json {
                return print_json(&rows);
            }
            let kind = find_kind(session.pack(), kind)?;
            list(kind, &rows, *year, *history);
            Ok(())
        }
        LedgerCommand::Void { kind, row, reason, by } => {
            let request = LedgerCorrection {
                kind: kind.clone(),
                row: row.clone(),
                cells: Vec::new(),
                reason: reason.clone(),
                by: by.clone(),
            };
            let mut session = context.session()?;
            let voided = session.void_ledger_row(&request, &actor())?;
            if context.json {
                return print_json(&voided);
            }
            let kind = find_kind(session.pack(), kind)?;
            let (row, name, id, seq) = (&voided.row, &kind.name, &kind.id, voided.audit_seq);
            out!(
                "{}",
                tr!(
                    "voided row {row} of {name} ({id}) (audit #{seq})",
                    "已作废 {name}（{id}）第 {row} 行（审计第 {seq} 条）"
                )
            );
            Ok(())
        }
        LedgerCommand::Correct { kind, row, values, reason, by } => {
            let request = LedgerCorrection {
                kind: kind.clone(),
                row: row.clone(),
                cells: cells(values)?,
                reason: reason.clone(),
                by: by.clone(),
            };
            let mut session = context.session()?;
            let corrected = session.correct_ledger_row(&request, &actor())?;
            if context.json {
                return print_json(&corrected);
            }
            let kind = find_kind(session.pack(), kind)?;
            let changes: Vec<String> = corrected
                .changes
                .iter()
                .map(|change| {
                    let shown = |value: &Option<String>| value.clone().unwrap_or_else(|| "（空）".to_string());
                    format!("{} {} → {}", change.label, shown(&change.from), shown(&change.to))
                })
                .collect();
            let (row, name, id, changes) = (&corrected.row, &kind.name, &kind.id, changes.join("，"));
            let (replacement, seq) = (corrected.replacement.as_deref().unwrap_or("-"), corrected.audit_seq);
            out!(
                "{}",
                tr!(
                    "corrected row {row} of {name} ({id}): {changes}; the corrected row is {replacement} (audit #{seq})",
                    "已更正 {name}（{id}）第 {row} 行：{changes}；更正后的行为 {replacement}（审计第 {seq} 条）"
                )
            );
            Ok(())
        }
    }
}

/// FIELD=VALUE pairs as (field, value) cells.
fn cells(values: &[String]) -> Result<Vec<(String, String)>, CliError> {
    values
        .iter()
        .map(|pair| {
            pair.split_once('=')
                .map(|(field, value)| (field.trim().to_string(), value.to_string()))
                .ok_or_else(|| CliError::BadInput(format!("\"{pair}\": write FIELD=VALUE (e.g. status=已处理)")))
        })
        .collect()
}

/// Prints `rows` of `kind` as a table: each row's number, its values and its source, and with
/// `history` what replaced each row no longer counted.
fn list(kind: &LedgerKind, rows: &[LedgerRow], year: Option<i32>, history: bool) {
    let mut headers: Vec<&str> = vec!["行号"];
    headers.extend(kind.fields.iter().map(|field| field.label.as_str()));
    headers.push("来源");
    if history {
        headers.push("状态");
    }
    let mut table = Table::new(&headers);
    for row in rows {
        let mut cells = vec![row.row.clone()];
        cells.extend(kind.fields.iter().map(|field| fazhi_app::ledger_value_text(row.values.get(&field.id))));
        cells.push(if row.source_row > 0 { format!("{}:{}", row.source, row.source_row) } else { row.source.clone() });
        if history {
            cells.push(match &row.superseded {
                None => "当前".to_string(),
                Some(Supersession::Revision { revision, source, .. }) => format!("已被 {source} 第{revision}版取代"),
                Some(Supersession::Correction { replacement_row, reason, by, .. }) => {
                    format!("已更正为{replacement_row}（{by}：{reason}）")
                }
                Some(Supersession::Void { reason, by, .. }) => format!("已作废（{by}：{reason}）"),
            });
        }
        table.row(cells);
    }
    print!("{}", table.render());
    let current = rows.iter().filter(|row| row.superseded.is_none()).count();
    let replaced = rows.len() - current;
    let (name, id) = (&kind.name, &kind.id);
    let mut summary = match year {
        Some(year) => tr!("{current} row(s) of {name} ({id}) in {year}", "{name}（{id}）{year}年共 {current} 行"),
        None => tr!("{current} row(s) of {name} ({id})", "{name}（{id}）共 {current} 行"),
    };
    if history {
        summary.push_str(&tr!(", and {replaced} no longer counted", "，另有 {replaced} 行不再计入"));
    }
    println!("{summary}");
}

/// A progress bar on stderr while a file is read, when stderr is a terminal.
#[derive(Default)]
struct TerminalProgress {
    bar: std::sync::Mutex<Option<indicatif::ProgressBar>>,
}

impl ImportProgress for TerminalProgress {
    fn start(&self, shown: &Path) {
        if !std::io::stderr().is_terminal() {
            return;
        }
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {percent}% {eta}")
                .expect("a valid template")
                .progress_chars("=> "),
        );
        let shown = shown.display();
        bar.set_message(tr!("importing {shown}", "正在导入 {shown}"));
        *self.bar.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(bar);
    }

    fn advance(&self, done: u64, total: u64) {
        if let Some(bar) = &*self.bar.lock().unwrap_or_else(std::sync::PoisonError::into_inner) {
            bar.set_length(total);
            bar.set_position(done);
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take() {
            bar.finish_and_clear();
        }
    }
}

fn report_import(kind: &LedgerKind, shown: &Path, outcome: &ImportOutcome) {
    let before = outcome.read - outcome.added;
    let superseded = match (outcome.superseded, outcome.revision) {
        (0, _) => String::new(),
        (superseded, Some(revision)) => tr!(
            "; revision {revision} of the file: {superseded} row(s) of its earlier version no longer counted",
            "；文件第 {revision} 版：旧版的 {superseded} 行不再计入"
        ),
        (superseded, None) => {
            tr!("; {superseded} row(s) of its earlier version no longer counted", "；旧版的 {superseded} 行不再计入")
        }
    };
    let earlier = match before {
        0 => String::new(),
        before => tr!("; {before} were recorded before", "；{before} 行此前已记录"),
    };
    let (added, read, name, id, shown) = (outcome.added, outcome.read, &kind.name, &kind.id, shown.display());
    out!(
        "{}",
        tr!(
            "imported {added} of {read} row(s) of {name} ({id}) from {shown}{earlier}{superseded}",
            "从 {shown} 导入 {name}（{id}）{read} 行中的 {added} 行{earlier}{superseded}"
        )
    );
}

/// Who imports: the user running fazhi.
fn actor() -> String {
    std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "fazhi".to_string())
}

#[derive(Serialize)]
struct KindSummary<'a> {
    module: &'a str,
    kind: &'a LedgerKind,
    rows: BTreeMap<i32, i64>,
}

fn kinds(context: &Context, session: &Session) -> Result<(), CliError> {
    let pack = session.pack();
    let totals = session.store().ledger_totals()?;
    let summaries: Vec<KindSummary> = pack
        .modules()
        .iter()
        .flat_map(|module| module.ledger_kinds.iter().map(move |kind| (module, kind)))
        .map(|(module, kind)| KindSummary {
            module: &module.id,
            kind,
            rows: totals.iter().filter(|(id, _, _)| id == &kind.id).map(|(_, year, rows)| (*year, *rows)).collect(),
        })
        .collect();
    if context.json {
        return print_json(&summaries);
    }
    let mut table = Table::new(&["KIND", "NAME", "MODULE", "FIELDS", "ROWS"]);
    for summary in &summaries {
        let rows: Vec<String> = summary.rows.iter().map(|(year, rows)| format!("{year}: {rows}")).collect();
        table.row(vec![
            summary.kind.id.clone(),
            summary.kind.name.clone(),
            summary.module.to_string(),
            summary.kind.fields.iter().map(|field| field.label.as_str()).collect::<Vec<_>>().join("、"),
            if rows.is_empty() { "-".to_string() } else { rows.join(", ") },
        ]);
    }
    crate::terminal::print(&table.render());
    Ok(())
}
