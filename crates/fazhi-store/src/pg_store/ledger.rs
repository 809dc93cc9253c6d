//! The ledger in PostgreSQL (being written).

/// The ledger's tables: the second PostgreSQL migration.
pub(crate) const LEDGER_SCHEMA: &str = "SELECT 1;";
