//! The recorded history of a workspace, decoded from the cache only when it is looked at.

use std::sync::OnceLock;

use super::fingerprint::Fingerprint;
use crate::HistoryEntry;

/// The checked history entries, or their encoding in the workspace cache: most commands only
/// compare the fingerprint with the one the store applied, and never look at the entries.
#[derive(Debug, Clone, Default)]
pub(crate) struct History {
    entries: OnceLock<Vec<HistoryEntry>>,
    /// The cache file's bytes and where the entries start in them (postcard), when they came
    /// from the cache.
    encoded: Option<(Vec<u8>, usize)>,
    len: usize,
    fingerprint: String,
}

impl History {
    /// Checked entries, in the order they apply.
    pub(crate) fn new(entries: Vec<HistoryEntry>) -> History {
        let mut fingerprint = Fingerprint::default();
        for entry in &entries {
            fingerprint.add(&entry.key);
        }
        History {
            len: entries.len(),
            fingerprint: fingerprint.finish(entries.len()),
            entries: entries.into(),
            encoded: None,
        }
    }

    /// Entries encoded by [`History::encode`] from `bytes[at..]`, with their number and
    /// fingerprint.
    pub(crate) fn encoded(bytes: Vec<u8>, at: usize, len: usize, fingerprint: String) -> History {
        History { entries: OnceLock::new(), encoded: Some((bytes, at)), len, fingerprint }
    }

    /// The entries, decoded on first use.
    pub(crate) fn entries(&self) -> &[HistoryEntry] {
        self.entries.get_or_init(|| {
            let encoded = self.encoded.as_ref().map_or(&[][..], |(bytes, at)| &bytes[*at..]);
            postcard::from_bytes(encoded).unwrap_or_else(|err| {
                panic!("the workspace cache .fazhi/cache/workspace.bin is damaged ({err}): delete it and run again")
            })
        })
    }

    /// The entries, encoded for the cache.
    pub(crate) fn encode(&self, out: Vec<u8>) -> Result<Vec<u8>, postcard::Error> {
        postcard::to_extend(self.entries(), out)
    }

    /// How many entries there are.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The fingerprint of the entries' keys.
    pub(crate) fn fingerprint(&self) -> &str {
        &self.fingerprint
    }
}
