use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;

use chrono::Datelike;
use fazhi_core::{LedgerKind, LedgerRecord, LedgerValue};
use rusqlite::{params, Connection, Statement};
use sha2::{Digest, Sha256};

use crate::ledger_resolver::{Resolved, RowResolver};
use crate::ledger_table::LedgerTable;
use crate::open_import::{OpenImport, SAME_SOURCE, SAVEPOINT};
use crate::store::append_audit;
use crate::{ImportOutcome, LedgerImport, StoreError};

/// Rows appended to a new table go in by this many per statement.
const ROWS_PER_STATEMENT: usize = 64;

/// An import in progress ([`crate::Store::ledger_writer`]): rows are added in batches as they
/// are read, inside one transaction, and [`LedgerWriter::finish`] records the import and
/// commits. [`LedgerWriter::next_import`] records an import and starts the next one in the
/// same transaction, so that several files are stored all or nothing. Dropped without
/// `finish`, it writes nothing.
pub struct LedgerWriter<'s> {
    conn: &'s Connection,
    path: &'s Path,
    /// Whether the writer's transaction is open.
    in_transaction: bool,
    /// The journal mode to go back to when done ([`LedgerWriter::write_through`]).
    restore_journal: Option<&'static str>,
    /// Whether an import closed so far added rows (the transaction then commits).
    written: bool,
    /// How many imports were closed in this transaction.
    closed: usize,
    current: OpenImport,
}

impl<'s> LedgerWriter<'s> {
    pub(crate) fn begin(
        conn: &'s mut Connection,
        path: &'s Path,
        import: &LedgerImport,
    ) -> Result<LedgerWriter<'s>, StoreError> {
        let conn: &'s Connection = &*conn;
        let error = |err| StoreError::sqlite(path, err);
        // A big import into a table with rows touches many pages of its keys: keep them in
        // memory (pages are only taken as they are used).
        conn.execute_batch("PRAGMA cache_size = -262144").map_err(error)?;
        conn.execute_batch("BEGIN IMMEDIATE").map_err(error)?;
        let writer = LedgerWriter {
            conn,
            path,
            in_transaction: true,
            restore_journal: None,
            written: false,
            closed: 0,
            current: OpenImport::start(conn, import).map_err(error)?,
        };
        Ok(writer)
    }

    /// For a large import, before any row is added: writes the new pages once, straight into
    /// the database file, rather than into the write-ahead log and then again into the file.
    /// The transaction is then kept by a rollback journal, which holds only the pages that
    /// existed before and are changed (a new table's pages are not in it), so an interrupted
    /// import still leaves the store as it was; the store goes back to its write-ahead log
    /// when the writer is done. Other processes cannot open the store meanwhile (they wait
    /// for it within their busy timeout).
    ///
    /// Returns whether it did so: not when another process has the store open (nothing
    /// changes then), nor once a row was added.
    pub fn write_through(&mut self) -> Result<bool, StoreError> {
        if self.closed > 0 || self.current.read > 0 || self.restore_journal.is_some() {
            return Ok(false);
        }
        let error = |err| StoreError::sqlite(self.path, err);
        let mode: String = self.conn.query_row("PRAGMA journal_mode", [], |row| row.get(0)).map_err(error)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Ok(false);
        }
        // Nothing is stored yet: start again outside a transaction.
        self.conn.execute_batch("ROLLBACK").map_err(error)?;
        self.in_transaction = false;
        let switched = self
            .conn
            .query_row("PRAGMA journal_mode = DELETE", [], |row| row.get::<_, String>(0))
            .is_ok_and(|mode| mode.eq_ignore_ascii_case("delete"));
        if switched {
            self.restore_journal = Some("WAL");
        }
        self.conn.execute_batch("BEGIN IMMEDIATE").map_err(error)?;
        self.in_transaction = true;
        self.current = self.current.restart(self.conn).map_err(error)?;
        Ok(switched)
    }

    /// Adds the next `records` of the source (in the source's order).
    pub fn add(&mut self, records: &[LedgerRecord]) -> Result<(), StoreError> {
        let current = &mut self.current;
        let added = if current.fresh {
            append_rows(self.conn, current, records)
        } else {
            let tracking = Tracking { contained: current.contained.as_mut(), resolve: current.resolve };
            insert_rows(self.conn, &current.kind, &current.table, current.id, records, &mut current.keys, tracking)
        }
        .map_err(|err| StoreError::sqlite(self.path, err))?;
        current.read += records.len();
        current.added += added;
        Ok(())
    }

    /// Records the current import (see [`LedgerWriter::finish`]) and starts `import` in the
    /// same transaction: its rows are committed with the others by `finish`, or none are.
    /// Returns what the import recorded did.
    pub fn next_import(&mut self, import: &LedgerImport) -> Result<ImportOutcome, StoreError> {
        let outcome = self.close_current()?;
        self.current = OpenImport::start(self.conn, import).map_err(|err| StoreError::sqlite(self.path, err))?;
        Ok(outcome)
    }

    /// Records the import with one audit entry (`ledger.import`) and commits; when no row was
    /// new, writes nothing at all. Returns what the last import did.
    pub fn finish(mut self) -> Result<ImportOutcome, StoreError> {
        let outcome = self.close_current()?;
        let error = |err| StoreError::sqlite(self.path, err);
        self.conn.execute_batch(if self.written { "COMMIT" } else { "ROLLBACK" }).map_err(error)?;
        self.in_transaction = false;
        self.restore_journal_mode();
        Ok(outcome)
    }

    /// Completes the current import: the keys of a new table's rows, the rows of the source's
    /// earlier revisions it left out (superseded by it), its audit entry and its record; or,
    /// when it changed nothing, undoes it.
    fn close_current(&mut self) -> Result<ImportOutcome, StoreError> {
        let error = |err| StoreError::sqlite(self.path, err);
        let conn = self.conn;
        let current = &mut self.current;
        let (read, added) = (current.read, current.added);
        self.closed += 1;
        let superseded = match current.contained.take() {
            Some(contained) => supersede_left_out(conn, current, contained).map_err(error)?,
            None => 0,
        };
        if added == 0 && superseded == 0 {
            conn.execute_batch(&format!("ROLLBACK TO {SAVEPOINT}; RELEASE {SAVEPOINT}")).map_err(error)?;
            return Ok(ImportOutcome { read, added: 0, superseded: 0, revision: None, audit_seq: None });
        }
        if current.fresh {
            store_keys(conn, &current.table, &mut current.fresh_keys).map_err(error)?;
        }
        let detail = import_detail(
            &current.source,
            current.sheet.as_deref(),
            &current.sha256,
            (read, added, superseded),
            current.revision,
        );
        let seq = append_audit(conn, self.path, &current.at, &current.by, "ledger.import", &current.kind.id, &detail)?;
        conn.execute(
            "UPDATE ledger_import SET rows_read = ?1, rows_added = ?2, rows_superseded = ?3, audit_seq = ?4
             WHERE id = ?5",
            params![read as i64, added as i64, superseded as i64, seq, current.id],
        )
        .map_err(error)?;
        conn.execute_batch(&format!("RELEASE {SAVEPOINT}")).map_err(error)?;
        self.written = true;
        Ok(ImportOutcome { read, added, superseded, revision: current.revision, audit_seq: Some(seq) })
    }

    /// Puts the store back in its write-ahead log after [`LedgerWriter::write_through`]. If
    /// another process holds it meanwhile, the next [`crate::Store::open`] does.
    fn restore_journal_mode(&mut self) {
        if let Some(mode) = self.restore_journal.take() {
            let _ = self.conn.query_row(&format!("PRAGMA journal_mode = {mode}"), [], |row| row.get::<_, String>(0));
        }
    }
}

/// The detail of an import's audit entry (`ledger.import`), as both backends write it: the
/// source, its sha256, the rows read and added (`counts`: read, added, superseded), the sheet
/// when one was read, and for a later revision of its source the revision and how many rows it
/// superseded.
pub(crate) fn import_detail(
    source: &str,
    sheet: Option<&str>,
    sha256: &str,
    counts: (usize, usize, usize),
    revision: Option<i64>,
) -> String {
    let (read, added, superseded) = counts;
    let mut detail = serde_json::json!({ "source": source, "sha256": sha256, "read": read, "added": added });
    if let Some(sheet) = sheet {
        detail["sheet"] = serde_json::json!(sheet);
    }
    if let Some(revision) = revision.filter(|revision| *revision > 1) {
        detail["revision"] = serde_json::json!(revision);
        detail["superseded"] = serde_json::json!(superseded);
    }
    detail.to_string()
}

/// `day` as stored: `YYYY-MM-DD` (a year beyond 0–9999 as chrono writes it).
pub(crate) fn date_text(day: &chrono::NaiveDate) -> String {
    match iso_date(day) {
        Some(text) => String::from_utf8_lossy(&text).into_owned(),
        None => format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day()),
    }
}

impl Drop for LedgerWriter<'_> {
    fn drop(&mut self) {
        if self.in_transaction {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        self.restore_journal_mode();
    }
}

/// The keys of one source's rows. A row's key is the digest of its kind and values
/// ([`content_digests`]); the second and later rows with the same values in the source hash
/// in how many came before, and with a salt (rows added by hand) every row hashes in the salt
/// and its position, so such a row is always new.
pub(crate) struct RowKeys {
    salt: Option<String>,
    occurrences: HashMap<[u8; 16], u32, BuildHasherDefault<DigestHasher>>,
    position: u64,
}

impl RowKeys {
    pub(crate) fn new(salt: Option<String>) -> RowKeys {
        RowKeys { salt, occurrences: HashMap::default(), position: 0 }
    }

    /// The key of the next row, whose content digest is `digest`.
    pub(crate) fn key(&mut self, digest: &[u8; 16]) -> [u8; 16] {
        let occurrence = self.occurrences.entry(*digest).or_insert(0);
        *occurrence += 1;
        let position = self.position;
        self.position += 1;
        RowKeys::hashed(digest, *occurrence, self.salt.as_deref().map(|salt| (salt, position)))
    }

    /// The key of the `occurrence`-th row with `digest`, salted with a salt and the row's
    /// position for rows added by hand.
    fn hashed(digest: &[u8; 16], occurrence: u32, salt: Option<(&str, u64)>) -> [u8; 16] {
        if occurrence == 1 && salt.is_none() {
            return *digest;
        }
        let mut hasher = Sha256::new();
        hasher.update(digest);
        hasher.update(occurrence.to_le_bytes());
        if let Some((salt, position)) = salt {
            hash_bytes(&mut hasher, salt.as_bytes());
            hasher.update(position.to_le_bytes());
        }
        let key: [u8; 32] = hasher.finalize().into();
        key[..16].try_into().expect("16 bytes")
    }
}

/// What [`insert_rows`] must find out about the rows it reads beside storing the new ones.
pub(crate) struct Tracking<'t> {
    /// For a revision: where to note the stored row each row read stands for.
    pub(crate) contained: Option<&'t mut Vec<i64>>,
    /// Whether rows of the kind are superseded, so that a key found may stand for another row
    /// or for none ([`RowResolver::resolve`]).
    pub(crate) resolve: bool,
}

impl Tracking<'_> {
    /// Nothing to find out: rows whose keys are stored are simply not stored again.
    pub(crate) fn none() -> Tracking<'static> {
        Tracking { contained: None, resolve: false }
    }
}

/// Inserts `records` of `kind` into `table` as rows of import `import`, keyed by `keys`;
/// returns how many were new (the others are stored already). Rows go in by year and key, so
/// each year's range of ids and the keys grow in order. With `tracking`, each row read is
/// resolved to the stored row it stands for, which is noted for a revision; a row whose
/// values a revision had left out is stored again (under its key's next generation).
pub(crate) fn insert_rows(
    conn: &Connection,
    kind: &LedgerKind,
    table: &LedgerTable,
    import: i64,
    records: &[LedgerRecord],
    keys: &mut RowKeys,
    tracking: Tracking,
) -> rusqlite::Result<usize> {
    let digests = content_digests(kind, records);
    let mut keyed: Vec<(i32, [u8; 16], usize)> = records
        .iter()
        .zip(&digests)
        .enumerate()
        .map(|(index, (record, digest))| (record.year, keys.key(digest), index))
        .collect();
    keyed.sort_unstable();
    if tracking.contained.is_some() || tracking.resolve {
        return insert_resolved(conn, kind, table, import, records, &keyed, tracking);
    }

    let fields = field_columns(kind, table);
    // A table with its keys inline takes a row unless its key is there; otherwise the key
    // goes in first, and the row only if the key was new.
    let mut insert = conn.prepare(&insert_sql(table, &fields, table.inline_keys, "INSERT OR IGNORE", 1))?;
    let mut insert_key = match table.inline_keys {
        true => None,
        false => Some(
            conn.prepare(&format!("INSERT OR IGNORE INTO \"{}\" (row_key, id) VALUES (?1, ?2)", table.key_table()))?,
        ),
    };
    let mut ids = NextIds::new(conn, table)?;
    let mut added = 0;
    for (position, (year, key, index)) in keyed.iter().enumerate() {
        prefetch_ahead(records, &keyed, position);
        let id = ids.peek(*year)?;
        let new = match &mut insert_key {
            Some(insert_key) => {
                insert_key.raw_bind_parameter(1, &key[..])?;
                insert_key.raw_bind_parameter(2, id)?;
                insert_key.raw_execute()? == 1
            }
            None => true,
        };
        let new = new && {
            bind_row(&mut insert, 0, &fields, table.inline_keys, id, key, &records[*index], import)?;
            insert.raw_execute()? == 1
        };
        if new {
            ids.take(*year)?;
        }
        added += usize::from(new);
    }
    Ok(added)
}

/// [`insert_rows`] with `tracking`: each key is resolved first, and a row is stored only for a
/// key that stands for no stored row.
fn insert_resolved(
    conn: &Connection,
    kind: &LedgerKind,
    table: &LedgerTable,
    import: i64,
    records: &[LedgerRecord],
    keyed: &[(i32, [u8; 16], usize)],
    mut tracking: Tracking,
) -> rusqlite::Result<usize> {
    let fields = field_columns(kind, table);
    let mut resolver = RowResolver::new(conn, &kind.id, table)?;
    let mut insert = conn.prepare(&insert_sql(table, &fields, table.inline_keys, "INSERT", 1))?;
    let mut insert_key = match table.inline_keys {
        true => None,
        false => Some(conn.prepare(&format!("INSERT INTO \"{}\" (row_key, id) VALUES (?1, ?2)", table.key_table()))?),
    };
    let mut ids = NextIds::new(conn, table)?;
    let mut added = 0;
    for (position, (year, key, index)) in keyed.iter().enumerate() {
        prefetch_ahead(records, keyed, position);
        let resolved = match tracking.resolve {
            true => resolver.resolve(key)?,
            false => resolver.find(key)?.map_or(Resolved::Free(*key), Resolved::Current),
        };
        match resolved {
            Resolved::Current(id) => {
                if let Some(contained) = tracking.contained.as_mut() {
                    contained.push(id);
                }
            }
            Resolved::Voided => {}
            Resolved::Free(key) => {
                let id = ids.take(*year)?;
                if let Some(insert_key) = &mut insert_key {
                    insert_key.raw_bind_parameter(1, &key[..])?;
                    insert_key.raw_bind_parameter(2, id)?;
                    insert_key.raw_execute()?;
                }
                bind_row(&mut insert, 0, &fields, table.inline_keys, id, &key, &records[*index], import)?;
                insert.raw_execute()?;
                added += 1;
            }
        }
    }
    Ok(added)
}

/// The ids new rows of a table get: each year's next free place.
pub(crate) struct NextIds<'c> {
    last_id: Statement<'c>,
    next: Option<(i32, i64)>,
}

impl<'c> NextIds<'c> {
    pub(crate) fn new(conn: &'c Connection, table: &LedgerTable) -> rusqlite::Result<NextIds<'c>> {
        let last_id = conn.prepare(&format!("SELECT MAX(id) FROM \"{}\" WHERE id >= ?1 AND id < ?2", table.name))?;
        Ok(NextIds { last_id, next: None })
    }

    /// The id the next row of `year` gets.
    fn peek(&mut self, year: i32) -> rusqlite::Result<i64> {
        match self.next {
            Some((current, id)) if current == year => Ok(id),
            _ => {
                let (first, end) = (LedgerTable::first_id(year), LedgerTable::first_id(year + 1));
                let last: Option<i64> = self.last_id.query_row([first, end], |row| row.get(0))?;
                let id = last.map_or(first, |last| last + 1);
                self.next = Some((year, id));
                Ok(id)
            }
        }
    }

    /// The id for a new row of `year`, taken.
    pub(crate) fn take(&mut self, year: i32) -> rusqlite::Result<i64> {
        let id = self.peek(year)?;
        self.next = Some((year, id + 1));
        Ok(id)
    }
}

/// Supersedes, by the revision `import`, the rows of the source's earlier revisions that are
/// still current and that the new version does not have (`contained`: the rows it stands
/// for). Returns how many.
fn supersede_left_out(conn: &Connection, import: &OpenImport, mut contained: Vec<i64>) -> rusqlite::Result<usize> {
    contained.sort_unstable();
    contained.dedup();
    let mut earlier = conn.prepare(&format!(
        "SELECT id FROM \"{}\" WHERE import IN (
             SELECT id FROM ledger_import WHERE {SAME_SOURCE} AND id <> ?4)
         AND id NOT IN (SELECT row FROM ledger_superseded WHERE kind = ?1)
         ORDER BY id",
        import.table.name
    ))?;
    let left_out: Vec<i64> = earlier
        .query_map(params![import.kind.id, import.source, import.sheet, import.id], |row| row.get(0))?
        .filter(|id| id.as_ref().map_or(true, |id| contained.binary_search(id).is_err()))
        .collect::<rusqlite::Result<_>>()?;
    let mut supersede = conn.prepare("INSERT INTO ledger_superseded (kind, row, import) VALUES (?1, ?2, ?3)")?;
    for id in &left_out {
        supersede.execute(params![import.kind.id, id, import.id])?;
    }
    Ok(left_out.len())
}

/// Appends `records` to the table of `import`, which it made: every row is new (keys are
/// unique within a source), so rows go in without looking their keys up, by year and then in
/// the source's order, several per statement; their keys are kept for [`store_keys`]. Returns
/// how many were added.
fn append_rows(conn: &Connection, import: &mut OpenImport, records: &[LedgerRecord]) -> rusqlite::Result<usize> {
    let digests = content_digests(&import.kind, records);
    let mut keyed: Vec<(i32, [u8; 16], usize)> = records
        .iter()
        .zip(&digests)
        .enumerate()
        .map(|(index, (record, digest))| (record.year, import.keys.key(digest), index))
        .collect();
    // Stable: a year's rows keep the source's order.
    keyed.sort_by_key(|(year, _, _)| *year);
    let fields = field_columns(&import.kind, &import.table);
    let mut many = conn.prepare(&insert_sql(&import.table, &fields, false, "INSERT", ROWS_PER_STATEMENT))?;
    let mut one = conn.prepare(&insert_sql(&import.table, &fields, false, "INSERT", 1))?;
    let place = |year: i32, next_ids: &mut HashMap<i32, i64>| {
        let next = next_ids.entry(year).or_insert_with(|| LedgerTable::first_id(year));
        let id = *next;
        *next += 1;
        id
    };
    import.fresh_keys.reserve(records.len());
    let mut chunks = keyed.chunks_exact(ROWS_PER_STATEMENT);
    for chunk in &mut chunks {
        for (row, (year, key, index)) in chunk.iter().enumerate() {
            let id = place(*year, &mut import.next_ids);
            bind_row(&mut many, row, &fields, false, id, key, &records[*index], import.id)?;
            import.fresh_keys.push((*key, id));
        }
        many.raw_execute()?;
    }
    for (year, key, index) in chunks.remainder() {
        let id = place(*year, &mut import.next_ids);
        bind_row(&mut one, 0, &fields, false, id, key, &records[*index], import.id)?;
        import.fresh_keys.push((*key, id));
        one.raw_execute()?;
    }
    Ok(records.len())
}

/// Stores the keys of the rows [`append_rows`] added to `table` (which it made), sorted, so
/// that its key table only ever grows at its end. Two rows with one key (which would take a
/// collision of sha256) fail the import.
fn store_keys(conn: &Connection, table: &LedgerTable, keys: &mut Vec<([u8; 16], i64)>) -> rusqlite::Result<()> {
    keys.sort_unstable();
    let insert = |rows: usize| {
        let values: Vec<String> = (0..rows).map(|row| format!("(?{}, ?{})", 2 * row + 1, 2 * row + 2)).collect();
        conn.prepare(&format!("INSERT INTO \"{}\" (row_key, id) VALUES {}", table.key_table(), values.join(", ")))
    };
    let (mut many, mut one) = (insert(ROWS_PER_STATEMENT * 4)?, insert(1)?);
    let mut chunks = keys.chunks_exact(ROWS_PER_STATEMENT * 4);
    for chunk in &mut chunks {
        for (row, (key, id)) in chunk.iter().enumerate() {
            many.raw_bind_parameter(2 * row + 1, &key[..])?;
            many.raw_bind_parameter(2 * row + 2, *id)?;
        }
        many.raw_execute()?;
    }
    for (key, id) in chunks.remainder() {
        one.raw_bind_parameter(1, &key[..])?;
        one.raw_bind_parameter(2, *id)?;
        one.raw_execute()?;
    }
    *keys = Vec::new();
    Ok(())
}

/// Stores one row of `kind` in `table` with `id` and `key`, as a row of import `import`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_one(
    conn: &Connection,
    kind: &LedgerKind,
    table: &LedgerTable,
    import: i64,
    id: i64,
    key: &[u8; 16],
    record: &LedgerRecord,
) -> rusqlite::Result<()> {
    let fields = field_columns(kind, table);
    if !table.inline_keys {
        conn.execute(
            &format!("INSERT INTO \"{}\" (row_key, id) VALUES (?1, ?2)", table.key_table()),
            params![&key[..], id],
        )?;
    }
    let mut insert = conn.prepare(&insert_sql(table, &fields, table.inline_keys, "INSERT", 1))?;
    bind_row(&mut insert, 0, &fields, table.inline_keys, id, key, record, import)?;
    insert.raw_execute()?;
    Ok(())
}

/// The columns of the declared fields, in the kind's order: each field's index and column
/// (every declared field has one after [`LedgerTable::ensure`]).
fn field_columns(kind: &LedgerKind, table: &LedgerTable) -> Vec<(usize, String)> {
    kind.fields
        .iter()
        .enumerate()
        .filter_map(|(index, field)| table.column(&field.id).map(|(column, _)| (index, column)))
        .collect()
}

/// How many parameters a row of [`insert_sql`] has.
fn row_width(fields: &[(usize, String)], with_key: bool) -> usize {
    3 + usize::from(with_key) + fields.len()
}

/// `verb` (`INSERT`, `INSERT OR IGNORE`) of `rows` rows into `table`, with their key when
/// `with_key` (a table with its keys inline), each row's parameters in the order of
/// [`bind_row`].
fn insert_sql(table: &LedgerTable, fields: &[(usize, String)], with_key: bool, verb: &str, rows: usize) -> String {
    let key = if with_key { ", row_key" } else { "" };
    let columns: String = fields.iter().map(|(_, column)| format!(", {column}")).collect();
    let width = row_width(fields, with_key);
    let values: Vec<String> = (0..rows)
        .map(|row| {
            let slots: Vec<String> = (1..=width).map(|slot| format!("?{}", row * width + slot)).collect();
            format!("({})", slots.join(", "))
        })
        .collect();
    format!("{verb} INTO \"{}\" (id, source_row, import{key}{columns}) VALUES {}", table.name, values.join(", "))
}

/// Binds the parameters of the `row`-th row of `statement` (see [`insert_sql`]).
#[allow(clippy::too_many_arguments)]
fn bind_row(
    statement: &mut Statement,
    row: usize,
    fields: &[(usize, String)],
    with_key: bool,
    id: i64,
    key: &[u8; 16],
    record: &LedgerRecord,
    import: i64,
) -> rusqlite::Result<()> {
    let mut slot = row * row_width(fields, with_key) + 1;
    statement.raw_bind_parameter(slot, id)?;
    statement.raw_bind_parameter(slot + 1, record.row as i64)?;
    statement.raw_bind_parameter(slot + 2, import)?;
    slot += 3;
    if with_key {
        statement.raw_bind_parameter(slot, &key[..])?;
        slot += 1;
    }
    for (field, _) in fields {
        match &record.values[*field] {
            None => statement.raw_bind_parameter(slot, rusqlite::types::Null)?,
            Some(LedgerValue::Text(text)) => statement.raw_bind_parameter(slot, text.as_str())?,
            Some(LedgerValue::Integer(number)) => statement.raw_bind_parameter(slot, number)?,
            Some(LedgerValue::Number(number)) => statement.raw_bind_parameter(slot, number)?,
            Some(LedgerValue::Date(day)) => match iso_date(day) {
                Some(text) => statement.raw_bind_parameter(slot, std::str::from_utf8(&text).expect("ASCII digits"))?,
                None => statement.raw_bind_parameter(slot, date_text(day))?,
            },
            Some(LedgerValue::Bool(flag)) => statement.raw_bind_parameter(slot, flag)?,
            Some(LedgerValue::Tags(tags)) => {
                statement.raw_bind_parameter(slot, serde_json::to_string(tags).expect("tags serialise"))?
            }
        }
        slot += 1;
    }
    Ok(())
}

/// `day` as `YYYY-MM-DD`, for the years 0 to 9999.
fn iso_date(day: &chrono::NaiveDate) -> Option<[u8; 10]> {
    let year = u32::try_from(day.year()).ok().filter(|year| *year <= 9999)?;
    let (month, date) = (day.month(), day.day());
    let digit = |n: u32| b'0' + (n % 10) as u8;
    Some([
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(month / 10),
        digit(month),
        b'-',
        digit(date / 10),
        digit(date),
    ])
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

/// The key of the `occurrence`-th row (counting from 1) with content digest `digest` in a
/// file: the digest itself for the first, as [`RowKeys`] gives them.
pub(crate) fn occurrence_key(digest: &[u8; 16], occurrence: u32) -> [u8; 16] {
    RowKeys::hashed(digest, occurrence, None)
}

/// The first 16 bytes of the sha256 of the record's kind and values (each value with its
/// field's id, absent values left out, so declaring a new optional field changes no digest).
pub(crate) fn content_digest(kind: &LedgerKind, record: &LedgerRecord) -> [u8; 16] {
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
}

/// [`content_digest`] of each record, computed on every core for a large import.
fn content_digests(kind: &LedgerKind, records: &[LedgerRecord]) -> Vec<[u8; 16]> {
    let digest = |record: &LedgerRecord| content_digest(kind, record);
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

    /// The digest's first eight bytes (the length prefix a slice writes before its bytes is
    /// replaced by them).
    fn write(&mut self, bytes: &[u8]) {
        let mut first = [0; 8];
        let n = bytes.len().min(8);
        first[..n].copy_from_slice(&bytes[..n]);
        self.0 = u64::from_le_bytes(first);
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

impl crate::LedgerSink for LedgerWriter<'_> {
    fn write_through(&mut self) -> Result<bool, StoreError> {
        LedgerWriter::write_through(self)
    }

    fn add(&mut self, records: &[LedgerRecord]) -> Result<(), StoreError> {
        LedgerWriter::add(self, records)
    }

    fn next_import(&mut self, import: &LedgerImport) -> Result<ImportOutcome, StoreError> {
        LedgerWriter::next_import(self, import)
    }

    fn finish(self: Box<Self>) -> Result<ImportOutcome, StoreError> {
        LedgerWriter::finish(*self)
    }
}
