use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

/// A stored workflow instance, with its current dossier (the latest version).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InstanceRecord {
    /// The instance's id.
    pub id: String,
    /// The workflow it follows.
    pub workflow: String,
    /// The day it started.
    pub started: NaiveDate,
    /// Who started it.
    pub created_by: String,
    /// When it was started (workspace local time).
    pub created_at: NaiveDateTime,
    /// The file the current dossier came from.
    pub data_name: String,
    /// The current dossier's text.
    pub data: String,
    /// SHA-256 (hex) of the current dossier's text.
    pub data_sha256: String,
    /// How many versions of the dossier were recorded (1 for the one it started with).
    pub data_versions: i64,
    /// When the current dossier was recorded.
    pub data_at: NaiveDateTime,
}
