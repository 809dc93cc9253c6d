use std::path::PathBuf;

use chrono::{NaiveDate, TimeZone};
use fazhi_core::{parse_date, Clock, FixedClock, SystemClock, Workspace};
use fazhi_store::{Change, OpenOptions, Store};

use crate::cli::Cli;
use crate::CliError;

/// What every command needs: where the workspace is, what day it is, how to print.
pub struct Context {
    today: Option<NaiveDate>,
    /// Print JSON instead of text.
    pub json: bool,
}

impl Context {
    /// Reads the global options.
    pub fn new(cli: &Cli) -> Result<Context, CliError> {
        let today = cli
            .today
            .as_deref()
            .map(|text| parse_date(text).map_err(|message| CliError::BadInput(format!("--today: {message}"))))
            .transpose()?;
        // Like `git -C`: run as if started in DIR, so relative paths (a dossier, evidence) are
        // read from there too.
        if let Some(dir) = &cli.directory {
            std::env::set_current_dir(dir).map_err(|err| CliError::BadInput(format!("-C {}: {err}", dir.display())))?;
        }
        Ok(Context { today, json: cli.json })
    }

    /// Where the workspace is looked for: the current directory (the one given with `-C`).
    pub fn start_dir(&self) -> PathBuf {
        PathBuf::from(".")
    }

    /// Finds and loads the workspace.
    pub fn workspace(&self) -> Result<Workspace, CliError> {
        let root = Workspace::discover(&self.start_dir())?;
        Ok(Workspace::load(&root)?)
    }

    /// The clock: fixed at 09:00 of `--today` in the workspace's zone, or the real one.
    pub fn clock(&self, workspace: &Workspace) -> Box<dyn Clock> {
        match self.today {
            Some(date) => {
                let local = date.and_hms_opt(9, 0, 0).expect("09:00 exists");
                let instant = workspace
                    .config
                    .time_zone
                    .from_local_datetime(&local)
                    .earliest()
                    .expect("09:00 exists in the zone");
                Box::new(FixedClock(instant.to_utc()))
            }
            None => Box::new(SystemClock),
        }
    }

    /// The date given with `--today`, if any.
    pub fn today_if_set(&self) -> Option<NaiveDate> {
        self.today
    }

    /// Today in the workspace's zone.
    pub fn today(&self, workspace: &Workspace) -> NaiveDate {
        self.today.unwrap_or_else(|| workspace.today(&SystemClock))
    }

    /// Opens the state for writing, applying recorded history, starting recorded workflow
    /// instances and importing declared ledger files not applied yet.
    pub fn open_store(&self, workspace: &Workspace) -> Result<Store, CliError> {
        let options = OpenOptions { busy_timeout: workspace.config.busy_timeout };
        let mut store = Store::open(&workspace.config.storage, &options)?;
        apply_history(workspace, &mut store)?;
        crate::commands::flow::apply_seeds(self, workspace, &mut store)?;
        crate::commands::ledger::apply_seeds(self, workspace, &mut store)?;
        Ok(store)
    }

    /// Opens the state for reading. A read-only state is read as it is; otherwise recorded
    /// history not applied yet is applied first.
    pub fn read_store(&self, workspace: &Workspace) -> Result<Store, CliError> {
        match self.open_store(workspace) {
            Err(CliError::BadInput(_)) if is_read_only(&workspace.config.storage) => {
                let options = OpenOptions { busy_timeout: workspace.config.busy_timeout };
                Ok(Store::open_read_only(&workspace.config.storage, &options)?)
            }
            other => other,
        }
    }
}

fn is_read_only(path: &std::path::Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly())
}

/// Applies the workspace's recorded history through the same path as `fazhi task`, in one
/// transaction; entries applied before are skipped by their key, and an unchanged history (the
/// store keeps its fingerprint) costs one query.
fn apply_history(workspace: &Workspace, store: &mut Store) -> Result<(), CliError> {
    if workspace.history_len() == 0 || store.journal_applied(workspace.history_fingerprint())? {
        return Ok(());
    }
    let changes: Vec<Change> = workspace
        .history()
        .iter()
        .map(|entry| Change {
            item: entry.task.clone(),
            action: entry.action,
            by: entry.by.clone(),
            at: entry.at,
            note: entry.note.clone(),
            evidence: None,
            source: Some(entry.key.clone()),
        })
        .collect();
    store.apply_journal(&changes, workspace.history_fingerprint()).map_err(|(index, err)| {
        let Some(entry) = workspace.history().get(index) else { return CliError::from(err) };
        let file = entry.key.split('#').next().unwrap_or_default();
        CliError::BadInput(format!(
            "{file}: cannot apply the recorded {} of task \"{}\": {err}",
            entry.action, entry.task
        ))
    })?;
    Ok(())
}
