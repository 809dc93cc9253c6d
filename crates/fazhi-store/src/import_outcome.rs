use serde::Serialize;

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ImportOutcome {
    /// Rows read from the source.
    pub read: usize,
    /// Rows added; the others were stored already.
    pub added: usize,
    /// The audit entry recording the import, or `None` when nothing was added (and nothing
    /// written).
    pub audit_seq: Option<i64>,
}
