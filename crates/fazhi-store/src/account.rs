use std::fmt;

use chrono::{DateTime, Utc};

/// A person's account for the web interface: the hash of their password and the count of
/// failed sign-ins since the last good one.
#[derive(Clone, PartialEq, Eq)]
pub struct Account {
    /// The person (an id of `org.ron`).
    pub person: String,
    /// The password's hash as a PHC string (`$argon2id$…`): never the password itself.
    pub password_hash: String,
    /// When the password was last set.
    pub changed_at: DateTime<Utc>,
    /// Failed sign-ins in a row since the last good one (or since the lock ran out).
    pub failed_logins: u32,
    /// Until when sign-ins are refused, after too many failed ones.
    pub locked_until: Option<DateTime<Utc>>,
}

impl Account {
    /// Whether the account is locked at `now`.
    pub fn is_locked(&self, now: DateTime<Utc>) -> bool {
        self.locked_until.is_some_and(|until| now < until)
    }
}

/// Without the hash: an account may be logged, its hash never.
impl fmt::Debug for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Account")
            .field("person", &self.person)
            .field("password_hash", &"…")
            .field("changed_at", &self.changed_at)
            .field("failed_logins", &self.failed_logins)
            .field("locked_until", &self.locked_until)
            .finish()
    }
}
