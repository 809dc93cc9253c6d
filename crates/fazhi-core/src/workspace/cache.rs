//! The cache of a loaded workspace's checklists and history, in `.fazhi/cache/workspace.bin`.
//!
//! Reading and checking a province's checklist and history takes seconds; most commands run
//! on files that have not changed since the last one. After a load without problems the
//! expanded tasks and the checked history are written here, under a key: a SHA-256 digest of
//! every file the loader reads (`fazhi.ron`, `org.ron`, `calendar.ron`, `checklist/*.ron`, the
//! history files), the workspace's folder and a fingerprint of this crate's code (from
//! `build.rs`). The next load whose files give the same key reads the cache instead of the
//! files. A change to any of those files, or a fazhi built from other code, gives another key,
//! and the workspace is read from its files again.
//!
//! The key is computed from the files before they are loaded. A file changed in between is
//! cached under the older key, which the changed file no longer gives: the cache is never used
//! for content it was not built from. A cache that cannot be written (a read-only folder) is
//! not an error, nor is a cache that cannot be read: the files are read instead.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::history::History;
use super::schedule::Occurrence;
use super::{Workspace, WORKSPACE_FILE};
use crate::{Config, Duty, Event, SourceFile};

/// Names the layout of the cache file; bumped when it changes (3: deadlines carry their
/// counting, `Counting`, and `BeforeEvent` exists).
const MAGIC: &[u8; 8] = b"fazhiwc3";

/// The header: [`MAGIC`], the key (32 bytes) and the length of the parts (8 bytes, little
/// endian); then the parts, then the history entries.
const HEADER: usize = 48;

/// What the cache keeps, besides the history entries: everything else derived from the
/// checklists and the history (the number of history entries and their fingerprint last).
type Parts = (Vec<Event>, Vec<Duty>, Vec<Occurrence>, Vec<(usize, Option<usize>)>, usize, String);

/// Borrowed [`Parts`], for writing (the same encoding).
type PartsRef<'w> = (&'w [Event], &'w [Duty], &'w [Occurrence], &'w [(usize, Option<usize>)], usize, &'w str);

/// The cache of one workspace, with the key its files give now.
pub(super) struct Cache {
    path: PathBuf,
    key: [u8; 32],
}

impl Cache {
    /// The cache of the workspace at `root` (absolute), with the key of its files as they are
    /// now; `None` if a file cannot be read to the end.
    pub(super) fn open(root: &Path, config: &Config) -> Option<Cache> {
        let mut hasher = Sha256::new();
        hasher.update(MAGIC);
        add(&mut hasher, env!("FAZHI_CORE_SOURCES").as_bytes());
        add(&mut hasher, root.as_os_str().as_encoded_bytes());
        // Read through one buffer: a province's files are hundreds of megabytes.
        let mut buffer = vec![0; 1 << 18];
        for relative in inputs(root, config) {
            add(&mut hasher, relative.as_os_str().as_encoded_bytes());
            // A file that leads out of the workspace is refused when it is loaded: no cache.
            let real = crate::resolve_inside(root, &relative).ok()?;
            match File::open(real) {
                Ok(mut file) => {
                    hasher.update([1]);
                    let mut len = 0u64;
                    loop {
                        match file.read(&mut buffer) {
                            Ok(0) => break,
                            Ok(n) => {
                                hasher.update(&buffer[..n]);
                                len += n as u64;
                            }
                            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
                            Err(_) => return None,
                        }
                    }
                    hasher.update(len.to_le_bytes());
                }
                Err(_) => hasher.update([0]),
            }
        }
        Some(Cache { path: root.join(".fazhi/cache/workspace.bin"), key: hasher.finalize().into() })
    }

    /// The key of the workspace's files as they are now.
    pub(super) fn key(&self) -> [u8; 32] {
        self.key
    }

    /// Fills `workspace` from the cache if it was written under the current key; `false` (and
    /// `workspace` untouched) otherwise.
    pub(super) fn read_into(&self, workspace: &mut Workspace) -> bool {
        // The header: the layout, the key and the length of the parts.
        let Ok(mut file) = File::open(&self.path) else { return false };
        let mut header = [0; HEADER];
        if file.read_exact(&mut header).is_err()
            || header[..MAGIC.len()] != *MAGIC
            || header[MAGIC.len()..40] != self.key
        {
            return false;
        }
        let parts_len = u64::from_le_bytes(header[40..].try_into().expect("eight bytes"));
        let file_len = file.metadata().map_or(0, |metadata| metadata.len());
        if parts_len > file_len.saturating_sub(HEADER as u64) {
            return false;
        }
        let mut parts = vec![0; parts_len as usize];
        if file.read_exact(&mut parts).is_err() {
            return false;
        }
        let Ok((events, duties, occurrences, relative_order, history_len, fingerprint)) =
            postcard::from_bytes::<Parts>(&parts)
        else {
            return false;
        };
        // The history entries, after the parts, stay in the file until they are looked at. The
        // open file is the one read even if another process replaces the cache meanwhile.
        workspace.history = History::in_file(file, HEADER as u64 + parts_len, history_len, fingerprint);
        workspace.events = events;
        workspace.duties = duties;
        workspace.occurrences = occurrences;
        workspace.relative_order = relative_order;
        workspace.from_cache = true;
        true
    }

    /// Writes `workspace` (loaded without problems) under the key, replacing the file at once so
    /// that a reader never sees half of it. Failures are ignored: the cache is only a shortcut.
    pub(super) fn write(&self, workspace: &Workspace) {
        let parts: PartsRef = (
            &workspace.events,
            &workspace.duties,
            &workspace.occurrences,
            &workspace.relative_order,
            workspace.history.len(),
            workspace.history.fingerprint(),
        );
        let mut bytes = vec![0; HEADER];
        bytes[..MAGIC.len()].copy_from_slice(MAGIC);
        bytes[MAGIC.len()..40].copy_from_slice(&self.key);
        let Ok(mut bytes) = postcard::to_extend(&parts, bytes) else { return };
        let parts_len = (bytes.len() - HEADER) as u64;
        bytes[40..HEADER].copy_from_slice(&parts_len.to_le_bytes());
        let Ok(bytes) = workspace.history.encode(bytes) else { return };
        let Some(folder) = self.path.parent() else { return };
        let temporary = folder.join(format!("workspace.bin.{}.tmp", std::process::id()));
        let written = std::fs::create_dir_all(folder)
            .and_then(|()| std::fs::write(&temporary, &bytes))
            .and_then(|()| std::fs::rename(&temporary, &self.path));
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
    }
}

/// Adds `bytes` with its length first, so that inputs cannot run into each other.
fn add(hasher: &mut Sha256, bytes: &[u8]) {
    hasher.update((bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

/// Every file the loader reads, relative to the root: what the key covers. Keep it in step with
/// `loader::load`.
fn inputs(root: &Path, config: &Config) -> Vec<PathBuf> {
    let mut files = vec![PathBuf::from(WORKSPACE_FILE), PathBuf::from("org.ron"), PathBuf::from("calendar.ron")];
    files.extend(
        SourceFile::folder_paths(root, "checklist", "ron")
            .into_iter()
            .map(|path| path.strip_prefix(root).map(Path::to_path_buf).unwrap_or(path)),
    );
    files.extend(config.history.iter().cloned());
    files
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::Workspace;

    /// A copy of the `basic` fixture, to change.
    fn fixture() -> tempfile::TempDir {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/basic");
        let dir = tempfile::tempdir().unwrap();
        copy(&from, dir.path());
        dir
    }

    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap().flatten() {
            let target = to.join(entry.file_name());
            if entry.path().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }

    /// Everything the cache holds, to compare a load from the files with one from the cache.
    fn held(workspace: &Workspace) -> String {
        format!(
            "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{}",
            workspace.events,
            workspace.duties,
            workspace.occurrences,
            workspace.relative_order,
            workspace.history(),
            workspace.history_fingerprint()
        )
    }

    fn edit(path: &Path, from: &str, to: &str) {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.contains(from), "{} has no {from:?}", path.display());
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    }

    #[test]
    fn the_second_load_reads_the_cache_and_gives_the_same_workspace() {
        let dir = fixture();
        let first = Workspace::load(dir.path()).unwrap();
        assert!(!first.from_cache);
        assert!(dir.path().join(".fazhi/cache/workspace.bin").is_file());
        let second = Workspace::load(dir.path()).unwrap();
        assert!(second.from_cache);
        assert_eq!(held(&second), held(&first));
        assert_eq!(second.history_len(), first.history().len());
        assert!(second.has_task("xuefa@2024-10"));
        assert_eq!(format!("{:?}", second.items(&[])), format!("{:?}", first.items(&[])));
    }

    #[test]
    fn a_change_to_any_file_read_is_seen() {
        let dir = fixture();
        let root = dir.path();
        let changes: [(&str, &dyn Fn()); 6] = [
            ("a checklist", &|| edit(&root.join("checklist/2024.ron"), "党委会议会前学法", "党委会议会前学法（改）")),
            ("a new checklist", &|| {
                std::fs::write(root.join("checklist/2025.ron"), "(year: 2025, duties: [])").unwrap()
            }),
            ("the history", &|| std::fs::write(root.join("history/2024.ron"), "[]").unwrap()),
            ("org.ron", &|| edit(&root.join("org.ron"), "(", "( ")),
            ("fazhi.ron", &|| edit(&root.join("fazhi.ron"), "测试镇人民政府", "测试乡人民政府")),
            ("a new calendar.ron", &|| std::fs::write(root.join("calendar.ron"), "(years: [])").unwrap()),
        ];
        for (what, change) in changes {
            Workspace::load(root).unwrap();
            let cached = Workspace::load(root).unwrap();
            assert!(cached.from_cache, "before changing {what}");
            change();
            let changed = Workspace::load(root).unwrap_or_else(|err| panic!("after changing {what}: {err}"));
            assert!(!changed.from_cache, "changing {what} was not seen");
        }
        // What each change made is what a load gives.
        let workspace = Workspace::load(root).unwrap();
        assert_eq!(workspace.config.organisation, "测试乡人民政府");
        assert_eq!(workspace.duty("xuefa").unwrap().title, "党委会议会前学法（改）");
        assert_eq!(workspace.history_len(), 0);
    }

    #[test]
    fn a_damaged_cache_is_read_past_and_a_workspace_with_problems_is_not_cached() {
        let dir = fixture();
        let root = dir.path();
        let first = Workspace::load(root).unwrap();
        let cache = root.join(".fazhi/cache/workspace.bin");
        let bytes = std::fs::read(&cache).unwrap();
        // Cut inside the parts (a cut in the history, which comes last, would only show when the
        // history is decoded).
        std::fs::write(&cache, &bytes[..100]).unwrap();
        let reread = Workspace::load(root).unwrap();
        assert!(!reread.from_cache);
        assert_eq!(held(&reread), held(&first));

        std::fs::remove_file(&cache).unwrap();
        edit(&root.join("checklist/2024.ron"), "owner: \"zhao_lei\"", "owner: \"nobody\"");
        assert!(Workspace::load(root).is_err());
        assert!(!cache.exists(), "a workspace with problems was cached");
    }
}
