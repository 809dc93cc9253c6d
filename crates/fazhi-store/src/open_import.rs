use std::collections::HashMap;

use fazhi_core::LedgerKind;
use rusqlite::{params, Connection};

use crate::ledger_table::LedgerTable;
use crate::ledger_writer::RowKeys;
use crate::stored_text::TIME_FORMAT;
use crate::LedgerImport;

/// The savepoint each import of a [`crate::LedgerWriter`] runs in, so that an import that
/// turns out to add nothing is undone on its own (its record, and its table if it made one).
pub(crate) const SAVEPOINT: &str = "ledger_import";

/// The source of rows added by hand (`fazhi ledger add`).
pub(crate) const BY_HAND: &str = "ledger add";

/// The condition on `ledger_import` selecting the imports of one source: the kind `?1`, the
/// file `?2` as shown and the sheet `?3`. Imports of rows added by hand are revision 0 and
/// belong to no source; imports recorded before revisions were have none, and count.
pub(crate) const SAME_SOURCE: &str = "kind = ?1 AND source = ?2 AND sheet IS ?3 AND COALESCE(revision, 1) > 0";

/// One import of a [`crate::LedgerWriter`] in progress: what it records, the table its rows
/// go to, and what was read and added so far.
pub(crate) struct OpenImport {
    pub(crate) kind: LedgerKind,
    pub(crate) table: LedgerTable,
    /// Whether the table was made by this import: its rows are all new, so they are appended
    /// without looking their keys up, and the keys are stored in order when the import
    /// closes.
    pub(crate) fresh: bool,
    /// The keys of the rows appended to a fresh table, with their ids.
    pub(crate) fresh_keys: Vec<([u8; 16], i64)>,
    /// The import's row in `ledger_import`.
    pub(crate) id: i64,
    pub(crate) source: String,
    pub(crate) sheet: Option<String>,
    pub(crate) sha256: String,
    pub(crate) by: String,
    /// When, as stored.
    pub(crate) at: String,
    pub(crate) always_new: bool,
    pub(crate) keys: RowKeys,
    /// For a fresh table: the id the next row of each year gets.
    pub(crate) next_ids: HashMap<i32, i64>,
    /// The import's revision of its source: 1 for its first import; `None` for rows added by
    /// hand, which belong to no file.
    pub(crate) revision: Option<i64>,
    /// For a later revision of a source: the stored rows the new version has (each current
    /// row a row read stands for), so that the rows of earlier revisions it left out can be
    /// superseded when it closes.
    pub(crate) contained: Option<Vec<i64>>,
    /// Whether rows of the kind are superseded, so that what a row read stands for must be
    /// resolved ([`crate::ledger_resolver::RowResolver`]) rather than just looked up.
    pub(crate) resolve: bool,
    pub(crate) read: usize,
    pub(crate) added: usize,
}

impl OpenImport {
    /// Opens the import's savepoint inside the caller's transaction, makes sure the kind's
    /// table is there, and records the import (its rows refer to it; it is completed when the
    /// import closes).
    pub(crate) fn start(conn: &Connection, import: &LedgerImport) -> rusqlite::Result<OpenImport> {
        OpenImport::begin(
            conn,
            import.kind.clone(),
            import.source.to_string(),
            import.sheet.map(str::to_string),
            import.sha256.to_string(),
            import.by.to_string(),
            import.at.format(TIME_FORMAT).to_string(),
            import.always_new,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn begin(
        conn: &Connection,
        kind: LedgerKind,
        source: String,
        sheet: Option<String>,
        sha256: String,
        by: String,
        at: String,
        always_new: bool,
    ) -> rusqlite::Result<OpenImport> {
        conn.execute_batch(&format!("SAVEPOINT {SAVEPOINT}"))?;
        let (table, fresh) = LedgerTable::ensure_telling(conn, &kind)?;
        // Rows appended to a new table need few pages at hand; an import into a table with
        // rows looks keys up all over its key table, whose pages are best kept in memory
        // (pages are only taken as they are used).
        conn.execute_batch(if fresh { "PRAGMA cache_size = -32768" } else { "PRAGMA cache_size = -262144" })?;
        // Rows added by hand belong to no file; a file's earlier imports make this one a
        // revision of it.
        let revision = match always_new {
            true => None,
            false => {
                let earlier: i64 = conn.query_row(
                    &format!("SELECT COUNT(*) FROM ledger_import WHERE {SAME_SOURCE}"),
                    params![kind.id, source, sheet],
                    |row| row.get(0),
                )?;
                Some(earlier + 1)
            }
        };
        conn.execute(
            "INSERT INTO ledger_import (kind, source, sha256, rows_read, rows_added, actor, at, audit_seq, sheet, revision)
             VALUES (?1, ?2, ?3, 0, 0, ?4, ?5, 0, ?6, ?7)",
            params![kind.id, source, sha256, by, at, sheet, revision.unwrap_or(0)],
        )?;
        let id = conn.last_insert_rowid();
        let contained = (!fresh && revision.is_some_and(|revision| revision > 1)).then(Vec::new);
        Ok(OpenImport {
            resolve: table.superseded,
            kind,
            table,
            fresh,
            fresh_keys: Vec::new(),
            id,
            source,
            sheet,
            sha256,
            by,
            keys: RowKeys::new(always_new.then(|| at.clone())),
            at,
            always_new,
            next_ids: HashMap::new(),
            revision,
            contained,
            read: 0,
            added: 0,
        })
    }

    /// The same import started again, in a new transaction: nothing of it was stored.
    pub(crate) fn restart(&self, conn: &Connection) -> rusqlite::Result<OpenImport> {
        OpenImport::begin(
            conn,
            self.kind.clone(),
            self.source.clone(),
            self.sheet.clone(),
            self.sha256.clone(),
            self.by.clone(),
            self.at.clone(),
            self.always_new,
        )
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use fazhi_core::{FieldType, LedgerField, LedgerKind, LedgerRecord, LedgerValue};
    use rusqlite::Connection;

    use crate::{LedgerImport, OpenOptions, Store};

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
            fields: vec![field("on", FieldType::Date), field("status", FieldType::Text)],
        }
    }

    fn records(n: usize) -> Vec<LedgerRecord> {
        (0..n)
            .map(|i| {
                let day = NaiveDate::from_ymd_opt(2023 + (i % 2) as i32, 3, 1 + (i % 28) as u32).unwrap();
                LedgerRecord {
                    values: vec![Some(LedgerValue::Date(day)), Some(LedgerValue::Text(format!("s{}", i % 7)))],
                    year: chrono::Datelike::year(&day),
                    row: i + 2,
                }
            })
            .collect()
    }

    fn import<'a>(kind: &'a LedgerKind, source: &'a str) -> LedgerImport<'a> {
        LedgerImport {
            kind,
            source,
            sheet: None,
            sha256: "00",
            by: "tester",
            at: NaiveDate::from_ymd_opt(2024, 12, 2).unwrap().and_hms_opt(9, 0, 0).unwrap(),
            always_new: false,
        }
    }

    fn count(path: &std::path::Path, sql: &str) -> i64 {
        Connection::open(path).unwrap().query_row(sql, [], |row| row.get(0)).unwrap()
    }

    #[test]
    fn a_table_with_its_keys_inline_is_used_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        // A state of schema version 5, with the table as it has it.
        let conn = Connection::open(&path).unwrap();
        for migration in &crate::migrations::MIGRATIONS[..5] {
            conn.execute_batch(migration).unwrap();
        }
        conn.execute_batch(
            r#"PRAGMA user_version = 5;
                CREATE TABLE "ledger_kind_ticket" (
                    id INTEGER PRIMARY KEY, row_key BLOB NOT NULL UNIQUE,
                    source_row INTEGER NOT NULL, import INTEGER NOT NULL,
                    "f_on" DATE TEXT, "f_status" TEXT)"#,
        )
        .unwrap();
        drop(conn);
        let kind = kind();
        let mut store = Store::open(&path, &OpenOptions::default()).unwrap();
        let rows = records(300);
        assert_eq!(store.import_ledger(&import(&kind, "a.csv"), &rows).unwrap().added, 300);
        assert_eq!(store.import_ledger(&import(&kind, "a.csv"), &rows).unwrap().added, 0);
        assert_eq!(store.import_ledger(&import(&kind, "b.csv"), &records(310)).unwrap().added, 10);
        drop(store);
        assert_eq!(count(&path, "SELECT COUNT(*) FROM ledger_kind_ticket"), 310);
        assert_eq!(count(&path, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'ledger_key_ticket'"), 0);
        // Ids stay year ranges without gaps.
        assert_eq!(count(&path, "SELECT MAX(id) - (2024 << 40) FROM ledger_kind_ticket WHERE id >= 2024 << 40"), 154);
    }

    #[test]
    fn a_new_kind_is_appended_and_its_keys_then_recognise_the_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        let kind = kind();
        let mut store = Store::open(&path, &OpenOptions::default()).unwrap();
        let rows = records(1000);
        let mut writer = store.ledger_writer(&import(&kind, "a.csv")).unwrap();
        for part in rows.chunks(150) {
            writer.add(part).unwrap();
        }
        assert_eq!(writer.finish().unwrap().added, 1000);
        assert_eq!(store.import_ledger(&import(&kind, "a.csv"), &rows).unwrap().added, 0);
        assert_eq!(store.import_ledger(&import(&kind, "b.csv"), &records(1010)).unwrap().added, 10);
        drop(store);
        assert_eq!(count(&path, "SELECT COUNT(*) FROM ledger_key_ticket"), 1010);
        assert_eq!(
            count(&path, "SELECT COUNT(*) FROM ledger_key_ticket k JOIN ledger_kind_ticket r ON r.id = k.id"),
            1010
        );
        assert_eq!(count(&path, "SELECT MAX(id) - (2023 << 40) FROM ledger_kind_ticket WHERE id < 2024 << 40"), 504);
    }

    #[test]
    fn several_imports_of_one_writer_are_stored_together_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        let (kind, mut other) = (kind(), kind());
        other.id = "other".to_string();
        let mut store = Store::open(&path, &OpenOptions::default()).unwrap();
        let mut writer = store.ledger_writer(&import(&kind, "a.csv")).unwrap();
        writer.add(&records(50)).unwrap();
        writer.next_import(&import(&other, "b.csv")).unwrap();
        writer.add(&records(20)).unwrap();
        drop(writer);
        assert_eq!(store.audit_log().unwrap().len(), 0);

        let mut writer = store.ledger_writer(&import(&kind, "a.csv")).unwrap();
        writer.add(&records(50)).unwrap();
        let first = writer.next_import(&import(&kind, "a2.csv")).unwrap();
        // Nothing new in the second: it leaves no trace.
        writer.add(&records(50)).unwrap();
        let second = writer.next_import(&import(&other, "b.csv")).unwrap();
        writer.add(&records(20)).unwrap();
        let third = writer.finish().unwrap();
        assert_eq!((first.added, second.added, third.added), (50, 0, 20));
        assert_eq!((first.audit_seq, second.audit_seq, third.audit_seq), (Some(1), None, Some(2)));
        drop(store);
        assert_eq!(count(&path, "SELECT COUNT(*) FROM ledger_import"), 2);
        assert_eq!(count(&path, "SELECT COUNT(*) FROM ledger_kind_other"), 20);
    }

    #[test]
    fn an_import_written_through_is_all_or_nothing_and_the_store_goes_back_to_its_log() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        let kind = kind();
        let mut store = Store::open(&path, &OpenOptions::default()).unwrap();
        store.import_ledger(&import(&kind, "a.csv"), &records(100)).unwrap();
        let mode = |store: &Store| -> String {
            Connection::open(store.path()).unwrap().query_row("PRAGMA journal_mode", [], |row| row.get(0)).unwrap()
        };

        let mut writer = store.ledger_writer(&import(&kind, "b.csv")).unwrap();
        assert!(writer.write_through().unwrap());
        writer.add(&records(5000)).unwrap();
        drop(writer);
        assert_eq!(mode(&store), "wal");
        assert_eq!(count(&path, "SELECT COUNT(*) FROM ledger_kind_ticket"), 100);

        let mut writer = store.ledger_writer(&import(&kind, "b.csv")).unwrap();
        assert!(writer.write_through().unwrap());
        writer.add(&records(5000)).unwrap();
        assert_eq!(writer.finish().unwrap().added, 4900);
        assert_eq!(mode(&store), "wal");
        assert_eq!(count(&path, "SELECT COUNT(*) FROM ledger_kind_ticket"), 5000);
        assert_eq!(store.verify_audit().unwrap(), Vec::new());
    }
}
