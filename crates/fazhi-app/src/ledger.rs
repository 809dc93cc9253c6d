//! The ledger jobs of a session: importing files, adding a row, and checking declared files.

use std::ops::ControlFlow;
use std::path::PathBuf;

use chrono::NaiveDateTime;
use fazhi_core::{Diagnostic, LedgerRecord, Workspace, WORKSPACE_FILE};
use fazhi_ledger::{LedgerError, ReadOptions};
use fazhi_rules::RulePack;
use fazhi_store::{ImportOutcome, LedgerImport, StateStore};
use sha2::{Digest, Sha256};

use crate::ledger_source::{find_kind, regular_file};
use crate::{AppError, ImportProgress, LedgerSource, Session};

/// What the reading thread hands the storing one.
enum Read {
    /// The next records of the file being read.
    Records(Vec<LedgerRecord>),
    /// The file was read to its end: how, or why not.
    Done(Result<usize, LedgerError>),
}

impl Session {
    /// Imports ledger files, each as one import and all in one transaction with their audit
    /// entries: a file with any problem stores nothing of any file; every file is still read,
    /// so that all problems are listed ([`AppError::Invalid`]). One thread reads the files in
    /// turn while this one stores the parts read; a large import writes its pages straight into
    /// the database file. `by` is who imports.
    pub fn import_ledger(
        &mut self,
        sources: &[LedgerSource],
        by: &str,
        progress: &dyn ImportProgress,
    ) -> Result<Vec<ImportOutcome>, AppError> {
        let at = self.local_now();
        import_files(&self.workspace, self.gate.pack(), self.store.as_mut(), sources, by, at, progress)
    }

    /// Adds one row of the kind named `kind` given as `(field, value)` cells (`fazhi ledger
    /// add`): a row identical to one stored before is a new row all the same.
    pub fn add_ledger_row(
        &mut self,
        kind: &str,
        cells: &[(String, String)],
        by: &str,
    ) -> Result<(ImportOutcome, LedgerRecord), AppError> {
        let kind = find_kind(self.gate.pack(), kind)?;
        let record = kind.record(cells, 0).map_err(|problems| AppError::bad_input(problems.join("; ")))?;
        let data = serde_json::to_string(&record.values).map_err(AppError::internal)?;
        let sha256 = hex::encode(Sha256::digest(data.as_bytes()));
        let at = self.workspace.local(self.clock.now());
        let import =
            LedgerImport { kind, source: "ledger add", sheet: None, sha256: &sha256, by, at, always_new: true };
        let outcome = self.store.import_ledger(&import, std::slice::from_ref(&record))?;
        Ok((outcome, record))
    }

    /// Imports the ledger files the workspace declares (`ledger:` in fazhi.ron) that were not
    /// imported before, after moving rows stored in the ledger's first layout to their tables.
    /// A file whose content is that of its last import is not read again; a file changed since
    /// is imported as a new revision, which supersedes the rows of the earlier version it no
    /// longer has.
    pub(crate) fn apply_ledger_files(&mut self) -> Result<(), AppError> {
        let legacy = match self.store.sqlite() {
            Some(sqlite) => sqlite.legacy_ledger_kinds()?,
            None => Vec::new(),
        };
        if self.workspace.config.ledger.is_empty() && legacy.is_empty() {
            return Ok(());
        }
        let pack = self.gate.pack();
        // Rows stored in the ledger's first layout move to their kind's table, once.
        if let Some(sqlite) = self.store.sqlite_mut() {
            for kind in legacy.iter().filter_map(|kind| find_kind(pack, kind).ok()) {
                sqlite.adopt_legacy_ledger(kind)?;
            }
        }
        let at = self.workspace.local(self.clock.now());
        // Every file not imported in its current content, imported together: a problem in any
        // of them stores nothing of any.
        let mut pending = Vec::new();
        for seed in &self.workspace.config.ledger {
            let options = ReadOptions { sheet: seed.sheet.clone(), mapping: mapping(&seed.map) };
            let (kind, file) = seed_kind_and_file(&self.workspace, pack, seed)
                .map_err(|problem| AppError::Invalid { problems: vec![problem] })?;
            let source = LedgerSource::new(&self.workspace, pack, &kind.id, file, seed.file.clone(), options)?;
            let shown = source.shown.display().to_string();
            if !self.store.ledger_file_current(&source.kind, &shown, seed.sheet.as_deref(), &source.sha256)? {
                pending.push(source);
            }
        }
        import_files(&self.workspace, pack, self.store.as_mut(), &pending, WORKSPACE_FILE, at, &crate::NoProgress)?;
        Ok(())
    }
}

/// What the ledger files the workspace declares would add to `store`, in words (for a state
/// read as it is): files not imported in their current content, and rows stored in the ledger's
/// first layout.
pub(crate) fn pending_ledger_files(
    workspace: &Workspace,
    pack: &RulePack,
    store: &dyn StateStore,
) -> Result<Vec<String>, AppError> {
    let legacy = match store.sqlite() {
        Some(sqlite) => sqlite.legacy_ledger_kinds()?,
        None => Vec::new(),
    };
    let mut pending: Vec<String> =
        legacy.iter().map(|kind| format!("the move of the ledger kind \"{kind}\" to its own table")).collect();
    for seed in &workspace.config.ledger {
        let (kind, file) = seed_kind_and_file(workspace, pack, seed)
            .map_err(|problem| AppError::Invalid { problems: vec![problem] })?;
        let source = LedgerSource::new(workspace, pack, &kind.id, file, seed.file.clone(), ReadOptions::default())?;
        let shown = seed.file.display().to_string();
        if !store.ledger_file_current(&kind.id, &shown, seed.sheet.as_deref(), &source.sha256)? {
            pending.push(format!("the ledger file {}", seed.file.display()));
        }
    }
    Ok(pending)
}

/// Checks every ledger file the workspace declares without storing anything: the problems of
/// all of them.
pub fn check_ledger_files(workspace: &Workspace, pack: &RulePack) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for seed in &workspace.config.ledger {
        let (kind, file) = match seed_kind_and_file(workspace, pack, seed) {
            Ok(found) => found,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        if let Err(message) = regular_file(&file, &seed.file) {
            problems.push(Diagnostic { file: seed.file.clone(), line: 1, column: 1, message });
            continue;
        }
        if crate::org_roster::is_org_ron(workspace, &file) {
            problems.extend(crate::org_roster::roster_records(workspace, kind).err());
            continue;
        }
        let options = ReadOptions { sheet: seed.sheet.clone(), mapping: mapping(&seed.map) };
        // Only the problems matter here: each batch of records is dropped as it comes.
        match fazhi_ledger::read_ledger_batches(&file, &seed.file, kind, &options, &mut |_, _| {}, &mut |_| {
            ControlFlow::Continue(())
        }) {
            Ok(_) => {}
            Err(LedgerError::Invalid { problems: more }) => problems.extend(more),
            Err(err) => {
                problems.push(Diagnostic { file: seed.file.clone(), line: 1, column: 1, message: err.to_string() })
            }
        }
    }
    problems
}

/// A ledger file `fazhi.ron` declares: its kind, and where the file really is (inside the
/// workspace: a link out of it is refused); a problem placed at the entry in fazhi.ron otherwise.
pub(crate) fn seed_kind_and_file<'p>(
    workspace: &Workspace,
    pack: &'p RulePack,
    seed: &fazhi_core::LedgerSeed,
) -> Result<(&'p fazhi_core::LedgerKind, PathBuf), Diagnostic> {
    let at = |message: String| Diagnostic {
        file: PathBuf::from(WORKSPACE_FILE),
        line: seed.line,
        column: seed.column,
        message,
    };
    let kind = find_kind(pack, &seed.kind).map_err(|err| at(format!("ledger file {}: {err}", seed.file.display())))?;
    let file = fazhi_core::resolve_inside(&workspace.root, &seed.file)
        .map_err(|outside| at(format!("ledger file: {outside}")))?;
    Ok((kind, file))
}

fn mapping(map: &std::collections::BTreeMap<String, String>) -> Vec<(String, String)> {
    map.iter().map(|(header, field)| (header.clone(), field.clone())).collect()
}

/// See [`Session::import_ledger`].
fn import_files(
    workspace: &Workspace,
    pack: &RulePack,
    store: &mut dyn StateStore,
    sources: &[LedgerSource],
    by: &str,
    at: NaiveDateTime,
    progress: &dyn ImportProgress,
) -> Result<Vec<ImportOutcome>, AppError> {
    /// From this many bytes of files on, an import writes through.
    const LARGE: u64 = 16 << 20;
    if sources.is_empty() {
        return Ok(Vec::new());
    }
    let kinds = sources.iter().map(|source| find_kind(pack, &source.kind)).collect::<Result<Vec<_>, _>>()?;
    let names: Vec<String> = sources.iter().map(|source| source.shown.display().to_string()).collect();
    let import = |k: usize| LedgerImport {
        kind: kinds[k],
        source: &names[k],
        sheet: sources[k].options.sheet.as_deref(),
        sha256: &sources[k].sha256,
        by,
        at,
        always_new: false,
    };
    let mut writer = store.ledger_sink(&import(0))?;
    let bytes: u64 = sources.iter().filter_map(|source| std::fs::metadata(&source.file).ok()).map(|m| m.len()).sum();
    if bytes >= LARGE {
        writer.write_through()?;
    }
    let mut outcomes = Vec::with_capacity(sources.len());
    let mut problems = Vec::new();
    let mut failure: Option<AppError> = None;
    let kinds = &kinds;
    std::thread::scope(|scope| {
        // Each part read waits here until the one before is taken: what is read ahead is
        // bounded.
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Read>(1);
        scope.spawn(move || {
            for (source, kind) in sources.iter().zip(kinds) {
                if source.from_org {
                    // The officers' roster, made from org.ron's people rather than read.
                    let sent = match crate::org_roster::roster_records(workspace, kind) {
                        Ok(records) => {
                            let count = records.len();
                            sender.send(Read::Records(records)).is_ok() && sender.send(Read::Done(Ok(count))).is_ok()
                        }
                        Err(problem) => {
                            sender.send(Read::Done(Err(LedgerError::Invalid { problems: vec![problem] }))).is_ok()
                        }
                    };
                    if !sent {
                        return;
                    }
                    continue;
                }
                progress.start(&source.shown);
                let read = fazhi_ledger::read_ledger_batches(
                    &source.file,
                    &source.shown,
                    kind,
                    &source.options,
                    &mut |done, total| progress.advance(done, total),
                    &mut |records| match sender.send(Read::Records(records)) {
                        Ok(()) => ControlFlow::Continue(()),
                        Err(_) => ControlFlow::Break(()),
                    },
                );
                progress.finish();
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
                    failure = Some(AppError::bad_input(err.to_string()));
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
        return Err(AppError::Invalid { problems });
    }
    outcomes.push(writer.finish()?);
    Ok(outcomes)
}
