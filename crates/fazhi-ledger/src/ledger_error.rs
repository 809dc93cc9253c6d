use std::path::PathBuf;

use fazhi_core::Diagnostic;

/// Why a ledger file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// The file could not be read at all (missing, unreadable).
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// The file was read but something in it is wrong: every problem found (at most 200, and
    /// then a last one saying how many more were left out), each with its line (CSV) or row
    /// (spreadsheet) and column. No row is returned, so an import is all or nothing.
    #[error("found {} problem{}", problems.len(), if problems.len() == 1 { "" } else { "s" })]
    Invalid {
        /// The problems, in the order they were found.
        problems: Vec<Diagnostic>,
    },
}
