use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use serde::Serialize;

/// One entry of the append-only, hash-chained audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// The entry's number: 1, 2, … without gaps.
    pub seq: i64,
    /// When the audited action happened, as declared (workspace local time): the effective
    /// date a user gives with `--today` or `--at`, or the time of a history entry.
    pub at: NaiveDateTime,
    /// When the entry was really written, by the system clock (UTC); never taken from `--today`
    /// or `--at`. `None` for entries written before fazhi recorded it.
    pub recorded_at: Option<DateTime<Utc>>,
    /// Who did it (a person id).
    pub actor: String,
    /// What was done, e.g. `task.done`.
    pub action: String,
    /// What it was done to (an item id).
    pub subject: String,
    /// Details as a JSON object; for a status change: `from`, `to`, `note`, `evidence`, `source`.
    pub detail: String,
    /// The hash of the entry before (64 zeros for the first).
    pub prev_hash: String,
    /// SHA-256 (hex) of `seq`, `at`, `actor`, `action`, `subject`, `detail`, `prev_hash` and
    /// (when there is one) `recorded_at` as stored, joined with the unit separator `\x1f`.
    pub hash: String,
}

impl AuditEntry {
    /// How much earlier than its recorded time an effective time may be before it counts as
    /// dated in the past ([`AuditEntry::is_backdated`]): one day.
    pub const BACKDATED_AFTER: TimeDelta = TimeDelta::days(1);

    /// Whether an effective time `at` lies more than [`AuditEntry::BACKDATED_AFTER`] before the
    /// time it was recorded, `recorded_local` (the recorded time in the workspace's zone): a
    /// completion dated in the past, allowed but to be shown as such.
    pub fn is_backdated(at: NaiveDateTime, recorded_local: NaiveDateTime) -> bool {
        recorded_local - at > AuditEntry::BACKDATED_AFTER
    }
}
