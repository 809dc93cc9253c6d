use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::{AnchorError, AuditHead};

/// A head kept outside the database, as a person wrote it down: `SEQ:HASH`, the hash being at
/// least [`AuditHead::SHORT_LEN`] hex digits (a prefix of the entry's SHA-256) or all 64.
///
/// [`Store::verify_audit_extends`](crate::Store::verify_audit_extends) checks that the log still
/// extends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditAnchor {
    /// The entry's number.
    pub seq: i64,
    /// The beginning of its hash, in lower case.
    pub hash: String,
}

impl AuditAnchor {
    /// Whether `hash` (a full entry hash) begins with the anchor's digits.
    pub fn matches(&self, hash: &str) -> bool {
        hash.len() >= self.hash.len() && hash[..self.hash.len()].eq_ignore_ascii_case(&self.hash)
    }
}

impl FromStr for AuditAnchor {
    type Err = AnchorError;

    /// Reads `SEQ:HASH` (spaces around either part are ignored; the hash in any case).
    fn from_str(text: &str) -> Result<AuditAnchor, AnchorError> {
        let bad = |reason: &str| AnchorError { text: text.to_string(), reason: reason.to_string() };
        let (seq, hash) = text.split_once(':').ok_or_else(|| bad("expected SEQ:HASH, e.g. 226:3f9a1c2e7b5d0a41"))?;
        let seq: i64 = seq.trim().parse().map_err(|_| bad("the entry number before `:` is not a number"))?;
        if seq < 0 {
            return Err(bad("the entry number is negative"));
        }
        let hash = hash.trim().to_ascii_lowercase();
        if !hash.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return Err(bad("the hash after `:` must be hex digits (0-9, a-f)"));
        }
        if hash.len() < AuditHead::SHORT_LEN || hash.len() > 64 {
            return Err(bad(&format!(
                "the hash must have {} to 64 hex digits, not {}",
                AuditHead::SHORT_LEN,
                hash.len()
            )));
        }
        Ok(AuditAnchor { seq, hash })
    }
}

impl fmt::Display for AuditAnchor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.seq, self.hash)
    }
}

#[cfg(test)]
mod tests {
    use super::AuditAnchor;

    #[test]
    fn a_head_as_written_is_read() {
        let anchor: AuditAnchor = " 226 : 3F9A1C2E7B5D0A41 ".parse().unwrap();
        assert_eq!(anchor, AuditAnchor { seq: 226, hash: "3f9a1c2e7b5d0a41".into() });
        assert!(anchor.matches(&format!("3f9a1c2e7b5d0a41{}", "0".repeat(48))));
        assert!(!anchor.matches(&format!("3f9a1c2e7b5d0a42{}", "0".repeat(48))));
    }

    #[test]
    fn a_short_or_malformed_head_is_refused() {
        for (text, reason) in [
            ("226", "expected SEQ:HASH"),
            ("x:3f9a1c2e7b5d0a41", "not a number"),
            ("226:3f9a1c2e", "16 to 64 hex digits, not 8"),
            ("226:3f9a1c2e7b5d0a4g", "hex digits"),
        ] {
            let err = text.parse::<AuditAnchor>().unwrap_err();
            assert!(err.to_string().contains(reason), "{text}: {err}");
        }
    }
}
