use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Where a reminder message stands: queued → sent, or failed (retried later) → sent or abandoned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailStatus {
    /// Recorded, not tried yet.
    Queued,
    /// The server (or the outbox) accepted it.
    Sent,
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
        [MailStatus::Queued, MailStatus::Sent, MailStatus::Failed, MailStatus::Abandoned]
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| format!("unknown mail status `{s}`"))
    }
}
