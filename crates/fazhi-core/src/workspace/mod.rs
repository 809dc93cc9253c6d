//! A loaded workspace: configuration, organisation, checklist and recorded history.

mod cache;
mod fingerprint;
mod format;
mod history;
mod loader;
mod quick;
mod schedule;
mod task_index;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{DateTime, NaiveDate, Utc};

use history::History;
use task_index::TaskIndex;

use crate::{
    Calendar, CalendarError, Clock, Config, Duty, Event, HistoryEntry, Item, ItemRef, ItemState, Org, WorkspaceError,
};

pub(crate) use schedule::Occurrence;

/// Reads `source` as the workspace file `format` is — `"fazhi.ron"`, `"org.ron"`, `"checklist"`
/// (a `checklist/*.ron`) or `"history"` (a `history/*.ron`) — exactly as loading a workspace
/// reads its text (no reference to another file is followed): for the format examples of the
/// documentation, which a test reads so that they cannot drift from the format.
///
/// # Errors
///
/// The parse error, at its position; a `format` that names none of them is one at 1:1.
pub fn parse_workspace_file(format: &str, source: &crate::SourceFile) -> Result<(), crate::Diagnostic> {
    match format {
        "fazhi.ron" => source.parse_ron::<format::ConfigFile>().map(drop),
        "org.ron" => source.parse_ron::<format::OrgFile>().map(drop),
        "checklist" => source.parse_ron::<format::ChecklistFile>().map(drop),
        "history" => source.parse_ron::<Vec<format::HistoryLine>>().map(drop),
        "county.ron" => crate::CountyConfig::parse_shape(source),
        other => Err(source.diagnostic_at(0, format!("no workspace file format \"{other}\""))),
    }
}

/// The name of the file that marks a workspace's root.
pub const WORKSPACE_FILE: &str = "fazhi.ron";

/// A workspace: everything its definition files say, validated.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The folder holding `fazhi.ron`.
    pub root: PathBuf,
    /// Settings from `fazhi.ron`.
    pub config: Config,
    /// Units and people from `org.ron`.
    pub org: Org,
    /// Named events from the checklists.
    pub events: Vec<Event>,
    /// Duties from `checklist/*.ron`, in file order.
    pub duties: Vec<Duty>,
    /// The working-day calendar: the shipped years plus the workspace's `calendar.ron`.
    pub calendar: Calendar,
    occurrences: Vec<Occurrence>,
    /// The duties with a relative deadline in dependency order, each with the duty it counts
    /// from (for `AfterDuty`).
    relative_order: Vec<(usize, Option<usize>)>,
    /// Each task's number by id, built when first needed.
    task_index: OnceLock<TaskIndex>,
    /// The cache key of the files this workspace was loaded from (see [`Workspace::numbering`]).
    key: Option<[u8; 32]>,
    history: History,
    /// Whether the checklists and history came from the cache (for tests).
    from_cache: bool,
    /// The problems of the checklist files [`Workspace::load_available`] left out.
    left_out: Vec<crate::Diagnostic>,
}

impl Workspace {
    /// Finds the workspace containing `start`: `start` itself or the nearest folder above it
    /// that holds `fazhi.ron`.
    pub fn discover(start: &Path) -> Result<PathBuf, WorkspaceError> {
        let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
        start
            .ancestors()
            .find(|dir| dir.join(WORKSPACE_FILE).is_file())
            .map(Path::to_path_buf)
            .ok_or(WorkspaceError::NotFound { start })
    }

    /// Loads and validates only the organisation (`org.ron`) of the workspace rooted at
    /// `root`: what a legality review checks a dossier's people against.
    pub fn load_org(root: &Path) -> Result<Org, WorkspaceError> {
        loader::load_org_only(root)
    }

    /// Loads and validates the workspace rooted at `root`, collecting every problem in every
    /// file before failing.
    pub fn load(root: &Path) -> Result<Workspace, WorkspaceError> {
        loader::load(root)
    }

    /// Loads the workspace as [`Workspace::load`] does, but leaves out each checklist file that
    /// has a problem (and any checklist that then refers to what it defines), so that everything
    /// else can still be listed and reminded of: the problems of the files left out are
    /// [`Workspace::left_out`], and the history's entries for their tasks are passed over. A
    /// problem in any other file fails the load with every problem found. For `tasks`, `remind`
    /// and the daemon's reminder job; commands that write refuse a broken file (`load`).
    pub fn load_available(root: &Path) -> Result<Workspace, WorkspaceError> {
        loader::load_available(root)
    }

    /// The problems of the checklist files this load left out (empty unless it came from
    /// [`Workspace::load_available`] and some file was broken).
    pub fn left_out(&self) -> &[crate::Diagnostic] {
        &self.left_out
    }

    /// The checklist files this load left out, each once, in order.
    pub fn left_out_files(&self) -> Vec<&Path> {
        let mut files: Vec<&Path> = self.left_out.iter().map(|d| d.file.as_path()).collect();
        files.sort();
        files.dedup();
        files
    }

    /// Today's date in the workspace's time zone, by `clock`.
    pub fn today(&self, clock: &dyn Clock) -> NaiveDate {
        self.local(clock.now()).date()
    }

    /// An instant as the workspace's local date and time.
    pub fn local(&self, instant: DateTime<Utc>) -> chrono::NaiveDateTime {
        instant.with_timezone(&self.config.time_zone).naive_local()
    }

    /// The duty with `id`.
    pub fn duty(&self, id: &str) -> Option<&Duty> {
        self.duties.iter().find(|duty| duty.id == id)
    }

    /// A fingerprint of the recorded history (every entry's key, in order): equal fingerprints,
    /// the same entries. The store keeps the one it applied, so an unchanged history is not
    /// looked through again.
    pub fn history_fingerprint(&self) -> &str {
        self.history.fingerprint()
    }

    /// Recorded status changes from the history files, in the order they apply.
    pub fn history(&self) -> &[HistoryEntry] {
        self.history.entries()
    }

    /// How many status changes the history files record (without looking at them).
    pub fn history_len(&self) -> usize {
        self.history.len()
    }

    /// Whether `id` names a task (an occurrence of a duty).
    pub fn has_task(&self, id: &str) -> bool {
        self.task_number(id).is_some()
    }

    /// The number of task `id`: tasks are numbered from 0 in checklist order, as
    /// [`Workspace::item_refs`] lists them.
    pub fn task_number(&self, id: &str) -> Option<usize> {
        self.task_index.get_or_init(|| TaskIndex::new(&self.occurrences)).get(&self.occurrences, id)
    }

    /// How many tasks there are.
    pub fn task_count(&self) -> usize {
        self.occurrences.len()
    }

    /// A digest of every file the workspace was loaded from (and of fazhi's own code): two
    /// loads with the same digest have the same tasks under the same numbers. `None` if the
    /// files could not be read for it. Something kept by task number is valid for every load
    /// that gives the digest it was kept under.
    pub fn numbering(&self) -> Option<&[u8; 32]> {
        self.key.as_ref()
    }

    /// The states of `states` (by task id) by task number; tasks absent from it are to do.
    pub fn states_by_number(&self, states: &HashMap<String, ItemState>) -> Vec<ItemState> {
        self.occurrences.iter().map(|o| states.get(&o.id).copied().unwrap_or_default()).collect()
    }

    /// Every task with its deadline and stored state, in task number order. `states` holds each
    /// task's state by number ([`Workspace::task_number`]); a shorter one leaves the tasks past
    /// its end to do (`&[]`: every task to do). Relative deadlines count from the completion of
    /// the duty they follow when it is done.
    pub fn items(&self, states: &[ItemState]) -> Result<Vec<Item>, CalendarError> {
        Ok(self.item_refs(states)?.map(|item| item.to_item()).collect())
    }

    /// Every task as [`Workspace::items`] gives it, in task number order, but seen in place:
    /// filter these and copy only the ones kept ([`ItemRef::to_item`]).
    pub fn item_refs<'w>(
        &'w self,
        states: &'w [ItemState],
    ) -> Result<impl Iterator<Item = ItemRef<'w>> + 'w, CalendarError> {
        schedule::item_refs(self, states)
    }
}
