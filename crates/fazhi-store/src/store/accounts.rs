//! Accounts of the web interface: password hashes, failed sign-ins, sessions.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use rusqlite::{params, OptionalExtension, TransactionBehavior};

use super::{append_audit, Store};
use crate::stored_text::TIME_FORMAT;
use crate::{Account, StoreError, WebSession};

/// UTC times as fixed-width text, so that text order is time order.
pub(crate) const UTC_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.3fZ";

pub(crate) fn utc(time: DateTime<Utc>) -> String {
    time.format(UTC_FORMAT).to_string()
}

pub(crate) fn parse_utc(path: &std::path::Path, text: &str) -> Result<DateTime<Utc>, StoreError> {
    NaiveDateTime::parse_from_str(text, UTC_FORMAT)
        .map(|time| time.and_utc())
        .map_err(|_| StoreError::corrupt(path, format!("`{text}` is not a time fazhi writes")))
}

pub(crate) type AccountRow = (String, String, String, i64, Option<String>);
type SessionRow = (String, String, String, String, String);

impl Store {
    /// See [`crate::AccountStore::set_password`].
    pub(crate) fn set_password(
        &mut self,
        person: &str,
        password_hash: &str,
        by: &str,
        at: NaiveDateTime,
    ) -> Result<i64, StoreError> {
        self.ensure_writable()?;
        let path = self.path.as_path();
        let error = |err| StoreError::sqlite(path, err);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(error)?;
        let existed: bool = tx
            .query_row("SELECT 1 FROM account WHERE person = ?1", [person], |_| Ok(()))
            .optional()
            .map_err(error)?
            .is_some();
        let detail = serde_json::json!({ "created": !existed }).to_string();
        let seq =
            append_audit(&tx, path, &at.format(TIME_FORMAT).to_string(), by, "account.password", person, &detail)?;
        tx.execute("DELETE FROM web_session WHERE person = ?1", [person]).map_err(error)?;
        tx.execute(
            "INSERT INTO account (person, password_hash, changed_at, failed_logins, locked_until)
             VALUES (?1, ?2, ?3, 0, NULL)
             ON CONFLICT (person) DO UPDATE SET password_hash = excluded.password_hash,
                 changed_at = excluded.changed_at, failed_logins = 0, locked_until = NULL",
            params![person, password_hash, utc(Utc::now())],
        )
        .map_err(error)?;
        tx.commit().map_err(error)?;
        Ok(seq)
    }

    /// See [`crate::AccountStore::account`].
    pub(crate) fn account(&self, person: &str) -> Result<Option<Account>, StoreError> {
        let row: Option<AccountRow> = self
            .conn
            .query_row(
                "SELECT person, password_hash, changed_at, failed_logins, locked_until FROM account WHERE person = ?1",
                [person],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?)),
            )
            .optional()
            .map_err(|err| self.error(err))?;
        row.map(|row| account_from(&self.path, row)).transpose()
    }

    pub(crate) fn record_failed_login(
        &mut self,
        person: &str,
        at: DateTime<Utc>,
        limit: u32,
        lock_for: Duration,
    ) -> Result<Option<Account>, StoreError> {
        self.ensure_writable()?;
        let path = self.path.clone();
        let error = |err| StoreError::sqlite(&path, err);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(error)?;
        let current: Option<(i64, Option<String>)> = tx
            .query_row("SELECT failed_logins, locked_until FROM account WHERE person = ?1", [person], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()
            .map_err(error)?;
        let Some((failed, locked)) = current else { return Ok(None) };
        let locked = locked.map(|text| parse_utc(&path, &text)).transpose()?;
        let (failed, locked) = next_failure(failed, locked, at, limit, lock_for);
        tx.execute(
            "UPDATE account SET failed_logins = ?2, locked_until = ?3 WHERE person = ?1",
            params![person, failed, locked.map(utc)],
        )
        .map_err(error)?;
        tx.commit().map_err(error)?;
        self.account(person)
    }

    /// See [`crate::AccountStore::open_web_session`].
    pub(crate) fn open_web_session(&mut self, session: &WebSession) -> Result<(), StoreError> {
        self.ensure_writable()?;
        let path = self.path.as_path();
        let error = |err| StoreError::sqlite(path, err);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(error)?;
        tx.execute(
            "INSERT INTO web_session (token_hash, person, csrf_token, created_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                session.token_hash,
                session.person,
                session.csrf_token,
                utc(session.created_at),
                utc(session.expires_at)
            ],
        )
        .map_err(error)?;
        tx.execute("UPDATE account SET failed_logins = 0, locked_until = NULL WHERE person = ?1", [&session.person])
            .map_err(error)?;
        tx.commit().map_err(error)?;
        Ok(())
    }

    /// See [`crate::AccountStore::web_session`].
    pub(crate) fn web_session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<WebSession>, StoreError> {
        let row: Option<SessionRow> = self
            .conn
            .prepare_cached(
                "SELECT token_hash, person, csrf_token, created_at, expires_at FROM web_session
                 WHERE token_hash = ?1 AND expires_at > ?2",
            )
            .and_then(|mut statement| {
                statement
                    .query_row(params![token_hash, utc(now)], |row| {
                        Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?))
                    })
                    .optional()
            })
            .map_err(|err| self.error(err))?;
        let Some((token_hash, person, csrf_token, created_at, expires_at)) = row else { return Ok(None) };
        Ok(Some(WebSession {
            token_hash,
            person,
            csrf_token,
            created_at: parse_utc(&self.path, &created_at)?,
            expires_at: parse_utc(&self.path, &expires_at)?,
        }))
    }

    /// See [`crate::AccountStore::close_web_session`].
    pub(crate) fn close_web_session(&mut self, token_hash: &str) -> Result<(), StoreError> {
        self.ensure_writable()?;
        self.conn
            .execute("DELETE FROM web_session WHERE token_hash = ?1", [token_hash])
            .map_err(|err| self.error(err))?;
        Ok(())
    }

    /// See [`crate::AccountStore::close_expired_web_sessions`].
    pub(crate) fn close_expired_web_sessions(&mut self, now: DateTime<Utc>) -> Result<usize, StoreError> {
        self.ensure_writable()?;
        self.conn.execute("DELETE FROM web_session WHERE expires_at <= ?1", [utc(now)]).map_err(|err| self.error(err))
    }
}

/// An `account` row (`person, password_hash, changed_at, failed_logins, locked_until`) as an
/// account: the same on every backend.
pub(crate) fn account_from(
    path: &std::path::Path,
    (person, password_hash, changed_at, failed, locked): AccountRow,
) -> Result<Account, StoreError> {
    Ok(Account {
        person,
        password_hash,
        changed_at: parse_utc(path, &changed_at)?,
        failed_logins: u32::try_from(failed).unwrap_or(u32::MAX),
        locked_until: locked.map(|text| parse_utc(path, &text)).transpose()?,
    })
}

/// Counts one more failed sign-in of an account that had `failed` of them and `locked` until a
/// time, at `at`: the count and lock to write (locked for `lock_for` once `limit` is reached).
pub(crate) fn next_failure(
    failed: i64,
    locked: Option<DateTime<Utc>>,
    at: DateTime<Utc>,
    limit: u32,
    lock_for: Duration,
) -> (i64, Option<DateTime<Utc>>) {
    let (failed, locked) = match locked {
        // Still locked: counted, the lock stays as it is.
        Some(until) if at < until => (failed.saturating_add(1), Some(until)),
        // The lock ran out: counting starts again.
        Some(_) => (1, None),
        None => (failed.saturating_add(1), None),
    };
    match locked {
        None if failed >= i64::from(limit) => (failed, Some(at + lock_for)),
        other => (failed, other),
    }
}
