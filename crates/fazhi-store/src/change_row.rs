use std::path::Path;

use fazhi_core::Action;
use rusqlite::Row;

use crate::stored_text::{parse_status, parse_time};
use crate::{Change, ChangeRecord, Evidence, StoreError};

/// A `status_change` row as stored, before its text is parsed.
pub(crate) struct ChangeRow {
    seq: i64,
    item: String,
    from: String,
    to: String,
    action: String,
    by: String,
    at: String,
    note: Option<String>,
    evidence_name: Option<String>,
    evidence_sha256: Option<String>,
    evidence_type: Option<String>,
    source: Option<String>,
    recorded_at: Option<String>,
}

impl ChangeRow {
    /// Reads the columns `seq, item, from_status, to_status, action, actor, at, note,
    /// evidence_name, evidence_sha256, source`, the audit entry's `recorded_at` and
    /// `evidence_type`, in that order.
    pub fn from_row(row: &Row<'_>) -> rusqlite::Result<ChangeRow> {
        Ok(ChangeRow {
            seq: row.get(0)?,
            item: row.get(1)?,
            from: row.get(2)?,
            to: row.get(3)?,
            action: row.get(4)?,
            by: row.get(5)?,
            at: row.get(6)?,
            note: row.get(7)?,
            evidence_name: row.get(8)?,
            evidence_sha256: row.get(9)?,
            source: row.get(10)?,
            recorded_at: row.get(11)?,
            evidence_type: row.get(12)?,
        })
    }

    /// Reads the same columns as [`ChangeRow::from_row`], from a PostgreSQL row.
    #[cfg(feature = "postgres")]
    pub fn from_pg(row: &postgres::Row) -> ChangeRow {
        ChangeRow {
            seq: row.get(0),
            item: row.get(1),
            from: row.get(2),
            to: row.get(3),
            action: row.get(4),
            by: row.get(5),
            at: row.get(6),
            note: row.get(7),
            evidence_name: row.get(8),
            evidence_sha256: row.get(9),
            source: row.get(10),
            recorded_at: row.get(11),
            evidence_type: row.get(12),
        }
    }

    /// Parses the text into a [`ChangeRecord`]; a value fazhi never writes is [`StoreError::Corrupt`].
    pub fn into_record(self, path: &Path) -> Result<ChangeRecord, StoreError> {
        let action = [Action::Start, Action::Done, Action::Cancel, Action::Reopen]
            .into_iter()
            .find(|action| action.as_str() == self.action)
            .ok_or_else(|| {
                StoreError::corrupt(path, format!("status change #{} has the action `{}`", self.seq, self.action))
            })?;
        let evidence = match (self.evidence_name, self.evidence_sha256) {
            (Some(file_name), Some(sha256)) => Some(Evidence { file_name, sha256, media_type: self.evidence_type }),
            _ => None,
        };
        let recorded_at = match &self.recorded_at {
            Some(text) => Some(chrono::DateTime::parse_from_rfc3339(text).map(|time| time.to_utc()).map_err(|_| {
                StoreError::corrupt(path, format!("status change #{} has the recorded time `{text}`", self.seq))
            })?),
            None => None,
        };
        Ok(ChangeRecord {
            seq: self.seq,
            recorded_at,
            from: parse_status(path, &self.item, &self.from)?,
            to: parse_status(path, &self.item, &self.to)?,
            change: Change {
                item: self.item,
                action,
                by: self.by,
                at: parse_time(path, &self.at)?,
                note: self.note,
                evidence,
                source: self.source,
            },
        })
    }
}
