//! The states of a workspace's tasks by task number, as [`crate::Store::task_states`] read them,
//! kept in `.fazhi/cache/states.bin` for the next command.
//!
//! A snapshot names what it was read from: the workspace's numbering
//! ([`fazhi_core::Workspace::numbering`]), the audit log's head (number and hash) and the last
//! status change then recorded. The audit log is hash-chained and append-only, and every status
//! change appends to it, so a store whose head is the snapshot's holds the same states; a store
//! whose log still has the snapshot's head at its number has the same states plus the status
//! changes recorded after the snapshot's last one.
//!
//! The layout: [`MAGIC`], the numbering (32 bytes), the audit head's number and the last status
//! change's number (8 bytes each, little endian), the length of the audit head's hash (4 bytes)
//! and the hash, the number of tasks (8 bytes); then one byte per task, its status
//! ([`status_code`]) plus [`COMPLETED`] if it has a completion time; then each completion time
//! in task order (seconds since 1970 as local time, 8 bytes, and nanoseconds, 4 bytes).

use std::path::Path;

use chrono::DateTime;
use fazhi_core::{ItemState, Status};

/// Names the layout; changed when it changes.
const MAGIC: &[u8; 8] = b"fazhiss1";

/// Marks a task that has a completion time.
const COMPLETED: u8 = 0x80;

/// The states of every task of one workspace at one point of the audit log.
#[derive(Debug)]
pub(crate) struct StateSnapshot {
    /// The numbering of the workspace's tasks.
    pub numbering: [u8; 32],
    /// The audit log's head: its last entry's number and hash.
    pub head: (i64, String),
    /// The number of the last status change recorded (0 for none).
    pub last_change: i64,
    /// Each task's state, by task number.
    pub states: Vec<ItemState>,
}

impl StateSnapshot {
    /// Reads the snapshot at `path` if it is one of `tasks` tasks numbered as `numbering`.
    /// Anything else (no file, another numbering, a damaged file) is `None`.
    pub fn read(path: &Path, numbering: &[u8; 32], tasks: usize) -> Option<StateSnapshot> {
        let bytes = std::fs::read(path).ok()?;
        let mut reader = Reader(&bytes);
        if reader.take(MAGIC.len())? != MAGIC || reader.take(32)? != numbering {
            return None;
        }
        let head_seq = reader.i64()?;
        let last_change = reader.i64()?;
        let hash_len = u32::from_le_bytes(reader.take(4)?.try_into().ok()?) as usize;
        let head_hash = std::str::from_utf8(reader.take(hash_len)?).ok()?.to_string();
        if usize::try_from(reader.i64()?).ok()? != tasks {
            return None;
        }
        let codes = reader.take(tasks)?;
        let mut states = Vec::with_capacity(tasks);
        for &code in codes {
            let status = status_of(code & !COMPLETED)?;
            let completed_at = match code & COMPLETED {
                0 => None,
                _ => {
                    let seconds = reader.i64()?;
                    let nanos = u32::from_le_bytes(reader.take(4)?.try_into().ok()?);
                    Some(DateTime::from_timestamp(seconds, nanos)?.naive_utc())
                }
            };
            states.push(ItemState { status, completed_at });
        }
        reader.0.is_empty().then_some(StateSnapshot {
            numbering: *numbering,
            head: (head_seq, head_hash),
            last_change,
            states,
        })
    }

    /// Writes the snapshot to `path`, replacing the file at once so that a reader never sees half
    /// of it. Failures are ignored: the snapshot is only a shortcut.
    pub fn write(&self, path: &Path) {
        let completed = self.states.iter().filter(|state| state.completed_at.is_some()).count();
        let mut bytes = Vec::with_capacity(72 + self.head.1.len() + self.states.len() + completed * 12);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&self.numbering);
        bytes.extend_from_slice(&self.head.0.to_le_bytes());
        bytes.extend_from_slice(&self.last_change.to_le_bytes());
        bytes.extend_from_slice(&(self.head.1.len() as u32).to_le_bytes());
        bytes.extend_from_slice(self.head.1.as_bytes());
        bytes.extend_from_slice(&(self.states.len() as i64).to_le_bytes());
        bytes.extend(
            self.states
                .iter()
                .map(|state| status_code(state.status) | if state.completed_at.is_some() { COMPLETED } else { 0 }),
        );
        for time in self.states.iter().filter_map(|state| state.completed_at) {
            let time = time.and_utc();
            bytes.extend_from_slice(&time.timestamp().to_le_bytes());
            bytes.extend_from_slice(&time.timestamp_subsec_nanos().to_le_bytes());
        }
        let Some(folder) = path.parent() else { return };
        let temporary = folder.join(format!("states.bin.{}.tmp", std::process::id()));
        let written = std::fs::create_dir_all(folder)
            .and_then(|()| std::fs::write(&temporary, &bytes))
            .and_then(|()| std::fs::rename(&temporary, path));
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
    }
}

/// A status as one byte.
fn status_code(status: Status) -> u8 {
    match status {
        Status::Todo => 0,
        Status::Doing => 1,
        Status::Done => 2,
        Status::Cancelled => 3,
    }
}

fn status_of(code: u8) -> Option<Status> {
    [Status::Todo, Status::Doing, Status::Done, Status::Cancelled].into_iter().find(|&s| status_code(s) == code)
}

/// The bytes not read yet.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        let (taken, rest) = self.0.split_at_checked(len)?;
        self.0 = rest;
        Some(taken)
    }

    fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDateTime;

    use super::*;

    fn snapshot() -> StateSnapshot {
        let at = |text: &str| text.parse::<NaiveDateTime>().unwrap();
        StateSnapshot {
            numbering: [7; 32],
            head: (42, "ab".repeat(32)),
            last_change: 17,
            states: vec![
                ItemState::default(),
                ItemState { status: Status::Done, completed_at: Some(at("2024-10-28T09:00:00")) },
                ItemState { status: Status::Doing, completed_at: None },
                ItemState { status: Status::Cancelled, completed_at: None },
                ItemState { status: Status::Done, completed_at: Some(at("2024-12-18T17:30:05.25")) },
            ],
        }
    }

    #[test]
    fn a_written_snapshot_reads_back_for_its_numbering_and_task_count_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache/states.bin");
        let written = snapshot();
        written.write(&path);
        let read = StateSnapshot::read(&path, &[7; 32], 5).unwrap();
        assert_eq!((read.head, read.last_change, read.states), (written.head, written.last_change, written.states));
        assert!(StateSnapshot::read(&path, &[8; 32], 5).is_none());
        assert!(StateSnapshot::read(&path, &[7; 32], 4).is_none());
    }

    #[test]
    fn a_damaged_snapshot_is_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("states.bin");
        snapshot().write(&path);
        let bytes = std::fs::read(&path).unwrap();
        for cut in [0, 8, 40, bytes.len() - 1] {
            std::fs::write(&path, &bytes[..cut]).unwrap();
            assert!(StateSnapshot::read(&path, &[7; 32], 5).is_none(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        std::fs::write(&path, &longer).unwrap();
        assert!(StateSnapshot::read(&path, &[7; 32], 5).is_none());
        let mut bad_status = bytes;
        bad_status[8 + 32 + 16 + 4 + 64 + 8] = 9;
        std::fs::write(&path, &bad_status).unwrap();
        assert!(StateSnapshot::read(&path, &[7; 32], 5).is_none());
    }
}
