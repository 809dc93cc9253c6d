//! The ledger: rows imported all or nothing, each keyed so that the same rows imported again
//! add nothing, and aggregates computed in SQL over one kind and year.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, TransactionBehavior};
use sha2::{Digest, Sha256};

use super::append_audit;
use crate::stored_text::TIME_FORMAT;
use crate::{ImportOutcome, LedgerCondition, LedgerImport, LedgerQuery, LedgerRow, Store, StoreError};

impl Store {
    /// Stores the rows of `import` in one `BEGIN IMMEDIATE` transaction with one audit entry
    /// (`ledger.import`). A row already stored (the same kind and values, the same number of
    /// times in its source) is not stored again, so importing a file twice adds nothing the
    /// second time; when nothing is new, nothing at all is written. On any error nothing is
    /// written.
    pub fn import_ledger(&mut self, import: &LedgerImport) -> Result<ImportOutcome, StoreError> {
        self.ensure_writable()?;
        let path = self.path.as_path();
        let error = |err| StoreError::sqlite(path, err);
        let at = import.at.format(TIME_FORMAT).to_string();
        // Row keys are hashes, so each insert lands on a random page of the key index: with
        // SQLite's default 2 MB page cache a large import would read pages back from disk.
        if import.records.len() > 10_000 {
            self.conn.execute_batch("PRAGMA cache_size = -262144").map_err(error)?;
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(error)?;
        // The import is recorded first (its rows refer to it) and completed below; if nothing
        // turns out to be new, the transaction is dropped and nothing is written.
        tx.execute(
            "INSERT INTO ledger_import (kind, source, sha256, rows_read, rows_added, actor, at, audit_seq)
             VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, 0)",
            params![import.kind, import.source, import.sha256, import.records.len() as i64, import.by, at],
        )
        .map_err(error)?;
        let import_id = tx.last_insert_rowid();
        let mut added = 0;
        {
            let mut insert = tx
                .prepare(
                    "INSERT OR IGNORE INTO ledger_row (kind, year, data, row_key, source, source_row, import)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(error)?;
            let mut occurrences: HashMap<[u8; 16], u32> = HashMap::new();
            for (index, record) in import.records.iter().enumerate() {
                let data = serde_json::to_string(&record.values).expect("ledger values serialise");
                let mut hasher = Sha256::new();
                hasher.update(import.kind.as_bytes());
                hasher.update([0]);
                hasher.update(data.as_bytes());
                let content: [u8; 32] = hasher.clone().finalize().into();
                let content: [u8; 16] = content[..16].try_into().expect("16 bytes");
                let occurrence = occurrences.entry(content).or_insert(0);
                *occurrence += 1;
                hasher.update([0]);
                hasher.update(occurrence.to_le_bytes());
                if import.always_new {
                    hasher.update(at.as_bytes());
                    hasher.update(index.to_le_bytes());
                }
                let key: [u8; 32] = hasher.finalize().into();
                added += insert
                    .execute(params![
                        import.kind,
                        record.year,
                        data,
                        &key[..16],
                        import.source,
                        record.row as i64,
                        import_id
                    ])
                    .map_err(error)?;
            }
        }
        if added == 0 {
            return Ok(ImportOutcome { read: import.records.len(), added: 0, audit_seq: None });
        }
        let detail = serde_json::json!({
            "source": import.source,
            "sha256": import.sha256,
            "read": import.records.len(),
            "added": added,
        })
        .to_string();
        let seq = append_audit(&tx, path, &at, import.by, "ledger.import", import.kind, &detail)?;
        tx.execute(
            "UPDATE ledger_import SET rows_added = ?1, audit_seq = ?2 WHERE id = ?3",
            params![added as i64, seq, import_id],
        )
        .map_err(error)?;
        tx.commit().map_err(error)?;
        Ok(ImportOutcome { read: import.records.len(), added, audit_seq: Some(seq) })
    }

    /// Whether a file with this content was imported as rows of `kind` before.
    pub fn ledger_file_imported(&self, kind: &str, sha256: &str) -> Result<bool, StoreError> {
        self.ledger_value::<i64>(
            "SELECT EXISTS (SELECT 1 FROM ledger_import WHERE kind = ?1 AND sha256 = ?2)",
            vec![Value::Text(kind.to_string()), Value::Text(sha256.to_string())],
        )
        .map(|found| found == 1)
    }

    /// The number of rows `query` selects.
    pub fn ledger_count(&self, query: &LedgerQuery) -> Result<i64, StoreError> {
        let (filter, values) = selection(query, &[]);
        self.ledger_value(&format!("SELECT COUNT(*) FROM ledger_row WHERE {filter}"), values)
    }

    /// The sum of `field` over the rows `query` selects (0 when there are none).
    pub fn ledger_sum(&self, query: &LedgerQuery, field: &str) -> Result<f64, StoreError> {
        let (filter, values) = selection(query, &[]);
        let sql = format!("SELECT TOTAL({}) FROM ledger_row WHERE {filter}", extract(field));
        self.ledger_value(&sql, values)
    }

    /// The number of distinct non-empty values of `field` over the rows `query` selects.
    pub fn ledger_distinct(&self, query: &LedgerQuery, field: &str) -> Result<i64, StoreError> {
        let (filter, values) = selection(query, &[]);
        let value = extract(field);
        let sql = format!(
            "SELECT COUNT(DISTINCT {value}) FROM ledger_row WHERE {filter} AND {value} IS NOT NULL AND {value} != ''"
        );
        self.ledger_value(&sql, values)
    }

    /// The rows `query` selects counted by the value of `field` (for a `tags` field, by each
    /// tag), largest group first.
    pub fn ledger_groups(
        &self,
        query: &LedgerQuery,
        field: &str,
        tags: bool,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        let (filter, values) = selection(query, &[]);
        let sql = if tags {
            format!(
                "SELECT CAST(tag.value AS TEXT), COUNT(*) FROM ledger_row, json_each(ledger_row.data, '$.{field}') AS tag
                 WHERE {filter} GROUP BY 1 ORDER BY 2 DESC, 1",
                field = checked(field)
            )
        } else {
            format!(
                "SELECT CAST({value} AS TEXT), COUNT(*) FROM ledger_row WHERE {filter} AND {value} IS NOT NULL
                 GROUP BY 1 ORDER BY 2 DESC, 1",
                value = extract(field)
            )
        };
        let mut statement = self.conn.prepare(&sql).map_err(|err| self.error(err))?;
        let rows = statement
            .query_map(params_from_iter(values), |row| Ok((row.get(0)?, row.get(1)?)))
            .and_then(|rows| rows.collect())
            .map_err(|err| self.error(err))?;
        Ok(rows)
    }

    /// The rows `query` selects except those matching every condition of any list in
    /// `excluding`, oldest first, at most `limit` of them.
    pub fn ledger_rows(
        &self,
        query: &LedgerQuery,
        excluding: &[&[LedgerCondition]],
        limit: Option<usize>,
    ) -> Result<Vec<LedgerRow>, StoreError> {
        let (filter, mut values) = selection(query, excluding);
        values.push(Value::Integer(limit.map_or(-1, |limit| limit as i64)));
        let sql = format!(
            "SELECT id, kind, year, data, source, source_row FROM ledger_row WHERE {filter} ORDER BY id LIMIT ?{}",
            values.len()
        );
        let mut statement = self.conn.prepare(&sql).map_err(|err| self.error(err))?;
        let rows = statement
            .query_map(params_from_iter(values), |row| {
                let data: String = row.get(3)?;
                Ok(LedgerRow {
                    id: row.get(0)?,
                    kind: row.get(1)?,
                    year: row.get(2)?,
                    values: serde_json::from_str(&data).unwrap_or_default(),
                    source: row.get(4)?,
                    source_row: row.get::<_, i64>(5)? as usize,
                })
            })
            .and_then(|rows| rows.collect())
            .map_err(|err| self.error(err))?;
        Ok(rows)
    }

    /// How many rows each kind has in each year: `(kind, year, rows)`, by kind and year.
    pub fn ledger_totals(&self) -> Result<Vec<(String, i32, i64)>, StoreError> {
        let mut statement = self
            .conn
            .prepare("SELECT kind, year, COUNT(*) FROM ledger_row GROUP BY kind, year ORDER BY kind, year")
            .map_err(|err| self.error(err))?;
        let rows = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .and_then(|rows| rows.collect())
            .map_err(|err| self.error(err))?;
        Ok(rows)
    }

    fn ledger_value<T: rusqlite::types::FromSql>(&self, sql: &str, values: Vec<Value>) -> Result<T, StoreError> {
        self.conn.query_row(sql, params_from_iter(values), |row| row.get(0)).map_err(|err| self.error(err))
    }
}

/// A field name safe to write into a JSON path: callers pass the ids of declared fields, which
/// are lowercase letters, digits and `_`; anything else is replaced so it matches nothing.
fn checked(field: &str) -> &str {
    if !field.is_empty() && field.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
        field
    } else {
        "_not_a_field_"
    }
}

fn extract(field: &str) -> String {
    format!("json_extract(data, '$.{}')", checked(field))
}

/// The SQL condition selecting `query`'s rows minus those matching any list of `excluding`,
/// with its parameters.
fn selection(query: &LedgerQuery, excluding: &[&[LedgerCondition]]) -> (String, Vec<Value>) {
    let mut values = vec![Value::Text(query.kind.clone())];
    let mut sql = String::from("kind = ?1");
    if let Some(year) = query.year {
        values.push(Value::Integer(year.into()));
        sql.push_str(&format!(" AND year = ?{}", values.len()));
    }
    for condition in &query.conditions {
        sql.push_str(" AND ");
        sql.push_str(&condition_sql(condition, &mut values));
    }
    for conditions in excluding {
        let all: Vec<String> = conditions.iter().map(|condition| condition_sql(condition, &mut values)).collect();
        if all.is_empty() {
            sql.push_str(" AND 0");
        } else {
            sql.push_str(&format!(" AND NOT ({})", all.join(" AND ")));
        }
    }
    (sql, values)
}

fn condition_sql(condition: &LedgerCondition, values: &mut Vec<Value>) -> String {
    let mut placeholders = Vec::new();
    for value in &condition.values {
        values.push(match value {
            serde_json::Value::String(text) => Value::Text(text.clone()),
            serde_json::Value::Bool(flag) => Value::Integer(i64::from(*flag)),
            serde_json::Value::Number(number) => match number.as_i64() {
                Some(integer) => Value::Integer(integer),
                None => Value::Real(number.as_f64().unwrap_or(f64::NAN)),
            },
            other => Value::Text(other.to_string()),
        });
        placeholders.push(format!("?{}", values.len()));
    }
    if placeholders.is_empty() {
        return "0".to_string();
    }
    let field = checked(&condition.field);
    if condition.tags {
        format!(
            "EXISTS (SELECT 1 FROM json_each(ledger_row.data, '$.{field}') WHERE value IN ({}))",
            placeholders.join(", ")
        )
    } else {
        format!("json_extract(data, '$.{field}') IN ({})", placeholders.join(", "))
    }
}
