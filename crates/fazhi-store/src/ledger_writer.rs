use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;

use chrono::Datelike;
use fazhi_core::{LedgerKind, LedgerRecord, LedgerValue};
use rusqlite::{params, Connection, Transaction, TransactionBehavior};
use sha2::{Digest, Sha256};

use crate::ledger_table::LedgerTable;
use crate::store::append_audit;
use crate::stored_text::TIME_FORMAT;
use crate::{ImportOutcome, LedgerImport, StoreError};

/// An import in progress ([`crate::Store::ledger_writer`]): rows are added in batches as they
/// are read, inside one transaction, and [`LedgerWriter::finish`] records the import and
/// commits. Dropped without `finish`, it writes nothing.
pub struct LedgerWriter<'s> {
    tx: Transaction<'s>,
    path: &'s Path,
    kind: LedgerKind,
    table: LedgerTable,
    import_id: i64,
    source: String,
    sha256: String,
    by: String,
    at: String,
    keys: RowKeys,
    read: usize,
    added: usize,
}

impl<'s> LedgerWriter<'s> {
    pub(crate) fn begin(
        conn: &'s mut Connection,
        path: &'s Path,
        import: &LedgerImport,
    ) -> Result<LedgerWriter<'s>, StoreError> {
        let error = |err| StoreError::sqlite(path, err);
        let at = import.at.format(TIME_FORMAT).to_string();
        // A big import touches many pages of the key index: keep them in memory (pages are
        // only taken as they are used).
        conn.execute_batch("PRAGMA cache_size = -262144").map_err(error)?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(error)?;
        let table = LedgerTable::ensure(&tx, import.kind).map_err(error)?;
        // The import is recorded first (its rows refer to it) and completed by `finish`; if
        // nothing turns out to be new, the transaction is dropped and nothing is written.
        tx.execute(
            "INSERT INTO ledger_import (kind, source, sha256, rows_read, rows_added, actor, at, audit_seq)
             VALUES (?1, ?2, ?3, 0, 0, ?4, ?5, 0)",
            params![import.kind.id, import.source, import.sha256, import.by, at],
        )
        .map_err(error)?;
        let import_id = tx.last_insert_rowid();
        Ok(LedgerWriter {
            tx,
            path,
            kind: import.kind.clone(),
            table,
            import_id,
            source: import.source.to_string(),
            sha256: import.sha256.to_string(),
            by: import.by.to_string(),
            keys: RowKeys::new(import.always_new.then(|| at.clone())),
            at,
            read: 0,
            added: 0,
        })
    }

    /// Adds the next `records` of the source (in the source's order).
    pub fn add(&mut self, records: &[LedgerRecord]) -> Result<(), StoreError> {
        let added = insert_rows(&self.tx, &self.kind, &self.table, self.import_id, records, &mut self.keys)
            .map_err(|err| StoreError::sqlite(self.path, err))?;
        self.read += records.len();
        self.added += added;
        Ok(())
    }

    /// Records the import with one audit entry (`ledger.import`) and commits; when no row was
    /// new, writes nothing at all.
    pub fn finish(self) -> Result<ImportOutcome, StoreError> {
        let (read, added) = (self.read, self.added);
        if added == 0 {
            return Ok(ImportOutcome { read, added: 0, audit_seq: None });
        }
        let error = |err| StoreError::sqlite(self.path, err);
        let detail = serde_json::json!({ "source": self.source, "sha256": self.sha256, "read": read, "added": added })
            .to_string();
        let seq = append_audit(&self.tx, self.path, &self.at, &self.by, "ledger.import", &self.kind.id, &detail)?;
        self.tx
            .execute(
                "UPDATE ledger_import SET rows_read = ?1, rows_added = ?2, audit_seq = ?3 WHERE id = ?4",
                params![read as i64, added as i64, seq, self.import_id],
            )
            .map_err(error)?;
        self.tx.commit().map_err(error)?;
        Ok(ImportOutcome { read, added, audit_seq: Some(seq) })
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
    fn key(&mut self, digest: &[u8; 16]) -> [u8; 16] {
        let occurrence = self.occurrences.entry(*digest).or_insert(0);
        *occurrence += 1;
        let position = self.position;
        self.position += 1;
        if *occurrence == 1 && self.salt.is_none() {
            return *digest;
        }
        let mut hasher = Sha256::new();
        hasher.update(digest);
        hasher.update(occurrence.to_le_bytes());
        if let Some(salt) = &self.salt {
            hash_bytes(&mut hasher, salt.as_bytes());
            hasher.update(position.to_le_bytes());
        }
        let key: [u8; 32] = hasher.finalize().into();
        key[..16].try_into().expect("16 bytes")
    }
}

/// Inserts `records` of `kind` into `table` as rows of import `import`, keyed by `keys`;
/// returns how many were new. Rows go in by year and key, so each year's range of ids and the
/// key index grow in order.
pub(crate) fn insert_rows(
    conn: &Connection,
    kind: &LedgerKind,
    table: &LedgerTable,
    import: i64,
    records: &[LedgerRecord],
    keys: &mut RowKeys,
) -> rusqlite::Result<usize> {
    let digests = content_digests(kind, records);
    let mut keyed: Vec<(i32, [u8; 16], usize)> = records
        .iter()
        .zip(&digests)
        .enumerate()
        .map(|(index, (record, digest))| (record.year, keys.key(digest), index))
        .collect();
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
