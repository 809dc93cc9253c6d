//! fazhi's ledger files: CSV and XLSX rows read and checked against a ledger kind.
#![warn(missing_docs)]
