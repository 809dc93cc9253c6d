//! Corrections and voids of rows of the PostgreSQL ledger, as the SQLite store records them.

use std::path::Path;

use postgres::Transaction;

use super::{insert_rows, next_number, Fields, KindLookup, NewRow, NextIds};
use crate::ledger_resolver::{resolve, Resolved};
use crate::ledger_writer::{content_digest, occurrence_key, RowKeys};
use crate::open_import::BY_HAND;
use crate::pg_store::{append_audit, pg_error};
use crate::stored_text::TIME_FORMAT;
use crate::{CorrectionOutcome, LedgerRow, RowCorrection, StoreError, Supersession};

/// Corrects (`replacement` given) or voids one current row inside the caller's transaction,
/// with its audit entry (`ledger.correct` or `ledger.void`): the row is superseded by the
/// correction; a correction's new row takes the row's import and line. A row not stored is
/// [`StoreError::UnknownLedgerRow`], one superseded already [`StoreError::SupersededLedgerRow`].
pub(super) fn correct(
    tx: &mut Transaction<'_>,
    label: &Path,
    correction: &RowCorrection,
) -> Result<CorrectionOutcome, StoreError> {
    let error = |err| pg_error(label, err);
    let kind = correction.kind;
    let number = LedgerRow::number(correction.row);
    let found = tx
        .query_opt(
            "SELECT e.import, e.source_row, i.source FROM ledger_entry e JOIN ledger_import i ON i.id = e.import
             WHERE e.kind = $1 AND e.id = $2",
            &[&kind.id, &correction.row],
        )
        .map_err(error)?;
    let Some(found) = found else {
        return Err(StoreError::UnknownLedgerRow { kind: kind.id.clone(), row: number });
    };
    let (import, source_row, source): (i64, i64, String) = (found.get(0), found.get(1), found.get(2));
    let replaced = tx
        .query_opt(
            "SELECT r.revision, r.source, c.replacement FROM ledger_superseded s
             LEFT JOIN ledger_import r ON r.id = s.import LEFT JOIN ledger_correction c ON c.id = s.correction
             WHERE s.kind = $1 AND s.row = $2",
            &[&kind.id, &correction.row],
        )
        .map_err(error)?;
    if let Some(replaced) = replaced {
        let source: Option<String> = replaced.get(1);
        let why = Supersession::in_words(replaced.get(0), source.as_deref(), replaced.get(2));
        return Err(StoreError::SupersededLedgerRow { kind: kind.id.clone(), row: number, why });
    }
    // Fields declared since the row was stored are stored from now on.
    let fields = Fields::ensure(tx, label, kind)?;
    let at = correction.at.format(TIME_FORMAT).to_string();
    let replacement = match correction.replacement {
        Some(record) => {
            let digest = content_digest(kind, record);
            let key = match source == BY_HAND {
                // Like the row it corrects, a row added by hand is always a row of its own.
                true => RowKeys::new(Some(format!("{at}#correction#{}", correction.row))).key(&digest),
                false => free_key(tx, label, &kind.id, &digest)?,
            };
            let id = NextIds::new(&kind.id).take(tx, label, record.year)?;
            let record = fazhi_core::LedgerRecord { row: source_row as usize, ..record.clone() };
            let row = NewRow { id, key, source_row, data: fields.data(kind, &record) };
            insert_rows(tx, label, &kind.id, import, &[row])?;
            Some(id)
        }
        None => None,
    };
    let (action, verb) = RowCorrection::action(replacement);
    let detail = correction.detail(replacement);
    let seq = append_audit(tx, label, &at, correction.by, action, &kind.id, &detail)?;
    let id = next_number(tx, label, "ledger_correction")?;
    tx.execute(
        "INSERT INTO ledger_correction (id, kind, row, action, replacement, reason, actor, at, audit_seq)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &[&id, &kind.id, &correction.row, &verb, &replacement, &correction.reason, &correction.by, &at, &seq],
    )
    .map_err(error)?;
    tx.execute(
        "INSERT INTO ledger_superseded (kind, row, correction) VALUES ($1, $2, $3)",
        &[&kind.id, &correction.row, &id],
    )
    .map_err(error)?;
    Ok(CorrectionOutcome { correction: id, replacement, audit_seq: seq })
}

/// The key for a corrected row of a file with content digest `digest`: the key of the first
/// occurrence of those values that stands for no current row, so that the file, once
/// corrected the same way, has this row.
fn free_key(tx: &mut Transaction<'_>, label: &Path, kind: &str, digest: &[u8; 16]) -> Result<[u8; 16], StoreError> {
    let mut lookup = KindLookup::new(tx, label, kind);
    for occurrence in 1.. {
        if let Resolved::Free(key) = resolve(&mut lookup, &occurrence_key(digest, occurrence))? {
            return Ok(key);
        }
    }
    unreachable!("some occurrence is free")
}
