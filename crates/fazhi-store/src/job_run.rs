use chrono::{DateTime, Utc};
use serde::Serialize;

/// One run of a scheduled job, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JobRun {
    /// The job's name.
    pub job: String,
    /// The firing it ran for (the cron time, or the time `run-job` was asked).
    pub scheduled_for: DateTime<Utc>,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When it finished.
    pub finished_at: DateTime<Utc>,
    /// `ok`, `failed` or `skipped`.
    pub outcome: String,
    /// What it did, or why it failed or was skipped.
    pub detail: String,
}
