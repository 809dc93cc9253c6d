//! Applying a recorded journal (a workspace's history files) in one go.

use std::collections::{HashMap, HashSet};

use fazhi_core::Status;

use rusqlite::{OptionalExtension, TransactionBehavior};

use super::{current_status, next_audit_position, record_change_rows, write_head, write_item_state, Store};
use crate::suspended_schema::SuspendedSchema;
use crate::{Change, StoreError};

/// `meta` key of the fingerprint of the last journal applied in full.
const JOURNAL_FINGERPRINT: &str = "journal_fingerprint";

/// The page cache while a journal is applied: up to 256 MiB (a negative `cache_size` is KiB).
const JOURNAL_CACHE_KIB: i64 = -262_144;

/// The index an error of [`Store::apply_journal`] holds when no change in particular failed
/// (the state could not be read or written as a whole): beyond every journal.
pub(crate) const NO_CHANGE: usize = usize::MAX;

/// A journal of at least this many changes, more than the state holds, is applied in bulk:
/// see [`BULK_SUSPENDED`].
pub(super) const BULK_CHANGES: usize = 10_000;

/// What a journal applied in bulk sets aside until its rows are in (see [`SuspendedSchema`]):
/// the indexes of status changes by source and by item, filled in the journal's order, which
/// is neither index's (the journal's sources are kept apart in memory meanwhile), and the
/// guards of item states, each of which looks up its item's last status change where the
/// journal has just written the states from those very changes. All are made again in the
/// same transaction.
const BULK_SUSPENDED: &[&str] =
    &["status_change_source", "status_change_item", "item_state_follows_insert", "item_state_follows_update"];

impl Store {
    /// Whether the journal with `fingerprint` was applied in full (see [`Store::apply_journal`]).
    pub(crate) fn journal_applied(&self, fingerprint: &str) -> Result<bool, StoreError> {
        let kept = kept_fingerprint(&self.conn).map_err(|err| self.error(err))?;
        Ok(kept.as_deref() == Some(fingerprint))
    }

    /// Applies a journal: changes each carrying its `source` key, in order. A change whose key
    /// was recorded before is skipped, so replaying a journal changes nothing, exactly as
    /// [`Store::record_change`] does one change at a time; the others are applied in **one**
    /// `BEGIN IMMEDIATE` transaction, all or none. Returns how many were applied.
    ///
    /// `fingerprint` names the whole journal (its keys, in order). It is kept once the journal is
    /// applied, and a store that kept the same fingerprint answers at once, without looking at
    /// the changes: opening a workspace whose history has not changed costs one query, however
    /// long the history. A fingerprint that does not match only means the keys are looked up.
    ///
    /// A journal of at least [`BULK_CHANGES`] changes, more than the state has recorded (the
    /// first open of a workspace with a long history), is applied in bulk: the indexes and
    /// guards of [`BULK_SUSPENDED`] are made again after the rows, in the same transaction.
    ///
    /// On an error, nothing is written and the answer holds the index of the change that failed
    /// ([`NO_CHANGE`] when it was none in particular).
    pub(crate) fn apply_journal(
        &mut self,
        changes: &[Change],
        fingerprint: &str,
    ) -> Result<usize, (usize, StoreError)> {
        if changes.is_empty() {
            return Ok(0);
        }
        let path = self.path.clone();
        let error = |err| (NO_CHANGE, StoreError::sqlite(&path, err));
        let kept = kept_fingerprint;
        if kept(&self.conn).map_err(error)?.as_deref() == Some(fingerprint) {
            return Ok(0);
        }
        self.ensure_writable().map_err(|err| (NO_CHANGE, err))?;
        // A long journal touches pages of every index all over: keep them in memory for the
        // transaction (pages are only taken as they are used) rather than spilling them to the
        // write-ahead log and reading them back, then go back to the usual cache.
        let previous: i64 = self.conn.query_row("PRAGMA cache_size", [], |row| row.get(0)).map_err(error)?;
        self.conn.execute_batch(&format!("PRAGMA cache_size = {JOURNAL_CACHE_KIB}")).map_err(error)?;
        let stored: i64 = self
            .conn
            .query_row("SELECT COALESCE(MAX(seq), 0) FROM status_change", [], |row| row.get(0))
            .map_err(error)?;
        let bulk = changes.len() >= BULK_CHANGES && changes.len() as i64 > stored;
        let applied = self.apply_journal_in(changes, fingerprint, bulk);
        self.conn.execute_batch(&format!("PRAGMA cache_size = {previous}")).map_err(error)?;
        applied
    }

    fn apply_journal_in(
        &mut self,
        changes: &[Change],
        fingerprint: &str,
        bulk: bool,
    ) -> Result<usize, (usize, StoreError)> {
        let path = self.path.clone();
        let error = |err| (NO_CHANGE, StoreError::sqlite(&path, err));
        let kept = kept_fingerprint;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(error)?;
        // Another process may have applied it meanwhile.
        if kept(&tx).map_err(error)?.as_deref() == Some(fingerprint) {
            return Ok(0);
        }
        let recorded: HashSet<String> = {
            let mut statement =
                tx.prepare("SELECT source FROM status_change WHERE source IS NOT NULL").map_err(error)?;
            let rows = statement.query_map([], |row| row.get::<_, String>(0)).map_err(error)?;
            rows.collect::<Result<_, _>>().map_err(error)?
        };
        // The audit log's head and the states of the items changed are followed here, and
        // written once at the end (the states in key order), rather than read and written for
        // every change.
        let mut position = next_audit_position(&tx, &path).map_err(|err| (NO_CHANGE, err))?;
        let suspended = match bulk {
            true => Some(SuspendedSchema::suspend(&tx, BULK_SUSPENDED).map_err(error)?),
            false => None,
        };
        let mut states: HashMap<&str, (Status, String)> = HashMap::new();
        let mut applied = 0;
        // A source given twice in the journal is recorded once, as it would be if its changes
        // were recorded one by one.
        let mut seen: HashSet<&str> = HashSet::new();
        for (index, change) in changes.iter().enumerate() {
            if let Some(source) = change.source.as_deref() {
                if recorded.contains(source) || !seen.insert(source) {
                    continue;
                }
            }
            let from = match states.get(change.item.as_str()) {
                Some((status, _)) => *status,
                None => current_status(&tx, &path, &change.item).map_err(|err| (index, err))?,
            };
            let (seq, hash, to, at) =
                record_change_rows(&tx, &path, change, from, position).map_err(|err| (index, err))?;
            states.insert(&change.item, (to, at));
            position = (seq + 1, hash);
            applied += 1;
        }
        let mut items: Vec<(&str, (Status, String))> = states.into_iter().collect();
        items.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for (item, (to, at)) in &items {
            write_item_state(&tx, &path, item, *to, at).map_err(|err| (NO_CHANGE, err))?;
        }
        if let Some(suspended) = suspended {
            suspended.restore(&tx).map_err(error)?;
        }
        if applied > 0 {
            write_head(&tx, &path, position.0 - 1, &position.1).map_err(|err| (NO_CHANGE, err))?;
        }
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [JOURNAL_FINGERPRINT, fingerprint],
        )
        .map_err(error)?;
        tx.commit().map_err(error)?;
        Ok(applied)
    }
}

fn kept_fingerprint(conn: &rusqlite::Connection) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [JOURNAL_FINGERPRINT], |row| row.get::<_, String>(0))
        .optional()
}
