use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};
use fazhi_core::{Action, ItemState, Status};
use rusqlite::Connection;

use crate::audit_row::GENESIS_HASH;
use crate::{AuditProblem, Change, Evidence, OpenOptions, Store, StoreError};

fn at(minute: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 12, 2).unwrap().and_hms_opt(9, minute % 60, 0).unwrap()
}

fn change(item: &str, action: Action) -> Change {
    Change {
        item: item.to_string(),
        action,
        by: "zhang_san".to_string(),
        at: at(0),
        note: None,
        evidence: None,
        source: None,
    }
}

fn db(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join(".fazhi/state.db")
}

fn open(path: &Path) -> Store {
    Store::open(path, &OpenOptions::default()).unwrap()
}

/// A store with six audit entries: a start/done on three items.
fn six_entries(dir: &tempfile::TempDir) -> PathBuf {
    let path = db(dir);
    let mut store = open(&path);
    for (minute, item) in ["a", "b", "c"].into_iter().enumerate() {
        for action in [Action::Start, Action::Done] {
            let mut change = change(item, action);
            change.at = at(minute as u32);
            store.record_change(&change).unwrap();
        }
    }
    path
}

/// Changes the database as someone with the sqlite3 shell would: drops the append-only
/// triggers first.
fn tamper(path: &Path, sql: &str) {
    let conn = Connection::open(path).unwrap();
    let triggers: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for trigger in triggers {
        conn.execute_batch(&format!("DROP TRIGGER {trigger}")).unwrap();
    }
    conn.execute_batch(sql).unwrap();
}

fn verify(path: &Path) -> Vec<AuditProblem> {
    open(path).verify_audit().unwrap()
}

fn audit_count(path: &Path) -> i64 {
    Connection::open(path).unwrap().query_row("SELECT count(*) FROM audit", [], |row| row.get(0)).unwrap()
}

#[test]
fn a_fresh_file_is_created_and_migrated_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let mut store = open(&path);
    assert!(path.is_file());
    assert!(store.states().unwrap().is_empty());
    assert_eq!(store.record_change(&change("a", Action::Start)).unwrap(), Some(1));
    drop(store);

    let conn = Connection::open(&path).unwrap();
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0)).unwrap();
    assert_eq!(version, crate::migrations::MIGRATIONS.len() as i64);
    let mode: String = conn.pragma_query_value(None, "journal_mode", |row| row.get(0)).unwrap();
    assert_eq!(mode, "wal");
    drop(conn);

    let mut store = open(&path);
    assert_eq!(store.state("a").unwrap().status, Status::Doing);
    assert_eq!(store.record_change(&change("a", Action::Done)).unwrap(), Some(2));
    assert!(store.verify_audit().unwrap().is_empty());
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    drop(open(&path));
    Connection::open(&path).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let err = Store::open(&path, &OpenOptions::default()).unwrap_err();
    assert!(
        matches!(err, StoreError::SchemaVersion { found: 99, supported, .. } if supported == crate::migrations::MIGRATIONS.len() as i64),
        "{err:?}"
    );
    assert!(err.to_string().contains("use a newer fazhi"), "{err}");
    let err = Store::open_read_only(&path, &OpenOptions::default()).unwrap_err();
    assert!(matches!(err, StoreError::SchemaVersion { found: 99, .. }), "{err:?}");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_a_damaged_one_is_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    std::fs::write(&path, "this is not SQLite, just some text that is long enough to have a header").unwrap();
    let err = Store::open(&path, &OpenOptions::default()).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
    assert!(err.is_bad_input());
    // SQLite's header, then garbage.
    let mut damaged = b"SQLite format 3\0".to_vec();
    damaged.extend([0xff; 200]);
    std::fs::write(&path, &damaged).unwrap();
    let err = Store::open(&path, &OpenOptions::default()).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert!(err.is_bad_input());
}

#[test]
fn every_transition_is_applied_or_refused_as_the_status_says() {
    let way_to = |status: Status| match status {
        Status::Todo => vec![],
        Status::Doing => vec![Action::Start],
        Status::Done => vec![Action::Done],
        Status::Cancelled => vec![Action::Cancel],
    };
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&db(&dir));
    for from in Status::ALL {
        for action in [Action::Start, Action::Done, Action::Cancel, Action::Reopen] {
            let item = format!("{from}-{action}");
            for step in way_to(from) {
                store.record_change(&change(&item, step)).unwrap();
            }
            assert_eq!(store.state(&item).unwrap().status, from);
            let entries = store.audit_log().unwrap().len();
            match (from.apply(action), store.record_change(&change(&item, action))) {
                (Some(to), Ok(Some(seq))) => {
                    assert_eq!(store.state(&item).unwrap().status, to, "{item}");
                    let entry = store.audit_log().unwrap().pop().unwrap();
                    assert_eq!(entry.seq, seq);
                    assert_eq!(entry.action, format!("task.{action}"));
                    assert_eq!(entry.subject, item);
                    let last = store.changes(&item).unwrap().pop().unwrap();
                    assert_eq!((last.from, last.to, last.change.action), (from, to, action));
                }
                (None, Err(StoreError::IllegalTransition { item: refused, from: status, action: refused_action })) => {
                    assert_eq!((refused.as_str(), status, refused_action), (item.as_str(), from, action));
                    assert_eq!(store.state(&item).unwrap().status, from, "nothing changed for {item}");
                    assert_eq!(store.audit_log().unwrap().len(), entries, "no audit entry for {item}");
                }
                (expected, got) => panic!("{item}: expected {expected:?}, got {got:?}"),
            }
        }
    }
    assert!(store.verify_audit().unwrap().is_empty());
}

#[test]
fn completion_time_is_kept_while_done_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&db(&dir));
    let mut done = change("a", Action::Done);
    done.at = at(30);
    store.record_change(&done).unwrap();
    assert_eq!(store.state("a").unwrap(), ItemState { status: Status::Done, completed_at: Some(at(30)) });
    assert_eq!(store.states().unwrap()["a"].completed_at, Some(at(30)));
    store.record_change(&change("a", Action::Reopen)).unwrap();
    assert_eq!(store.state("a").unwrap(), ItemState { status: Status::Todo, completed_at: None });
    assert_eq!(store.state("never-changed").unwrap(), ItemState::default());
    assert!(!store.states().unwrap().contains_key("never-changed"));
}

#[test]
fn a_source_key_is_recorded_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let mut store = open(&path);
    let mut done = change("quanze", Action::Done);
    done.source = Some("history/2024.ron#quanze#done#2024-12-18".to_string());
    done.note = Some("基本17项".to_string());
    assert_eq!(store.record_change(&done).unwrap(), Some(1));
    assert_eq!(store.record_change(&done).unwrap(), None);
    drop(store);
    // Also across processes (a new connection), and even when the change would now be illegal.
    let mut store = open(&path);
    assert_eq!(store.record_change(&done).unwrap(), None);
    assert_eq!(store.audit_log().unwrap().len(), 1);
    let changes = store.changes("quanze").unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].change.source.as_deref(), Some("history/2024.ron#quanze#done#2024-12-18"));
    assert_eq!(changes[0].change.note.as_deref(), Some("基本17项"));
    let detail: serde_json::Value = serde_json::from_str(&store.audit_log().unwrap()[0].detail).unwrap();
    assert_eq!(detail["source"], "history/2024.ron#quanze#done#2024-12-18");
    assert_eq!(detail["from"], "todo");
    assert_eq!(detail["to"], "done");
}

#[test]
fn changes_come_oldest_first_with_everything_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&db(&dir));
    let evidence = Evidence {
        file_name: "签到表.pdf".to_string(),
        sha256: "ab".repeat(32),
        media_type: Some("application/pdf".to_string()),
    };
    store.record_change(&change("a", Action::Start)).unwrap();
    store.record_change(&change("b", Action::Start)).unwrap();
    let mut done = change("a", Action::Done);
    done.at = at(45);
    done.note = Some("ok".to_string());
    done.evidence = Some(evidence.clone());
    store.record_change(&done).unwrap();
    let changes = store.changes("a").unwrap();
    assert_eq!(changes.len(), 2);
    assert_eq!((changes[0].from, changes[0].to), (Status::Todo, Status::Doing));
    assert_eq!((changes[1].from, changes[1].to), (Status::Doing, Status::Done));
    assert!(changes[0].seq < changes[1].seq);
    assert_eq!(changes[1].change.at, at(45));
    assert_eq!(changes[1].change.by, "zhang_san");
    assert_eq!(changes[1].change.evidence, Some(evidence));
    assert_eq!(changes[1].change.note.as_deref(), Some("ok"));
    assert!(store.changes("nothing").unwrap().is_empty());
}

#[test]
fn evidence_is_kept_by_content() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&db(&dir));
    let file = dir.path().join("签到表.pdf");
    std::fs::write(&file, b"abc").unwrap();
    let evidence = store.keep_evidence(&file).unwrap();
    let sha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    let media_type = Some("application/pdf".to_string());
    assert_eq!(evidence, Evidence { file_name: "签到表.pdf".to_string(), sha256: sha256.to_string(), media_type });
    let copy = dir.path().join(".fazhi/evidence").join(sha256);
    assert_eq!(std::fs::read(&copy).unwrap(), b"abc");
    // Owner only: evidence may be a confidential file (issue 16).
    assert_eq!(std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777, 0o600);
    assert_eq!(std::fs::metadata(store.evidence_folder()).unwrap().permissions().mode() & 0o777, 0o700);

    // The same content under another name: the copy is kept, nothing else is left behind.
    let other = dir.path().join("copy.txt");
    std::fs::write(&other, b"abc").unwrap();
    assert_eq!(store.keep_evidence(&other).unwrap().sha256, sha256);
    let files: Vec<_> = std::fs::read_dir(store.evidence_folder()).unwrap().collect();
    assert_eq!(files.len(), 1);

    let missing = dir.path().join("missing.pdf");
    match store.keep_evidence(&missing) {
        Err(StoreError::Evidence { path, source }) => {
            assert_eq!(path, missing);
            assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
        }
        other => panic!("expected an evidence error, got {other:?}"),
    }
    assert!(matches!(store.keep_evidence(dir.path()), Err(StoreError::Evidence { .. })));
    let files: Vec<_> = std::fs::read_dir(store.evidence_folder()).unwrap().collect();
    assert_eq!(files.len(), 1, "no temporary file left behind");
}

#[test]
fn evidence_keeps_a_safe_name_and_the_type_of_its_content() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&db(&dir));
    let scan = dir.path().join("扫描件\u{1b}[2J.jpg");
    std::fs::write(&scan, b"%PDF-1.4\n").unwrap();
    let evidence = store.keep_evidence(&scan).unwrap();
    assert_eq!(evidence.file_name, "扫描件[2J.jpg", "no control characters");
    assert_eq!(evidence.media_type.as_deref(), Some("application/pdf"), "by its content, not its name");

    // Nothing left of the name: the digest names it, with its type's extension.
    let unnamed = dir.path().join("\u{1}\u{2}");
    std::fs::write(&unnamed, b"%PDF-1.5\n").unwrap();
    let evidence = store.keep_evidence(&unnamed).unwrap();
    assert_eq!(evidence.file_name, format!("{}.pdf", evidence.sha256));

    // Recorded with its type, read back with it; evidence recorded before types were kept
    // reads back without one, and both verify.
    let mut done = change("a", Action::Start);
    done.evidence = Some(evidence.clone());
    store.record_change(&done).unwrap();
    let mut older = change("b", Action::Start);
    older.evidence = Some(Evidence { media_type: None, ..evidence.clone() });
    store.record_change(&older).unwrap();
    assert_eq!(store.changes("a").unwrap()[0].change.evidence, Some(evidence.clone()));
    assert_eq!(store.changes("b").unwrap()[0].change.evidence.as_ref().unwrap().media_type, None);
    assert!(store.verify_audit().unwrap().is_empty());
    let detail: serde_json::Value = serde_json::from_str(&store.audit_log().unwrap()[0].detail).unwrap();
    assert_eq!(detail["evidence"]["media_type"], "application/pdf");
}

#[test]
fn an_intact_log_verifies_and_is_chained() {
    let dir = tempfile::tempdir().unwrap();
    let path = six_entries(&dir);
    let store = open(&path);
    let log = store.audit_log().unwrap();
    assert_eq!(log.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2, 3, 4, 5, 6]);
    assert_eq!(log[0].prev_hash, GENESIS_HASH);
    for pair in log.windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash);
    }
    assert_eq!(log[5].at, at(2));
    assert_eq!(log[5].actor, "zhang_san");
    assert!(store.verify_audit().unwrap().is_empty());
}

#[test]
fn the_log_is_append_only_for_ordinary_sql() {
    let dir = tempfile::tempdir().unwrap();
    let path = six_entries(&dir);
    let conn = Connection::open(&path).unwrap();
    let update = conn.execute("UPDATE audit SET actor = 'x' WHERE seq = 1", []).unwrap_err();
    assert!(update.to_string().contains("append-only"), "{update}");
    assert!(conn.execute("DELETE FROM audit WHERE seq = 6", []).is_err());
    assert!(conn.execute("DELETE FROM status_change", []).is_err());
    assert!(verify(&path).is_empty());
}

#[test]
fn an_edited_entry_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = six_entries(&dir);
    tamper(&path, r#"UPDATE audit SET detail = replace(detail, '"done"', '"cancelled"') WHERE seq = 4"#);
    let problems = verify(&path);
    assert_eq!(problems, [AuditProblem::Edited { seq: 4 }]);
    assert_eq!(problems[0].to_string(), "audit entry #4 was edited: its content no longer matches its hash");

    let dir = tempfile::tempdir().unwrap();
    let path = six_entries(&dir);
    tamper(&path, "UPDATE audit SET actor = 'sun_li' WHERE seq = 1");
    assert_eq!(verify(&path), [AuditProblem::Edited { seq: 1 }]);
}

#[test]
fn a_replaced_entry_with_a_recomputed_hash_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = six_entries(&dir);
    replace_actor(&path, 3);
    assert_eq!(verify(&path), [AuditProblem::ChainBroken { seq: 4 }]);

    // The last entry has no successor: the recorded head catches it.
    let dir = tempfile::tempdir().unwrap();
    let path = six_entries(&dir);
    replace_actor(&path, 6);
    assert_eq!(verify(&path), [AuditProblem::Edited { seq: 6 }]);
}

/// Changes the actor of an entry and recomputes its hash, as someone who knows the scheme would.
fn replace_actor(path: &Path, seq: i64) {
    let store = open(path);
    let entry = store.audit_log().unwrap().into_iter().find(|e| e.seq == seq).unwrap();
    let at = entry.at.format(crate::stored_text::TIME_FORMAT).to_string();
    let hash = crate::audit_row::AuditRow::chain_hash(
        seq,
        &at,
        "sun_li",
        &entry.action,
        &entry.subject,
        &entry.detail,
        &entry.prev_hash,
        entry.recorded_at.map(|time| time.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()).as_deref(),
    );
    tamper(path, &format!("UPDATE audit SET actor = 'sun_li', hash = '{hash}' WHERE seq = {seq}"));
}

#[test]
fn a_deleted_entry_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = six_entries(&dir);
    tamper(&path, "DELETE FROM audit WHERE seq = 2");
    let problems = verify(&path);
    assert_eq!(problems, [AuditProblem::Missing { from_seq: 2, to_seq: 2 }]);
    assert_eq!(problems[0].to_string(), "audit entry #2 is missing: it was deleted");

    let dir = tempfile::tempdir().unwrap();
    let path = six_entries(&dir);
    tamper(&path, "DELETE FROM audit WHERE seq IN (1, 2, 3)");
    assert_eq!(verify(&path), [AuditProblem::Missing { from_seq: 1, to_seq: 3 }]);
}

#[test]
fn deleted_last_entries_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = six_entries(&dir);
    tamper(&path, "DELETE FROM audit WHERE seq = 6");
    assert_eq!(verify(&path), [AuditProblem::Missing { from_seq: 6, to_seq: 6 }]);

    // Recording goes on after the recorded head, so the gap stays visible.
    let mut store = open(&path);
    assert_eq!(store.record_change(&change("d", Action::Start)).unwrap(), Some(7));
    assert_eq!(store.verify_audit().unwrap(), [AuditProblem::Missing { from_seq: 6, to_seq: 6 }]);

    let dir = tempfile::tempdir().unwrap();
    let path = six_entries(&dir);
    tamper(&path, "DELETE FROM audit");
    assert_eq!(verify(&path), [AuditProblem::Missing { from_seq: 1, to_seq: 6 }]);
}

#[test]
fn swapped_entries_are_named() {
    // Renumbered: the rows keep their content and change places.
    let dir = tempfile::tempdir().unwrap();
    let path = six_entries(&dir);
    tamper(
        &path,
        "UPDATE audit SET seq = 100 WHERE seq = 4; UPDATE audit SET seq = 4 WHERE seq = 5; \
         UPDATE audit SET seq = 5 WHERE seq = 100;",
    );
    let problems = verify(&path);
    assert_eq!(
        problems,
        [AuditProblem::Moved { seq: 4, recorded_seq: 5 }, AuditProblem::Moved { seq: 5, recorded_seq: 4 }]
    );
    assert_eq!(
        problems[0].to_string(),
        "audit entry #4 is out of place: it was recorded as entry #5 (entries were reordered)"
    );

    // Contents swapped between two rows that keep their numbers: the same to a reader.
    let dir = tempfile::tempdir().unwrap();
    let path = six_entries(&dir);
    tamper(
        &path,
        "CREATE TEMP TABLE saved AS SELECT * FROM audit WHERE seq IN (2, 3);
         UPDATE audit SET (at, actor, action, subject, detail, prev_hash, hash, recorded_at) =
             (SELECT at, actor, action, subject, detail, prev_hash, hash, recorded_at FROM saved WHERE saved.seq = 5 - audit.seq)
         WHERE seq IN (2, 3);",
    );
    assert_eq!(
        verify(&path),
        [AuditProblem::Moved { seq: 2, recorded_seq: 3 }, AuditProblem::Moved { seq: 3, recorded_seq: 2 }]
    );

    // Swapped contents, numbers and hashes left in place: the content no longer matches.
    let dir = tempfile::tempdir().unwrap();
    let path = six_entries(&dir);
    tamper(
        &path,
        "CREATE TEMP TABLE saved AS SELECT * FROM audit WHERE seq IN (2, 3);
         UPDATE audit SET (at, actor, action, subject, detail) =
             (SELECT at, actor, action, subject, detail FROM saved WHERE saved.seq = 5 - audit.seq)
         WHERE seq IN (2, 3);",
    );
    assert_eq!(verify(&path), [AuditProblem::Edited { seq: 2 }, AuditProblem::Edited { seq: 3 }]);
}

#[test]
fn renumbered_entries_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = six_entries(&dir);
    tamper(&path, "DELETE FROM audit WHERE seq = 3; UPDATE audit SET seq = seq - 1 WHERE seq > 3;");
    assert_eq!(
        verify(&path),
        [
            AuditProblem::Moved { seq: 3, recorded_seq: 4 },
            AuditProblem::Missing { from_seq: 3, to_seq: 3 },
            AuditProblem::Moved { seq: 4, recorded_seq: 5 },
            AuditProblem::Moved { seq: 5, recorded_seq: 6 },
        ]
    );
}

#[test]
fn entries_added_outside_fazhi_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = six_entries(&dir);
    tamper(
        &path,
        "INSERT INTO audit SELECT 7, at, actor, action, subject, detail, hash, hash, recorded_at FROM audit WHERE seq = 6",
    );
    assert_eq!(verify(&path), [AuditProblem::Edited { seq: 7 }, AuditProblem::Added { from_seq: 7, to_seq: 7 }]);
}

#[test]
fn a_read_only_database_is_not_changed() {
    let dir = tempfile::tempdir().unwrap();
    let path = six_entries(&dir);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&path).unwrap();

    let err = Store::open(&path, &OpenOptions::default()).unwrap_err();
    assert!(matches!(&err, StoreError::ReadOnly { path: p } if *p == path), "{err:?}");
    assert!(err.to_string().contains(&path.display().to_string()), "{err}");
    assert!(err.is_bad_input());

    // It can still be read.
    let mut store = Store::open_read_only(&path, &OpenOptions::default()).unwrap();
    assert!(store.is_read_only());
    assert_eq!(store.state("a").unwrap().status, Status::Done);
    assert_eq!(store.states().unwrap().len(), 3);
    assert!(store.verify_audit().unwrap().is_empty());
    assert!(matches!(store.record_change(&change("d", Action::Start)), Err(StoreError::ReadOnly { .. })));
    let file = dir.path().join("e.txt");
    std::fs::write(&file, b"e").unwrap();
    assert!(matches!(store.keep_evidence(&file), Err(StoreError::ReadOnly { .. })));
    drop(store);

    assert_eq!(before, std::fs::read(&path).unwrap());
}

#[test]
fn a_read_only_folder_is_respected_for_a_new_database() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("locked");
    std::fs::create_dir(&folder).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    let path = folder.join(".fazhi/state.db");
    let err = Store::open(&path, &OpenOptions::default()).unwrap_err();
    assert!(matches!(&err, StoreError::ReadOnly { path: p } if *p == folder), "{err:?}");
    assert!(!folder.join(".fazhi").exists());
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn an_existing_file_that_is_not_a_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.db");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for (name, content, reason) in [
        ("empty.db", &b""[..], "it is empty"),
        ("notes.db", &b"not a database at all, just text\n"[..], "it does not begin with the SQLite header"),
        ("short.db", &b"SQLite"[..], "it does not begin with the SQLite header"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        for err in [
            Store::open(&path, &OpenOptions::default()).unwrap_err(),
            Store::open_read_only(&path, &OpenOptions::default()).unwrap_err(),
        ] {
            assert!(
                matches!(&err, StoreError::NotADatabase { path: p, reason: r } if *p == path && r == reason),
                "{err:?}"
            );
            assert!(err.to_string().starts_with(&format!("{} is not a SQLite database", path.display())), "{err}");
        }
        assert_eq!(std::fs::read(&path).unwrap(), content, "{name} is left as it was");
    }
    // A FIFO is refused without opening it (which would wait for a writer).
    let err = Store::open(&fifo, &OpenOptions::default()).unwrap_err();
    assert!(matches!(&err, StoreError::NotADatabase { reason, .. } if reason == "it is not a regular file"), "{err:?}");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|entry| entry.unwrap().file_name()).collect();
    assert_eq!(names.len(), 4, "no file was added: {names:?}");
}

#[test]
fn a_new_database_is_whole_when_it_appears_and_leaves_nothing_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    drop(Store::open(&path, &OpenOptions::default()).unwrap());
    assert!(std::fs::read(&path).unwrap().starts_with(b"SQLite format 3\0"));
    let mut names: Vec<String> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.ends_with("-wal") && !name.ends_with("-shm"))
        .collect();
    names.sort();
    assert_eq!(names, ["state.db"]);
    // Opened again, it is the same database.
    drop(Store::open(&path, &OpenOptions::default()).unwrap());
}

#[test]
fn a_missing_database_reads_as_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let mut store = Store::open_read_only(&path, &OpenOptions::default()).unwrap();
    assert!(store.states().unwrap().is_empty());
    assert_eq!(store.state("a").unwrap(), ItemState::default());
    assert!(store.audit_log().unwrap().is_empty());
    assert!(store.verify_audit().unwrap().is_empty());
    assert!(matches!(store.record_change(&change("a", Action::Start)), Err(StoreError::ReadOnly { .. })));
    assert!(!path.exists(), "reading creates nothing");
    assert!(!dir.path().join(".fazhi").exists());
}

#[test]
fn two_writers_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let barrier = Arc::new(Barrier::new(2));
    let writers: Vec<_> = ["left", "right"]
        .into_iter()
        .map(|side| {
            let path = path.clone();
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                barrier.wait();
                // Both open (and create) the same new file at once, then write.
                let mut store = open(&path);
                for n in 0..200 {
                    let item = format!("{side}-{n}");
                    store.record_change(&change(&item, Action::Start)).unwrap().unwrap();
                    store.record_change(&change(&item, Action::Done)).unwrap().unwrap();
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    let store = open(&path);
    let log = store.audit_log().unwrap();
    assert_eq!(log.iter().map(|e| e.seq).collect::<Vec<_>>(), (1..=800).collect::<Vec<_>>());
    assert!(store.verify_audit().unwrap().is_empty());
    let states = store.states().unwrap();
    assert_eq!(states.len(), 400);
    assert!(states.values().all(|state| state.status == Status::Done));
    for side in ["left", "right"] {
        for n in [0, 199] {
            let changes = store.changes(&format!("{side}-{n}")).unwrap();
            assert_eq!(changes.iter().map(|c| c.change.action).collect::<Vec<_>>(), [Action::Start, Action::Done]);
        }
    }
}

#[test]
fn a_database_locked_by_another_connection_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = six_entries(&dir);
    let options = OpenOptions { busy_timeout: Duration::from_millis(100) };
    let holder = Connection::open(&path).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE; INSERT INTO meta (key, value) VALUES ('lock-test', 'x');").unwrap();

    let mut store = Store::open(&path, &options).unwrap();
    let started = Instant::now();
    let err = store.record_change(&change("d", Action::Start)).unwrap_err();
    assert!(started.elapsed() >= Duration::from_millis(90), "waited {:?}", started.elapsed());
    assert!(matches!(&err, StoreError::Locked { path: p } if *p == path), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("the state database {} is locked by another process; try again when it finishes", path.display())
    );
    // Reading still works while another process writes.
    assert_eq!(store.state("a").unwrap().status, Status::Done);

    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    assert_eq!(audit_count(&path), 6);
    assert_eq!(store.state("d").unwrap().status, Status::Todo);
    assert!(store.verify_audit().unwrap().is_empty());
    // Once the other process finishes, the change goes through.
    assert_eq!(store.record_change(&change("d", Action::Start)).unwrap(), Some(7));
}

#[test]
fn senders_of_one_database_take_turns() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let (first, second) = (open(&path), open(&path));
    let turn = first.try_mail_turn().unwrap().expect("nobody else sends");
    assert!(path.with_file_name("state.db.mail.lock").exists());
    assert!(second.try_mail_turn().unwrap().is_none(), "the first sender has the turn");
    drop(turn);
    assert!(second.try_mail_turn().unwrap().is_some());
    let read_only = Store::open_read_only(&path, &OpenOptions::default()).unwrap();
    assert!(matches!(read_only.try_mail_turn(), Err(StoreError::ReadOnly { .. })));
}

/// Recomputes every hash from entry `from` on, as a tamperer who knows the formula would.
fn rechain(path: &Path, from: i64) {
    type Row = (i64, String, String, String, String, String, Option<String>);
    let conn = Connection::open(path).unwrap();
    let rows: Vec<Row> = conn
        .prepare("SELECT seq, at, actor, action, subject, detail, recorded_at FROM audit WHERE seq >= ?1 ORDER BY seq")
        .unwrap()
        .query_map([from], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut prev: String = conn
        .query_row(
            "SELECT coalesce((SELECT hash FROM audit WHERE seq = ?1), ?2)",
            rusqlite::params![from - 1, GENESIS_HASH],
            |r| r.get(0),
        )
        .unwrap();
    let mut sql = String::new();
    for (seq, at, actor, action, subject, detail, recorded) in rows {
        let hash = crate::audit_row::AuditRow::chain_hash(
            seq,
            &at,
            &actor,
            &action,
            &subject,
            &detail,
            &prev,
            recorded.as_deref(),
        );
        sql.push_str(&format!("UPDATE audit SET prev_hash = '{prev}', hash = '{hash}' WHERE seq = {seq};"));
        sql.push_str(&format!("UPDATE meta SET value = '{hash}' WHERE key = 'audit_head_hash';"));
        prev = hash;
    }
    tamper(path, &sql);
}

#[test]
fn a_rechained_edit_is_caught_only_by_a_head_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = six_entries(&dir);
    let head = open(&path).audit_head().unwrap();
    assert_eq!(head.seq, 6);
    let anchor: crate::AuditAnchor = head.to_string().parse().unwrap();
    assert_eq!(open(&path).verify_audit_extends(&anchor).unwrap(), None);
    tamper(&path, "UPDATE audit SET actor = 'sun_li' WHERE seq = 3");
    rechain(&path, 3);
    assert!(verify(&path).is_empty(), "the chain itself is consistent again");
    assert_eq!(
        open(&path).verify_audit_extends(&anchor).unwrap(),
        Some(AuditProblem::HeadRewritten { seq: 6, hash: anchor.hash.clone() })
    );
}

#[test]
fn truncation_with_the_head_fixed_is_caught_by_a_head_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = six_entries(&dir);
    let anchor: crate::AuditAnchor = open(&path).audit_head().unwrap().to_string().parse().unwrap();
    tamper(
        &path,
        "DELETE FROM audit WHERE seq > 4;
         UPDATE meta SET value = '4' WHERE key = 'audit_head_seq';
         UPDATE meta SET value = (SELECT hash FROM audit WHERE seq = 4) WHERE key = 'audit_head_hash';",
    );
    assert!(verify(&path).is_empty());
    assert_eq!(
        open(&path).verify_audit_extends(&anchor).unwrap(),
        Some(AuditProblem::HeadMissing { seq: 6, last_seq: 4 })
    );
    // The status changes of the deleted entries remain, naming them.
    assert!(open(&path).verify_state().unwrap().iter().any(|p| p.to_string().contains("names audit entry #5")));
}

#[test]
fn an_entry_stamped_backwards_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = six_entries(&dir);
    tamper(&path, "UPDATE audit SET recorded_at = '2001-01-01T00:00:00.000000Z' WHERE seq = 5");
    rechain(&path, 5);
    assert_eq!(verify(&path), [AuditProblem::TimeBackwards { seq: 5, previous_seq: 4 }]);
}

#[test]
fn item_states_only_follow_the_status_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = six_entries(&dir);
    let conn = Connection::open(&path).unwrap();
    assert!(conn.execute("INSERT OR REPLACE INTO item_state VALUES ('a', 'todo', NULL)", []).is_err());
    assert!(conn.execute("UPDATE item_state SET status = 'cancelled' WHERE item = 'b'", []).is_err());
    assert!(conn.execute("DELETE FROM item_state", []).is_err());
    assert!(conn.execute("INSERT INTO item_state VALUES ('z', 'done', NULL)", []).is_err());
    drop(conn);
    assert!(open(&path).verify_state().unwrap().is_empty());
    // With the triggers dropped: named, and so is the state written.
    tamper(&path, "INSERT OR REPLACE INTO item_state VALUES ('a', 'todo', NULL)");
    let problems: Vec<String> = open(&path).verify_state().unwrap().iter().map(ToString::to_string).collect();
    assert!(problems.iter().any(|p| p.starts_with("the trigger audit_no_update is missing")), "{problems:?}");
    assert!(problems.iter().any(|p| p.starts_with("the trigger item_state_follows_insert is missing")), "{problems:?}");
    assert!(
        problems.iter().any(|p| p.starts_with("the state of \"a\" is todo, but its audit entries lead to done at")),
        "{problems:?}"
    );
}

#[test]
fn a_forged_entry_appended_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = six_entries(&dir);
    tamper(
        &path,
        r#"INSERT INTO audit SELECT 7, at, actor, 'task.done', 'd', '{"from":"todo","to":"done"}', hash, '', recorded_at
           FROM audit WHERE seq = 6;"#,
    );
    rechain(&path, 7);
    tamper(&path, "UPDATE meta SET value = '7' WHERE key = 'audit_head_seq'");
    let problems = open(&path).verify_state().unwrap();
    assert!(problems.contains(&crate::StateProblem::EntryWithoutChange { seq: 7, item: "d".into() }), "{problems:?}");
}

#[test]
fn evidence_must_be_a_regular_file_with_the_content_its_size_says() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&db(&dir));
    let fifo = dir.path().join("pipe");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    // Refused without opening it, which would wait for a writer.
    match store.keep_evidence(&fifo) {
        Err(err @ StoreError::Evidence { .. }) => {
            assert!(std::error::Error::source(&err).unwrap().to_string().contains("not a regular file"), "{err:?}")
        }
        other => panic!("expected an evidence error, got {other:?}"),
    }
    // Files of the kernel's own: their size says 0 (or a page) whatever they hold.
    for special in ["/proc/self/environ", "/proc/self/status", "/sys/kernel/mm/transparent_hugepage/enabled"] {
        if Path::new(special).exists() {
            assert!(matches!(store.keep_evidence(Path::new(special)), Err(StoreError::Evidence { .. })), "{special}");
        }
    }
    assert!(matches!(store.keep_evidence(Path::new("/dev/null")), Err(StoreError::Evidence { .. })));
    let left: Vec<_> = std::fs::read_dir(store.evidence_folder()).map(|d| d.flatten().collect()).unwrap_or_default();
    assert!(left.is_empty(), "nothing kept: {left:?}");
}

#[test]
fn partial_evidence_copies_are_removed_when_the_store_is_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let store = open(&path);
    let folder = store.evidence_folder();
    drop(store);
    std::fs::create_dir_all(&folder).unwrap();
    let leftover = folder.join(".incoming-4194305-7");
    std::fs::write(&leftover, b"half").unwrap();
    let kept = folder.join("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    std::fs::write(&kept, b"abc").unwrap();
    // A copy another process is making right now (it holds its lock) is left alone.
    let busy = folder.join(".incoming-1-1");
    let busy_file = std::fs::File::create(&busy).unwrap();
    busy_file.try_lock().unwrap();
    drop(Store::open_read_only(&path, &OpenOptions::default()).unwrap());
    assert!(leftover.exists(), "reading changes nothing");
    drop(open(&path));
    assert!(!leftover.exists());
    assert!(kept.exists());
    assert!(busy.exists());
    drop(busy_file);
}

#[test]
fn a_full_disk_is_named_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = six_entries(&dir);
    let mut store = open(&path);
    let pages: i64 = store.conn.query_row("PRAGMA page_count", [], |row| row.get(0)).unwrap();
    store.conn.pragma_update(None, "max_page_count", pages + 1).unwrap();
    let mut big = change("d", Action::Start);
    big.note = Some("很长的备注".repeat(100_000));
    let err = store.record_change(&big).unwrap_err();
    assert!(matches!(&err, StoreError::DiskFull { .. }), "{err:?}");
    assert!(err.is_bad_input(), "a full disk is not an internal error");
    assert!(err.to_string().contains("full"), "{err}");
    assert!(err.to_string().contains(&path.display().to_string()), "{err}");
    drop(store);
    assert_eq!(audit_count(&path), 6, "nothing was recorded");
}

#[test]
fn a_database_that_cannot_be_opened_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("folder.db");
    std::fs::create_dir(&path).unwrap();
    let err = Store::open(&path, &OpenOptions::default()).unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with(&format!("cannot open the state database {}: ", path.display())), "{text}");
}

#[test]
fn a_database_in_a_folder_that_cannot_be_written_is_read_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = six_entries(&dir);
    let folder = path.parent().unwrap().to_path_buf();
    // Closed cleanly: no -wal and -shm files, which a reader of a WAL database needs to make.
    assert!(!folder.join("state.db-shm").exists());
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root writes a read-only folder anyway: probe for it.
    let root = std::fs::File::create(folder.join("probe")).is_ok();
    if root {
        let _ = std::fs::remove_file(folder.join("probe"));
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("note: running as root, who writes read-only folders: the read-only folder is not tested here");
        return;
    }
    let store = Store::open_read_only(&path, &OpenOptions::default()).unwrap();
    assert_eq!(store.states().unwrap().len(), 3);
    assert!(store.verify_audit().unwrap().is_empty());
    drop(store);
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// The schema as SQLite keeps it: every table, index and trigger with the statement that made it.
fn schema(path: &Path) -> Vec<(String, Option<String>)> {
    let conn = Connection::open(path).unwrap();
    let mut statement = conn.prepare("SELECT name, sql FROM sqlite_schema ORDER BY name").unwrap();
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?))).unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

/// A journal of `items` items, each started and done, with its source keys.
fn journal(items: usize) -> Vec<Change> {
    let mut changes = Vec::new();
    for n in 0..items {
        for action in [Action::Start, Action::Done] {
            let mut change = change(&format!("duty-{:05}", (n * 7919) % items), action);
            change.at = at((n % 50) as u32);
            change.source = Some(format!("history/2024.ron#{}#{}", change.item, action.as_str()));
            changes.push(change);
        }
    }
    changes
}

#[test]
fn a_long_journal_is_applied_in_bulk_with_the_schema_as_it_was_and_a_replay_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = six_entries(&dir);
    let before = schema(&path);
    let mut changes = journal(super::history::BULK_CHANGES);
    // A source given twice is recorded once.
    changes.push(changes[0].clone());
    let schema_version = |path: &Path| -> i64 {
        Connection::open(path).unwrap().pragma_query_value(None, "schema_version", |row| row.get(0)).unwrap()
    };
    let version = schema_version(&path);
    let mut store = open(&path);
    assert_eq!(store.apply_journal(&changes, "one").unwrap(), 2 * super::history::BULK_CHANGES);
    assert!(store.journal_applied("one").unwrap());
    drop(store);
    // Applied in bulk: the schema was changed (and made again as it was).
    assert!(schema_version(&path) > version);
    assert_eq!(schema(&path), before);
    assert_eq!(audit_count(&path), 6 + 2 * super::history::BULK_CHANGES as i64);
    let mut store = open(&path);
    assert_eq!(store.verify_audit().unwrap(), Vec::new());
    assert!(store.verify_state().unwrap().is_empty());
    let states = store.states().unwrap();
    assert_eq!(states.len(), 3 + super::history::BULK_CHANGES);
    assert!(states.values().all(|state| state.status == Status::Done));
    // The indexes are back: a source recorded cannot be recorded again, by the journal or by hand.
    // (A journal no longer than the state is applied as it is, without touching the schema.)
    let version = schema_version(&path);
    assert_eq!(store.apply_journal(&changes, "two").unwrap(), 0);
    assert_eq!(schema_version(&path), version);
    assert_eq!(store.record_change(&changes[5]).unwrap(), None);
    let conn = Connection::open(&path).unwrap();
    assert!(conn
        .execute("INSERT INTO status_change (item, from_status, to_status, action, actor, at, source, audit_seq)
                  SELECT item, from_status, to_status, action, actor, at, source, audit_seq FROM status_change WHERE seq = 10", [])
        .is_err());
    let plan: String = conn
        .query_row("EXPLAIN QUERY PLAN SELECT seq FROM status_change WHERE item = 'a' ORDER BY seq", [], |row| {
            row.get(3)
        })
        .unwrap();
    assert!(plan.contains("status_change_item"), "{plan}");
}

#[test]
fn a_journal_that_fails_in_bulk_leaves_nothing_and_the_schema_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    drop(open(&path));
    let before = schema(&path);
    let mut changes = journal(super::history::BULK_CHANGES);
    // Done twice: the last change cannot be applied.
    let mut again = changes[1].clone();
    again.source = Some("history/2024.ron#again".to_string());
    changes.push(again);
    let mut store = open(&path);
    let (index, err) = store.apply_journal(&changes, "one").unwrap_err();
    assert_eq!(index, changes.len() - 1);
    assert!(matches!(err, StoreError::IllegalTransition { .. }), "{err:?}");
    assert!(!store.journal_applied("one").unwrap());
    drop(store);
    assert_eq!(schema(&path), before);
    assert_eq!(audit_count(&path), 0);
}

#[test]
fn status_changes_of_a_state_made_before_their_source_index_are_kept_by_the_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let conn = Connection::open(&path).unwrap();
    let before = 12;
    for migration in &crate::migrations::MIGRATIONS[..before] {
        conn.execute_batch(migration).unwrap();
    }
    conn.execute_batch(&format!(
        "PRAGMA user_version = {before};
         INSERT INTO status_change (item, from_status, to_status, action, actor, at, note, source, audit_seq, evidence_type)
         VALUES ('a', 'todo', 'done', 'done', 'zhang_san', '2024-12-02T09:00:00', '按期', 'history/2024.ron#a#done', 1, NULL);
         INSERT INTO item_state VALUES ('a', 'done', '2024-12-02T09:00:00');"
    ))
    .unwrap();
    drop(conn);
    let store = open(&path);
    assert_eq!(store.state("a").unwrap().status, Status::Done);
    let changes = store.changes("a").unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].change.note.as_deref(), Some("按期"));
    assert_eq!(changes[0].change.source.as_deref(), Some("history/2024.ron#a#done"));
    let triggers: Vec<String> = store
        .verify_state()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .filter(|problem| problem.contains("trigger"))
        .collect();
    assert_eq!(triggers, Vec::<String>::new());
    drop(store);
    let names: Vec<String> = schema(&path).into_iter().map(|(name, _)| name).collect();
    assert!(names.contains(&"status_change_source".to_string()), "{names:?}");
    assert!(!names.iter().any(|name| name.starts_with("sqlite_autoindex_status_change")), "{names:?}");
    let conn = Connection::open(&path).unwrap();
    assert!(conn
        .execute(
            "INSERT INTO status_change (item, from_status, to_status, action, actor, at, source, audit_seq)
                  VALUES ('b', 'todo', 'doing', 'start', 'li_si', '2024-12-02T09:00:00', 'history/2024.ron#a#done', 2)",
            []
        )
        .is_err());
}
