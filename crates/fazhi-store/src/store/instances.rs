//! Workflow instances: created, and their dossiers updated, each with an audit entry in the
//! same transaction. Their steps' completions are ordinary status changes of the items
//! `INSTANCE/STEP` ([`Store::record_change`]).

use std::collections::HashMap;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use fazhi_core::ItemState;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use sha2::{Digest, Sha256};

use super::append_audit;
use crate::stored_text::{parse_time, TIME_FORMAT};
use crate::{InstanceRecord, NewInstance, Store, StoreError};

/// How the day an instance started is stored.
const DATE_FORMAT: &str = "%Y-%m-%d";

impl Store {
    /// Creates a workflow instance with its first dossier version and an audit entry
    /// (`flow.start`), in one `BEGIN IMMEDIATE` transaction. Returns the audit entry's number,
    /// or `Ok(None)` — nothing written — when an instance with this id exists already.
    pub(crate) fn create_instance(&mut self, new: &NewInstance) -> Result<Option<i64>, StoreError> {
        self.ensure_writable()?;
        let path = self.path.as_path();
        let error = |err| StoreError::sqlite(path, err);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(error)?;
        if instance_exists(&tx, &new.id).map_err(error)? {
            return Ok(None);
        }
        let (at, started, sha256, detail) = start_entry(new);
        let seq = append_audit(&tx, path, &at, &new.by, "flow.start", &new.id, &detail)?;
        tx.execute(
            "INSERT INTO flow_instance (id, workflow, started, created_by, created_at, audit_seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![new.id, new.workflow, started, new.by, at, seq],
        )
        .map_err(error)?;
        insert_data(&tx, path, &new.id, &new.data_name, &new.data, &sha256, &new.by, &at, seq)?;
        tx.commit().map_err(error)?;
        Ok(Some(seq))
    }

    /// Records a new version of an instance's dossier, with an audit entry (`flow.data`) in
    /// the same transaction. Returns the audit entry's number, or `Ok(None)` — nothing
    /// written — when there is no such instance.
    pub(crate) fn update_instance_data(
        &mut self,
        instance: &str,
        name: &str,
        text: &str,
        by: &str,
        at: NaiveDateTime,
    ) -> Result<Option<i64>, StoreError> {
        self.ensure_writable()?;
        let path = self.path.as_path();
        let error = |err| StoreError::sqlite(path, err);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(error)?;
        if !instance_exists(&tx, instance).map_err(error)? {
            return Ok(None);
        }
        let (at, sha256, detail) = data_entry(name, text, at);
        let seq = append_audit(&tx, path, &at, by, "flow.data", instance, &detail)?;
        insert_data(&tx, path, instance, name, text, &sha256, by, &at, seq)?;
        tx.commit().map_err(error)?;
        Ok(Some(seq))
    }

    /// Every workflow instance, by id, each with its current dossier.
    pub(crate) fn instances(&self) -> Result<Vec<InstanceRecord>, StoreError> {
        self.query_instances(None)
    }

    /// The stored states of the steps of instance `id` (the items `ID/STEP`), by item id: one
    /// range of the state's index, not the whole state.
    pub(crate) fn instance_states(&self, id: &str) -> Result<HashMap<String, ItemState>, StoreError> {
        // Item ids of the instance run from "ID/" up to, not including, "ID0" ('0' follows '/').
        let (low, high) = (format!("{id}/"), format!("{id}0"));
        let mut statement = self
            .conn
            .prepare_cached("SELECT item, status, completed_at FROM item_state WHERE item >= ?1 AND item < ?2")
            .map_err(|err| self.error(err))?;
        let rows = statement
            .query_map([&low, &high], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, Option<String>>(2)?))
            })
            .map_err(|err| self.error(err))?;
        let mut states = HashMap::new();
        for row in rows {
            let (item, status, completed_at) = row.map_err(|err| self.error(err))?;
            let state = self.item_state(&item, &status, completed_at)?;
            states.insert(item, state);
        }
        Ok(states)
    }

    /// The instance with `id`, if there is one.
    pub(crate) fn instance(&self, id: &str) -> Result<Option<InstanceRecord>, StoreError> {
        Ok(self.query_instances(Some(id))?.into_iter().next())
    }

    fn query_instances(&self, id: Option<&str>) -> Result<Vec<InstanceRecord>, StoreError> {
        // One instance is looked up by its key (`?1 IS NULL OR ...` would scan every instance,
        // and starting a province's recorded instances looks up each of them).
        const SELECT: &str = "SELECT i.id, i.workflow, i.started, i.created_by, i.created_at,
                          d.name, d.text, d.sha256, d.at,
                          (SELECT COUNT(*) FROM flow_data c WHERE c.instance = i.id)
                   FROM flow_instance i
                   JOIN flow_data d ON d.seq = (SELECT MAX(seq) FROM flow_data m WHERE m.instance = i.id)";
        let filter = if id.is_some() { "WHERE i.id = ?1" } else { "WHERE ?1 IS NULL ORDER BY i.id" };
        let sql = format!("{SELECT} {filter}");
        let mut statement = self.conn.prepare_cached(&sql).map_err(|err| self.error(err))?;
        let rows = statement
            .query_map([id], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                    row.get::<_, String>(5)?,
                    row.get::<_, String>(6)?,
                    row.get::<_, String>(7)?,
                    row.get::<_, String>(8)?,
                    row.get::<_, i64>(9)?,
                ))
            })
            .map_err(|err| self.error(err))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, workflow, started, created_by, created_at, data_name, data, data_sha256, data_at, versions) =
                row.map_err(|err| self.error(err))?;
            let started = parse_started(&self.path, &id, &started)?;
            out.push(InstanceRecord {
                created_at: parse_time(&self.path, &created_at)?,
                data_at: parse_time(&self.path, &data_at)?,
                id,
                workflow,
                started,
                created_by,
                data_name,
                data,
                data_sha256,
                data_versions: versions,
            });
        }
        Ok(out)
    }
}

/// What starting the instance `new` records, the same on every backend: its time and start
/// date as stored, its dossier's digest and the audit entry's detail.
pub(crate) fn start_entry(new: &NewInstance) -> (String, String, String, String) {
    let at = new.at.format(TIME_FORMAT).to_string();
    let started = new.started.format(DATE_FORMAT).to_string();
    let sha256 = hex::encode(Sha256::digest(new.data.as_bytes()));
    let detail = serde_json::json!({
        "workflow": new.workflow,
        "started": started,
        "data": { "name": new.data_name, "sha256": sha256 },
    })
    .to_string();
    (at, started, sha256, detail)
}

/// What a new version `text` of a dossier named `name` records at `at`: the time as stored, its
/// digest and the audit entry's detail.
pub(crate) fn data_entry(name: &str, text: &str, at: NaiveDateTime) -> (String, String, String) {
    let sha256 = hex::encode(Sha256::digest(text.as_bytes()));
    let detail = serde_json::json!({ "data": { "name": name, "sha256": sha256 } }).to_string();
    (at.format(TIME_FORMAT).to_string(), sha256, detail)
}

/// An instance's start date as stored; anything else is [`StoreError::Corrupt`].
pub(crate) fn parse_started(path: &Path, id: &str, started: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(started, DATE_FORMAT)
        .map_err(|_| StoreError::corrupt(path, format!("instance \"{id}\" has the start date `{started}`")))
}

fn instance_exists(conn: &Connection, id: &str) -> rusqlite::Result<bool> {
    conn.query_row("SELECT 1 FROM flow_instance WHERE id = ?1", [id], |_| Ok(())).optional().map(|row| row.is_some())
}

/// Appends an audit entry and moves the log's head to it; returns its number.
#[allow(clippy::too_many_arguments)]
fn insert_data(
    conn: &Connection,
    path: &Path,
    instance: &str,
    name: &str,
    text: &str,
    sha256: &str,
    by: &str,
    at: &str,
    audit_seq: i64,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO flow_data (instance, name, text, sha256, actor, at, audit_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![instance, name, text, sha256, by, at, audit_seq],
    )
    .map_err(|err| StoreError::sqlite(path, err))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use fazhi_core::Action;

    use crate::{Change, NewInstance, OpenOptions, Store};

    fn new_instance(id: &str) -> NewInstance {
        let at = NaiveDate::from_ymd_opt(2025, 9, 15).unwrap().and_hms_opt(9, 0, 0).unwrap();
        NewInstance {
            id: id.to_string(),
            workflow: "major_decision".to_string(),
            started: at.date(),
            data_name: "decisions/a.ron".to_string(),
            data: "(kind: \"major_decision\")".to_string(),
            by: "zhang_san".to_string(),
            at,
        }
    }

    #[test]
    fn instances_are_created_updated_and_audited_with_steps_as_items() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("state.db"), &OpenOptions::default()).unwrap();
        assert_eq!(store.create_instance(&new_instance("jc-1")).unwrap(), Some(1));
        assert_eq!(store.create_instance(&new_instance("jc-1")).unwrap(), None, "the id is taken");
        let at = NaiveDate::from_ymd_opt(2025, 9, 16).unwrap().and_hms_opt(10, 0, 0).unwrap();
        assert_eq!(store.update_instance_data("jc-1", "b.ron", "(kind: \"x\")", "li_si", at).unwrap(), Some(2));
        assert_eq!(store.update_instance_data("nope", "b.ron", "()", "li_si", at).unwrap(), None);
        let change = Change {
            item: "jc-1/qidong".to_string(),
            action: Action::Done,
            by: "zhang_san".to_string(),
            at,
            note: None,
            evidence: None,
            source: None,
        };
        assert_eq!(store.record_change(&change).unwrap(), Some(3));

        let record = store.instance("jc-1").unwrap().unwrap();
        assert_eq!(record.data, "(kind: \"x\")");
        assert_eq!(record.data_name, "b.ron");
        assert_eq!(record.data_versions, 2);
        assert_eq!(record.started, NaiveDate::from_ymd_opt(2025, 9, 15).unwrap());
        assert_eq!(store.instances().unwrap().len(), 1);
        assert!(store.instance("nope").unwrap().is_none());

        let audit = store.audit_log().unwrap();
        let actions: Vec<&str> = audit.iter().map(|entry| entry.action.as_str()).collect();
        assert_eq!(actions, ["flow.start", "flow.data", "task.done"]);
        assert!(store.verify_audit().unwrap().is_empty());
    }
}
