//! Several imports in one PostgreSQL transaction, each source's rows kept until it is complete
//! (an import resolves its rows' keys against the rows stored before, all at once).

use std::path::Path;

use chrono::NaiveDateTime;
use fazhi_core::{LedgerKind, LedgerRecord};
use postgres::Transaction;

use super::import;
use crate::pg_store::{blocking, locked_transaction, pg_error, PgStore};
use crate::{ImportOutcome, LedgerImport, LedgerSink, StoreError};

/// See [`crate::LedgerStore::ledger_sink`]: the transaction holds the town's write lock from
/// the first import to the commit.
pub(crate) struct PgLedgerSink<'s> {
    tx: Option<Transaction<'s>>,
    label: &'s Path,
    current: OwnedImport,
    records: Vec<LedgerRecord>,
}

/// A [`LedgerImport`] kept across calls.
struct OwnedImport {
    kind: LedgerKind,
    source: String,
    sheet: Option<String>,
    sha256: String,
    by: String,
    at: NaiveDateTime,
    always_new: bool,
}

impl OwnedImport {
    fn of(import: &LedgerImport) -> OwnedImport {
        OwnedImport {
            kind: import.kind.clone(),
            source: import.source.to_string(),
            sheet: import.sheet.map(str::to_string),
            sha256: import.sha256.to_string(),
            by: import.by.to_string(),
            at: import.at,
            always_new: import.always_new,
        }
    }

    fn borrowed(&self) -> LedgerImport<'_> {
        LedgerImport {
            kind: &self.kind,
            source: &self.source,
            sheet: self.sheet.as_deref(),
            sha256: &self.sha256,
            by: &self.by,
            at: self.at,
            always_new: self.always_new,
        }
    }
}

impl<'s> PgLedgerSink<'s> {
    pub(crate) fn begin(store: &'s mut PgStore, first: &LedgerImport) -> Result<PgLedgerSink<'s>, StoreError> {
        let (client, label, lock_key) = store.parts();
        let tx = blocking(|| locked_transaction(client, label, lock_key))?;
        Ok(PgLedgerSink { tx: Some(tx), label, current: OwnedImport::of(first), records: Vec::new() })
    }

    /// Stores the current source's rows as its import.
    fn close_current(&mut self) -> Result<ImportOutcome, StoreError> {
        let tx = self.tx.as_mut().expect("open until finished");
        let records = std::mem::take(&mut self.records);
        blocking(|| import::import(tx, self.label, &self.current.borrowed(), &records))
    }
}

impl LedgerSink for PgLedgerSink<'_> {
    fn write_through(&mut self) -> Result<bool, StoreError> {
        Ok(false)
    }

    fn add(&mut self, records: &[LedgerRecord]) -> Result<(), StoreError> {
        self.records.extend_from_slice(records);
        Ok(())
    }

    fn next_import(&mut self, import: &LedgerImport) -> Result<ImportOutcome, StoreError> {
        let outcome = self.close_current()?;
        self.current = OwnedImport::of(import);
        Ok(outcome)
    }

    fn finish(mut self: Box<Self>) -> Result<ImportOutcome, StoreError> {
        let outcome = self.close_current()?;
        let tx = self.tx.take().expect("open until finished");
        blocking(|| tx.commit()).map_err(|err| pg_error(self.label, err))?;
        Ok(outcome)
    }
}

impl Drop for PgLedgerSink<'_> {
    fn drop(&mut self) {
        // An unfinished import is rolled back, on the client's own runtime.
        if let Some(tx) = self.tx.take() {
            blocking(|| drop(tx));
        }
    }
}
