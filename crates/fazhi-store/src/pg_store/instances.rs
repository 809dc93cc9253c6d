//! Workflow instances in PostgreSQL: [`InstanceLog`] as the SQLite store has it.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDateTime;
use fazhi_core::ItemState;
use postgres::Transaction;

use super::{append_audit, pg_error, PgStore};
use crate::store::instances::{data_entry, parse_started, start_entry};
use crate::stored_text::{parse_status, parse_time};
use crate::{InstanceLog, InstanceRecord, NewInstance, StoreError};

impl InstanceLog for PgStore {
    fn create_instance(&mut self, new: &NewInstance) -> Result<Option<i64>, StoreError> {
        self.write(|tx, label| {
            if instance_exists(tx, label, &new.id)? {
                return Ok(None);
            }
            let (at, started, sha256, detail) = start_entry(new);
            let seq = append_audit(tx, label, &at, &new.by, "flow.start", &new.id, &detail)?;
            tx.execute(
                "INSERT INTO flow_instance (id, workflow, started, created_by, created_at, audit_seq)
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &[&new.id, &new.workflow, &started, &new.by, &at, &seq],
            )
            .map_err(|err| pg_error(label, err))?;
            insert_data(tx, label, [&new.id, &new.data_name, &new.data, &sha256, &new.by, &at], seq)?;
            Ok(Some(seq))
        })
    }

    fn update_instance_data(
        &mut self,
        instance: &str,
        name: &str,
        text: &str,
        by: &str,
        at: NaiveDateTime,
    ) -> Result<Option<i64>, StoreError> {
        self.write(|tx, label| {
            if !instance_exists(tx, label, instance)? {
                return Ok(None);
            }
            let (at, sha256, detail) = data_entry(name, text, at);
            let seq = append_audit(tx, label, &at, by, "flow.data", instance, &detail)?;
            insert_data(tx, label, [instance, name, text, &sha256, by, &at], seq)?;
            Ok(Some(seq))
        })
    }

    fn instances(&self) -> Result<Vec<InstanceRecord>, StoreError> {
        self.query_instances(None)
    }

    fn instance(&self, id: &str) -> Result<Option<InstanceRecord>, StoreError> {
        Ok(self.query_instances(Some(id))?.into_iter().next())
    }

    fn instance_states(&self, id: &str) -> Result<HashMap<String, ItemState>, StoreError> {
        // The instance's items are `ID/STEP`: those whose id begins with `ID/`, byte by byte.
        self.read(|tx, label| {
            let rows = tx
                .query(
                    "SELECT item, status, completed_at FROM item_state WHERE starts_with(item, $1)",
                    &[&format!("{id}/")],
                )
                .map_err(|err| pg_error(label, err))?;
            let mut states = HashMap::new();
            for row in &rows {
                let item: String = row.get(0);
                let status = parse_status(label, &item, row.get(1))?;
                let completed_at = row.get::<_, Option<&str>>(2).map(|text| parse_time(label, text)).transpose()?;
                states.insert(item, ItemState { status, completed_at });
            }
            Ok(states)
        })
    }
}

impl PgStore {
    fn query_instances(&self, id: Option<&str>) -> Result<Vec<InstanceRecord>, StoreError> {
        self.read(|tx, label| {
            let rows = tx
                .query(
                    "SELECT i.id, i.workflow, i.started, i.created_by, i.created_at,
                            d.name, d.text, d.sha256, d.at,
                            (SELECT COUNT(*) FROM flow_data c WHERE c.instance = i.id)
                     FROM flow_instance i
                     JOIN flow_data d ON d.seq = (SELECT MAX(seq) FROM flow_data m WHERE m.instance = i.id)
                     WHERE $1::text IS NULL OR i.id = $1
                     ORDER BY i.id COLLATE \"C\"",
                    &[&id],
                )
                .map_err(|err| pg_error(label, err))?;
            rows.iter()
                .map(|row| {
                    let id: String = row.get(0);
                    Ok(InstanceRecord {
                        started: parse_started(label, &id, row.get(2))?,
                        created_at: parse_time(label, row.get(4))?,
                        data_at: parse_time(label, row.get(8))?,
                        id,
                        workflow: row.get(1),
                        created_by: row.get(3),
                        data_name: row.get(5),
                        data: row.get(6),
                        data_sha256: row.get(7),
                        data_versions: row.get(9),
                    })
                })
                .collect()
        })
    }
}

fn instance_exists(tx: &mut Transaction<'_>, label: &Path, id: &str) -> Result<bool, StoreError> {
    Ok(tx.query_opt("SELECT 1 FROM flow_instance WHERE id = $1", &[&id]).map_err(|err| pg_error(label, err))?.is_some())
}

/// Stores one version of an instance's dossier: its instance, name, text, digest, actor and
/// time, recorded by the audit entry `audit_seq`.
fn insert_data(tx: &mut Transaction<'_>, label: &Path, fields: [&str; 6], audit_seq: i64) -> Result<(), StoreError> {
    let [instance, name, text, sha256, by, at] = fields;
    tx.execute(
        "INSERT INTO flow_data (instance, name, text, sha256, actor, at, audit_seq) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[&instance, &name, &text, &sha256, &by, &at, &audit_seq],
    )
    .map_err(|err| pg_error(label, err))?;
    Ok(())
}
