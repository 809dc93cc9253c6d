//! Every task's state by task number, read once and then kept up to date from the status
//! changes recorded since (see [`StateSnapshot`]).

use fazhi_core::{ItemState, Status, Workspace};
use rusqlite::OptionalExtension;

use super::head;
use crate::state_snapshot::StateSnapshot;
use crate::stored_text::{parse_status, parse_time};
use crate::{Store, StoreError};

impl Store {
    /// The state of every task of `workspace`, by task number ([`Workspace::task_number`]), as
    /// [`Workspace::item_refs`] takes them. States of items that are not tasks (workflow steps,
    /// tasks no longer in the checklists) are left out.
    ///
    /// What is read is kept in the workspace's `.fazhi/cache/states.bin`: the next call reads
    /// only the status changes recorded since, or nothing if there are none. A snapshot that
    /// cannot be written or read is not an error: the states are then read from the database.
    pub(crate) fn task_states(&self, workspace: &Workspace) -> Result<Vec<ItemState>, StoreError> {
        // One read transaction, so that the head and the rows read agree.
        let tx = self.conn.unchecked_transaction().map_err(|err| self.error(err))?;
        let Some(head) = head(&tx, &self.path)? else {
            // Nothing recorded yet.
            return Ok(vec![ItemState::default(); workspace.task_count()]);
        };
        let last_change: i64 = tx
            .query_row("SELECT coalesce(max(seq), 0) FROM status_change", [], |row| row.get(0))
            .map_err(|err| self.error(err))?;
        let Some(numbering) = workspace.numbering() else { return self.read_task_states(workspace) };
        let path = workspace.root.join(".fazhi/cache/states.bin");
        let states = match StateSnapshot::read(&path, numbering, workspace.task_count()) {
            Some(snapshot) if snapshot.head == head && snapshot.last_change == last_change => {
                return Ok(snapshot.states);
            }
            Some(snapshot) if self.audit_hash(snapshot.head.0)?.as_ref() == Some(&snapshot.head.1) => {
                let mut states = snapshot.states;
                self.apply_changes_since(workspace, snapshot.last_change, &mut states)?;
                states
            }
            _ => self.read_task_states(workspace)?,
        };
        let snapshot = StateSnapshot { numbering: *numbering, head, last_change, states };
        snapshot.write(&path);
        Ok(snapshot.states)
    }

    /// Every task's state from the `item_state` table.
    fn read_task_states(&self, workspace: &Workspace) -> Result<Vec<ItemState>, StoreError> {
        let mut states = vec![ItemState::default(); workspace.task_count()];
        let mut statement =
            self.conn.prepare("SELECT item, status, completed_at FROM item_state").map_err(|err| self.error(err))?;
        let mut rows = statement.query([]).map_err(|err| self.error(err))?;
        while let Some(row) = rows.next().map_err(|err| self.error(err))? {
            let (item, status, completed_at) = self.state_row(row)?;
            if let Some(number) = workspace.task_number(item) {
                let status = parse_status(&self.path, item, status)?;
                let completed_at = completed_at.map(|text| parse_time(&self.path, text)).transpose()?;
                states[number] = ItemState { status, completed_at };
            }
        }
        Ok(states)
    }

    /// Applies to `states` the status changes recorded after the one numbered `after`, as
    /// recording them changed each item's state: the new status, and the time of the change as
    /// the completion time if it is done.
    fn apply_changes_since(
        &self,
        workspace: &Workspace,
        after: i64,
        states: &mut [ItemState],
    ) -> Result<(), StoreError> {
        let mut statement = self
            .conn
            .prepare("SELECT item, to_status, at FROM status_change WHERE seq > ?1 ORDER BY seq")
            .map_err(|err| self.error(err))?;
        let mut rows = statement.query([after]).map_err(|err| self.error(err))?;
        while let Some(row) = rows.next().map_err(|err| self.error(err))? {
            let (item, status, at) = self.state_row(row)?;
            if let Some(number) = workspace.task_number(item) {
                let status = parse_status(&self.path, item, status)?;
                let done = status == Status::Done;
                let completed_at = at.filter(|_| done).map(|text| parse_time(&self.path, text)).transpose()?;
                states[number] = ItemState { status, completed_at };
            }
        }
        Ok(())
    }

    /// The hash of audit entry `seq`, if there is one.
    fn audit_hash(&self, seq: i64) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row("SELECT hash FROM audit WHERE seq = ?1", [seq], |row| row.get(0))
            .optional()
            .map_err(|err| self.error(err))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use chrono::NaiveDate;
    use fazhi_core::{Action, ItemState, Status, Workspace};

    use crate::{Change, OpenOptions, Store};

    /// A copy of the `basic` fixture without its history (so that its store starts empty).
    fn workspace() -> (tempfile::TempDir, Workspace) {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/basic");
        let dir = tempfile::tempdir().unwrap();
        for file in ["fazhi.ron", "org.ron", "checklist/2024.ron"] {
            std::fs::create_dir_all(dir.path().join(file).parent().unwrap()).unwrap();
            std::fs::copy(from.join(file), dir.path().join(file)).unwrap();
        }
        std::fs::create_dir_all(dir.path().join("history")).unwrap();
        std::fs::write(dir.path().join("history/2024.ron"), "[]").unwrap();
        let workspace = Workspace::load(dir.path()).unwrap();
        (dir, workspace)
    }

    fn record(store: &mut Store, item: &str, action: Action, day: u32) {
        let at = NaiveDate::from_ymd_opt(2024, 12, day).unwrap().and_hms_opt(9, 30, 0).unwrap();
        let change =
            Change { item: item.into(), action, by: "zhao_lei".into(), at, note: None, evidence: None, source: None };
        store.record_change(&change).unwrap();
    }

    /// The states by number as [`Store::states`] gives them by id.
    fn expected(store: &Store, workspace: &Workspace) -> Vec<ItemState> {
        workspace.states_by_number(&store.states().unwrap())
    }

    #[test]
    fn task_states_agree_with_the_item_states_through_every_kind_of_change() {
        let (dir, workspace) = workspace();
        let mut store = Store::open(&dir.path().join(".fazhi/state.db"), &OpenOptions::default()).unwrap();
        let snapshot = dir.path().join(".fazhi/cache/states.bin");
        assert!(store.task_states(&workspace).unwrap().iter().all(|state| *state == ItemState::default()));

        record(&mut store, "xuefa@2024-10", Action::Done, 2);
        record(&mut store, "peixun@2024-Q4", Action::Start, 3);
        record(&mut store, "flow-1/step", Action::Done, 3); // not a task
        let first = store.task_states(&workspace).unwrap();
        assert_eq!(first, expected(&store, &workspace));
        assert!(snapshot.is_file());
        let done = workspace.task_number("xuefa@2024-10").unwrap();
        assert_eq!(first[done].status, Status::Done);
        assert!(first[done].completed_at.is_some());

        // Changes after the snapshot: applied to it.
        record(&mut store, "xuefa@2024-10", Action::Reopen, 4);
        record(&mut store, "peixun@2024-Q4", Action::Done, 5);
        record(&mut store, "xianfa-ri", Action::Cancel, 5);
        let second = store.task_states(&workspace).unwrap();
        assert_eq!(second, expected(&store, &workspace));
        assert_eq!(second[done], ItemState::default());
        // Nothing since: the snapshot as it is, also to a read-only store.
        let read_only = Store::open_read_only(&dir.path().join(".fazhi/state.db"), &OpenOptions::default()).unwrap();
        assert_eq!(read_only.task_states(&workspace).unwrap(), second);

        // A damaged snapshot, or one of another store: read from the database again.
        std::fs::write(&snapshot, b"fazhiss1").unwrap();
        assert_eq!(store.task_states(&workspace).unwrap(), second);
        let other_dir = tempfile::tempdir().unwrap();
        let mut other = Store::open(&other_dir.path().join("state.db"), &OpenOptions::default()).unwrap();
        record(&mut other, "peixun@2024-Q4", Action::Start, 6);
        assert_eq!(other.task_states(&workspace).unwrap(), expected(&other, &workspace));
        assert_eq!(store.task_states(&workspace).unwrap(), second);
    }
}
