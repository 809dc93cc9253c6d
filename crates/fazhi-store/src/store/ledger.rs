//! The ledger: rows imported all or nothing, each keyed so that the same rows imported again
//! add nothing, stored in one table per kind with a typed column per field
//! ([`LedgerTable`]), and aggregates computed in SQL over one kind and year.

use fazhi_core::{Comparison, LedgerKind, LedgerRecord};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, OptionalExtension, TransactionBehavior};

use crate::ledger_condition::Operand;
use crate::ledger_row::{stored_json, typed_value};
use crate::ledger_table::{LedgerTable, YEAR_SHIFT};
use crate::ledger_writer::{insert_rows, RowKeys, Tracking};
use crate::open_import::SAME_SOURCE;
use crate::{
    ImportOutcome, LedgerCondition, LedgerImport, LedgerQuery, LedgerRow, LedgerWriter, Store, StoreError, Supersession,
};

impl Store {
    /// Stores `records` as rows of `import` in one `BEGIN IMMEDIATE` transaction with one
    /// audit entry (`ledger.import`): [`Store::ledger_writer`] with one batch.
    pub(crate) fn import_ledger(
        &mut self,
        import: &LedgerImport,
        records: &[LedgerRecord],
    ) -> Result<ImportOutcome, StoreError> {
        let mut writer = self.ledger_writer(import)?;
        writer.add(records)?;
        writer.finish()
    }

    /// Starts storing rows of `import`, in one `BEGIN IMMEDIATE` transaction: add them in
    /// batches with [`LedgerWriter::add`] as they are read, then [`LedgerWriter::finish`]. A
    /// row already stored (the same kind and values, the same number of times in its source)
    /// is not stored again, so importing a file twice adds nothing the second time; when
    /// nothing is new, nothing at all is written. A writer dropped without `finish`, or any
    /// error, writes nothing.
    pub fn ledger_writer(&mut self, import: &LedgerImport) -> Result<LedgerWriter<'_>, StoreError> {
        self.ensure_writable()?;
        LedgerWriter::begin(&mut self.conn, &self.path, import)
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
                        .map(|field| typed_value(field.field_type, stored.get(&field.id)))
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
            let mut keys = RowKeys::new(salt.clone());
            copied += insert_rows(&tx, kind, &table, *import, records, &mut keys, Tracking::none()).map_err(error)?;
        }
        tx.commit().map_err(error)?;
        Ok(copied)
    }

    /// Whether a file with this content was imported as rows of `kind` before.
    pub(crate) fn ledger_file_imported(&self, kind: &str, sha256: &str) -> Result<bool, StoreError> {
        self.ledger_value::<i64>(
            "SELECT EXISTS (SELECT 1 FROM ledger_import WHERE kind = ?1 AND sha256 = ?2)",
            vec![Value::Text(kind.to_string()), Value::Text(sha256.to_string())],
        )
        .map(|found| found == 1)
    }

    /// Whether the rows of `kind` from the file `source` (and `sheet`) are those of its content
    /// `sha256` already: its latest recorded import had this content; or, for a file never
    /// imported under this name, some import of the kind had. A file that changed since is
    /// imported again as a new revision.
    pub(crate) fn ledger_file_current(
        &self,
        kind: &str,
        source: &str,
        sheet: Option<&str>,
        sha256: &str,
    ) -> Result<bool, StoreError> {
        let sheet = sheet.map_or(Value::Null, |sheet| Value::Text(sheet.to_string()));
        let latest: Option<String> = self
            .conn
            .query_row(
                &format!("SELECT sha256 FROM ledger_import WHERE {SAME_SOURCE} ORDER BY id DESC LIMIT 1"),
                rusqlite::params![kind, source, sheet],
                |row| row.get(0),
            )
            .optional()
            .map_err(|err| self.error(err))?;
        match latest {
            Some(latest) => Ok(latest == sha256),
            None => self.ledger_file_imported(kind, sha256),
        }
    }

    /// The number of rows `query` selects.
    pub(crate) fn ledger_count(&self, query: &LedgerQuery) -> Result<i64, StoreError> {
        let Some(table) = self.ledger_table(&query.kind)? else { return Ok(0) };
        let (filter, values) = selection(&table, query, &[], true);
        self.ledger_value(&format!("SELECT COUNT(*) FROM \"{}\" WHERE {filter}", table.name), values)
    }

    /// The sum of `field` over the rows `query` selects (0 when there are none).
    pub(crate) fn ledger_sum(&self, query: &LedgerQuery, field: &str) -> Result<f64, StoreError> {
        let Some(table) = self.ledger_table(&query.kind)? else { return Ok(0.0) };
        let Some((column, _)) = table.column(field) else { return Ok(0.0) };
        let (filter, values) = selection(&table, query, &[], true);
        self.ledger_value(&format!("SELECT TOTAL({column}) FROM \"{}\" WHERE {filter}", table.name), values)
    }

    /// The number of distinct non-empty values of `field` over the rows `query` selects.
    pub(crate) fn ledger_distinct(&self, query: &LedgerQuery, field: &str) -> Result<i64, StoreError> {
        let Some(table) = self.ledger_table(&query.kind)? else { return Ok(0) };
        let Some((column, _)) = table.column(field) else { return Ok(0) };
        let (filter, values) = selection(&table, query, &[], true);
        let sql = format!(
            "SELECT COUNT(DISTINCT {column}) FROM \"{}\" WHERE {filter} AND {column} IS NOT NULL AND {column} != ''",
            table.name
        );
        self.ledger_value(&sql, values)
    }

    /// The rows `query` selects counted by the value of `field` (for a `tags` field, by each
    /// tag), largest group first.
    pub(crate) fn ledger_groups(
        &self,
        query: &LedgerQuery,
        field: &str,
        tags: bool,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        let Some(table) = self.ledger_table(&query.kind)? else { return Ok(Vec::new()) };
        let Some((column, _)) = table.column(field) else { return Ok(Vec::new()) };
        let (filter, values) = selection(&table, query, &[], true);
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
    /// `excluding`, in the order they were imported, at most `limit` of them. Only current
    /// rows: none that a correction, a void or a new version of its file replaced.
    pub(crate) fn ledger_rows(
        &self,
        query: &LedgerQuery,
        excluding: &[&[LedgerCondition]],
        limit: Option<usize>,
    ) -> Result<Vec<LedgerRow>, StoreError> {
        self.select_rows(query, excluding, limit, false)
    }

    /// The rows `query` selects, current or not, in the order they were imported: each row
    /// that is no longer counted with what replaced it ([`LedgerRow::superseded`]).
    pub(crate) fn ledger_history(&self, query: &LedgerQuery) -> Result<Vec<LedgerRow>, StoreError> {
        self.select_rows(query, &[], None, true)
    }

    /// The row of `kind` with `id`, current or not (with what replaced it).
    pub(crate) fn ledger_row(&self, kind: &str, id: i64) -> Result<Option<LedgerRow>, StoreError> {
        let Some(table) = self.ledger_table(kind)? else { return Ok(None) };
        self.rows_where(&table, kind, &format!("\"{}\".id = ?1", table.name), vec![Value::Integer(id)], None, true)
            .map(|rows| rows.into_iter().next())
    }

    fn select_rows(
        &self,
        query: &LedgerQuery,
        excluding: &[&[LedgerCondition]],
        limit: Option<usize>,
        history: bool,
    ) -> Result<Vec<LedgerRow>, StoreError> {
        let Some(table) = self.ledger_table(&query.kind)? else { return Ok(Vec::new()) };
        let (filter, values) = selection(&table, query, excluding, !history);
        self.rows_where(&table, &query.kind, &filter, values, limit, history)
    }

    /// The rows of `table` (of `kind`) that `filter` selects, with what replaced each when
    /// `history`.
    fn rows_where(
        &self,
        table: &LedgerTable,
        kind: &str,
        filter: &str,
        mut values: Vec<Value>,
        limit: Option<usize>,
        history: bool,
    ) -> Result<Vec<LedgerRow>, StoreError> {
        let name = &table.name;
        let columns: String = table.columns.iter().map(|(field, _)| format!(", \"{name}\".\"f_{field}\"")).collect();
        let (replaced, joins) = match history {
            true => {
                values.push(Value::Text(kind.to_string()));
                (
                    ", s.import, r.revision, r.source, r.actor, r.at, r.audit_seq, \
                     s.correction, c.replacement, c.reason, c.actor, c.at, c.audit_seq"
                        .to_string(),
                    format!(
                        " LEFT JOIN ledger_superseded s ON s.kind = ?{} AND s.row = \"{name}\".id
                          LEFT JOIN ledger_import r ON r.id = s.import
                          LEFT JOIN ledger_correction c ON c.id = s.correction",
                        values.len()
                    ),
                )
            }
            false => (String::new(), String::new()),
        };
        values.push(Value::Integer(limit.map_or(-1, |limit| limit as i64)));
        let sql = format!(
            "SELECT \"{name}\".id, \"{name}\".id >> {YEAR_SHIFT}, ledger_import.source, \"{name}\".source_row{columns}{replaced}
             FROM \"{name}\" JOIN ledger_import ON ledger_import.id = \"{name}\".import{joins}
             WHERE {filter} ORDER BY \"{name}\".import, \"{name}\".source_row, \"{name}\".id LIMIT ?{}",
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
                let id: i64 = row.get(0)?;
                let superseded = match history {
                    true => supersession(row, 4 + table.columns.len())?,
                    false => None,
                };
                Ok(LedgerRow {
                    id,
                    row: LedgerRow::number(id),
                    kind: kind.to_string(),
                    year: row.get(1)?,
                    values: stored,
                    source: row.get(2)?,
                    source_row: row.get::<_, i64>(3)? as usize,
                    superseded,
                })
            })
            .and_then(|rows| rows.collect())
            .map_err(|err| self.error(err))?;
        Ok(rows)
    }

    /// How many rows each kind has in each year: `(kind, year, rows)`, by kind and year.
    pub(crate) fn ledger_totals(&self) -> Result<Vec<(String, i32, i64)>, StoreError> {
        let mut totals = Vec::new();
        for (kind, table) in LedgerTable::registered(&self.conn).map_err(|err| self.error(err))? {
            let sql = format!(
                "SELECT id >> {YEAR_SHIFT}, COUNT(*) FROM \"{table}\"
                 WHERE id NOT IN (SELECT row FROM ledger_superseded WHERE kind = ?1) GROUP BY 1 ORDER BY 1"
            );
            let mut statement = self.conn.prepare(&sql).map_err(|err| self.error(err))?;
            let years: Vec<(i32, i64)> = statement
                .query_map([&kind], |row| Ok((row.get(0)?, row.get(1)?)))
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

/// What replaced a row, from the columns of [`Store::ledger_history`]'s query from `first` on.
fn supersession(row: &rusqlite::Row, first: usize) -> rusqlite::Result<Option<Supersession>> {
    if let Some(import) = row.get::<_, Option<i64>>(first)? {
        return Ok(Some(Supersession::Revision {
            import,
            revision: row.get::<_, Option<i64>>(first + 1)?.unwrap_or(0),
            source: row.get(first + 2)?,
            by: row.get(first + 3)?,
            at: row.get(first + 4)?,
            audit_seq: row.get(first + 5)?,
        }));
    }
    let Some(correction) = row.get::<_, Option<i64>>(first + 6)? else { return Ok(None) };
    Ok(Some(Supersession::of_correction(
        correction,
        row.get(first + 7)?,
        row.get(first + 8)?,
        row.get(first + 9)?,
        row.get(first + 10)?,
        row.get(first + 11)?,
    )))
}

/// The SQL condition selecting `query`'s rows of `table` minus those matching any list of
/// `excluding` (and, when `current`, minus the superseded ones), with its parameters.
fn selection(
    table: &LedgerTable,
    query: &LedgerQuery,
    excluding: &[&[LedgerCondition]],
    current: bool,
) -> (String, Vec<Value>) {
    let mut values = Vec::new();
    let mut sql = String::from("1");
    if current && table.superseded {
        values.push(Value::Text(query.kind.clone()));
        sql.push_str(&format!(
            " AND \"{}\".id NOT IN (SELECT row FROM ledger_superseded WHERE kind = ?{})",
            table.name,
            values.len()
        ));
    }
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
        sql.push_str(&condition_sql(table, condition, query, current, &mut values));
    }
    for conditions in excluding {
        let all: Vec<String> =
            conditions.iter().map(|condition| condition_sql(table, condition, query, current, &mut values)).collect();
        if all.is_empty() {
            sql.push_str(" AND 0");
        } else {
            sql.push_str(&format!(" AND NOT ({})", all.join(" AND ")));
        }
    }
    (sql, values)
}

/// One condition as SQL: the field compared with the condition's values as its comparison
/// says (for a tags field: one of the tags is, or none is). A field without a column has no
/// value in any row, so it matches nothing (but `NoneOf`, which it always meets). `NewInYear`
/// compares with the rows of the years before the query's (current ones only when `current`).
fn condition_sql(
    table: &LedgerTable,
    condition: &LedgerCondition,
    query: &LedgerQuery,
    current: bool,
    values: &mut Vec<Value>,
) -> String {
    let Some((column, _)) = table.column(&condition.field) else {
        return if condition.comparison == Comparison::NoneOf { "1" } else { "0" }.to_string();
    };
    let bind = |value: &serde_json::Value, values: &mut Vec<Value>| {
        values.push(match Operand::of(value) {
            Operand::Text(text) => Value::Text(text),
            Operand::Integer(integer) => Value::Integer(integer),
            Operand::Real(number) => Value::Real(number),
        });
        format!("?{}", values.len())
    };
    let order = |operator: &str, values: &mut Vec<Value>| match condition.values.first() {
        Some(bound) => format!("({column} IS NOT NULL AND {column} {operator} {})", bind(bound, values)),
        None => "0".to_string(),
    };
    match condition.comparison {
        Comparison::Below => return order("<", values),
        Comparison::AtMost => return order("<=", values),
        Comparison::Above => return order(">", values),
        Comparison::AtLeast => return order(">=", values),
        Comparison::NewInYear => {
            let Some(year) = query.year else { return "1".to_string() };
            values.push(Value::Integer(LedgerTable::first_id(year)));
            let before = values.len();
            let name = &table.name;
            let current = if current && table.superseded {
                values.push(Value::Text(query.kind.clone()));
                format!(" AND earlier.id NOT IN (SELECT row FROM ledger_superseded WHERE kind = ?{})", values.len())
            } else {
                String::new()
            };
            return format!(
                "({column} IS NOT NULL AND {column} NOT IN (SELECT earlier.{column} FROM \"{name}\" AS earlier \
                 WHERE earlier.id < ?{before} AND earlier.{column} IS NOT NULL{current}))"
            );
        }
        Comparison::AnyOf | Comparison::NoneOf => {}
    }
    let alternatives: Vec<String> = condition
        .values
        .iter()
        .map(|value| {
            if condition.tags {
                // Tags are stored as a JSON array of strings: a tag is in it as its JSON string.
                let tag = LedgerCondition::tag(value);
                values.push(Value::Text(serde_json::Value::String(tag).to_string()));
                format!("instr({column}, ?{}) > 0", values.len())
            } else {
                bind(value, values)
            }
        })
        .collect();
    let any = match (alternatives.is_empty(), condition.tags) {
        (true, _) => "0".to_string(),
        (false, true) => format!("({})", alternatives.join(" OR ")),
        (false, false) => format!("{column} IN ({})", alternatives.join(", ")),
    };
    if condition.comparison == Comparison::NoneOf {
        format!("({column} IS NULL OR NOT {any})")
    } else {
        any
    }
}
