use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

/// A ledger file the workspace declares in `fazhi.ron` (`ledger: [(kind, file)]`): imported
/// when the state is opened, once (a file imported before adds nothing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerSeed {
    /// The 1-based line of the entry's `kind` in `fazhi.ron`, for problems found later.
    pub line: usize,
    /// The 1-based column of the entry's `kind` in `fazhi.ron`.
    pub column: usize,
    /// The ledger kind's id.
    pub kind: String,
    /// The file, relative to the workspace root (CSV or XLSX).
    pub file: PathBuf,
    /// The XLSX sheet, if not the first.
    pub sheet: Option<String>,
    /// Column header → field id (or `-` to ignore the column), for headers that are not the
    /// fields' labels.
    pub map: BTreeMap<String, String>,
}
