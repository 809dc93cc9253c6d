//! Moving a town's state from its SQLite file to PostgreSQL: every table copied as it is, the
//! audit log included, so that the copy verifies with the same head.

use std::fs;
use std::path::Path;

use postgres::types::ToSql;
use postgres::Transaction;
use rusqlite::types::Value;

use crate::pg_store::{ledger::copy_ledger, pg_error};
use crate::{OpenOptions, PgStore, Store, StoreError};

/// How a column is read from SQLite and written to PostgreSQL.
#[derive(Clone, Copy)]
enum Column {
    Integer,
    Text,
    Bytes,
}

use Column::{Bytes, Integer, Text};

/// The tables copied as they are (but the ledger's), in an order that keeps every reference
/// and trigger satisfied (a state follows its changes), with their columns; and for each, its
/// identity column, whose sequence is moved past the ids copied.
/// A table copied: its name, its columns, and its identity column, if any.
type Table = (&'static str, &'static [(&'static str, Column)], Option<&'static str>);

const TABLES: &[Table] = &[
    (
        "audit",
        &[
            ("seq", Integer),
            ("at", Text),
            ("actor", Text),
            ("action", Text),
            ("subject", Text),
            ("detail", Text),
            ("prev_hash", Text),
            ("hash", Text),
            ("recorded_at", Text),
        ],
        None,
    ),
    (
        "status_change",
        &[
            ("seq", Integer),
            ("item", Text),
            ("from_status", Text),
            ("to_status", Text),
            ("action", Text),
            ("actor", Text),
            ("at", Text),
            ("note", Text),
            ("evidence_name", Text),
            ("evidence_sha256", Text),
            ("source", Text),
            ("audit_seq", Integer),
            ("evidence_type", Text),
        ],
        Some("seq"),
    ),
    ("item_state", &[("item", Text), ("status", Text), ("completed_at", Text)], None),
    (
        "flow_instance",
        &[
            ("id", Text),
            ("workflow", Text),
            ("started", Text),
            ("created_by", Text),
            ("created_at", Text),
            ("audit_seq", Integer),
        ],
        None,
    ),
    (
        "flow_data",
        &[
            ("seq", Integer),
            ("instance", Text),
            ("name", Text),
            ("text", Text),
            ("sha256", Text),
            ("actor", Text),
            ("at", Text),
            ("audit_seq", Integer),
        ],
        Some("seq"),
    ),
    (
        "mail_message",
        &[
            ("id", Integer),
            ("created_at", Text),
            ("day", Text),
            ("recipient", Text),
            ("sender", Text),
            ("address", Text),
            ("subject", Text),
            ("raw", Bytes),
            ("status", Text),
            ("attempts", Integer),
            ("last_error", Text),
            ("next_attempt_at", Text),
            ("sent_at", Text),
            ("channel", Text),
            ("written_only", Integer),
        ],
        Some("id"),
    ),
    (
        "mail_notice",
        &[("key", Text), ("message", Integer), ("item", Text), ("kind", Text), ("recipient", Text), ("day", Text)],
        None,
    ),
    (
        "job_run",
        &[
            ("id", Integer),
            ("job", Text),
            ("scheduled_for", Text),
            ("started_at", Text),
            ("finished_at", Text),
            ("outcome", Text),
            ("detail", Text),
        ],
        Some("id"),
    ),
    (
        "account",
        &[
            ("person", Text),
            ("password_hash", Text),
            ("changed_at", Text),
            ("failed_logins", Integer),
            ("locked_until", Text),
        ],
        None,
    ),
    (
        "web_session",
        &[("token_hash", Text), ("person", Text), ("csrf_token", Text), ("created_at", Text), ("expires_at", Text)],
        None,
    ),
];

/// What a move copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyOutcome {
    /// Rows copied, all tables together.
    pub rows: u64,
    /// Evidence files copied.
    pub evidence_files: u64,
}

/// Copies the SQLite state `from` into the town schema `schema` of the PostgreSQL database at
/// `url`, in one transaction: every table as it is — the audit log, its head and the journal's
/// fingerprint, status changes and item states, workflow instances, mail, job runs, accounts
/// and the ledger — and the evidence files into `evidence_folder`. The copy's audit log then
/// verifies with the same head. Returns the copy, open, with what was copied.
///
/// A schema that holds a state already (any audit entry, status change or ledger import) is
/// refused ([`StoreError::Open`]), and nothing is written: a move never merges two states.
pub fn migrate_to_postgres(
    from: &Store,
    url: &str,
    schema: &str,
    evidence_folder: &Path,
    options: &OpenOptions,
) -> Result<(PgStore, CopyOutcome), StoreError> {
    let target = PgStore::open(url, schema, evidence_folder, options)?;
    let source_path = from.path().to_path_buf();
    let sqlite = |err| StoreError::sqlite(&source_path, err);
    // One read transaction on the SQLite side: the copy is of one moment.
    let read = from.conn.unchecked_transaction().map_err(sqlite)?;
    let rows = target.write(|tx, label| {
        let used: bool = tx
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM audit) OR EXISTS (SELECT 1 FROM status_change)
                        OR EXISTS (SELECT 1 FROM ledger_import)",
                &[],
            )
            .map_err(|err| pg_error(label, err))?
            .get(0);
        if used {
            return Err(StoreError::Open {
                path: label.to_path_buf(),
                source: "this schema holds a town's state already: a move copies into an empty schema only \
                         (name another with --schema)"
                    .into(),
            });
        }
        let mut rows = copy_meta(&read, tx, label, &source_path)?;
        for (table, columns, identity) in TABLES {
            rows += copy_table(&read, tx, label, &source_path, table, columns)?;
            if let Some(column) = identity {
                tx.execute(
                    &format!(
                        "SELECT setval(pg_get_serial_sequence('{table}', '{column}'), max({column})) FROM {table}
                         HAVING max({column}) IS NOT NULL"
                    ),
                    &[],
                )
                .map_err(|err| pg_error(label, err))?;
            }
        }
        rows += copy_ledger(&read, tx, label)?;
        Ok(rows)
    })?;
    let evidence_files = copy_evidence(&from.evidence_folder(), evidence_folder)?;
    Ok((target, CopyOutcome { rows, evidence_files }))
}

/// The `meta` entries of the state (the audit head, the journal's fingerprint), not its schema
/// version, which is the backend's own.
fn copy_meta(
    read: &rusqlite::Connection,
    tx: &mut Transaction<'_>,
    label: &Path,
    source: &Path,
) -> Result<u64, StoreError> {
    let sqlite = |err| StoreError::sqlite(source, err);
    let mut statement = read.prepare("SELECT key, value FROM meta").map_err(sqlite)?;
    let entries: Vec<(String, String)> = statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .and_then(|rows| rows.collect())
        .map_err(sqlite)?;
    for (key, value) in &entries {
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[key, value],
        )
        .map_err(|err| pg_error(label, err))?;
    }
    Ok(entries.len() as u64)
}

/// Copies every row of one table, its columns as they are.
fn copy_table(
    read: &rusqlite::Connection,
    tx: &mut Transaction<'_>,
    label: &Path,
    source: &Path,
    table: &str,
    columns: &[(&str, Column)],
) -> Result<u64, StoreError> {
    let sqlite = |err| StoreError::sqlite(source, err);
    let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
    let placeholders: Vec<String> = (1..=columns.len()).map(|index| format!("${index}")).collect();
    let insert = tx
        .prepare(&format!("INSERT INTO {table} ({}) VALUES ({})", names.join(", "), placeholders.join(", ")))
        .map_err(|err| pg_error(label, err))?;
    let order = if table == "item_state" { "" } else { " ORDER BY rowid" };
    let mut statement = read.prepare(&format!("SELECT {} FROM {table}{order}", names.join(", "))).map_err(sqlite)?;
    let mut rows = statement.query([]).map_err(sqlite)?;
    let mut copied = 0;
    while let Some(row) = rows.next().map_err(sqlite)? {
        let mut values: Vec<Box<dyn ToSql + Sync>> = Vec::with_capacity(columns.len());
        for (index, (name, column)) in columns.iter().enumerate() {
            let value: Value = row.get(index).map_err(sqlite)?;
            let wrong = || StoreError::corrupt(source, format!("{table}.{name} holds a value fazhi never writes"));
            values.push(match (column, value) {
                (Integer, Value::Integer(number)) => Box::new(Some(number)),
                (Integer, Value::Null) => Box::new(None::<i64>),
                (Text, Value::Text(text)) => Box::new(Some(text)),
                (Text, Value::Null) => Box::new(None::<String>),
                (Bytes, Value::Blob(bytes)) => Box::new(Some(bytes)),
                (Bytes, Value::Text(text)) => Box::new(Some(text.into_bytes())),
                (Bytes, Value::Null) => Box::new(None::<Vec<u8>>),
                _ => return Err(wrong()),
            });
        }
        let params: Vec<&(dyn ToSql + Sync)> = values.iter().map(|value| value.as_ref()).collect();
        tx.execute(&insert, &params).map_err(|err| pg_error(label, err))?;
        copied += 1;
    }
    Ok(copied)
}

/// Copies the evidence files (named by their digest) of `from` into `to`, those not there yet.
fn copy_evidence(from: &Path, to: &Path) -> Result<u64, StoreError> {
    let Ok(entries) = fs::read_dir(from) else { return Ok(0) };
    if fs::canonicalize(from).ok() == fs::canonicalize(to).ok() {
        return Ok(0);
    }
    let unwritable = |source| StoreError::KeepEvidence { path: to.to_path_buf(), source };
    fs::create_dir_all(to).map_err(unwritable)?;
    let mut copied = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_digest =
            name.to_str().is_some_and(|name| name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit()));
        if !is_digest || !entry.file_type().is_ok_and(|kind| kind.is_file()) || to.join(&name).exists() {
            continue;
        }
        fs::copy(entry.path(), to.join(&name)).map_err(unwritable)?;
        copied += 1;
    }
    Ok(copied)
}
