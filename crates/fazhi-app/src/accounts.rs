//! The accounts of the web interface: passwords kept as argon2id hashes, sign-ins checked and
//! throttled (an account is locked after `web.max_failed_logins` failures in a row).

use std::sync::OnceLock;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use chrono::Utc;

use crate::{AppError, Session, SignIn};

/// The shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// The longest, in bytes (hashing is costly enough as it is).
const MAX_PASSWORD_BYTES: usize = 1024;

impl Session {
    /// Sets the password of `person` (an id or a name of `org.ron`) as an argon2id hash; the
    /// change is in the audit log (without the hash) by `by` (`None`: the person), their failed
    /// sign-ins are forgotten and every session of theirs ends. Returns the person's id.
    pub fn set_password(&mut self, person: &str, password: &str, by: Option<&str>) -> Result<String, AppError> {
        let id = self
            .workspace
            .org
            .person(person)
            .map(|p| p.id.clone())
            .ok_or_else(|| AppError::bad_input(fazhi_core::unknown_in_org("person", person)))?;
        if password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(AppError::bad_input(format!(
                "the password is too short: use at least {MIN_PASSWORD_CHARS} characters"
            )));
        }
        if password.len() > MAX_PASSWORD_BYTES {
            return Err(AppError::bad_input(format!("the password is too long: at most {MAX_PASSWORD_BYTES} bytes")));
        }
        let hash = hash(password)?;
        let by = by.unwrap_or(&id).to_string();
        let at = self.local_now();
        self.store.set_password(&id, &hash, &by, at)?;
        Ok(id)
    }

    /// Checks a sign-in of `login` (a person's id or name) with `password` on the real clock.
    /// A wrong password counts towards the lock; a locked account is refused whatever the
    /// password; an unknown person takes as long to refuse as a known one.
    pub fn sign_in(&mut self, login: &str, password: &str) -> Result<SignIn, AppError> {
        let now = Utc::now();
        let person = self.workspace.org.person(login.trim()).map(|p| p.id.clone());
        let account = match &person {
            Some(id) => self.store.account(id)?,
            None => None,
        };
        let Some(account) = account else {
            // The same work as for a real account, so that timing does not tell who has one.
            let _ = verify(password, dummy_hash());
            return Ok(SignIn::Refused);
        };
        if let Some(until) = account.locked_until.filter(|_| account.is_locked(now)) {
            return Ok(SignIn::Locked { until });
        }
        if verify(password, &account.password_hash) {
            return Ok(SignIn::Accepted { person: account.person });
        }
        let web = &self.workspace.config.web;
        let lock_for = chrono::Duration::minutes(i64::from(web.lock_minutes));
        let after = self.store.record_failed_login(&account.person, now, web.max_failed_logins, lock_for)?;
        Ok(match after.and_then(|account| account.locked_until.filter(|_| account.is_locked(now))) {
            Some(until) => SignIn::Locked { until },
            None => SignIn::Refused,
        })
    }
}

/// An argon2id hash (default parameters, random salt) of `password` as a PHC string.
fn hash(password: &str) -> Result<String, AppError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|err| AppError::Internal { message: format!("cannot hash the password: {err}"), source: None })
}

/// Whether `password` matches the PHC string `hash` (a malformed hash matches nothing).
fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A hash of no one's password, to spend the time of a check on.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash("no one's password, only to spend time on").unwrap_or_default())
}
