use sha2::{Digest, Sha256};

/// The `prev_hash` of the first audit entry.
pub(crate) const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

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
}

impl AuditRow {
    /// The hash this row's content would have if it had been recorded as entry `seq`.
    pub fn hash_as(&self, seq: i64) -> String {
        AuditRow::chain_hash(seq, &self.at, &self.actor, &self.action, &self.subject, &self.detail, &self.prev_hash)
    }

    /// SHA-256 (lower-case hex) of the fields joined with the unit separator `\x1f`.
    pub fn chain_hash(
        seq: i64,
        at: &str,
        actor: &str,
        action: &str,
        subject: &str,
        detail: &str,
        prev_hash: &str,
    ) -> String {
        let seq = seq.to_string();
        let mut hasher = Sha256::new();
        for (index, field) in [seq.as_str(), at, actor, action, subject, detail, prev_hash].into_iter().enumerate() {
            if index > 0 {
                hasher.update([0x1f]);
            }
            hasher.update(field.as_bytes());
        }
        hex::encode(hasher.finalize())
    }
}
