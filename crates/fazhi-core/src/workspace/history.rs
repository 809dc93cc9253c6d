//! The recorded history of a workspace, decoded from the cache only when it is looked at.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::sync::{Arc, OnceLock};

use super::fingerprint::Fingerprint;
use crate::HistoryEntry;

/// The checked history entries, or their encoding in the workspace cache: most commands only
/// compare the fingerprint with the one the store applied, and never look at the entries.
#[derive(Debug, Clone, Default)]
pub(crate) struct History {
    entries: OnceLock<Vec<HistoryEntry>>,
    /// The open cache file and where the entries (postcard) start in it, when they came from
    /// the cache.
    in_file: Option<(Arc<File>, u64)>,
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
            in_file: None,
        }
    }

    /// Entries encoded by [`History::encode`] at `at` in `file` up to its end, with their number
    /// and fingerprint.
    pub(crate) fn in_file(file: File, at: u64, len: usize, fingerprint: String) -> History {
        History { entries: OnceLock::new(), in_file: Some((Arc::new(file), at)), len, fingerprint }
    }

    /// The entries, decoded on first use.
    pub(crate) fn entries(&self) -> &[HistoryEntry] {
        self.entries.get_or_init(|| {
            let Some((file, at)) = &self.in_file else { return Vec::new() };
            let mut encoded = Vec::new();
            let mut file: &File = file;
            let read = file.seek(SeekFrom::Start(*at)).and_then(|_| file.read_to_end(&mut encoded));
            read.map_err(|err| err.to_string())
                .and_then(|_| postcard::from_bytes(&encoded).map_err(|err| err.to_string()))
                .unwrap_or_else(|err| {
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
