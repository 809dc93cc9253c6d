use thiserror::Error;

/// A head (`SEQ:HASH`) that cannot be read as an [`AuditAnchor`](crate::AuditAnchor).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("`{text}` is not an audit head: {reason}")]
pub struct AnchorError {
    /// The text given.
    pub text: String,
    /// What is wrong with it.
    pub reason: String,
}
