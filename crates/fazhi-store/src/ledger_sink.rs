use fazhi_core::LedgerRecord;

use crate::{ImportOutcome, LedgerImport, StoreError};

/// Imports being written in one transaction ([`crate::LedgerStore::ledger_sink`]): the rows of
/// each source as they are read, then the next source, then everything committed together or,
/// when the sink is dropped unfinished, nothing at all.
pub trait LedgerSink {
    /// For a large import, before any row is added: writes it the backend's fastest way
    /// ([`crate::LedgerWriter::write_through`] on SQLite). Returns whether it did.
    fn write_through(&mut self) -> Result<bool, StoreError>;

    /// Adds the next `records` of the current source (in the source's order).
    fn add(&mut self, records: &[LedgerRecord]) -> Result<(), StoreError>;

    /// Records the current import and starts `import` in the same transaction. Returns what
    /// the import recorded did.
    fn next_import(&mut self, import: &LedgerImport) -> Result<ImportOutcome, StoreError>;

    /// Records the current import and commits. Returns what the last import did.
    fn finish(self: Box<Self>) -> Result<ImportOutcome, StoreError>;
}
