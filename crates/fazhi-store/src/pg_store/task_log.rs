//! Status changes, item states and the audit log in PostgreSQL: [`TaskLog`] as the SQLite store
//! has it, each change one transaction under the town's write lock.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use fazhi_core::{ItemState, Status, Workspace};
use postgres::{Row, Transaction};

use super::{head, insert_audit, next_audit_position, pg_error, write_head, PgStore};
use crate::audit_row::{AuditRow, GENESIS_HASH};
use crate::change_row::ChangeRow;
use crate::pg_migrations::PG_TRIGGERS;
use crate::store::verification::{compare_state, describe_stored, ChangeFields};
use crate::store::{change_entry, keep_evidence_in, parse_recorded};
use crate::stored_text::{parse_status, parse_time};
use crate::{
    audit_chain, AuditAnchor, AuditEntry, AuditHead, AuditProblem, Change, ChangeRecord, Evidence, StateProblem,
    StoreError, TaskLog,
};

/// `meta` key of the fingerprint of the journal last applied whole.
const JOURNAL_FINGERPRINT: &str = "journal_fingerprint";

impl TaskLog for PgStore {
    fn states(&self) -> Result<HashMap<String, ItemState>, StoreError> {
        self.read(|tx, label| {
            let rows = tx
                .query("SELECT item, status, completed_at FROM item_state", &[])
                .map_err(|err| pg_error(label, err))?;
            rows.iter().map(|row| Ok((row.get::<_, String>(0), item_state(label, row)?))).collect()
        })
    }

    fn state(&self, item: &str) -> Result<ItemState, StoreError> {
        self.read(|tx, label| {
            let row = tx
                .query_opt("SELECT item, status, completed_at FROM item_state WHERE item = $1", &[&item])
                .map_err(|err| pg_error(label, err))?;
            row.map_or(Ok(ItemState::default()), |row| item_state(label, &row))
        })
    }

    fn task_states(&self, workspace: &Workspace) -> Result<Vec<ItemState>, StoreError> {
        let mut states = vec![ItemState::default(); workspace.task_count()];
        for (item, state) in self.states()? {
            if let Some(number) = workspace.task_number(&item) {
                states[number] = state;
            }
        }
        Ok(states)
    }

    fn record_change(&mut self, change: &Change) -> Result<Option<i64>, StoreError> {
        self.write(|tx, label| {
            if let Some(source) = &change.source {
                if source_recorded(tx, label, source)? {
                    return Ok(None);
                }
            }
            let position = next_audit_position(tx, label)?;
            let from = current_status(tx, label, &change.item)?;
            let (seq, hash, to, at) = record_change_rows(tx, label, change, from, position)?;
            write_item_state(tx, label, &change.item, to, &at)?;
            write_head(tx, label, seq, &hash)?;
            Ok(Some(seq))
        })
    }

    fn changes(&self, item: &str) -> Result<Vec<ChangeRecord>, StoreError> {
        self.read(|tx, label| {
            let rows = tx
                .query(
                    "SELECT s.seq, s.item, s.from_status, s.to_status, s.action, s.actor, s.at, s.note,
                            s.evidence_name, s.evidence_sha256, s.source, a.recorded_at, s.evidence_type
                     FROM status_change s LEFT JOIN audit a ON a.seq = s.audit_seq
                     WHERE s.item = $1 ORDER BY s.seq",
                    &[&item],
                )
                .map_err(|err| pg_error(label, err))?;
            rows.iter().map(|row| ChangeRow::from_pg(row).into_record(label)).collect()
        })
    }

    fn journal_applied(&self, fingerprint: &str) -> Result<bool, StoreError> {
        self.read(|tx, label| Ok(kept_fingerprint(tx, label)?.as_deref() == Some(fingerprint)))
    }

    fn apply_journal(&mut self, changes: &[Change], fingerprint: &str) -> Result<usize, (usize, StoreError)> {
        use crate::store::history::NO_CHANGE;
        if changes.is_empty() {
            return Ok(0);
        }
        // The index of the change that failed, carried out of the transaction.
        let mut failed_at = NO_CHANGE;
        let applied = self.write(|tx, label| {
            if kept_fingerprint(tx, label)?.as_deref() == Some(fingerprint) {
                return Ok(0);
            }
            let recorded: HashSet<String> = tx
                .query("SELECT source FROM status_change WHERE source IS NOT NULL", &[])
                .map_err(|err| pg_error(label, err))?
                .iter()
                .map(|row| row.get(0))
                .collect();
            let mut position = next_audit_position(tx, label)?;
            let mut states: HashMap<&str, (Status, String)> = HashMap::new();
            let mut seen: HashSet<&str> = HashSet::new();
            let mut applied = 0;
            for (index, change) in changes.iter().enumerate() {
                if let Some(source) = change.source.as_deref() {
                    if recorded.contains(source) || !seen.insert(source) {
                        continue;
                    }
                }
                failed_at = index;
                let from = match states.get(change.item.as_str()) {
                    Some((status, _)) => *status,
                    None => current_status(tx, label, &change.item)?,
                };
                let (seq, hash, to, at) = record_change_rows(tx, label, change, from, position)?;
                states.insert(&change.item, (to, at));
                position = (seq + 1, hash);
                applied += 1;
            }
            failed_at = NO_CHANGE;
            let mut items: Vec<(&str, (Status, String))> = states.into_iter().collect();
            items.sort_unstable_by(|a, b| a.0.cmp(b.0));
            for (item, (to, at)) in &items {
                write_item_state(tx, label, item, *to, at)?;
            }
            if applied > 0 {
                write_head(tx, label, position.0 - 1, &position.1)?;
            }
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                &[&JOURNAL_FINGERPRINT, &fingerprint],
            )
            .map_err(|err| pg_error(label, err))?;
            Ok(applied)
        });
        applied.map_err(|err| (failed_at, err))
    }

    fn keep_evidence(&self, file: &Path) -> Result<Evidence, StoreError> {
        keep_evidence_in(&self.evidence, file)
    }

    fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = self.read(audit_rows)?;
        rows.into_iter().map(|row| row.into_entry(&self.label)).collect()
    }

    fn verify_audit(&self) -> Result<Vec<AuditProblem>, StoreError> {
        let (rows, head) = self.read(|tx, label| Ok((audit_rows(tx, label)?, head(tx, label)?)))?;
        Ok(audit_chain::verify(&rows, head.as_ref().map(|(seq, hash)| (*seq, hash.as_str()))))
    }

    fn audit_head(&self) -> Result<AuditHead, StoreError> {
        self.read(|tx, label| {
            let last = tx
                .query_opt("SELECT seq, hash, recorded_at FROM audit ORDER BY seq DESC LIMIT 1", &[])
                .map_err(|err| pg_error(label, err))?;
            match last {
                Some(row) => {
                    let seq: i64 = row.get(0);
                    let recorded_at: Option<String> = row.get(2);
                    let recorded_at = recorded_at.map(|text| parse_recorded(label, seq, &text)).transpose()?;
                    Ok(AuditHead { seq, hash: row.get(1), recorded_at })
                }
                None => Ok(AuditHead { seq: 0, hash: GENESIS_HASH.to_string(), recorded_at: None }),
            }
        })
    }

    fn verify_audit_extends(&self, anchor: &AuditAnchor) -> Result<Option<AuditProblem>, StoreError> {
        let rewritten = || AuditProblem::HeadRewritten { seq: anchor.seq, hash: anchor.hash.clone() };
        if anchor.seq == 0 {
            return Ok((!anchor.matches(GENESIS_HASH)).then(rewritten));
        }
        let (hash, last_seq) = self.read(|tx, label| {
            let error = |err| pg_error(label, err);
            let hash: Option<String> = tx
                .query_opt("SELECT hash FROM audit WHERE seq = $1", &[&anchor.seq])
                .map_err(error)?
                .map(|row| row.get(0));
            let last_seq: i64 = tx.query_one("SELECT coalesce(max(seq), 0) FROM audit", &[]).map_err(error)?.get(0);
            Ok((hash, last_seq))
        })?;
        Ok(match hash {
            Some(hash) if anchor.matches(&hash) => None,
            Some(_) => Some(rewritten()),
            None if last_seq < anchor.seq => Some(AuditProblem::HeadMissing { seq: anchor.seq, last_seq }),
            None => Some(rewritten()),
        })
    }

    fn verify_state(&self) -> Result<Vec<StateProblem>, StoreError> {
        self.read(|tx, label| {
            let error = |err| pg_error(label, err);
            let mut problems = Vec::new();
            // The triggers that keep the tables append-only (and the states derived), enabled.
            let present: HashMap<(String, String), bool> = tx
                .query(
                    "SELECT c.relname::text, t.tgname::text, t.tgenabled <> 'D'
                     FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                     WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal",
                    &[],
                )
                .map_err(error)?
                .iter()
                .map(|row| ((row.get(0), row.get(1)), row.get(2)))
                .collect();
            for &(table, trigger) in PG_TRIGGERS {
                match present.get(&(table.to_string(), trigger.to_string())) {
                    None => problems.push(StateProblem::TriggerMissing { trigger: trigger.to_string() }),
                    Some(false) => problems.push(StateProblem::TriggerChanged { trigger: trigger.to_string() }),
                    Some(true) => {}
                }
            }
            let entries: BTreeMap<i64, ChangeFields> = tx
                .query(
                    "SELECT seq, at, actor, action, subject, detail FROM audit WHERE action LIKE 'task.%' ORDER BY seq",
                    &[],
                )
                .map_err(error)?
                .iter()
                .map(|row| {
                    let fields = ChangeFields::from_entry(row.get(1), row.get(2), row.get(3), row.get(4), row.get(5));
                    (row.get(0), fields)
                })
                .collect();
            let changes: Vec<(i64, i64, ChangeFields)> = tx
                .query(
                    "SELECT seq, audit_seq, item, action, actor, at, from_status, to_status, note,
                            evidence_name, evidence_sha256, source, evidence_type
                     FROM status_change ORDER BY seq",
                    &[],
                )
                .map_err(error)?
                .iter()
                .map(|row| {
                    let evidence = match (row.get::<_, Option<String>>(9), row.get::<_, Option<String>>(10)) {
                        (Some(name), Some(sha256)) => Some((name, sha256, row.get(12))),
                        _ => None,
                    };
                    let fields = ChangeFields {
                        item: row.get(2),
                        action: row.get(3),
                        actor: row.get(4),
                        at: row.get(5),
                        from: row.get(6),
                        to: row.get(7),
                        note: row.get(8),
                        evidence,
                        source: row.get(11),
                    };
                    (row.get(0), row.get(1), fields)
                })
                .collect();
            let stored: HashMap<String, String> = tx
                .query("SELECT item, status, completed_at FROM item_state", &[])
                .map_err(error)?
                .iter()
                .map(|row| (row.get(0), describe_stored(row.get(1), row.get(2))))
                .collect();
            problems.extend(compare_state(&entries, &changes, &stored));
            Ok(problems)
        })
    }
}

/// An `item_state` row (`item, status, completed_at`) as a state.
fn item_state(label: &Path, row: &Row) -> Result<ItemState, StoreError> {
    let item: &str = row.get(0);
    let status = parse_status(label, item, row.get(1))?;
    let completed_at = row.get::<_, Option<&str>>(2).map(|text| parse_time(label, text)).transpose()?;
    Ok(ItemState { status, completed_at })
}

/// Every audit row, oldest first, exactly as stored.
pub(super) fn audit_rows(tx: &mut Transaction<'_>, label: &Path) -> Result<Vec<AuditRow>, StoreError> {
    let rows = tx
        .query(
            "SELECT seq, at, actor, action, subject, detail, prev_hash, hash, recorded_at FROM audit ORDER BY seq",
            &[],
        )
        .map_err(|err| pg_error(label, err))?;
    Ok(rows
        .iter()
        .map(|row| AuditRow {
            seq: row.get(0),
            at: row.get(1),
            actor: row.get(2),
            action: row.get(3),
            subject: row.get(4),
            detail: row.get(5),
            prev_hash: row.get(6),
            hash: row.get(7),
            recorded_at: row.get(8),
        })
        .collect())
}

fn kept_fingerprint(tx: &mut Transaction<'_>, label: &Path) -> Result<Option<String>, StoreError> {
    Ok(tx
        .query_opt("SELECT value FROM meta WHERE key = $1", &[&JOURNAL_FINGERPRINT])
        .map_err(|err| pg_error(label, err))?
        .map(|row| row.get(0)))
}

fn source_recorded(tx: &mut Transaction<'_>, label: &Path, source: &str) -> Result<bool, StoreError> {
    Ok(tx
        .query_opt("SELECT 1 FROM status_change WHERE source = $1", &[&source])
        .map_err(|err| pg_error(label, err))?
        .is_some())
}

/// The item's current status (to do when it has none).
fn current_status(tx: &mut Transaction<'_>, label: &Path, item: &str) -> Result<Status, StoreError> {
    let row =
        tx.query_opt("SELECT status FROM item_state WHERE item = $1", &[&item]).map_err(|err| pg_error(label, err))?;
    match row {
        Some(row) => parse_status(label, item, row.get(0)),
        None => Ok(Status::Todo),
    }
}

/// Records `change` with its audit entry at `position`, as the SQLite store's
/// `record_change_rows` does: returns the entry's number and hash, the new status and the time.
fn record_change_rows(
    tx: &mut Transaction<'_>,
    label: &Path,
    change: &Change,
    from: Status,
    position: (i64, String),
) -> Result<(i64, String, Status, String), StoreError> {
    let (to, at, action, detail) = change_entry(change, from)?;
    let (seq, hash) = insert_audit(tx, label, position, &at, &change.by, &action, &change.item, &detail)?;
    let evidence = change.evidence.as_ref();
    tx.execute(
        "INSERT INTO status_change (item, from_status, to_status, action, actor, at, note,
                                    evidence_name, evidence_sha256, source, audit_seq, evidence_type)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        &[
            &change.item,
            &from.as_str(),
            &to.as_str(),
            &change.action.as_str(),
            &change.by,
            &at,
            &change.note,
            &evidence.map(|e| e.file_name.as_str()),
            &evidence.map(|e| e.sha256.as_str()),
            &change.source,
            &seq,
            &evidence.and_then(|e| e.media_type.as_deref()),
        ],
    )
    .map_err(|err| pg_error(label, err))?;
    Ok((seq, hash, to, at))
}

/// Writes the item's state after its last recorded change: `to`, completed at `at` when done.
fn write_item_state(
    tx: &mut Transaction<'_>,
    label: &Path,
    item: &str,
    to: Status,
    at: &str,
) -> Result<(), StoreError> {
    let completed_at = (to == Status::Done).then_some(at);
    tx.execute(
        "INSERT INTO item_state (item, status, completed_at) VALUES ($1, $2, $3)
         ON CONFLICT (item) DO UPDATE SET status = excluded.status, completed_at = excluded.completed_at",
        &[&item, &to.as_str(), &completed_at],
    )
    .map_err(|err| pg_error(label, err))?;
    Ok(())
}
