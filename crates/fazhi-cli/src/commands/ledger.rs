//! `fazhi ledger`: the ledger (台账) — kinds declared by the modules, rows imported from CSV or
//! XLSX (all or nothing, once), added by hand, and listed.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use fazhi_core::{LedgerKind, Workspace};
use fazhi_ledger::{LedgerError, ReadOptions};
use fazhi_rules::RulePack;
use fazhi_store::{ImportOutcome, LedgerImport, LedgerQuery, Store};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::print_json;
use super::review::rules_error;
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
    /// List the rows of KIND, oldest first.
    List {
        /// The ledger kind.
        kind: String,
        /// Only rows of this year.
        #[arg(long)]
        year: Option<i32>,
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
    let workspace = context.workspace()?;
    let pack = RulePack::load(Some(&workspace.root.join("rules"))).map_err(rules_error)?;
    match command {
        LedgerCommand::Kinds => kinds(context, &workspace, &pack),
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
            let mut sources = Vec::with_capacity(pairs.len());
            for (kind, file) in &pairs {
                let kind = find_kind(&pack, kind)?;
                let file = context.start_dir().join(file);
                let shown = shown_path(&workspace, &file);
                let sha256 = file_sha256(&file, &shown)?;
                sources.push(Source { kind, file, shown, sha256, options: options.clone() });
            }
            let mut store = context.open_store(&workspace)?;
            let at = workspace.local(context.clock(&workspace).now());
            let by = actor();
            let outcomes = import_files(&mut store, &sources, &by, at)?;
            if context.json && outcomes.len() == 1 {
                return print_json(&outcomes[0]);
            }
            if context.json {
                return print_json(&outcomes);
            }
            for (source, outcome) in sources.iter().zip(&outcomes) {
                report_import(source.kind, &source.shown, outcome);
            }
            Ok(())
        }
        LedgerCommand::Add { kind, values } => {
            let kind = find_kind(&pack, kind)?;
            let mut cells = Vec::new();
            for pair in values {
                let (field, value) = pair
                    .split_once('=')
                    .ok_or_else(|| CliError::BadInput(format!("\"{pair}\": write FIELD=VALUE (e.g. status=已处理)")))?;
                cells.push((field.trim().to_string(), value.to_string()));
            }
            let record = kind.record(&cells, 0).map_err(|problems| CliError::BadInput(problems.join("; ")))?;
            let data = serde_json::to_string(&record.values).map_err(anyhow::Error::from)?;
            let sha256 = hex::encode(Sha256::digest(data.as_bytes()));
            let mut store = context.open_store(&workspace)?;
            let at = workspace.local(context.clock(&workspace).now());
            let import =
                LedgerImport { kind, source: "ledger add", sha256: &sha256, by: &actor(), at, always_new: true };
            let outcome = store.import_ledger(&import, std::slice::from_ref(&record))?;
            if context.json {
                return print_json(&outcome);
            }
            out!("added 1 row of {} ({}) for {}", kind.name, kind.id, record.year);
            Ok(())
        }
        LedgerCommand::List { kind, year } => {
            let kind = find_kind(&pack, kind)?;
            let store = context.read_store(&workspace)?;
            let rows = store.ledger_rows(&LedgerQuery::new(&kind.id, *year), &[], None)?;
            if context.json {
                return print_json(&rows);
            }
            let mut headers: Vec<&str> = kind.fields.iter().map(|field| field.label.as_str()).collect();
            headers.push("来源");
            let mut table = Table::new(&headers);
            for row in &rows {
                let mut cells: Vec<String> = kind
                    .fields
                    .iter()
                    .map(|field| match row.values.get(&field.id) {
                        Some(serde_json::Value::String(text)) => text.clone(),
                        Some(serde_json::Value::Bool(flag)) => if *flag { "是" } else { "否" }.to_string(),
                        Some(serde_json::Value::Array(tags)) => {
                            tags.iter().filter_map(|tag| tag.as_str()).collect::<Vec<_>>().join("、")
                        }
                        Some(serde_json::Value::Number(number)) => match number.as_f64() {
                            Some(value) if number.is_f64() && value.fract() == 0.0 => format!("{value:.0}"),
                            _ => number.to_string(),
                        },
                        Some(other) => other.to_string(),
                        None => String::new(),
                    })
                    .collect();
                cells.push(if row.source_row > 0 {
                    format!("{}:{}", row.source, row.source_row)
                } else {
                    row.source.clone()
                });
                table.row(cells);
            }
            crate::terminal::print(&table.render());
            let scope = year.map(|year| format!(" in {year}")).unwrap_or_default();
            out!("{} row(s) of {} ({}){scope}", rows.len(), kind.name, kind.id);
            Ok(())
        }
    }
}

/// Imports the ledger files the workspace declares (`ledger:` in fazhi.ron) that were not
/// imported before, after moving rows stored in the ledger's first layout to their tables. A file whose content was imported before is not read again.
pub fn apply_seeds(context: &Context, workspace: &Workspace, store: &mut Store) -> Result<(), CliError> {
    if store.is_read_only() {
        return Ok(());
    }
    let legacy = store.legacy_ledger_kinds()?;
    if workspace.config.ledger.is_empty() && legacy.is_empty() {
        return Ok(());
    }
    let pack = RulePack::load(Some(&workspace.root.join("rules"))).map_err(rules_error)?;
    // Rows stored in the ledger's first layout move to their kind's table, once.
    for kind in legacy.iter().filter_map(|kind| find_kind(&pack, kind).ok()) {
        store.adopt_legacy_ledger(kind)?;
    }
    for seed in &workspace.config.ledger {
        let kind = find_kind(&pack, &seed.kind)?;
        let file = workspace.root.join(&seed.file);
        let sha256 = file_sha256(&file, &seed.file)?;
        if store.ledger_file_imported(&kind.id, &sha256)? {
            continue;
        }
        let options = ReadOptions { sheet: seed.sheet.clone(), mapping: mapping(&seed.map) };
        let at = workspace.local(context.clock(workspace).now());
        let source = Source { kind, file, shown: seed.file.clone(), sha256, options };
        import_files(store, std::slice::from_ref(&source), "fazhi.ron", at)?;
    }
    Ok(())
}

/// Checks every ledger file the workspace declares without storing anything: the problems of
/// all of them.
pub fn check_seeds(workspace: &Workspace, pack: &RulePack) -> Vec<fazhi_core::Diagnostic> {
    let mut problems = Vec::new();
    for seed in &workspace.config.ledger {
        let kind = match find_kind(pack, &seed.kind) {
            Ok(kind) => kind,
            Err(err) => {
                problems.push(fazhi_core::Diagnostic {
                    file: PathBuf::from(fazhi_core::WORKSPACE_FILE),
                    line: 1,
                    column: 1,
                    message: format!("ledger file {}: {err}", seed.file.display()),
                });
                continue;
            }
        };
        if let Err(message) = regular_file(&workspace.root.join(&seed.file), &seed.file) {
            problems.push(fazhi_core::Diagnostic { file: seed.file.clone(), line: 1, column: 1, message });
            continue;
        }
        let options = ReadOptions { sheet: seed.sheet.clone(), mapping: mapping(&seed.map) };
        // Only the problems matter here: each batch of records is dropped as it comes.
        match fazhi_ledger::read_ledger_batches(
            &workspace.root.join(&seed.file),
            &seed.file,
            kind,
            &options,
            &mut |_, _| {},
            &mut |_| ControlFlow::Continue(()),
        ) {
            Ok(_) => {}
            Err(LedgerError::Invalid { problems: more }) => problems.extend(more),
            Err(err) => problems.push(fazhi_core::Diagnostic {
                file: seed.file.clone(),
                line: 1,
                column: 1,
                message: err.to_string(),
            }),
        }
    }
    problems
}

fn mapping(map: &BTreeMap<String, String>) -> Vec<(String, String)> {
    map.iter().map(|(header, field)| (header.clone(), field.clone())).collect()
}

fn find_kind<'a>(pack: &'a RulePack, id: &str) -> Result<&'a LedgerKind, CliError> {
    let kinds: Vec<&LedgerKind> = pack.modules().iter().flat_map(|module| &module.ledger_kinds).collect();
    kinds.iter().copied().find(|kind| kind.id == id || kind.name == id).ok_or_else(|| {
        let known: Vec<String> = kinds.iter().map(|kind| format!("{} ({})", kind.id, kind.name)).collect();
        CliError::BadInput(format!("unknown ledger kind \"{id}\" (kinds: {})", known.join(", ")))
    })
}

/// The sha256 of a file's bytes (hex): how an import recognises a file imported before.
fn file_sha256(file: &Path, shown: &Path) -> Result<String, CliError> {
    regular_file(file, shown).map_err(CliError::BadInput)?;
    let bytes =
        std::fs::read(file).map_err(|err| CliError::BadInput(format!("cannot read {}: {err}", shown.display())))?;
    Ok(hex::encode(Sha256::digest(&bytes)))
}

/// Refuses a ledger file that is not a regular file (a FIFO would block the import forever
/// on opening it, a device would be read without end), before opening it.
fn regular_file(file: &Path, shown: &Path) -> Result<(), String> {
    let metadata = std::fs::metadata(file).map_err(|err| format!("cannot read {}: {err}", shown.display()))?;
    if metadata.is_file() {
        return Ok(());
    }
    let what = if metadata.is_dir() { "a folder" } else { file_type_name(&metadata.file_type()) };
    Err(format!("cannot read {}: it is not a regular file but {what}", shown.display()))
}

#[cfg(unix)]
fn file_type_name(file_type: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        "a FIFO (named pipe)"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_char_device() || file_type.is_block_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn file_type_name(_: &std::fs::FileType) -> &'static str {
    "a special file"
}

/// A file to import: its kind, where it is and how it is shown, its sha256, how to read it.
struct Source<'k> {
    kind: &'k LedgerKind,
    file: PathBuf,
    shown: PathBuf,
    sha256: String,
    options: ReadOptions,
}

/// What the reading thread hands the storing one.
enum Read {
    /// The next records of the file being read.
    Records(Vec<fazhi_core::LedgerRecord>),
    /// The file was read to its end: how, or why not.
    Done(Result<usize, LedgerError>),
}

/// Reads ledger files into the store, each as one import and all in one transaction, with a
/// progress bar on a terminal: one thread reads the files in turn (and the next file while
/// the last parts of one are stored) while this one stores the parts read. A file with any
/// problem stores nothing of any file; every file is still read, so that all problems are
/// listed. A large import writes its pages straight into the database file
/// ([`fazhi_store::LedgerWriter::write_through`]).
fn import_files(
    store: &mut Store,
    sources: &[Source],
    by: &str,
    at: chrono::NaiveDateTime,
) -> Result<Vec<ImportOutcome>, CliError> {
    /// From this many bytes of files on, an import writes through.
    const LARGE: u64 = 16 << 20;
    let names: Vec<String> = sources.iter().map(|source| source.shown.display().to_string()).collect();
    let import = |k: usize| LedgerImport {
        kind: sources[k].kind,
        source: &names[k],
        sha256: &sources[k].sha256,
        by,
        at,
        always_new: false,
    };
    let mut writer = store.ledger_writer(&import(0))?;
    let bytes: u64 = sources.iter().filter_map(|source| std::fs::metadata(&source.file).ok()).map(|m| m.len()).sum();
    if bytes >= LARGE {
        writer.write_through()?;
    }
    let mut outcomes = Vec::with_capacity(sources.len());
    let mut problems = Vec::new();
    let mut failure: Option<CliError> = None;
    std::thread::scope(|scope| {
        // Each part read waits here until the one before is taken: what is read ahead is
        // bounded.
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Read>(1);
        scope.spawn(move || {
            for source in sources {
                let read = with_progress(&source.shown, |progress| {
                    fazhi_ledger::read_ledger_batches(
                        &source.file,
                        &source.shown,
                        source.kind,
                        &source.options,
                        progress,
                        &mut |records| match sender.send(Read::Records(records)) {
                            Ok(()) => ControlFlow::Continue(()),
                            Err(_) => ControlFlow::Break(()),
                        },
                    )
                });
                if sender.send(Read::Done(read)).is_err() {
                    return;
                }
            }
        });
        let mut k = 0;
        for read in receiver {
            let done = match read {
                Read::Records(records) => {
                    if failure.is_none() && problems.is_empty() {
                        if let Err(err) = writer.add(&records) {
                            // Dropping the receiver stops the reading.
                            failure = Some(err.into());
                            return;
                        }
                    }
                    false
                }
                Read::Done(Ok(_)) => true,
                Read::Done(Err(LedgerError::Invalid { problems: more })) => {
                    problems.extend(more);
                    true
                }
                Read::Done(Err(err)) => {
                    failure = Some(CliError::BadInput(err.to_string()));
                    return;
                }
            };
            if done {
                k += 1;
                if k < sources.len() && problems.is_empty() {
                    match writer.next_import(&import(k)) {
                        Ok(outcome) => outcomes.push(outcome),
                        Err(err) => {
                            failure = Some(err.into());
                            return;
                        }
                    }
                }
            }
        }
    });
    if let Some(err) = failure {
        return Err(err);
    }
    if !problems.is_empty() {
        return Err(CliError::Invalid(problems));
    }
    outcomes.push(writer.finish()?);
    Ok(outcomes)
}

/// Runs `read` with a progress callback that draws a bar on a terminal.
fn with_progress<T>(shown: &Path, read: impl FnOnce(&mut dyn FnMut(u64, u64)) -> T) -> T {
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {percent}% {eta}")
                .expect("a valid template")
                .progress_chars("=> "),
        );
        bar.set_message(format!("importing {}", shown.display()));
        bar
    });
    let result = read(&mut |done: u64, total: u64| {
        if let Some(bar) = &bar {
            bar.set_length(total);
            bar.set_position(done);
        }
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    result
}

fn report_import(kind: &LedgerKind, shown: &Path, outcome: &ImportOutcome) {
    let before = outcome.read - outcome.added;
    out!(
        "imported {} of {} row(s) of {} ({}) from {}{}",
        outcome.added,
        outcome.read,
        kind.name,
        kind.id,
        shown.display(),
        if before > 0 { format!("; {before} were recorded before") } else { String::new() }
    );
}

/// The file as shown and recorded: relative to the workspace root when inside it.
fn shown_path(workspace: &Workspace, file: &Path) -> PathBuf {
    let absolute = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    let root = std::fs::canonicalize(&workspace.root).unwrap_or_else(|_| workspace.root.clone());
    absolute.strip_prefix(&root).map(Path::to_path_buf).unwrap_or(absolute)
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

fn kinds(context: &Context, workspace: &Workspace, pack: &RulePack) -> Result<(), CliError> {
    let store = context.read_store(workspace)?;
    let totals = store.ledger_totals()?;
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
