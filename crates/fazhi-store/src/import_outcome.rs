use serde::Serialize;

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ImportOutcome {
    /// Rows read from the source.
    pub read: usize,
    /// Rows added; the others were stored already.
    pub added: usize,
    /// Rows of the source's earlier revisions that this one left out: stored still, but
    /// superseded and no longer counted.
    pub superseded: usize,
    /// The import's revision of its source (1 for its first import), when it was recorded.
    pub revision: Option<i64>,
    /// The audit entry recording the import, or `None` when nothing was added (and nothing
    /// written).
    pub audit_seq: Option<i64>,
}
