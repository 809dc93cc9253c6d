use std::path::Path;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use fazhi_core::{Calendar, Clock, FixedClock, Item, SourceFile, SystemClock, Workspace};
use fazhi_flow::{Engine, WorkflowSet};
use fazhi_rules::RulePack;
use fazhi_store::{OpenOptions, StateStore, StoreError};

use crate::{Access, AppError, RulesGate, SessionOptions, StateLocation};

/// A workspace opened once: its configuration, org, checklists and calendar loaded, its rule
/// pack compiled, its workflows validated and its state open and up to date. Every job of fazhi
/// is a method of a session (or of the types it hands out), whatever the front end: the CLI, the
/// daemon (a fresh session for every firing, so edits made while it runs take effect) and the
/// tests.
///
/// Opening a session for writing applies what the workspace records as text and the state has
/// not seen yet — `history/*.ron`, the workflow instances of `fazhi.ron`, its ledger files —
/// each through the same checks as the commands that make them; see [`Session::open`].
pub struct Session {
    pub(crate) workspace: Workspace,
    pub(crate) gate: RulesGate,
    pub(crate) workflows: WorkflowSet,
    pub(crate) store: Box<dyn StateStore>,
    pub(crate) location: StateLocation,
    pub(crate) clock: Box<dyn Clock>,
    pub(crate) today: NaiveDate,
}

impl Session {
    /// Finds the workspace at `start` or above it (the folder holding `fazhi.ron`) and opens it.
    pub fn discover(start: &Path, options: &SessionOptions) -> Result<Session, AppError> {
        let root = Workspace::discover(start)?;
        Session::open(&root, options)
    }

    /// Opens the workspace at `root`.
    ///
    /// With [`Access::Write`] (and with [`Access::Read`] on a state that can be written), the
    /// recorded history is applied in one transaction with its audit entries; each recorded
    /// workflow instance is started and its recorded steps completed, every step keyed by its
    /// place in `fazhi.ron`, so that an open interrupted at any instant is completed by the next
    /// one, with nothing applied twice; each declared ledger file not imported before is
    /// imported in one transaction. Bad input anywhere is an error and changes nothing of it.
    pub fn open(root: &Path, options: &SessionOptions) -> Result<Session, AppError> {
        let workspace =
            if options.leave_out_broken_checklists { Workspace::load_available(root)? } else { Workspace::load(root)? };
        let clock = clock(&workspace, options);
        let today = workspace.today(clock.as_ref());
        let pack = RulePack::load(Some(&workspace.root.join("rules")))?;
        let gate = RulesGate::new(pack, workspace.calendar.clone(), Some(workspace.org.clone()));
        let workflows = WorkflowSet::load(&workspace)?;
        // The ledger files fazhi.ron declares are checked before the state is touched.
        let problems: Vec<fazhi_core::Diagnostic> = workspace
            .config
            .ledger
            .iter()
            .filter_map(|seed| crate::ledger::seed_kind_and_file(&workspace, gate.pack(), seed).err())
            .collect();
        if !problems.is_empty() {
            return Err(AppError::Invalid { problems });
        }
        // So are the workflow instances it records.
        Session::check_instances(&workspace, &workflows)?;
        let location = StateLocation::of(&workspace, options)?;
        let store_options = OpenOptions { busy_timeout: workspace.config.busy_timeout };
        let store = match &location {
            StateLocation::Sqlite(path) => {
                // To read a state that holds everything the workspace records, it is opened
                // read-only, so that a state that cannot be written (a read-only mount, a copy to
                // be verified) is read as it is and nothing is written.
                let mut pending = None;
                if options.access == Access::Read && std::fs::symlink_metadata(path).is_ok() {
                    match location.open_read_only(&store_options) {
                        Ok(store) => match crate::pending::pending(&workspace, gate.pack(), store.as_ref())? {
                            None => {
                                return Ok(Session { workspace, gate, workflows, store, location, clock, today });
                            }
                            Some(missing) => pending = Some(missing),
                        },
                        // An older schema is migrated by opening the state for writing.
                        Err(StoreError::SchemaVersion { found, supported, .. }) if found < supported => {
                            pending = Some("the upgrade of its schema".to_string());
                        }
                        Err(err) => return Err(err.into()),
                    }
                }
                match (location.open(&store_options), pending) {
                    (
                        Err(StoreError::ReadOnly { .. } | StoreError::Open { .. } | StoreError::Folder { .. }),
                        Some(pending),
                    ) => {
                        return Err(StoreError::Pending { path: path.clone(), pending }.into());
                    }
                    (Ok(store), Some(pending)) if !store.writable() => {
                        return Err(StoreError::Pending { path: store.location().to_path_buf(), pending }.into());
                    }
                    (store, _) => store?,
                }
            }
            StateLocation::Postgres { schema, .. } => {
                let store = location.open(&store_options)?;
                // A town whose state is still in its SQLite file is moved first: a new, empty
                // schema would otherwise quietly start the town again from its text files.
                let sqlite = &workspace.config.storage;
                if store.audit_head()?.seq == 0 && std::fs::symlink_metadata(sqlite).is_ok() {
                    return Err(AppError::bad_input(format!(
                        "the state of this workspace is in {} and {} holds none: move it there with `fazhi migrate \
                         --schema {schema}` first",
                        sqlite.display(),
                        store.location().display()
                    )));
                }
                store
            }
        };
        let mut session = Session { workspace, gate, workflows, store, location, clock, today };
        session.apply_pending()?;
        Ok(session)
    }

    /// The problems of the checklist files this session left out (opened with
    /// [`SessionOptions::leave_out_broken_checklists`]); empty when every file loaded.
    pub fn left_out(&self) -> &[fazhi_core::Diagnostic] {
        self.workspace.left_out()
    }

    /// The session's failure when checklist files were left out: their problems, one a line,
    /// and that everything else was done. `None` when every file loaded.
    pub fn left_out_failure(&self) -> Option<AppError> {
        let files = self.workspace.left_out_files();
        (!files.is_empty()).then(|| AppError::Failed {
            message: format!(
                "{} checklist file(s) left out because of problems ({}): their tasks are not listed or reminded \
                 of until they are corrected (see `fazhi check`); everything else was",
                files.len(),
                files.iter().map(|file| file.display().to_string()).collect::<Vec<_>>().join(", ")
            ),
        })
    }

    /// Closes the state (its connection, so its write-ahead log is folded in) and hands back the
    /// workspace's definitions, for a caller that ends the process without freeing them.
    pub fn into_workspace(self) -> Workspace {
        drop(self.store);
        self.workspace
    }

    /// The workspace's definitions.
    pub fn workspace(&self) -> &Workspace {
        &self.workspace
    }

    /// The state, to read.
    pub fn store(&self) -> &dyn StateStore {
        self.store.as_ref()
    }

    /// The state, to write directly (the methods of the session are the way to change it).
    pub fn store_mut(&mut self) -> &mut dyn StateStore {
        self.store.as_mut()
    }

    /// Where the state is kept.
    pub fn state_location(&self) -> &StateLocation {
        &self.location
    }

    /// The compiled rule pack: stock modules and the workspace's own.
    pub fn pack(&self) -> &RulePack {
        self.gate.pack()
    }

    /// The review gate of workflows and of [`Session::review`].
    pub fn gate(&self) -> &RulesGate {
        &self.gate
    }

    /// The workflows: stock and the workspace's own.
    pub fn workflows(&self) -> &WorkflowSet {
        &self.workflows
    }

    /// The session's effective date.
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// The session's instant: 09:00 of the effective date when one was given, else the clock's.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// [`Session::now`] in the workspace's zone.
    pub fn local_now(&self) -> NaiveDateTime {
        self.workspace.local(self.now())
    }

    /// The workflow engine on the session's workflows, gate and date.
    pub fn engine(&self) -> Engine<'_> {
        Engine::new(&self.workspace, &self.workflows, self.today).with_gate(&self.gate)
    }

    /// Every task: the occurrences of the checklists' duties with their states, then every open
    /// step of every workflow instance.
    pub fn items(&self) -> Result<Vec<Item>, AppError> {
        let mut items = self.duty_items()?;
        items.extend(self.workflow_items()?);
        Ok(items)
    }

    /// The occurrences of the checklists' duties with their states.
    pub fn duty_items(&self) -> Result<Vec<Item>, AppError> {
        self.workspace
            .items(&self.store.task_states(&self.workspace)?)
            .map_err(|err| AppError::bad_input(err.to_string()))
    }

    /// Every open step of every workflow instance as an item.
    pub fn workflow_items(&self) -> Result<Vec<Item>, AppError> {
        Ok(self.engine().open_items(self.store.as_ref())?)
    }

    /// Opens another, read-only connection to the same state (for a job that keeps one, such
    /// as the report's scripts).
    pub(crate) fn read_only_store(&self) -> Result<Box<dyn StateStore>, AppError> {
        let options = OpenOptions { busy_timeout: self.workspace.config.busy_timeout };
        Ok(self.location.open_read_only(&options)?)
    }

    /// Parts of the session borrowed at once: the engine and the state to change through it.
    pub(crate) fn engine_and_store(&mut self) -> (Engine<'_>, &mut dyn StateStore) {
        let engine = Engine::new(&self.workspace, &self.workflows, self.today).with_gate(&self.gate);
        (engine, self.store.as_mut())
    }
}

/// The clock of a session: fixed at its instant, or at 09:00 of its date in the workspace's
/// zone, or the real one.
fn clock(workspace: &Workspace, options: &SessionOptions) -> Box<dyn Clock> {
    if let Some(instant) = options.instant {
        return Box::new(FixedClock(instant));
    }
    match options.today {
        Some(date) => {
            let local = date.and_hms_opt(9, 0, 0).expect("09:00 exists");
            let instant =
                workspace.config.time_zone.from_local_datetime(&local).earliest().expect("09:00 exists in the zone");
            Box::new(FixedClock(instant.to_utc()))
        }
        None => Box::new(SystemClock),
    }
}

/// The working-day calendar of the workspace at `root` (stock plus its `calendar.ron`), read
/// alone so that a problem elsewhere in the workspace does not stop what needs only this.
pub fn workspace_calendar(root: &Path) -> Result<Calendar, AppError> {
    let mut calendar = Calendar::stock();
    if std::fs::symlink_metadata(root.join("calendar.ron")).is_ok() {
        let source = SourceFile::read_in(root, Path::new("calendar.ron"))
            .map_err(|diagnostic| AppError::Invalid { problems: vec![diagnostic] })?;
        calendar.extend(Calendar::parse(&source).map_err(|problems| AppError::Invalid { problems })?);
    }
    Ok(calendar)
}
