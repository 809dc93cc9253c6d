use fazhi_core::LedgerRecord;

use crate::{
    CorrectionOutcome, ImportOutcome, LedgerCondition, LedgerImport, LedgerQuery, LedgerRow, LedgerSink, RowCorrection,
    Store, StoreError,
};

/// The ledger (台账): typed rows of the kinds modules declare, imported all or nothing, and
/// the aggregates report scripts compute over one kind and year.
pub trait LedgerStore {
    /// Stores `records` as rows of `import` in one transaction with one audit entry; rows stored
    /// before (same kind, values and occurrence) are not stored again unless
    /// `import.always_new`.
    fn import_ledger(&mut self, import: &LedgerImport, records: &[LedgerRecord]) -> Result<ImportOutcome, StoreError>;
    /// Begins `first` and the imports after it in one transaction, their rows added as they
    /// are read ([`LedgerSink`]); the same rules as [`LedgerStore::import_ledger`].
    fn ledger_sink<'s>(&'s mut self, first: &LedgerImport) -> Result<Box<dyn LedgerSink + 's>, StoreError>;
    /// Whether a file with `sha256` was imported as `kind` before.
    fn ledger_file_imported(&self, kind: &str, sha256: &str) -> Result<bool, StoreError>;
    /// How many rows `query` selects.
    fn ledger_count(&self, query: &LedgerQuery) -> Result<i64, StoreError>;
    /// The sum of `field` over the rows `query` selects.
    fn ledger_sum(&self, query: &LedgerQuery, field: &str) -> Result<f64, StoreError>;
    /// How many distinct values of `field` the rows `query` selects have.
    fn ledger_distinct(&self, query: &LedgerQuery, field: &str) -> Result<i64, StoreError>;
    /// The rows `query` selects counted by the value of `field` (by each tag with `tags`),
    /// largest group first.
    fn ledger_groups(&self, query: &LedgerQuery, field: &str, tags: bool) -> Result<Vec<(String, i64)>, StoreError>;
    /// The rows `query` selects except those matching every condition of any list in
    /// `excluding`, in import order, at most `limit`.
    fn ledger_rows(
        &self,
        query: &LedgerQuery,
        excluding: &[&[LedgerCondition]],
        limit: Option<usize>,
    ) -> Result<Vec<LedgerRow>, StoreError>;
    /// Current rows per kind and year: `(kind, year, rows)`.
    fn ledger_totals(&self) -> Result<Vec<(String, i32, i64)>, StoreError>;
    /// Whether the rows of `kind` from the file `source` (and `sheet`) are those of its content
    /// `sha256` already (a file that changed since is imported again as a new revision).
    fn ledger_file_current(
        &self,
        kind: &str,
        source: &str,
        sheet: Option<&str>,
        sha256: &str,
    ) -> Result<bool, StoreError>;
    /// The rows `query` selects, current and superseded, each superseded one with what
    /// replaced it.
    fn ledger_history(&self, query: &LedgerQuery) -> Result<Vec<LedgerRow>, StoreError>;
    /// The row of `kind` with `id`, current or superseded.
    fn ledger_row(&self, kind: &str, id: i64) -> Result<Option<LedgerRow>, StoreError>;
    /// Corrects or voids one current row with its audit entry.
    fn correct_ledger_row(&mut self, correction: &RowCorrection) -> Result<CorrectionOutcome, StoreError>;
}

impl LedgerStore for Store {
    fn import_ledger(&mut self, import: &LedgerImport, records: &[LedgerRecord]) -> Result<ImportOutcome, StoreError> {
        Store::import_ledger(self, import, records)
    }
    fn ledger_sink<'s>(&'s mut self, first: &LedgerImport) -> Result<Box<dyn LedgerSink + 's>, StoreError> {
        Ok(Box::new(self.ledger_writer(first)?))
    }
    fn ledger_file_imported(&self, kind: &str, sha256: &str) -> Result<bool, StoreError> {
        Store::ledger_file_imported(self, kind, sha256)
    }
    fn ledger_count(&self, query: &LedgerQuery) -> Result<i64, StoreError> {
        Store::ledger_count(self, query)
    }
    fn ledger_sum(&self, query: &LedgerQuery, field: &str) -> Result<f64, StoreError> {
        Store::ledger_sum(self, query, field)
    }
    fn ledger_distinct(&self, query: &LedgerQuery, field: &str) -> Result<i64, StoreError> {
        Store::ledger_distinct(self, query, field)
    }
    fn ledger_groups(&self, query: &LedgerQuery, field: &str, tags: bool) -> Result<Vec<(String, i64)>, StoreError> {
        Store::ledger_groups(self, query, field, tags)
    }
    fn ledger_rows(
        &self,
        query: &LedgerQuery,
        excluding: &[&[LedgerCondition]],
        limit: Option<usize>,
    ) -> Result<Vec<LedgerRow>, StoreError> {
        Store::ledger_rows(self, query, excluding, limit)
    }
    fn ledger_totals(&self) -> Result<Vec<(String, i32, i64)>, StoreError> {
        Store::ledger_totals(self)
    }
    fn ledger_file_current(
        &self,
        kind: &str,
        source: &str,
        sheet: Option<&str>,
        sha256: &str,
    ) -> Result<bool, StoreError> {
        Store::ledger_file_current(self, kind, source, sheet, sha256)
    }
    fn ledger_history(&self, query: &LedgerQuery) -> Result<Vec<LedgerRow>, StoreError> {
        Store::ledger_history(self, query)
    }
    fn ledger_row(&self, kind: &str, id: i64) -> Result<Option<LedgerRow>, StoreError> {
        Store::ledger_row(self, kind, id)
    }
    fn correct_ledger_row(&mut self, correction: &RowCorrection) -> Result<CorrectionOutcome, StoreError> {
        Store::correct_ledger_row(self, correction)
    }
}
