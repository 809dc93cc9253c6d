//! The ledger: rows imported all or nothing, each keyed so that the same rows imported again
//! add nothing, stored in one table per kind with a typed column per field
//! ([`LedgerTable`]), and aggregates computed in SQL over one kind and year.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use chrono::Datelike;
use fazhi_core::{LedgerKind, LedgerRecord, LedgerValue};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, TransactionBehavior};
use sha2::{Digest, Sha256};

use super::append_audit;
use crate::ledger_table::{LedgerTable, YEAR_SHIFT};
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
        // A big import touches many pages of the key index: keep them in memory.
        if import.records.len() > 10_000 {
            self.conn.execute_batch("PRAGMA cache_size = -262144").map_err(error)?;
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(error)?;
        let table = LedgerTable::ensure(&tx, import.kind).map_err(error)?;
        // The import is recorded first (its rows refer to it) and completed below; if nothing
        // turns out to be new, the transaction is dropped and nothing is written.
        tx.execute(
            "INSERT INTO ledger_import (kind, source, sha256, rows_read, rows_added, actor, at, audit_seq)
             VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, 0)",
            params![import.kind.id, import.source, import.sha256, import.records.len() as i64, import.by, at],
        )
        .map_err(error)?;
        let import_id = tx.last_insert_rowid();
        let salt = import.always_new.then_some(at.as_str());
        let added = insert_rows(&tx, import.kind, &table, import_id, import.records, salt).map_err(error)?;
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
        let seq = append_audit(&tx, path, &at, import.by, "ledger.import", &import.kind.id, &detail)?;
        tx.execute(
            "UPDATE ledger_import SET rows_added = ?1, audit_seq = ?2 WHERE id = ?3",
            params![added as i64, seq, import_id],
        )
        .map_err(error)?;
        tx.commit().map_err(error)?;
        Ok(ImportOutcome { read: import.records.len(), added, audit_seq: Some(seq) })
    }

    /// The kinds with rows in the ledger's first layout (one JSON row table, schema version 5)
    /// that are not yet in their own table: [`Store::adopt_legacy_ledger`] moves them.
    pub fn legacy_ledger_kinds(&self) -> Result<Vec<String>, StoreError> {
        let mut statement = self.conn.prepare("SELECT DISTINCT kind FROM ledger_row").map_err(|err| self.error(err))?;
        let kinds: Vec<String> =
            statement.query_map([], |row| row.get(0)).and_then(|rows| rows.collect()).map_err(|err| self.error(err))?;
        let adopted = LedgerTable::kinds(&self.conn).map_err(|err| self.error(err))?;
        Ok(kinds.into_iter().filter(|kind| !adopted.contains(kind)).collect())
    }

    /// Copies the rows of `kind` stored in the ledger's first layout into the kind's own table,
    /// typed by `kind`'s declaration, each with its import and source line, in one
    /// transaction. Rows keep their identity: a later import of the same file adds nothing.
    /// Returns the number of rows copied. The old rows stay (the ledger is append-only).
    pub fn adopt_legacy_ledger(&mut self, kind: &LedgerKind) -> Result<usize, StoreError> {
        self.ensure_writable()?;
        let path = self.path.as_path();
        let error = |err| StoreError::sqlite(path, err);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(error)?;
        let table = LedgerTable::ensure(&tx, kind).map_err(error)?;
        let mut imports: Vec<(i64, Option<String>, Vec<LedgerRecord>)> = Vec::new();
        {
            let mut statement = tx
                .prepare(
                    "SELECT r.import, r.year, r.data, r.source_row, i.source, i.at
                     FROM ledger_row r JOIN ledger_import i ON i.id = r.import WHERE r.kind = ?1 ORDER BY r.id",
                )
                .map_err(error)?;
            let mut rows = statement.query([&kind.id]).map_err(error)?;
            while let Some(row) = rows.next().map_err(error)? {
                let import: i64 = row.get(0).map_err(error)?;
                let data: String = row.get(2).map_err(error)?;
                let stored: serde_json::Map<String, serde_json::Value> =
                    serde_json::from_str(&data).unwrap_or_default();
                let record = LedgerRecord {
                    values: kind
                        .fields
                        .iter()
                        .map(|field| legacy_value(field.field_type, stored.get(&field.id)))
                        .collect(),
                    year: row.get(1).map_err(error)?,
                    row: row.get::<_, i64>(3).map_err(error)? as usize,
                };
                if imports.last().is_none_or(|(last, _, _)| *last != import) {
                    // Rows added by hand were always new rows: keep them apart as they were.
                    let source: String = row.get(4).map_err(error)?;
                    let salt = (source == "ledger add").then(|| row.get::<_, String>(5)).transpose().map_err(error)?;
                    imports.push((import, salt, Vec::new()));
                }
                imports.last_mut().expect("pushed above").2.push(record);
            }
        }
        let mut copied = 0;
        for (import, salt, records) in &imports {
            copied += insert_rows(&tx, kind, &table, *import, records, salt.as_deref()).map_err(error)?;
        }
        tx.commit().map_err(error)?;
        Ok(copied)
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
        let Some(table) = self.ledger_table(&query.kind)? else { return Ok(0) };
        let (filter, values) = selection(&table, query, &[]);
        self.ledger_value(&format!("SELECT COUNT(*) FROM \"{}\" WHERE {filter}", table.name), values)
    }

    /// The sum of `field` over the rows `query` selects (0 when there are none).
    pub fn ledger_sum(&self, query: &LedgerQuery, field: &str) -> Result<f64, StoreError> {
        let Some(table) = self.ledger_table(&query.kind)? else { return Ok(0.0) };
        let Some((column, _)) = table.column(field) else { return Ok(0.0) };
        let (filter, values) = selection(&table, query, &[]);
        self.ledger_value(&format!("SELECT TOTAL({column}) FROM \"{}\" WHERE {filter}", table.name), values)
    }

    /// The number of distinct non-empty values of `field` over the rows `query` selects.
    pub fn ledger_distinct(&self, query: &LedgerQuery, field: &str) -> Result<i64, StoreError> {
        let Some(table) = self.ledger_table(&query.kind)? else { return Ok(0) };
        let Some((column, _)) = table.column(field) else { return Ok(0) };
        let (filter, values) = selection(&table, query, &[]);
        let sql = format!(
            "SELECT COUNT(DISTINCT {column}) FROM \"{}\" WHERE {filter} AND {column} IS NOT NULL AND {column} != ''",
            table.name
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
        let Some(table) = self.ledger_table(&query.kind)? else { return Ok(Vec::new()) };
        let Some((column, _)) = table.column(field) else { return Ok(Vec::new()) };
        let (filter, values) = selection(&table, query, &[]);
        let name = &table.name;
        let sql = if tags {
            format!(
                "SELECT CAST(tag.value AS TEXT), COUNT(*) FROM \"{name}\", json_each(\"{name}\".{column}) AS tag
                 WHERE {filter} GROUP BY 1 ORDER BY 2 DESC, 1"
            )
        } else {
            format!(
                "SELECT CAST({column} AS TEXT), COUNT(*) FROM \"{name}\" WHERE {filter} AND {column} IS NOT NULL
                 GROUP BY 1 ORDER BY 2 DESC, 1"
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
    /// `excluding`, in the order they were imported, at most `limit` of them.
    pub fn ledger_rows(
        &self,
        query: &LedgerQuery,
        excluding: &[&[LedgerCondition]],
        limit: Option<usize>,
    ) -> Result<Vec<LedgerRow>, StoreError> {
        let Some(table) = self.ledger_table(&query.kind)? else { return Ok(Vec::new()) };
        let (filter, mut values) = selection(&table, query, excluding);
        values.push(Value::Integer(limit.map_or(-1, |limit| limit as i64)));
        let name = &table.name;
        let columns: String = table.columns.iter().map(|(field, _)| format!(", \"{name}\".\"f_{field}\"")).collect();
        let sql = format!(
            "SELECT \"{name}\".id, \"{name}\".id >> {YEAR_SHIFT}, ledger_import.source, source_row{columns}
             FROM \"{name}\" JOIN ledger_import ON ledger_import.id = \"{name}\".import
             WHERE {filter} ORDER BY \"{name}\".import, source_row, \"{name}\".id LIMIT ?{}",
            values.len()
        );
        let mut statement = self.conn.prepare(&sql).map_err(|err| self.error(err))?;
        let rows = statement
            .query_map(params_from_iter(values), |row| {
                let mut stored = serde_json::Map::new();
                for (index, (field, field_type)) in table.columns.iter().enumerate() {
                    let value = stored_json(*field_type, row.get_ref(4 + index)?);
                    if !value.is_null() {
                        stored.insert(field.clone(), value);
                    }
                }
                Ok(LedgerRow {
                    id: row.get(0)?,
                    kind: query.kind.clone(),
                    year: row.get(1)?,
                    values: stored,
                    source: row.get(2)?,
                    source_row: row.get::<_, i64>(3)? as usize,
                })
            })
            .and_then(|rows| rows.collect())
            .map_err(|err| self.error(err))?;
        Ok(rows)
    }

    /// How many rows each kind has in each year: `(kind, year, rows)`, by kind and year.
    pub fn ledger_totals(&self) -> Result<Vec<(String, i32, i64)>, StoreError> {
        let mut totals = Vec::new();
        for kind in LedgerTable::kinds(&self.conn).map_err(|err| self.error(err))? {
            let sql = format!(
                "SELECT id >> {YEAR_SHIFT}, COUNT(*) FROM \"{}\" GROUP BY 1 ORDER BY 1",
                LedgerTable::name_of(&kind)
            );
            let mut statement = self.conn.prepare(&sql).map_err(|err| self.error(err))?;
            let years: Vec<(i32, i64)> = statement
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
                .and_then(|rows| rows.collect())
                .map_err(|err| self.error(err))?;
            totals.extend(years.into_iter().map(|(year, rows)| (kind.clone(), year, rows)));
        }
        totals.sort();
        Ok(totals)
    }

    fn ledger_table(&self, kind: &str) -> Result<Option<LedgerTable>, StoreError> {
        LedgerTable::load(&self.conn, kind).map_err(|err| self.error(err))
    }

    fn ledger_value<T: rusqlite::types::FromSql>(&self, sql: &str, values: Vec<Value>) -> Result<T, StoreError> {
        self.conn.query_row(sql, params_from_iter(values), |row| row.get(0)).map_err(|err| self.error(err))
    }
}

/// Inserts `records` of `kind` into `table` as rows of import `import`; returns how many were
/// new. A row's key hashes the kind and its values, and, for the second and later rows with
/// the same values in `records`, how many came before; with a `salt` (rows added by hand) also
/// the salt and the row's position, so such a row is always new. Rows go in by year and key,
/// so each year's range of ids and the key index grow in order.
fn insert_rows(
    conn: &Connection,
    kind: &LedgerKind,
    table: &LedgerTable,
    import: i64,
    records: &[LedgerRecord],
    salt: Option<&str>,
) -> rusqlite::Result<usize> {
    let digests = content_digests(kind, records);
    let mut occurrences: HashMap<[u8; 16], u32, BuildHasherDefault<DigestHasher>> =
        HashMap::with_capacity_and_hasher(records.len(), BuildHasherDefault::default());
    let mut keyed: Vec<(i32, [u8; 16], usize)> = Vec::with_capacity(records.len());
    for (index, (record, digest)) in records.iter().zip(&digests).enumerate() {
        let occurrence = occurrences.entry(*digest).or_insert(0);
        *occurrence += 1;
        let key = if *occurrence == 1 && salt.is_none() {
            *digest
        } else {
            let mut hasher = Sha256::new();
            hasher.update(digest);
            hasher.update(occurrence.to_le_bytes());
            if let Some(salt) = salt {
                hash_bytes(&mut hasher, salt.as_bytes());
                hasher.update((index as u64).to_le_bytes());
            }
            let key: [u8; 32] = hasher.finalize().into();
            key[..16].try_into().expect("16 bytes")
        };
        keyed.push((record.year, key, index));
    }
    keyed.sort_unstable();

    // The columns of the declared fields, in the kind's order (every declared field has one
    // after `LedgerTable::ensure`).
    let fields: Vec<(usize, String)> = kind
        .fields
        .iter()
        .enumerate()
        .filter_map(|(index, field)| table.column(&field.id).map(|(column, _)| (index, column)))
        .collect();
    let columns: String = fields.iter().map(|(_, column)| format!(", {column}")).collect();
    let placeholders: String = (0..fields.len()).map(|n| format!(", ?{}", n + 5)).collect();
    let mut insert = conn.prepare(&format!(
        "INSERT OR IGNORE INTO \"{}\" (id, row_key, source_row, import{columns}) VALUES (?1, ?2, ?3, ?4{placeholders})",
        table.name
    ))?;
    let mut last_id = conn.prepare(&format!("SELECT MAX(id) FROM \"{}\" WHERE id >= ?1 AND id < ?2", table.name))?;
    let mut date = String::with_capacity(10);
    let mut added = 0;
    let mut next: Option<(i32, i64)> = None;
    for (position, (year, key, index)) in keyed.iter().enumerate() {
        prefetch_ahead(records, &keyed, position);
        let id = match next {
            Some((current, id)) if current == *year => id,
            _ => {
                let (first, end) = (LedgerTable::first_id(*year), LedgerTable::first_id(year + 1));
                let last: Option<i64> = last_id.query_row([first, end], |row| row.get(0))?;
                last.map_or(first, |last| last + 1)
            }
        };
        let record = &records[*index];
        insert.raw_bind_parameter(1, id)?;
        insert.raw_bind_parameter(2, &key[..])?;
        insert.raw_bind_parameter(3, record.row as i64)?;
        insert.raw_bind_parameter(4, import)?;
        for (n, (field, _)) in fields.iter().enumerate() {
            let slot = n + 5;
            match &record.values[*field] {
                None => insert.raw_bind_parameter(slot, rusqlite::types::Null)?,
                Some(LedgerValue::Text(text)) => insert.raw_bind_parameter(slot, text.as_str())?,
                Some(LedgerValue::Integer(number)) => insert.raw_bind_parameter(slot, number)?,
                Some(LedgerValue::Number(number)) => insert.raw_bind_parameter(slot, number)?,
                Some(LedgerValue::Date(day)) => {
                    use std::fmt::Write as _;
                    date.clear();
                    write!(date, "{:04}-{:02}-{:02}", day.year(), day.month(), day.day()).expect("write to a string");
                    insert.raw_bind_parameter(slot, date.as_str())?
                }
                Some(LedgerValue::Bool(flag)) => insert.raw_bind_parameter(slot, flag)?,
                Some(LedgerValue::Tags(tags)) => {
                    insert.raw_bind_parameter(slot, serde_json::to_string(tags).expect("tags serialise"))?
                }
            }
        }
        let new = insert.raw_execute()?;
        added += new;
        next = Some((*year, if new == 1 { id + 1 } else { id }));
    }
    Ok(added)
}

/// Rows go in by key, so their records are read in random order: ask the CPU for the records
/// a few rows ahead, level by level (the record, its values, their text), so that memory is
/// fetched while SQLite works rather than when the row is bound.
fn prefetch_ahead(records: &[LedgerRecord], keyed: &[(i32, [u8; 16], usize)], position: usize) {
    if let Some((_, _, index)) = keyed.get(position + 24) {
        prefetch(&records[*index]);
    }
    if let Some((_, _, index)) = keyed.get(position + 12) {
        let values = &records[*index].values;
        let bytes = std::mem::size_of_val(values.as_slice());
        for offset in (0..bytes).step_by(64) {
            prefetch(values.as_ptr().cast::<u8>().wrapping_add(offset));
        }
    }
    if let Some((_, _, index)) = keyed.get(position + 4) {
        for value in records[*index].values.iter().flatten() {
            if let LedgerValue::Text(text) = value {
                prefetch(text.as_ptr());
            }
        }
    }
}

/// A hint to fetch the cache line at `address`; nothing on other processors.
#[inline(always)]
fn prefetch<T>(address: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint that never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(address.cast())
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = address;
}

/// The first 16 bytes of the sha256 of each record's kind and values (each value with its
/// field's id, absent values left out, so declaring a new optional field changes no digest),
/// computed on every core for a large import.
fn content_digests(kind: &LedgerKind, records: &[LedgerRecord]) -> Vec<[u8; 16]> {
    let digest = |record: &LedgerRecord| -> [u8; 16] {
        let mut hasher = Sha256::new();
        hash_bytes(&mut hasher, kind.id.as_bytes());
        for (field, value) in kind.fields.iter().zip(&record.values) {
            if let Some(value) = value {
                hash_bytes(&mut hasher, field.id.as_bytes());
                hash_value(&mut hasher, value);
            }
        }
        let digest: [u8; 32] = hasher.finalize().into();
        digest[..16].try_into().expect("16 bytes")
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    if records.len() < 50_000 || threads == 1 {
        return records.iter().map(digest).collect();
    }
    let chunk = records.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = records
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(digest).collect::<Vec<_>>()))
            .collect();
        workers.into_iter().flat_map(|worker| worker.join().expect("digest thread")).collect()
    })
}

/// A hasher for keys that are already cryptographic digests: their first eight bytes.
#[derive(Default)]
struct DigestHasher(u64);

impl Hasher for DigestHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for (place, byte) in bytes.iter().take(8).enumerate() {
            self.0 |= u64::from(*byte) << (8 * place);
        }
    }
}

/// Feeds `bytes` to `hasher` with their length first, so that no two sequences of values hash
/// the same input.
fn hash_bytes(hasher: &mut Sha256, bytes: &[u8]) {
    hasher.update((bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

fn hash_value(hasher: &mut Sha256, value: &LedgerValue) {
    match value {
        LedgerValue::Text(text) => {
            hasher.update(b"t");
            hash_bytes(hasher, text.as_bytes());
        }
        LedgerValue::Integer(number) => {
            hasher.update(b"i");
            hasher.update(number.to_le_bytes());
        }
        LedgerValue::Number(number) => {
            hasher.update(b"n");
            hasher.update(number.to_bits().to_le_bytes());
        }
        LedgerValue::Date(day) => {
            hasher.update(b"d");
            hasher.update(day.num_days_from_ce().to_le_bytes());
        }
        LedgerValue::Bool(flag) => hasher.update([b'b', u8::from(*flag)]),
        LedgerValue::Tags(tags) => {
            hasher.update(b"g");
            hasher.update((tags.len() as u64).to_le_bytes());
            for tag in tags {
                hash_bytes(hasher, tag.as_bytes());
            }
        }
    }
}

/// A value stored in the first layout (JSON), read as a field of `field_type`.
fn legacy_value(field_type: fazhi_core::FieldType, value: Option<&serde_json::Value>) -> Option<LedgerValue> {
    use fazhi_core::FieldType;
    use serde_json::Value as Json;
    Some(match (field_type, value?) {
        (_, Json::Null) => return None,
        (FieldType::Integer, Json::Number(number)) => LedgerValue::Integer(number.as_i64()?),
        (FieldType::Number, Json::Number(number)) => LedgerValue::Number(number.as_f64()?),
        (FieldType::Date, Json::String(text)) => LedgerValue::Date(text.parse().ok()?),
        (FieldType::Bool, Json::Bool(flag)) => LedgerValue::Bool(*flag),
        (FieldType::Tags, Json::Array(tags)) => {
            LedgerValue::Tags(tags.iter().filter_map(|tag| tag.as_str().map(str::to_string)).collect())
        }
        (_, Json::String(text)) => LedgerValue::Text(text.clone()),
        (_, other) => LedgerValue::Text(other.to_string()),
    })
}

/// A stored cell as JSON, by the type its column was declared with.
fn stored_json(field_type: fazhi_core::FieldType, cell: rusqlite::types::ValueRef) -> serde_json::Value {
    use fazhi_core::FieldType;
    use rusqlite::types::ValueRef;
    use serde_json::Value as Json;
    match (field_type, cell) {
        (_, ValueRef::Null) => Json::Null,
        (FieldType::Bool, ValueRef::Integer(flag)) => Json::Bool(flag != 0),
        (FieldType::Tags, ValueRef::Text(text)) => serde_json::from_slice(text).unwrap_or(Json::Null),
        (_, ValueRef::Integer(number)) => Json::from(number),
        (_, ValueRef::Real(number)) => Json::from(number),
        (_, ValueRef::Text(text)) => Json::String(String::from_utf8_lossy(text).into_owned()),
        (_, ValueRef::Blob(bytes)) => Json::String(hex::encode(bytes)),
    }
}

/// The SQL condition selecting `query`'s rows of `table` minus those matching any list of
/// `excluding`, with its parameters.
fn selection(table: &LedgerTable, query: &LedgerQuery, excluding: &[&[LedgerCondition]]) -> (String, Vec<Value>) {
    let mut values = Vec::new();
    let mut sql = String::from("1");
    if let Some(year) = query.year {
        values.push(Value::Integer(LedgerTable::first_id(year)));
        values.push(Value::Integer(LedgerTable::first_id(year + 1)));
        sql.push_str(&format!(
            " AND \"{}\".id >= ?{} AND \"{}\".id < ?{}",
            table.name,
            values.len() - 1,
            table.name,
            values.len()
        ));
    }
    for condition in &query.conditions {
        sql.push_str(" AND ");
        sql.push_str(&condition_sql(table, condition, &mut values));
    }
    for conditions in excluding {
        let all: Vec<String> =
            conditions.iter().map(|condition| condition_sql(table, condition, &mut values)).collect();
        if all.is_empty() {
            sql.push_str(" AND 0");
        } else {
            sql.push_str(&format!(" AND NOT ({})", all.join(" AND ")));
        }
    }
    (sql, values)
}

/// One condition as SQL: the field has one of the values (for a tags field: one of the tags).
/// A field without a column has no value in any row, so it matches nothing.
fn condition_sql(table: &LedgerTable, condition: &LedgerCondition, values: &mut Vec<Value>) -> String {
    let Some((column, _)) = table.column(&condition.field) else { return "0".to_string() };
    if condition.values.is_empty() {
        return "0".to_string();
    }
    let mut alternatives = Vec::new();
    for value in &condition.values {
        if condition.tags {
            // Tags are stored as a JSON array of strings: a tag is in it as its JSON string.
            let tag = value.as_str().map_or_else(|| value.to_string(), str::to_string);
            values.push(Value::Text(serde_json::Value::String(tag).to_string()));
            alternatives.push(format!("instr({column}, ?{}) > 0", values.len()));
        } else {
            values.push(match value {
                serde_json::Value::String(text) => Value::Text(text.clone()),
                serde_json::Value::Bool(flag) => Value::Integer(i64::from(*flag)),
                serde_json::Value::Number(number) => match number.as_i64() {
                    Some(integer) => Value::Integer(integer),
                    None => Value::Real(number.as_f64().unwrap_or(f64::NAN)),
                },
                other => Value::Text(other.to_string()),
            });
            alternatives.push(format!("?{}", values.len()));
        }
    }
    if condition.tags {
        format!("({})", alternatives.join(" OR "))
    } else {
        format!("{column} IN ({})", alternatives.join(", "))
    }
}
