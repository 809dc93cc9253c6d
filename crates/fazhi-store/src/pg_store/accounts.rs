//! Accounts of the web interface in PostgreSQL: [`AccountStore`] as the SQLite store has it.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

use super::{append_audit, pg_error, PgStore};
use crate::store::accounts::{account_from, next_failure, parse_utc, utc, AccountRow};
use crate::stored_text::TIME_FORMAT;
use crate::{Account, AccountStore, StoreError, WebSession};

const ACCOUNT_COLUMNS: &str = "person, password_hash, changed_at, failed_logins, locked_until";

impl AccountStore for PgStore {
    fn set_password(
        &mut self,
        person: &str,
        password_hash: &str,
        by: &str,
        at: NaiveDateTime,
    ) -> Result<i64, StoreError> {
        self.write(|tx, label| {
            let error = |err| pg_error(label, err);
            let existed = tx.query_opt("SELECT 1 FROM account WHERE person = $1", &[&person]).map_err(error)?.is_some();
            let detail = serde_json::json!({ "created": !existed }).to_string();
            let at = at.format(TIME_FORMAT).to_string();
            let seq = append_audit(tx, label, &at, by, "account.password", person, &detail)?;
            tx.execute("DELETE FROM web_session WHERE person = $1", &[&person]).map_err(error)?;
            tx.execute(
                "INSERT INTO account (person, password_hash, changed_at, failed_logins, locked_until)
                 VALUES ($1, $2, $3, 0, NULL)
                 ON CONFLICT (person) DO UPDATE SET password_hash = excluded.password_hash,
                     changed_at = excluded.changed_at, failed_logins = 0, locked_until = NULL",
                &[&person, &password_hash, &utc(Utc::now())],
            )
            .map_err(error)?;
            Ok(seq)
        })
    }

    fn account(&self, person: &str) -> Result<Option<Account>, StoreError> {
        self.read(|tx, label| {
            let row = tx
                .query_opt(&format!("SELECT {ACCOUNT_COLUMNS} FROM account WHERE person = $1"), &[&person])
                .map_err(|err| pg_error(label, err))?;
            row.map(|row| {
                let row: AccountRow = (row.get(0), row.get(1), row.get(2), row.get(3), row.get(4));
                account_from(label, row)
            })
            .transpose()
        })
    }

    fn record_failed_login(
        &mut self,
        person: &str,
        at: DateTime<Utc>,
        limit: u32,
        lock_for: Duration,
    ) -> Result<Option<Account>, StoreError> {
        let found = self.write(|tx, label| {
            let error = |err| pg_error(label, err);
            let Some(row) = tx
                .query_opt("SELECT failed_logins, locked_until FROM account WHERE person = $1", &[&person])
                .map_err(error)?
            else {
                return Ok(false);
            };
            let locked = row.get::<_, Option<&str>>(1).map(|text| parse_utc(label, text)).transpose()?;
            let (failed, locked) = next_failure(row.get(0), locked, at, limit, lock_for);
            tx.execute(
                "UPDATE account SET failed_logins = $2, locked_until = $3 WHERE person = $1",
                &[&person, &failed, &locked.map(utc)],
            )
            .map_err(error)?;
            Ok(true)
        })?;
        if !found {
            return Ok(None);
        }
        self.account(person)
    }

    fn open_web_session(&mut self, session: &WebSession) -> Result<(), StoreError> {
        self.write(|tx, label| {
            let error = |err| pg_error(label, err);
            tx.execute(
                "INSERT INTO web_session (token_hash, person, csrf_token, created_at, expires_at)
                 VALUES ($1, $2, $3, $4, $5)",
                &[
                    &session.token_hash,
                    &session.person,
                    &session.csrf_token,
                    &utc(session.created_at),
                    &utc(session.expires_at),
                ],
            )
            .map_err(error)?;
            tx.execute(
                "UPDATE account SET failed_logins = 0, locked_until = NULL WHERE person = $1",
                &[&session.person],
            )
            .map_err(error)?;
            Ok(())
        })
    }

    fn web_session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<WebSession>, StoreError> {
        self.read(|tx, label| {
            let row = tx
                .query_opt(
                    "SELECT token_hash, person, csrf_token, created_at, expires_at FROM web_session
                     WHERE token_hash = $1 AND expires_at > $2",
                    &[&token_hash, &utc(now)],
                )
                .map_err(|err| pg_error(label, err))?;
            let Some(row) = row else { return Ok(None) };
            Ok(Some(WebSession {
                token_hash: row.get(0),
                person: row.get(1),
                csrf_token: row.get(2),
                created_at: parse_utc(label, row.get(3))?,
                expires_at: parse_utc(label, row.get(4))?,
            }))
        })
    }

    fn close_web_session(&mut self, token_hash: &str) -> Result<(), StoreError> {
        self.write(|tx, label| {
            tx.execute("DELETE FROM web_session WHERE token_hash = $1", &[&token_hash])
                .map_err(|err| pg_error(label, err))?;
            Ok(())
        })
    }

    fn close_expired_web_sessions(&mut self, now: DateTime<Utc>) -> Result<usize, StoreError> {
        self.write(|tx, label| {
            let closed = tx
                .execute("DELETE FROM web_session WHERE expires_at <= $1", &[&utc(now)])
                .map_err(|err| pg_error(label, err))?;
            Ok(closed as usize)
        })
    }
}
