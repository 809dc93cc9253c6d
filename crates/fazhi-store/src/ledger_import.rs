use chrono::NaiveDateTime;
use fazhi_core::LedgerKind;

/// Rows of one ledger kind to store, read from one source.
#[derive(Debug, Clone, Copy)]
pub struct LedgerImport<'a> {
    /// The ledger kind the rows were read as.
    pub kind: &'a LedgerKind,
    /// Where the rows come from, as shown (a file relative to the workspace, or `ledger add`).
    /// With the kind and the sheet it names the source: an import of a source imported before
    /// is a new revision of it, which supersedes the rows of the earlier ones it leaves out.
    pub source: &'a str,
    /// The sheet read, for a workbook read by the name of one of its sheets.
    pub sheet: Option<&'a str>,
    /// The sha256 of the source file's bytes (hex), or of the row for `ledger add`.
    pub sha256: &'a str,
    /// Who imports them.
    pub by: &'a str,
    /// When.
    pub at: NaiveDateTime,
    /// Whether a row identical to one stored before is a new row all the same (`ledger add`:
    /// two identical patrols on one day are two patrols) rather than the same row again (an
    /// import of a file seen before). Such rows belong to no file and no revision replaces
    /// them.
    pub always_new: bool,
}
