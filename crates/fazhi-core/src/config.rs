use std::path::PathBuf;
use std::time::Duration;

use chrono_tz::Tz;
use serde::Serialize;

/// The settings of a workspace, from `fazhi.ron`.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    /// The organisation the workspace belongs to, e.g. 王团镇人民政府.
    pub organisation: String,
    /// The working year; recurring duties expand over it unless their checklist names another.
    pub year: i32,
    /// The workspace's time zone (default Asia/Shanghai): "today" and schedules are read in it.
    #[serde(serialize_with = "serialize_tz")]
    pub time_zone: Tz,
    /// The state database, as an absolute path.
    pub storage: PathBuf,
    /// How long to wait for another fazhi process holding the database.
    pub busy_timeout: Duration,
    /// Recorded history files (relative to the workspace root), applied in this order.
    pub history: Vec<PathBuf>,
}

fn serialize_tz<S: serde::Serializer>(tz: &Tz, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(tz.name())
}
