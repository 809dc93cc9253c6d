//! Corrections and voids of ledger rows: the row stays as it was, superseded; a correction's
//! new row holds the corrected values, in the same place of the same import.

use fazhi_core::LedgerKind;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::append_audit;
use crate::ledger_resolver::{Resolved, RowResolver};
use crate::ledger_table::LedgerTable;
use crate::ledger_writer::{content_digest, insert_one, occurrence_key, NextIds, RowKeys};
use crate::open_import::BY_HAND;
use crate::stored_text::TIME_FORMAT;
use crate::{CorrectionOutcome, LedgerRow, RowCorrection, Store, StoreError, Supersession};

impl Store {
    /// Corrects one current row of the ledger (`replacement` given) or voids it, in one
    /// `BEGIN IMMEDIATE` transaction with its audit entry (`ledger.correct` or `ledger.void`,
    /// by who and why): the row is recorded as superseded by the correction and no longer
    /// counted; a correction's new row, with the corrected values, takes the row's import and
    /// line, so that a new version of the row's file replaces it like the file's other rows.
    ///
    /// A row that is not stored is [`StoreError::UnknownLedgerRow`]; a row superseded already
    /// is [`StoreError::SupersededLedgerRow`]; nothing is written then.
    pub(crate) fn correct_ledger_row(&mut self, correction: &RowCorrection) -> Result<CorrectionOutcome, StoreError> {
        self.ensure_writable()?;
        let path = self.path.as_path();
        let error = |err| StoreError::sqlite(path, err);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(error)?;
        let kind = correction.kind;
        let number = LedgerRow::number(correction.row);
        let unknown = || StoreError::UnknownLedgerRow { kind: kind.id.clone(), row: number.clone() };
        let Some(table) = LedgerTable::load(&tx, &kind.id).map_err(error)? else { return Err(unknown()) };
        let found: Option<(i64, i64, String)> = tx
            .query_row(
                &format!(
                    "SELECT t.import, t.source_row, i.source FROM \"{}\" t JOIN ledger_import i ON i.id = t.import
                     WHERE t.id = ?1",
                    table.name
                ),
                [correction.row],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()
            .map_err(error)?;
        let Some((import, source_row, source)) = found else { return Err(unknown()) };
        if let Some(why) = replaced(&tx, &kind.id, correction.row).map_err(error)? {
            return Err(StoreError::SupersededLedgerRow { kind: kind.id.clone(), row: number, why });
        }
        // Fields declared since the row was stored get their columns.
        let table = LedgerTable::ensure(&tx, kind).map_err(error)?;
        let at = correction.at.format(TIME_FORMAT).to_string();
        let replacement = match correction.replacement {
            Some(record) => {
                let digest = content_digest(kind, record);
                let key = match source == BY_HAND {
                    // Like the row it corrects, a row added by hand is always a row of its own.
                    true => RowKeys::new(Some(format!("{at}#correction#{}", correction.row))).key(&digest),
                    false => free_key(&tx, kind, &table, &digest).map_err(error)?,
                };
                let id = NextIds::new(&tx, &table).and_then(|mut ids| ids.take(record.year)).map_err(error)?;
                let record = fazhi_core::LedgerRecord { row: source_row as usize, ..record.clone() };
                insert_one(&tx, kind, &table, import, id, &key, &record).map_err(error)?;
                Some(id)
            }
            None => None,
        };
        let (action, verb) = RowCorrection::action(replacement);
        let detail = correction.detail(replacement);
        let seq = append_audit(&tx, path, &at, correction.by, action, &kind.id, &detail)?;
        tx.execute(
            "INSERT INTO ledger_correction (kind, row, action, replacement, reason, actor, at, audit_seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![kind.id, correction.row, verb, replacement, correction.reason, correction.by, at, seq],
        )
        .map_err(error)?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO ledger_superseded (kind, row, correction) VALUES (?1, ?2, ?3)",
            params![kind.id, correction.row, id],
        )
        .map_err(error)?;
        tx.commit().map_err(error)?;
        Ok(CorrectionOutcome { correction: id, replacement, audit_seq: seq })
    }
}

/// What replaced the row `row` of `kind`, in words, if it is superseded.
fn replaced(conn: &Connection, kind: &str, row: i64) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT r.revision, r.source, c.replacement FROM ledger_superseded s
         LEFT JOIN ledger_import r ON r.id = s.import LEFT JOIN ledger_correction c ON c.id = s.correction
         WHERE s.kind = ?1 AND s.row = ?2",
        params![kind, row],
        |found| {
            let source: Option<String> = found.get(1)?;
            Ok(Supersession::in_words(found.get(0)?, source.as_deref(), found.get(2)?))
        },
    )
    .optional()
}

/// The key for a corrected row of a file with content digest `digest`: the key of the first
/// occurrence of those values that stands for no current row, so that the file, once
/// corrected the same way, has this row.
fn free_key(
    conn: &Connection,
    kind: &LedgerKind,
    table: &LedgerTable,
    digest: &[u8; 16],
) -> rusqlite::Result<[u8; 16]> {
    let mut resolver = RowResolver::new(conn, &kind.id, table)?;
    for occurrence in 1.. {
        if let Resolved::Free(key) = resolver.resolve(&occurrence_key(digest, occurrence))? {
            return Ok(key);
        }
    }
    unreachable!("some occurrence is free")
}
