//! What proves the state was not quietly changed: the audit log's head (to be kept elsewhere),
//! the check that the log still extends a head kept, and the check of everything kept beside
//! the log — the triggers that protect the tables, and the status changes and item states,
//! rebuilt from the audit entries.
//!
//! Whoever can write `state.db` can rewrite all of it consistently; only a head kept outside
//! the database ([`Store::audit_head`], [`Store::verify_audit_extends`]) proves the entries up to
//! it were not.

use std::collections::{BTreeMap, HashMap, HashSet};

use rusqlite::OptionalExtension;
use serde::Deserialize;

use super::parse_recorded;
use crate::audit_row::GENESIS_HASH;
use crate::ledger_table::LedgerTable;
use crate::migrations::MIGRATIONS;
use crate::{AuditAnchor, AuditHead, AuditProblem, Evidence, StateProblem, Store, StoreError};

/// The details of a status change's audit entry (`task.…`), as `apply_change` writes them.
#[derive(Deserialize)]
struct ChangeDetail {
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
    pub(crate) note: Option<String>,
    evidence: Option<Evidence>,
    pub(crate) source: Option<String>,
}

/// A status change: as stored in `status_change`, or as its audit entry says it should be.
#[derive(Debug, PartialEq)]
pub(crate) struct ChangeFields {
    pub(crate) item: String,
    pub(crate) action: String,
    pub(crate) actor: String,
    pub(crate) at: String,
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
    pub(crate) note: Option<String>,
    pub(crate) evidence: Option<(String, String, Option<String>)>,
    pub(crate) source: Option<String>,
}

impl ChangeFields {
    /// The change a status-change audit entry (`task.…`) records, from its columns; an entry
    /// whose details are not a change's shows as a change of nothing.
    pub(crate) fn from_entry(at: String, actor: String, action: &str, subject: String, detail: &str) -> ChangeFields {
        let detail: Option<ChangeDetail> = serde_json::from_str(detail).ok();
        let detail = detail.unwrap_or(ChangeDetail { from: None, to: None, note: None, evidence: None, source: None });
        ChangeFields {
            item: subject,
            action: action.strip_prefix("task.").unwrap_or(action).to_string(),
            actor,
            at,
            from: detail.from,
            to: detail.to,
            note: detail.note,
            evidence: detail.evidence.map(|evidence| (evidence.file_name, evidence.sha256, evidence.media_type)),
            source: detail.source,
        }
    }

    /// The first field (by name) in which `self` and `other` differ.
    fn first_difference(&self, other: &ChangeFields) -> Option<&'static str> {
        [
            ("item", self.item == other.item),
            ("action", self.action == other.action),
            ("actor", self.actor == other.actor),
            ("time", self.at == other.at),
            ("status before", self.from == other.from),
            ("status after", self.to == other.to),
            ("note", self.note == other.note),
            ("evidence", self.evidence == other.evidence),
            ("source", self.source == other.source),
        ]
        .into_iter()
        .find(|(_, same)| !same)
        .map(|(name, _)| name)
    }
}

impl Store {
    /// The head of the audit log as it is: its last entry's number, hash and recorded time (seq 0
    /// and 64 zeros when it is empty). Print it, sign it, hand it up; later
    /// [`Store::verify_audit_extends`] proves the log still extends it.
    pub(crate) fn audit_head(&self) -> Result<AuditHead, StoreError> {
        // Kept prepared: the web interface asks for it on every request.
        let last: Option<(i64, String, Option<String>)> = self
            .conn
            .prepare_cached("SELECT seq, hash, recorded_at FROM audit ORDER BY seq DESC LIMIT 1")
            .and_then(|mut statement| {
                statement.query_row([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?))).optional()
            })
            .map_err(|err| self.error(err))?;
        match last {
            Some((seq, hash, recorded_at)) => {
                let recorded_at = recorded_at.map(|text| parse_recorded(&self.path, seq, &text)).transpose()?;
                Ok(AuditHead { seq, hash, recorded_at })
            }
            None => Ok(AuditHead { seq: 0, hash: GENESIS_HASH.to_string(), recorded_at: None }),
        }
    }

    /// Whether the log still extends `anchor`, a head kept outside the database: its entry has
    /// the hash the anchor names. `None` when it does; otherwise
    /// [`AuditProblem::HeadMissing`] when the log no longer reaches it (entries deleted from the
    /// end), [`AuditProblem::HeadRewritten`] when the entry is gone or has another hash (the log
    /// rewritten at or before it, whatever was recomputed after).
    ///
    /// Together with an intact chain ([`Store::verify_audit`]) this proves entries 1 to
    /// `anchor.seq` are the ones there were when the head was taken.
    pub(crate) fn verify_audit_extends(&self, anchor: &AuditAnchor) -> Result<Option<AuditProblem>, StoreError> {
        let rewritten = || AuditProblem::HeadRewritten { seq: anchor.seq, hash: anchor.hash.clone() };
        if anchor.seq == 0 {
            return Ok((!anchor.matches(GENESIS_HASH)).then(rewritten));
        }
        let hash: Option<String> = self
            .conn
            .query_row("SELECT hash FROM audit WHERE seq = ?1", [anchor.seq], |row| row.get(0))
            .optional()
            .map_err(|err| self.error(err))?;
        match hash {
            Some(hash) if anchor.matches(&hash) => Ok(None),
            Some(_) => Ok(Some(rewritten())),
            None => {
                let last_seq: i64 = self
                    .conn
                    .query_row("SELECT coalesce(max(seq), 0) FROM audit", [], |row| row.get(0))
                    .map_err(|err| self.error(err))?;
                if last_seq < anchor.seq {
                    Ok(Some(AuditProblem::HeadMissing { seq: anchor.seq, last_seq }))
                } else {
                    Ok(Some(rewritten()))
                }
            }
        }
    }

    /// Checks what is kept beside the audit log: every trigger the schema (or a ledger table)
    /// was made with to keep a table append-only (or, for `item_state`, derived) is there as
    /// made; every status change is the one its audit entry records, and every status-change
    /// entry has its change; every item's state is the one its audit entries lead to. Returns
    /// every problem found (empty: all agree).
    pub(crate) fn verify_state(&self) -> Result<Vec<StateProblem>, StoreError> {
        // One read transaction, so that the tables read agree with each other.
        let _tx = self.conn.unchecked_transaction().map_err(|err| self.error(err))?;
        let mut problems = self.trigger_problems()?;
        problems.extend(compare_state(&self.change_entries()?, &self.stored_changes()?, &self.stored_states()?));
        Ok(problems)
    }

    /// Triggers the migrations made, and those each ledger table was made with, that are
    /// missing or not as made.
    fn trigger_problems(&self) -> Result<Vec<StateProblem>, StoreError> {
        let mut statement = self
            .conn
            .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'")
            .map_err(|err| self.error(err))?;
        let present: HashMap<String, Option<String>> = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .map_err(|err| self.error(err))?
            .collect::<Result<_, _>>()
            .map_err(|err| self.error(err))?;
        let mut expected = expected_triggers();
        expected.extend(LedgerTable::expected_triggers(&self.conn).map_err(|err| self.error(err))?);
        let mut problems = Vec::new();
        for (name, sql) in expected {
            match present.get(&name) {
                None => problems.push(StateProblem::TriggerMissing { trigger: name }),
                Some(found) if found.as_deref().map(normalized) != Some(normalized(&sql)) => {
                    problems.push(StateProblem::TriggerChanged { trigger: name });
                }
                Some(_) => {}
            }
        }
        Ok(problems)
    }

    /// The status changes the audit log records, by entry number, as `status_change` would hold them.
    fn change_entries(&self) -> Result<BTreeMap<i64, ChangeFields>, StoreError> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT seq, at, actor, action, subject, detail FROM audit WHERE action LIKE 'task.%' ORDER BY seq",
            )
            .map_err(|err| self.error(err))?;
        let mut rows = statement.query([]).map_err(|err| self.error(err))?;
        let mut entries = BTreeMap::new();
        while let Some(row) = rows.next().map_err(|err| self.error(err))? {
            let get = |index| row.get::<_, String>(index).map_err(|err| self.error(err));
            let seq: i64 = row.get(0).map_err(|err| self.error(err))?;
            entries.insert(seq, ChangeFields::from_entry(get(1)?, get(2)?, &get(3)?, get(4)?, &get(5)?));
        }
        Ok(entries)
    }

    /// Every stored status change: its number, its audit entry's number and its fields.
    fn stored_changes(&self) -> Result<Vec<(i64, i64, ChangeFields)>, StoreError> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT seq, audit_seq, item, action, actor, at, from_status, to_status, note,
                        evidence_name, evidence_sha256, source, evidence_type
                 FROM status_change ORDER BY seq",
            )
            .map_err(|err| self.error(err))?;
        let rows = statement
            .query_map([], |row| {
                let evidence = match (row.get::<_, Option<String>>(9)?, row.get::<_, Option<String>>(10)?) {
                    (Some(name), Some(sha256)) => Some((name, sha256, row.get::<_, Option<String>>(12)?)),
                    _ => None,
                };
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    ChangeFields {
                        item: row.get(2)?,
                        action: row.get(3)?,
                        actor: row.get(4)?,
                        at: row.get(5)?,
                        from: row.get(6)?,
                        to: row.get(7)?,
                        note: row.get(8)?,
                        evidence,
                        source: row.get(11)?,
                    },
                ))
            })
            .map_err(|err| self.error(err))?;
        rows.collect::<Result<_, _>>().map_err(|err| self.error(err))
    }

    /// Every stored item state, described as [`describe`] does.
    fn stored_states(&self) -> Result<HashMap<String, String>, StoreError> {
        let mut statement =
            self.conn.prepare("SELECT item, status, completed_at FROM item_state").map_err(|err| self.error(err))?;
        let rows = statement
            .query_map([], |row| {
                let status: String = row.get(1)?;
                let completed_at: Option<String> = row.get(2)?;
                Ok((row.get(0)?, describe_stored(&status, completed_at.as_deref())))
            })
            .map_err(|err| self.error(err))?;
        rows.collect::<Result<_, _>>().map_err(|err| self.error(err))
    }
}

/// Every problem between the status changes the audit log records (`entries`, by entry
/// number), the changes stored (`changes`: number, audit entry's number, fields) and the item
/// states stored (`stored_states`, as [`describe_stored`] names them): the part of
/// `verify_state` that is the same on every backend.
pub(crate) fn compare_state(
    entries: &BTreeMap<i64, ChangeFields>,
    changes: &[(i64, i64, ChangeFields)],
    stored_states: &HashMap<String, String>,
) -> Vec<StateProblem> {
    let mut problems = Vec::new();
    let mut referenced = HashSet::new();
    for (change_seq, audit_seq, stored) in changes {
        referenced.insert(*audit_seq);
        match entries.get(audit_seq) {
            None => problems.push(StateProblem::ChangeWithoutEntry {
                change_seq: *change_seq,
                item: stored.item.clone(),
                audit_seq: *audit_seq,
            }),
            Some(expected) => {
                if let Some(field) = stored.first_difference(expected) {
                    problems.push(StateProblem::ChangeDiffers {
                        change_seq: *change_seq,
                        seq: *audit_seq,
                        field: field.to_string(),
                    });
                }
            }
        }
    }
    for (seq, entry) in entries {
        if !referenced.contains(seq) {
            problems.push(StateProblem::EntryWithoutChange { seq: *seq, item: entry.item.clone() });
        }
    }
    // Each item's state: its last change's status, and its time when that is done.
    let mut rebuilt: BTreeMap<&str, String> = BTreeMap::new();
    for entry in entries.values() {
        rebuilt.insert(&entry.item, describe(entry.to.as_deref().unwrap_or("?"), Some(entry.at.as_str())));
    }
    let items: std::collections::BTreeSet<&str> =
        rebuilt.keys().copied().chain(stored_states.keys().map(String::as_str)).collect();
    for item in items {
        let stored = stored_states.get(item).map_or("none", String::as_str);
        let rebuilt = rebuilt.get(item).map_or("none", String::as_str);
        if stored != rebuilt {
            problems.push(StateProblem::StateDiffers {
                item: item.to_string(),
                stored: stored.to_string(),
                rebuilt: rebuilt.to_string(),
            });
        }
    }
    problems
}

/// A state as a problem names it: the status, with the completion time when it is done.
fn describe(status: &str, at: Option<&str>) -> String {
    match at {
        Some(at) if status == "done" => format!("done at {at}"),
        _ => status.to_string(),
    }
}

/// A stored state as [`describe`] names it (a completion time kept on a state not done shows).
pub(crate) fn describe_stored(status: &str, completed_at: Option<&str>) -> String {
    match completed_at {
        Some(at) if status != "done" => format!("{status} at {at}"),
        other => describe(status, other),
    }
}

/// Whitespace runs folded to one space, so SQL is compared by its words.
fn normalized(sql: &str) -> String {
    sql.trim().trim_end_matches(';').split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every trigger the migrations leave, by name with the statement that made it: each
/// `CREATE TRIGGER name … END;`, less those a later `DROP TRIGGER name` removes. A trigger
/// dropped and made again by a later migration keeps the place it was first made in.
fn expected_triggers() -> Vec<(String, String)> {
    let mut first_made: Vec<String> = Vec::new();
    let mut triggers: Vec<(String, String)> = Vec::new();
    for migration in MIGRATIONS {
        let mut rest: &str = migration;
        while let Some(start) = ["CREATE TRIGGER ", "DROP TRIGGER "].iter().filter_map(|word| rest.find(word)).min() {
            rest = &rest[start..];
            let name = rest.split_whitespace().nth(2).unwrap_or_default().trim_end_matches(';').to_string();
            triggers.retain(|(kept, _)| *kept != name);
            if rest.starts_with("CREATE") {
                let end = rest.find("\nEND;").map_or(rest.len(), |end| end + "\nEND;".len());
                if !first_made.contains(&name) {
                    first_made.push(name.clone());
                }
                triggers.push((name, rest[..end].to_string()));
                rest = &rest[end..];
            } else {
                rest = &rest["DROP TRIGGER ".len()..];
            }
        }
    }
    triggers.sort_by_key(|(name, _)| first_made.iter().position(|made| made == name));
    triggers
}

#[cfg(test)]
mod tests {
    use super::expected_triggers;

    #[test]
    fn every_trigger_of_the_schema_is_expected() {
        let names: Vec<String> = expected_triggers().into_iter().map(|(name, _)| name).collect();
        for name in ["audit_no_update", "audit_no_delete", "status_change_no_delete", "item_state_follows_insert"] {
            assert!(names.iter().any(|kept| kept == name), "{name} in {names:?}");
        }
        assert!(expected_triggers().iter().all(|(_, sql)| sql.ends_with("END;")));
    }
}
