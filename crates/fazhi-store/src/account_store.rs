use chrono::{DateTime, Duration, NaiveDateTime, Utc};

use crate::{Account, Store, StoreError, WebSession};

/// The web interface's accounts: password hashes, failed sign-ins and the sessions of signed-in
/// browsers. Only hashes are kept: of passwords (made by the caller) and of session tokens.
pub trait AccountStore {
    /// Sets a person's password hash, creating the account if needed: failed sign-ins are
    /// forgotten, a lock lifted and every session of the person ended. Recorded in the audit
    /// log (without the hash) as `account.password` by `by` at `at` (workspace local time);
    /// returns the entry's number.
    fn set_password(
        &mut self,
        person: &str,
        password_hash: &str,
        by: &str,
        at: NaiveDateTime,
    ) -> Result<i64, StoreError>;
    /// The person's account, if a password was ever set.
    fn account(&self, person: &str) -> Result<Option<Account>, StoreError>;
    /// Counts one failed sign-in at `at` and returns the account as it is now: when the count
    /// reaches `limit` it is locked until `at + lock_for`. A failure after a lock ran out
    /// counts from one again. `None`: the person has no account.
    fn record_failed_login(
        &mut self,
        person: &str,
        at: DateTime<Utc>,
        limit: u32,
        lock_for: Duration,
    ) -> Result<Option<Account>, StoreError>;
    /// Keeps a new session (after a good sign-in) and forgets the person's failed sign-ins.
    fn open_web_session(&mut self, session: &WebSession) -> Result<(), StoreError>;
    /// The session whose token has `token_hash`, if it exists and has not ended by `now`.
    fn web_session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<WebSession>, StoreError>;
    /// Ends one session (signing out).
    fn close_web_session(&mut self, token_hash: &str) -> Result<(), StoreError>;
    /// Forgets every session that ended by `now`; returns how many.
    fn close_expired_web_sessions(&mut self, now: DateTime<Utc>) -> Result<usize, StoreError>;
}

impl AccountStore for Store {
    fn set_password(
        &mut self,
        person: &str,
        password_hash: &str,
        by: &str,
        at: NaiveDateTime,
    ) -> Result<i64, StoreError> {
        Store::set_password(self, person, password_hash, by, at)
    }
    fn account(&self, person: &str) -> Result<Option<Account>, StoreError> {
        Store::account(self, person)
    }
    fn record_failed_login(
        &mut self,
        person: &str,
        at: DateTime<Utc>,
        limit: u32,
        lock_for: Duration,
    ) -> Result<Option<Account>, StoreError> {
        Store::record_failed_login(self, person, at, limit, lock_for)
    }
    fn open_web_session(&mut self, session: &WebSession) -> Result<(), StoreError> {
        Store::open_web_session(self, session)
    }
    fn web_session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<WebSession>, StoreError> {
        Store::web_session(self, token_hash, now)
    }
    fn close_web_session(&mut self, token_hash: &str) -> Result<(), StoreError> {
        Store::close_web_session(self, token_hash)
    }
    fn close_expired_web_sessions(&mut self, now: DateTime<Utc>) -> Result<usize, StoreError> {
        Store::close_expired_web_sessions(self, now)
    }
}
