//! What only the PostgreSQL store has: towns apart in one database, tables the server itself
//! keeps append-only, and names and versions it refuses. Runs when FAZHI_TEST_DATABASE_URL names
//! a server (see `backend/mod.rs`).
#![cfg(feature = "postgres")]

mod backend;

use backend::{database_url, fresh_schema};
use chrono::NaiveDate;
use fazhi_core::{Action, Status};
use fazhi_store::prelude::*;
use fazhi_store::{Change, OpenOptions, PgStore, StoreError};

/// A town's store in a fresh schema, dropped with the guard.
struct Town {
    store: PgStore,
    url: String,
    _dir: tempfile::TempDir,
}

impl Town {
    fn open(url: &str, prefix: &str) -> Town {
        let dir = tempfile::tempdir().unwrap();
        let store =
            PgStore::open(url, &fresh_schema(prefix), &dir.path().join("evidence"), &OpenOptions::default()).unwrap();
        Town { store, url: url.to_string(), _dir: dir }
    }
}

impl Drop for Town {
    /// Drops the schema; after a failed assertion (a store of the test may still hold a lock on
    /// it) within a few seconds or not at all, so that the failure is reported, not a hang.
    fn drop(&mut self) {
        let mut client = postgres::Client::connect(&self.url, postgres::NoTls).unwrap();
        let drop_schema = format!("SET lock_timeout = '5s'; DROP SCHEMA IF EXISTS \"{}\" CASCADE", self.store.schema());
        let dropped = client.batch_execute(&drop_schema);
        if !std::thread::panicking() {
            dropped.unwrap();
        }
    }
}

fn change(item: &str, action: Action) -> Change {
    let at = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap().and_hms_opt(9, 0, 0).unwrap();
    Change { item: item.to_string(), action, by: "ma_jun".to_string(), at, note: None, evidence: None, source: None }
}

#[test]
fn towns_in_one_database_never_see_each_others_state() {
    let Some(url) = database_url() else { return };
    let (mut wangtuan, mut longxi) = (Town::open(&url, "wangtuan"), Town::open(&url, "longxi"));
    wangtuan.store.record_change(&change("xuefa@2025-03", Action::Done)).unwrap();
    longxi.store.record_change(&change("peixun@2025-Q1", Action::Start)).unwrap();
    longxi.store.record_change(&change("peixun@2025-Q1", Action::Done)).unwrap();
    assert_eq!(wangtuan.store.states().unwrap().keys().collect::<Vec<_>>(), ["xuefa@2025-03"]);
    assert_eq!(longxi.store.states().unwrap().keys().collect::<Vec<_>>(), ["peixun@2025-Q1"]);
    assert_eq!(longxi.store.state("xuefa@2025-03").unwrap().status, Status::Todo);
    assert_eq!((wangtuan.store.audit_head().unwrap().seq, longxi.store.audit_head().unwrap().seq), (1, 2));
    // Each town's writes take its own lock: one town's open transaction does not hold the other.
    assert!(wangtuan.store.verify_audit().unwrap().is_empty() && longxi.store.verify_audit().unwrap().is_empty());
    // The same schema opened again is the same town.
    let dir = tempfile::tempdir().unwrap();
    let again = PgStore::open(&url, wangtuan.store.schema(), dir.path(), &OpenOptions::default()).unwrap();
    assert_eq!(again.audit_head().unwrap(), wangtuan.store.audit_head().unwrap());
}

#[test]
fn the_server_keeps_the_log_and_the_states_append_only() {
    let Some(url) = database_url() else { return };
    let mut town = Town::open(&url, "append");
    town.store.record_change(&change("a", Action::Done)).unwrap();
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let schema = town.store.schema().to_string();
    for (sql, refusal) in [
        (
            format!("UPDATE \"{schema}\".audit SET actor = 'x'"),
            "the audit log is append-only: its entries cannot be changed",
        ),
        (format!("DELETE FROM \"{schema}\".audit"), "its entries cannot be deleted"),
        (format!("DELETE FROM \"{schema}\".status_change"), "status changes are append-only"),
        (format!("UPDATE \"{schema}\".item_state SET status = 'todo'"), "item states follow the status changes"),
    ] {
        let err = client.batch_execute(&sql).unwrap_err();
        let message = err.as_db_error().map(|db| db.message().to_string()).unwrap_or_default();
        assert!(message.contains(refusal), "{sql}: {message}");
    }
    assert!(town.store.verify_state().unwrap().is_empty());
    // A trigger dropped (by someone with the rights to) is found.
    client.batch_execute(&format!("DROP TRIGGER audit_append_only ON \"{schema}\".audit")).unwrap();
    let problems: Vec<String> = town.store.verify_state().unwrap().iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("audit_append_only"), "{problems:?}");
}

#[test]
fn bad_names_servers_and_versions_are_refused_with_what_is_wrong() {
    let Some(url) = database_url() else { return };
    let dir = tempfile::tempdir().unwrap();
    let options = OpenOptions::default();
    for schema in ["Wangtuan", "1town", "pg_town", "public", "a-b", "town\"; DROP SCHEMA x; --", ""] {
        let err = PgStore::open(&url, schema, dir.path(), &options).unwrap_err();
        assert!(err.to_string().contains("cannot name a town's schema"), "{schema}: {err}");
    }
    let err = PgStore::open("postgres://nobody@%2Fno%2Fsuch%2Ffolder/fazhi", "town", dir.path(), &options).unwrap_err();
    assert!(matches!(err, StoreError::Connect { .. }), "{err}");
    assert!(err.is_bad_input());
    let err = PgStore::open("postgres://a:secret@[::1", "town", dir.path(), &options).unwrap_err();
    assert!(!err.to_string().contains("secret"), "{err}");

    let town = Town::open(&url, "future");
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute(&format!(
            "UPDATE \"{}\".meta SET value = '99' WHERE key = 'schema_version'",
            town.store.schema()
        ))
        .unwrap();
    let err = PgStore::open(&url, town.store.schema(), dir.path(), &options).unwrap_err();
    assert!(matches!(err, StoreError::SchemaVersion { found: 99, .. }), "{err}");
}

#[test]
fn senders_of_one_town_claim_each_message_alone_and_a_dead_senders_message_stays_due() {
    use fazhi_store::{MailCandidate, MailClaim, MailNotice, NewMail};
    let Some(url) = database_url() else { return };
    let mut town = Town::open(&url, "senders");
    let day = NaiveDate::from_ymd_opt(2025, 3, 25).unwrap();
    let at = day.and_hms_opt(8, 0, 0).unwrap();
    let candidates: Vec<MailCandidate> = (0..3)
        .map(|n| MailCandidate {
            recipient: format!("person{n}"),
            day,
            notices: vec![MailNotice { key: format!("k{n}"), item: "x".to_string(), kind: "overdue".to_string() }],
        })
        .collect();
    let mail = || NewMail {
        channel: "email".to_string(),
        sender: "fazhi@example.org".to_string(),
        address: "someone@example.org".to_string(),
        subject: "提醒".to_string(),
        raw: b"Subject: x\r\n\r\nbody\r\n".to_vec(),
    };
    let ids = town.store.queue_mail(at, &candidates, &mut |_, _| vec![mail()]).unwrap();
    assert_eq!(ids.len(), 3);
    let dir = tempfile::tempdir().unwrap();
    let mut second = PgStore::open(&url, town.store.schema(), dir.path(), &OpenOptions::default()).unwrap();
    let claimed = |claim: MailClaim| match claim {
        MailClaim::Message(message) => message.id,
        other => panic!("{other:?}"),
    };
    let first = claimed(town.store.claim_due_mail(at, 0).unwrap());
    // The other sender skips the message held and takes the next.
    let other = claimed(second.claim_due_mail(at, 0).unwrap());
    assert_eq!((first, other), (ids[0], ids[1]));
    town.store.mail_sent(first, at).unwrap();
    // A sender that dies holding a message leaves it due: the next claim gets it.
    drop(second);
    let third = claimed(town.store.claim_due_mail(at, first).unwrap());
    assert_eq!(third, ids[1]);
    town.store.mail_sent(third, at).unwrap();
    let last = claimed(town.store.claim_due_mail(at, third).unwrap());
    assert_eq!(last, ids[2]);
    town.store.mail_failed(last, "451 try later", Some(at + chrono::Duration::hours(1))).unwrap();
    assert!(matches!(town.store.claim_due_mail(at, 0).unwrap(), MailClaim::Done));
    let statuses: Vec<String> = town.store.mail(false).unwrap().iter().map(|m| m.status.as_str().to_string()).collect();
    assert_eq!(statuses, ["sent", "sent", "failed"]);
}

#[test]
fn several_processes_opening_a_new_town_at_once_make_it_once() {
    let Some(url) = database_url() else { return };
    let schema = fresh_schema("first_open");
    let dir = tempfile::tempdir().unwrap();
    // As the county's web server, its daemons and a clerk's command may all open a town first.
    let opened: Vec<Result<PgStore, StoreError>> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..6)
            .map(|_| {
                scope.spawn(|| PgStore::open(&url, &schema, &dir.path().join("evidence"), &OpenOptions::default()))
            })
            .collect();
        threads.into_iter().map(|thread| thread.join().unwrap()).collect()
    });
    let mut stores: Vec<PgStore> = opened.into_iter().map(|store| store.expect("each open succeeds")).collect();
    stores[0].record_change(&change("xuefa@2025-03", Action::Done)).unwrap();
    for store in &stores {
        assert_eq!(store.audit_head().unwrap().seq, 1, "one town, one log");
        assert!(store.verify_audit().unwrap().is_empty());
    }
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client.batch_execute(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE")).unwrap();
}
