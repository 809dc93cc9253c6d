use std::fmt;

use chrono::{DateTime, Utc};
use serde::Serialize;

/// The head of the audit log: its last entry's number and hash, to be kept outside the
/// database (printed, signed, in the report handed up) and checked later with
/// [`Store::verify_audit_extends`](crate::Store::verify_audit_extends).
///
/// Written as `SEQ:SHORT_HASH` ([`fmt::Display`]), e.g. `226:3f9a1c2e7b5d0a41`: the short hash
/// is the first [`AuditHead::SHORT_LEN`] hex digits (64 bits) of the entry's SHA-256, short
/// enough to copy by hand, long enough that no one can make another log reach it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditHead {
    /// The last entry's number (0 for an empty log).
    pub seq: i64,
    /// Its full hash (64 zeros for an empty log).
    pub hash: String,
    /// When it was written, if that was recorded.
    pub recorded_at: Option<DateTime<Utc>>,
}

impl AuditHead {
    /// How many hex digits of the hash the short form keeps: 16 (64 bits).
    pub const SHORT_LEN: usize = 16;

    /// The first [`AuditHead::SHORT_LEN`] hex digits of the hash.
    pub fn short_hash(&self) -> &str {
        &self.hash[..AuditHead::SHORT_LEN.min(self.hash.len())]
    }
}

impl fmt::Display for AuditHead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.seq, self.short_hash())
    }
}
