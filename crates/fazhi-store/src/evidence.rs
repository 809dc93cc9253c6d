use serde::{Deserialize, Serialize};

/// An evidence file kept by the store, addressed by its content.
///
/// The copy lives at `<store folder>/evidence/<sha256>`; see
/// [`Store::keep_evidence`](crate::Store::keep_evidence).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Evidence {
    /// The file's name when it was handed in (without its folder).
    pub file_name: String,
    /// The SHA-256 digest of its content, lower-case hex.
    pub sha256: String,
}
