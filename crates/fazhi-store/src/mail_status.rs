use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Where a reminder message stands: queued → sent (or written to the outbox folder, not sent),
/// or failed (retried later) → sent or abandoned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailStatus {
    /// Recorded, not tried yet.
    Queued,
    /// The server (or the group robot) accepted it.
    Sent,
    /// Written to the outbox folder as an `.eml` file and not sent: no SMTP server is
    /// configured. Nothing tries it again.
    Written,
    /// The last attempt failed; it is tried again at `next_attempt_at`.
    Failed,
    /// Every attempt failed; fazhi stopped trying. It stays listed in the outbox.
    Abandoned,
}

impl MailStatus {
    /// The lower-case name stored in the database and shown to users.
    pub fn as_str(self) -> &'static str {
        match self {
            MailStatus::Queued => "queued",
            MailStatus::Sent => "sent",
            MailStatus::Written => "written",
            MailStatus::Failed => "failed",
            MailStatus::Abandoned => "abandoned",
        }
    }
}

impl fmt::Display for MailStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for MailStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [MailStatus::Queued, MailStatus::Sent, MailStatus::Written, MailStatus::Failed, MailStatus::Abandoned]
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| format!("unknown mail status `{s}`"))
    }
}
