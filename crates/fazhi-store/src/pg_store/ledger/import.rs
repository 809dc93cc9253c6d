//! Imports into the PostgreSQL ledger, as [`crate::LedgerWriter`] stores one import in SQLite:
//! the same keys, the same ids, the same supersessions and the same audit entry.

use std::path::Path;

use fazhi_core::LedgerRecord;
use postgres::Transaction;

use super::{insert_rows, next_number, Fields, KindLookup, NewRow, NextIds, ROWS_PER_STATEMENT, SAME_SOURCE};
use crate::ledger_resolver::{follow, next_generation, resolve, Resolved, RowLookup};
use crate::ledger_table::LedgerTable;
use crate::ledger_writer::{content_digest, import_detail, RowKeys};
use crate::pg_store::{append_audit, pg_error};
use crate::stored_text::TIME_FORMAT;
use crate::{ImportOutcome, LedgerImport, StoreError};

/// Stores `records` as rows of `import` inside the caller's transaction, with one audit entry
/// (`ledger.import`); when no row is new and none is superseded, writes nothing.
pub(super) fn import(
    tx: &mut Transaction<'_>,
    label: &Path,
    import: &LedgerImport,
    records: &[LedgerRecord],
) -> Result<ImportOutcome, StoreError> {
    let error = |err| pg_error(label, err);
    let kind = import.kind;
    let at = import.at.format(TIME_FORMAT).to_string();
    let sheet = import.sheet;
    // A kind without rows is new (SQLite makes its table now): its rows are all new, and take
    // their ids in the source's order.
    let fresh: bool = !tx
        .query_one("SELECT EXISTS (SELECT 1 FROM ledger_entry WHERE kind = $1)", &[&kind.id])
        .map_err(error)?
        .get::<_, bool>(0);
    let revision = match import.always_new {
        true => None,
        false => {
            let earlier: i64 = tx
                .query_one(
                    &format!("SELECT COUNT(*) FROM ledger_import WHERE {SAME_SOURCE}"),
                    &[&kind.id, &import.source, &sheet],
                )
                .map_err(error)?
                .get(0);
            Some(earlier + 1)
        }
    };
    let resolve_keys: bool = tx
        .query_one("SELECT EXISTS (SELECT 1 FROM ledger_superseded WHERE kind = $1)", &[&kind.id])
        .map_err(error)?
        .get(0);
    let mut contained = (!fresh && revision.is_some_and(|revision| revision > 1)).then(Vec::new);
    let id = next_number(tx, label, "ledger_import")?;
    let mut fields = Fields::load(tx, label, &kind.id)?;
    let stored_fields = fields.declare(kind);

    let mut keys = RowKeys::new(import.always_new.then(|| at.clone()));
    let mut keyed: Vec<(i32, [u8; 16], usize)> = records
        .iter()
        .enumerate()
        .map(|(index, record)| (record.year, keys.key(&content_digest(kind, record)), index))
        .collect();
    let new_keys = match fresh {
        true => {
            // Stable: a year's rows keep the source's order.
            keyed.sort_by_key(|(year, _, _)| *year);
            keyed.iter().map(|(year, key, index)| (*year, *key, *index)).collect()
        }
        false => {
            keyed.sort_unstable();
            new_keys(tx, label, &kind.id, &keyed, contained.as_mut(), resolve_keys)?
        }
    };
    let mut ids = NextIds::new(&kind.id);
    let mut rows = Vec::with_capacity(new_keys.len());
    for (year, key, index) in new_keys {
        let record = &records[index];
        let row_id = match fresh {
            true => {
                let next = ids.next.entry(year).or_insert_with(|| LedgerTable::first_id(year));
                *next += 1;
                *next - 1
            }
            false => ids.take(tx, label, year)?,
        };
        rows.push(NewRow { id: row_id, key, source_row: record.row as i64, data: fields.data(kind, record) });
    }
    let added = rows.len();
    let left_out = match contained {
        Some(contained) => left_out(tx, label, import, id, contained)?,
        None => Vec::new(),
    };
    let (read, superseded) = (records.len(), left_out.len());
    if added == 0 && superseded == 0 {
        // Nothing is new: nothing was written, nothing is.
        return Ok(ImportOutcome { read, added: 0, superseded: 0, revision: None, audit_seq: None });
    }
    fields.record(tx, label, &kind.id, stored_fields)?;
    insert_rows(tx, label, &kind.id, id, &rows)?;
    let detail = import_detail(import.source, sheet, import.sha256, (read, added, superseded), revision);
    let seq = append_audit(tx, label, &at, import.by, "ledger.import", &kind.id, &detail)?;
    tx.execute(
        "INSERT INTO ledger_import
             (id, kind, source, sha256, rows_read, rows_added, actor, at, audit_seq, sheet, revision, rows_superseded)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        &[
            &id,
            &kind.id,
            &import.source,
            &import.sha256,
            &(read as i64),
            &(added as i64),
            &import.by,
            &at,
            &seq,
            &sheet,
            &revision.unwrap_or(0),
            &(superseded as i64),
        ],
    )
    .map_err(error)?;
    for chunk in left_out.chunks(ROWS_PER_STATEMENT) {
        tx.execute(
            "INSERT INTO ledger_superseded (kind, row, import) SELECT $1, r, $2 FROM unnest($3::int8[]) AS r",
            &[&kind.id, &id, &chunk],
        )
        .map_err(error)?;
    }
    Ok(ImportOutcome { read, added, superseded, revision, audit_seq: Some(seq) })
}

/// The keys of `keyed` (the records' keys with their years and places, sorted by year and key)
/// that stand for no stored row, in that order: the rows to store, as SQLite's `insert_rows`
/// finds them. With `contained` (a later revision of a source), the stored row each other key
/// stands for is noted there; with `resolve_keys` (rows of the kind are superseded), each key
/// is resolved through supersessions ([`resolve`]), so that values a revision left out come
/// back as new rows under their key's next generation.
fn new_keys(
    tx: &mut Transaction<'_>,
    label: &Path,
    kind: &str,
    keyed: &[(i32, [u8; 16], usize)],
    mut contained: Option<&mut Vec<i64>>,
    resolve_keys: bool,
) -> Result<Vec<(i32, [u8; 16], usize)>, StoreError> {
    let mut lookup = KindLookup::new(tx, label, kind);
    let mut pending: Vec<[u8; 16]> = keyed.iter().map(|(_, key, _)| *key).collect();
    lookup.prefetch(&pending)?;
    if resolve_keys {
        lookup.load_states()?;
        // Keys whose rows a revision left out stand for their next generation: find those in
        // batches too, generation by generation.
        while !pending.is_empty() {
            let mut next = Vec::new();
            for key in &pending {
                if let Some(id) = lookup.find(key)? {
                    if follow(&mut lookup, id)?.is_none() {
                        next.push(next_generation(key));
                    }
                }
            }
            lookup.prefetch(&next)?;
            pending = next;
        }
    }
    let mut new = Vec::new();
    for (year, key, index) in keyed {
        let resolved = match resolve_keys {
            true => resolve(&mut lookup, key)?,
            false => lookup.find(key)?.map_or(Resolved::Free(*key), Resolved::Current),
        };
        match resolved {
            Resolved::Current(id) => {
                if let Some(contained) = contained.as_mut() {
                    contained.push(id);
                }
            }
            Resolved::Voided => {}
            Resolved::Free(key) => new.push((*year, key, *index)),
        }
    }
    Ok(new)
}

/// The rows of the source's earlier revisions that are still current and that the new version
/// (the import `id`) does not have (`contained`: the rows it stands for), by id: those it
/// supersedes.
fn left_out(
    tx: &mut Transaction<'_>,
    label: &Path,
    import: &LedgerImport,
    id: i64,
    mut contained: Vec<i64>,
) -> Result<Vec<i64>, StoreError> {
    contained.sort_unstable();
    contained.dedup();
    let earlier = tx
        .query(
            &format!(
                "SELECT e.id FROM ledger_entry e
                 WHERE e.kind = $1 AND e.import IN (SELECT id FROM ledger_import WHERE {SAME_SOURCE} AND id <> $4)
                 AND NOT EXISTS (SELECT 1 FROM ledger_superseded s WHERE s.kind = e.kind AND s.row = e.id)
                 ORDER BY e.id"
            ),
            &[&import.kind.id, &import.source, &import.sheet, &id],
        )
        .map_err(|err| pg_error(label, err))?;
    Ok(earlier.iter().map(|row| row.get::<_, i64>(0)).filter(|id| contained.binary_search(id).is_err()).collect())
}
