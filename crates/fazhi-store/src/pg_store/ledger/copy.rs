//! Copying a SQLite state's ledger into a PostgreSQL schema, as it is.

use std::path::Path;

use postgres::types::ToSql;
use postgres::Transaction;
use rusqlite::Connection;

use super::{insert_entries, insert_keys, type_name, ROWS_PER_STATEMENT};
use crate::ledger_row::stored_json;
use crate::ledger_table::LedgerTable;
use crate::pg_store::pg_error;
use crate::StoreError;

/// Copies every ledger table of the SQLite state `from` into the PostgreSQL schema of `to`
/// (whose ledger is empty) as it is: the imports, each kind's rows with their ids, values and
/// keys (and the fields its table has, with their types), the corrections and the
/// supersessions, with their numbers. No audit entry is written (the audit log is copied on
/// its own); the ledger numbers imports and corrections after their largest, so there is no
/// sequence to move. Rows of the ledger's first layout are left out: those of a kind adopted
/// since are in its table; a kind not adopted yet fails the copy.
///
/// Returns how many rows of SQLite's ledger tables were copied (imports, rows, keys,
/// corrections and supersessions).
#[cfg_attr(not(test), allow(dead_code))] // Called by `migrate` (being written).
pub(crate) fn copy_ledger(from: &Connection, to: &mut Transaction<'_>, label: &Path) -> Result<u64, StoreError> {
    let sqlite = Path::new(from.path().unwrap_or("(the SQLite state)")).to_path_buf();
    let lite = |err| StoreError::sqlite(&sqlite, err);
    let unadopted: Vec<String> = from
        .prepare("SELECT DISTINCT kind FROM ledger_row WHERE kind NOT IN (SELECT kind FROM ledger_table) ORDER BY kind")
        .and_then(|mut statement| statement.query_map([], |row| row.get(0))?.collect())
        .map_err(lite)?;
    if !unadopted.is_empty() {
        return Err(StoreError::Open {
            path: sqlite,
            source: format!(
                "its ledger has rows of {} in the first layout still: adopt them before copying the state",
                unadopted.join(", ")
            )
            .into(),
        });
    }
    let mut copied = copy_rows(
        from,
        to,
        label,
        "SELECT id, kind, source, sha256, rows_read, rows_added, actor, at, audit_seq, sheet, revision, rows_superseded
         FROM ledger_import ORDER BY id",
        "INSERT INTO ledger_import
             (id, kind, source, sha256, rows_read, rows_added, actor, at, audit_seq, sheet, revision, rows_superseded)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        "IIAAIIAAIaiI",
    )?;
    for kind in LedgerTable::kinds(from).map_err(lite)? {
        let Some(table) = LedgerTable::load(from, &kind).map_err(lite)? else { continue };
        copied += copy_kind(from, to, label, &sqlite, &kind, &table)?;
    }
    copied += copy_rows(
        from,
        to,
        label,
        "SELECT id, kind, row, action, replacement, reason, actor, at, audit_seq FROM ledger_correction ORDER BY id",
        "INSERT INTO ledger_correction (id, kind, row, action, replacement, reason, actor, at, audit_seq)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        "IAIAiAAAI",
    )?;
    copied += copy_rows(
        from,
        to,
        label,
        "SELECT kind, row, import, correction FROM ledger_superseded ORDER BY kind, row",
        "INSERT INTO ledger_superseded (kind, row, import, correction) VALUES ($1, $2, $3, $4)",
        "AIii",
    )?;
    Ok(copied)
}

/// One cell of a row copied by [`copy_rows`].
enum Cell {
    Integer(Option<i64>),
    Text(Option<String>),
}

/// Copies the rows `select` reads from SQLite with `insert`, one by one: `columns` says each
/// column's type (`I` a number, `i` a number or nothing, `A` a text, `a` a text or nothing).
/// Returns how many.
fn copy_rows(
    from: &Connection,
    to: &mut Transaction<'_>,
    label: &Path,
    select: &str,
    insert: &str,
    columns: &str,
) -> Result<u64, StoreError> {
    let sqlite = Path::new(from.path().unwrap_or("(the SQLite state)")).to_path_buf();
    let lite = |err| StoreError::sqlite(&sqlite, err);
    let mut statement = from.prepare(select).map_err(lite)?;
    let rows: Vec<Vec<Cell>> = statement
        .query_map([], |row| {
            columns
                .bytes()
                .enumerate()
                .map(|(index, column)| match column {
                    b'I' | b'i' => row.get(index).map(Cell::Integer),
                    _ => row.get(index).map(Cell::Text),
                })
                .collect()
        })
        .and_then(|rows| rows.collect())
        .map_err(lite)?;
    let insert = to.prepare(insert).map_err(|err| pg_error(label, err))?;
    for row in &rows {
        let params: Vec<&(dyn ToSql + Sync)> = row
            .iter()
            .map(|cell| match cell {
                Cell::Integer(number) => number as &(dyn ToSql + Sync),
                Cell::Text(text) => text as &(dyn ToSql + Sync),
            })
            .collect();
        to.execute(&insert, &params).map_err(|err| pg_error(label, err))?;
    }
    Ok(rows.len() as u64)
}

/// Copies the fields, rows and keys of `kind` from its SQLite table; returns how many rows and
/// keys.
fn copy_kind(
    from: &Connection,
    to: &mut Transaction<'_>,
    label: &Path,
    sqlite: &Path,
    kind: &str,
    table: &LedgerTable,
) -> Result<u64, StoreError> {
    let lite = |err| StoreError::sqlite(sqlite, err);
    let pg = |err| pg_error(label, err);
    for (position, (field, field_type)) in table.columns.iter().enumerate() {
        to.execute(
            "INSERT INTO ledger_field (kind, field, position, type) VALUES ($1, $2, $3, $4)",
            &[&kind, field, &(position as i32), &type_name(*field_type)],
        )
        .map_err(pg)?;
    }
    let columns: String = table.columns.iter().map(|(field, _)| format!(", \"f_{field}\"")).collect();
    let key = if table.inline_keys { ", row_key" } else { ", NULL" };
    let mut statement = from
        .prepare(&format!("SELECT id, import, source_row{key}{columns} FROM \"{}\" ORDER BY id", table.name))
        .map_err(lite)?;
    let mut rows = statement.query([]).map_err(lite)?;
    let (mut ids, mut imports, mut lines, mut data, mut keys) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut copied = 0;
    loop {
        let row = rows.next().map_err(lite)?;
        if row.is_none() || ids.len() == ROWS_PER_STATEMENT {
            let data: Vec<&str> = data.iter().map(String::as_str).collect();
            insert_entries(to, label, kind, &ids, &imports, &lines, &data)?;
            if table.inline_keys {
                let keys: Vec<&[u8]> = keys.iter().map(Vec::as_slice).collect();
                insert_keys(to, label, kind, &keys, &ids)?;
                copied += keys.len() as u64;
            }
            copied += ids.len() as u64;
            (ids.clear(), imports.clear(), lines.clear(), keys.clear());
        }
        let Some(row) = row else { break };
        ids.push(row.get::<_, i64>(0).map_err(lite)?);
        imports.push(row.get::<_, i64>(1).map_err(lite)?);
        lines.push(row.get::<_, i64>(2).map_err(lite)?);
        if table.inline_keys {
            keys.push(row.get::<_, Vec<u8>>(3).map_err(lite)?);
        }
        let mut values = serde_json::Map::new();
        for (index, (field, field_type)) in table.columns.iter().enumerate() {
            let value = stored_json(*field_type, row.get_ref(4 + index).map_err(lite)?);
            if !value.is_null() {
                values.insert(field.clone(), value);
            }
        }
        data.push(serde_json::Value::Object(values).to_string());
    }
    if !table.inline_keys {
        let mut statement =
            from.prepare(&format!("SELECT row_key, id FROM \"{}\" ORDER BY id", table.key_table())).map_err(lite)?;
        let mut rows = statement.query([]).map_err(lite)?;
        let (mut keys, mut ids): (Vec<Vec<u8>>, Vec<i64>) = (Vec::new(), Vec::new());
        loop {
            let row = rows.next().map_err(lite)?;
            if row.is_none() || ids.len() == ROWS_PER_STATEMENT {
                let slices: Vec<&[u8]> = keys.iter().map(Vec::as_slice).collect();
                insert_keys(to, label, kind, &slices, &ids)?;
                copied += ids.len() as u64;
                (keys.clear(), ids.clear());
            }
            let Some(row) = row else { break };
            keys.push(row.get(0).map_err(lite)?);
            ids.push(row.get(1).map_err(lite)?);
        }
    }
    Ok(copied)
}
