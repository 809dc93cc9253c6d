//! Accounts of the web interface in the store: password hashes, failed sign-ins and their
//! lock, sessions found by their token's hash and ended on expiry or a new password.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use fazhi_store::prelude::*;
use fazhi_store::{OpenOptions, Store, WebSession};

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("state.db"), &OpenOptions::default()).unwrap();
    (dir, store)
}

fn local() -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2025, 3, 20).unwrap().and_hms_opt(9, 0, 0).unwrap()
}

fn session(token: &str, person: &str, expires_at: chrono::DateTime<Utc>) -> WebSession {
    WebSession {
        token_hash: token.to_string(),
        person: person.to_string(),
        csrf_token: format!("csrf-{token}"),
        created_at: expires_at - Duration::hours(8),
        expires_at,
    }
}

#[test]
fn a_password_is_kept_as_given_and_audited_without_it() {
    let (_dir, mut store) = store();
    assert!(store.account("li_si").unwrap().is_none());
    let seq = store.set_password("li_si", "$argon2id$v=19$hash", "admin", local()).unwrap();
    let account = store.account("li_si").unwrap().unwrap();
    assert_eq!(account.password_hash, "$argon2id$v=19$hash");
    assert_eq!(account.failed_logins, 0);
    let entry = store.audit_log().unwrap().into_iter().find(|entry| entry.seq == seq).unwrap();
    assert_eq!(
        (entry.action.as_str(), entry.subject.as_str(), entry.actor.as_str()),
        ("account.password", "li_si", "admin")
    );
    assert!(!entry.detail.contains("argon2"), "the hash is not in the audit log: {}", entry.detail);
    assert!(!format!("{account:?}").contains("argon2"), "nor in the account's debug output");
    assert!(store.verify_audit().unwrap().is_empty());
    assert!(store.verify_state().unwrap().is_empty());
}

#[test]
fn failed_sign_ins_lock_the_account_at_the_limit_and_the_lock_runs_out() {
    let (_dir, mut store) = store();
    assert!(store.record_failed_login("nobody", Utc::now(), 3, Duration::minutes(15)).unwrap().is_none());
    store.set_password("li_si", "h", "li_si", local()).unwrap();
    let t0 = Utc.with_ymd_and_hms(2025, 3, 20, 1, 0, 0).unwrap();
    for n in 1..3 {
        let account = store.record_failed_login("li_si", t0, 3, Duration::minutes(15)).unwrap().unwrap();
        assert_eq!(account.failed_logins, n);
        assert!(!account.is_locked(t0));
    }
    let account = store.record_failed_login("li_si", t0, 3, Duration::minutes(15)).unwrap().unwrap();
    assert!(account.is_locked(t0 + Duration::minutes(14)));
    assert!(!account.is_locked(t0 + Duration::minutes(15)));
    // More failures while locked do not extend the lock.
    let again =
        store.record_failed_login("li_si", t0 + Duration::minutes(5), 3, Duration::minutes(15)).unwrap().unwrap();
    assert_eq!(again.locked_until, account.locked_until);
    // After it ran out, counting starts again.
    let later =
        store.record_failed_login("li_si", t0 + Duration::minutes(20), 3, Duration::minutes(15)).unwrap().unwrap();
    assert_eq!((later.failed_logins, later.locked_until), (1, None));
    // A good sign-in forgets the failures.
    store.open_web_session(&session("t1", "li_si", t0 + Duration::hours(8))).unwrap();
    assert_eq!(store.account("li_si").unwrap().unwrap().failed_logins, 0);
}

#[test]
fn sessions_end_on_expiry_on_sign_out_and_on_a_new_password() {
    let (_dir, mut store) = store();
    store.set_password("li_si", "h", "li_si", local()).unwrap();
    let now = Utc.with_ymd_and_hms(2025, 3, 20, 1, 0, 0).unwrap();
    store.open_web_session(&session("a", "li_si", now + Duration::hours(1))).unwrap();
    store.open_web_session(&session("b", "li_si", now + Duration::hours(2))).unwrap();
    store.open_web_session(&session("c", "li_si", now + Duration::hours(3))).unwrap();
    let found = store.web_session("a", now).unwrap().unwrap();
    assert_eq!((found.person.as_str(), found.csrf_token.as_str()), ("li_si", "csrf-a"));
    assert!(store.web_session("a", now + Duration::hours(1)).unwrap().is_none(), "ended at its expiry");
    assert_eq!(store.close_expired_web_sessions(now + Duration::hours(1)).unwrap(), 1);
    store.close_web_session("b").unwrap();
    assert!(store.web_session("b", now).unwrap().is_none());
    assert!(store.web_session("c", now).unwrap().is_some());
    store.set_password("li_si", "h2", "li_si", local()).unwrap();
    assert!(store.web_session("c", now).unwrap().is_none(), "a new password ends every session");
    assert!(store.web_session("unknown", now).unwrap().is_none());
}
