use std::path::Path;

use chrono::NaiveDateTime;
use sha2::{Digest, Sha256};

use crate::store::parse_recorded;
use crate::stored_text::TIME_FORMAT;
use crate::{AuditEntry, StoreError};

/// The `prev_hash` of the first audit entry.
pub(crate) const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// How the recorded (wall-clock) time of an entry is stored: UTC, microseconds, RFC 3339.
pub(crate) const RECORDED_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.6fZ";

/// An audit row exactly as stored (text as text), which is what the hash covers.
#[derive(Debug, Clone)]
pub(crate) struct AuditRow {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
    /// When the entry was written, by the system clock (`None` for entries written before
    /// fazhi recorded it).
    pub recorded_at: Option<String>,
}

impl AuditRow {
    /// The entry this row records; a time fazhi never writes is [`StoreError::Corrupt`] of the
    /// state at `path`.
    pub fn into_entry(self, path: &Path) -> Result<AuditEntry, StoreError> {
        let at = NaiveDateTime::parse_from_str(&self.at, TIME_FORMAT)
            .map_err(|_| StoreError::corrupt(path, format!("audit entry #{} has the time `{}`", self.seq, self.at)))?;
        let recorded_at = self.recorded_at.as_deref().map(|text| parse_recorded(path, self.seq, text)).transpose()?;
        Ok(AuditEntry {
            seq: self.seq,
            at,
            recorded_at,
            actor: self.actor,
            action: self.action,
            subject: self.subject,
            detail: self.detail,
            prev_hash: self.prev_hash,
            hash: self.hash,
        })
    }

    /// The hash this row's content would have if it had been recorded as entry `seq`.
    pub fn hash_as(&self, seq: i64) -> String {
        AuditRow::chain_hash(
            seq,
            &self.at,
            &self.actor,
            &self.action,
            &self.subject,
            &self.detail,
            &self.prev_hash,
            self.recorded_at.as_deref(),
        )
    }

    /// SHA-256 (lower-case hex) of the fields joined with the unit separator `\x1f`: the number,
    /// the effective time, actor, action, subject, detail, the previous hash and, for an entry
    /// that has one, the recorded time (entries written before it was recorded hash without it).
    #[allow(clippy::too_many_arguments)]
    pub fn chain_hash(
        seq: i64,
        at: &str,
        actor: &str,
        action: &str,
        subject: &str,
        detail: &str,
        prev_hash: &str,
        recorded_at: Option<&str>,
    ) -> String {
        let seq = seq.to_string();
        let mut hasher = Sha256::new();
        let fields = [seq.as_str(), at, actor, action, subject, detail, prev_hash].into_iter().chain(recorded_at);
        for (index, field) in fields.enumerate() {
            if index > 0 {
                hasher.update([0x1f]);
            }
            hasher.update(field.as_bytes());
        }
        hex::encode(hasher.finalize())
    }
}
