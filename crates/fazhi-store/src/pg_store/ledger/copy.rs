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
        "IAAAIIAAIaiI",
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
            let texts: Vec<&str> = data.iter().map(String::as_str).collect();
            insert_entries(to, label, kind, &ids, &imports, &lines, &texts)?;
            if table.inline_keys {
                let keys: Vec<&[u8]> = keys.iter().map(Vec::as_slice).collect();
                insert_keys(to, label, kind, &keys, &ids)?;
                copied += keys.len() as u64;
            }
            copied += ids.len() as u64;
            ids.clear();
            imports.clear();
            lines.clear();
            keys.clear();
            data.clear();
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
                keys.clear();
                ids.clear();
            }
            let Some(row) = row else { break };
            keys.push(row.get(0).map_err(lite)?);
            ids.push(row.get(1).map_err(lite)?);
        }
    }
    Ok(copied)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use fazhi_core::{FieldType, LedgerField, LedgerKind, LedgerRecord, LedgerValue};
    use serde_json::json;

    use super::copy_ledger;
    use crate::{LedgerImport, LedgerQuery, LedgerStore, OpenOptions, PgStore, RowCorrection, Store};

    fn kind() -> LedgerKind {
        let field = |id: &str, field_type| LedgerField {
            id: id.to_string(),
            label: id.to_string(),
            field_type,
            required: false,
            values: Vec::new(),
            aliases: Vec::new(),
        };
        LedgerKind {
            id: "ticket".to_string(),
            name: "工单".to_string(),
            date: Some("on".to_string()),
            fields: vec![
                field("on", FieldType::Date),
                field("fine", FieldType::Integer),
                field("tags", FieldType::Tags),
            ],
        }
    }

    fn records(fines: &[i64]) -> Vec<LedgerRecord> {
        fines
            .iter()
            .enumerate()
            .map(|(i, fine)| {
                let day = NaiveDate::from_ymd_opt(2023 + (i % 2) as i32, 3, 1 + (i % 28) as u32).unwrap();
                LedgerRecord {
                    values: vec![
                        Some(LedgerValue::Date(day)),
                        Some(LedgerValue::Integer(*fine)),
                        Some(LedgerValue::Tags(vec![format!("t{}", fine % 3)])),
                    ],
                    year: chrono::Datelike::year(&day),
                    row: i + 2,
                }
            })
            .collect()
    }

    fn import<'a>(kind: &'a LedgerKind, always_new: bool) -> LedgerImport<'a> {
        LedgerImport {
            kind,
            source: if always_new { "ledger add" } else { "ledger/ticket.csv" },
            sheet: None,
            sha256: "00",
            by: "tester",
            at: NaiveDate::from_ymd_opt(2024, 12, 2).unwrap().and_hms_opt(9, 0, 0).unwrap(),
            always_new,
        }
    }

    /// Everything the ledger shows of `store`.
    fn shown(store: &dyn LedgerStore) -> serde_json::Value {
        let all = LedgerQuery::new("ticket", None);
        json!({
            "history": store.ledger_history(&all).unwrap(),
            "current": store.ledger_rows(&all, &[], None).unwrap(),
            "totals": store.ledger_totals().unwrap(),
            "groups": store.ledger_groups(&all, "tags", true).unwrap(),
            "sum": store.ledger_sum(&all, "fine").unwrap(),
        })
    }

    /// `value` without its `audit_seq`s.
    fn without_audit_seqs(value: serde_json::Value) -> serde_json::Value {
        match value {
            serde_json::Value::Object(map) => map
                .into_iter()
                .filter(|(key, _)| key != "audit_seq")
                .map(|(key, value)| (key, without_audit_seqs(value)))
                .collect(),
            serde_json::Value::Array(items) => items.into_iter().map(without_audit_seqs).collect(),
            other => other,
        }
    }

    #[test]
    fn a_copied_ledger_shows_the_same_rows_and_goes_on_as_sqlite_does() {
        let Some(url) = std::env::var("FAZHI_TEST_DATABASE_URL").ok().filter(|url| !url.is_empty()) else {
            eprintln!("FAZHI_TEST_DATABASE_URL is not set: the copy is not tested");
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        let kind = kind();
        let mut sqlite = Store::open(&path, &OpenOptions::default()).unwrap();
        sqlite.import_ledger(&import(&kind, false), &records(&[10, 20, 30, 20, 50])).unwrap();
        sqlite.import_ledger(&import(&kind, true), &records(&[7])).unwrap();
        sqlite.import_ledger(&import(&kind, false), &records(&[10, 20, 31, 20])).unwrap();
        let row = sqlite.ledger_rows(&LedgerQuery::new("ticket", None), &[], None).unwrap()[0].clone();
        let changes = json!({ "fine": [10, 11] });
        let correction = |row: i64, replacement: Option<&'static LedgerRecord>| RowCorrection {
            kind: Box::leak(Box::new(kind.clone())),
            row,
            replacement,
            changes: Box::leak(Box::new(changes.clone())),
            reason: "录入错误",
            by: "clerk",
            at: NaiveDate::from_ymd_opt(2024, 12, 3).unwrap().and_hms_opt(10, 0, 0).unwrap(),
        };
        let fixed: &'static LedgerRecord = Box::leak(Box::new(records(&[11]).remove(0)));
        sqlite.correct_ledger_row(&correction(row.id, Some(fixed))).unwrap();
        // A kind with more rows than one statement copies.
        let bulk = LedgerKind { id: "bulk".to_string(), ..kind.clone() };
        let many: Vec<i64> = (0..5003).collect();
        sqlite.import_ledger(&LedgerImport { kind: &bulk, ..import(&kind, false) }, &records(&many)).unwrap();

        let schema = format!("test_copy_ledger_{}", std::process::id());
        let mut pg = PgStore::open(&url, &schema, &dir.path().join("evidence"), &OpenOptions::default()).unwrap();
        let from = rusqlite::Connection::open(&path).unwrap();
        let copied = pg.write(|tx, label| copy_ledger(&from, tx, label));
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            // 3 imports; 8 rows (5 + 1 by hand + 1 of the revision + 1 corrected) with their
            // keys; 1 correction; 3 rows superseded (2 by the revision, 1 by the correction).
            // And the bulk kind's import, rows and keys.
            assert_eq!(copied.unwrap(), 3 + 8 + 8 + 1 + 3 + 1 + 5003 + 5003);
            assert_eq!(shown(&pg), shown(&sqlite));
            let all_bulk = LedgerQuery::new("bulk", None);
            assert_eq!(
                pg.ledger_rows(&all_bulk, &[], None).unwrap(),
                sqlite.ledger_rows(&all_bulk, &[], None).unwrap()
            );
            let again = LedgerImport { kind: &bulk, ..import(&kind, false) };
            assert_eq!(pg.import_ledger(&again, &records(&many)).unwrap().added, 0, "the keys were copied");
            // Both go on alike: a revision, a correction, a void.
            let sqlite_log = sqlite.audit_log().unwrap().len();
            let (mut from_sqlite, mut from_pg) = (Vec::new(), Vec::new());
            for (store, outcomes) in [(&mut sqlite as &mut dyn LedgerStore, &mut from_sqlite), (&mut pg, &mut from_pg)]
            {
                let outcome = store.import_ledger(&import(&kind, false), &records(&[10, 20, 30, 20, 50, 60])).unwrap();
                outcomes.push(json!([outcome.added, outcome.superseded, outcome.revision]));
                let rows = store.ledger_rows(&LedgerQuery::new("ticket", Some(2024)), &[], None).unwrap();
                let corrected = store.correct_ledger_row(&correction(rows[0].id, Some(fixed))).unwrap();
                let voided = store.correct_ledger_row(&correction(rows[1].id, None)).unwrap();
                outcomes.push(json!([corrected.correction, corrected.replacement, voided.correction]));
            }
            assert_eq!(from_pg, from_sqlite);
            // The same, but the audit entries' numbers (the audit log was not copied here).
            assert_eq!(without_audit_seqs(shown(&pg)), without_audit_seqs(shown(&sqlite)));
            // The audit entries' details are the same text.
            let details: Vec<String> =
                sqlite.audit_log().unwrap()[sqlite_log..].iter().map(|entry| entry.detail.clone()).collect();
            let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
            let pg_details: Vec<String> = client
                .query(&format!("SELECT detail FROM \"{schema}\".audit ORDER BY seq"), &[])
                .unwrap()
                .iter()
                .map(|row| row.get(0))
                .collect();
            assert_eq!(pg_details, details);
        }));
        drop(pg);
        let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        client.batch_execute(&format!("DROP SCHEMA \"{schema}\" CASCADE")).unwrap();
        if let Err(panic) = outcome {
            std::panic::resume_unwind(panic);
        }
    }
}
