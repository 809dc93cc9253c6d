use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::MailStatus;

/// A recorded message and its delivery state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailRecord {
    /// The message's number in the store.
    pub id: i64,
    /// When it was queued (workspace local time).
    pub created_at: NaiveDateTime,
    /// The day its notices are for.
    pub day: NaiveDate,
    /// The recipient's person id (for a robot: `robot:NAME`).
    pub recipient: String,
    /// `email` or `robot`.
    pub channel: String,
    /// The envelope sender address.
    pub sender: String,
    /// The recipient's address.
    pub address: String,
    /// The subject.
    pub subject: String,
    /// The whole message.
    #[serde(skip)]
    pub raw: Vec<u8>,
    /// Where it stands.
    pub status: MailStatus,
    /// How many times sending was tried.
    pub attempts: u32,
    /// What the server (or the outbox) answered to the last failed attempt.
    pub last_error: Option<String>,
    /// When it is tried again (queued and failed messages).
    pub next_attempt_at: Option<NaiveDateTime>,
    /// When it was sent (or written to the outbox folder).
    pub sent_at: Option<NaiveDateTime>,
    /// The keys of the notices it carries.
    pub notices: Vec<String>,
}
