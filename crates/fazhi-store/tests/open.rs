//! Opening the state with any options.

use std::time::Duration;

use fazhi_store::{OpenOptions, Store};

/// A busy timeout past what SQLite takes (`i32::MAX` ms) made rusqlite panic, "too big"
/// (found by the fuzz suite, through `busy_timeout_ms` in fazhi.ron).
#[test]
fn a_busy_timeout_longer_than_sqlite_takes_opens_the_state() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    for busy_timeout in [Duration::from_millis(i32::MAX as u64 + 1), Duration::MAX] {
        let options = OpenOptions { busy_timeout };
        Store::open(&path, &options).unwrap();
        Store::open_read_only(&path, &options).unwrap();
    }
}
