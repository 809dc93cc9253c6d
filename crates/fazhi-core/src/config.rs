use std::path::PathBuf;
use std::time::Duration;

use chrono_tz::Tz;
use serde::Serialize;

use crate::{ChannelKind, InstanceSeed, LedgerSeed, RobotConfig, WebConfig};

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
    /// The state's SQLite database, as an absolute path (beside it, the `evidence/` folder,
    /// whichever the backend).
    pub storage: PathBuf,
    /// The state's PostgreSQL database, when `storage` names one (`postgres://…`): its address
    /// as written.
    pub database: Option<String>,
    /// The town's schema in that database (`schema:`; default: from the workspace folder's
    /// name).
    pub schema: Option<String>,
    /// How long to wait for another fazhi process holding the database.
    pub busy_timeout: Duration,
    /// Recorded history files (relative to the workspace root), applied in this order.
    pub history: Vec<PathBuf>,
    /// How reminder mail is sent; `None`: to the outbox `.fazhi/outbox/`.
    pub mail: Option<MailConfig>,
    /// Group robots reminders are posted to, in file order.
    pub robots: Vec<RobotConfig>,
    /// Preferred channels by person or unit id (a person's entry before their unit's); anyone
    /// not named is mailed.
    pub channels: std::collections::BTreeMap<String, Vec<ChannelKind>>,
    /// Scheduled jobs for `fazhi serve`, in file order.
    pub jobs: Vec<JobConfig>,
    /// Workflow instances recorded as text, started once with their completed steps.
    pub instances: Vec<InstanceSeed>,
    /// Ledger files imported when the state is opened.
    pub ledger: Vec<LedgerSeed>,
    /// The web interface's settings (defaults when `fazhi.ron` has no `web` section).
    pub web: WebConfig,
    /// Roles named by the stock workflows mapped to the town's own titles (`roles: {…}`).
    pub roles: std::collections::BTreeMap<String, String>,
}

/// Mail settings. The SMTP password is never here: it comes from the environment variable
/// `FAZHI_SMTP_PASSWORD` or from `password_file`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailConfig {
    /// The SMTP server as a URL: `smtp://host[:port]` (plain), `smtp://host?tls=required`
    /// (STARTTLS), `smtps://host[:port]` (TLS); `None`: write to the outbox.
    pub smtp: Option<String>,
    /// The sender address (default `fazhi@localhost`).
    pub from: String,
    /// The SMTP user name.
    pub user: Option<String>,
    /// A file holding the SMTP password (absolute path).
    pub password_file: Option<PathBuf>,
    /// A PEM file of certificates (absolute path) trusted beside the public roots for the TLS
    /// connection to the server, e.g. the office's own certificate authority.
    pub ca_file: Option<PathBuf>,
}

/// A scheduled job of `fazhi serve`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JobConfig {
    /// The job's name, unique in the workspace (`fazhi run-job NAME`).
    pub name: String,
    /// When it fires: a `cron` crate expression (6 or 7 fields, seconds first), read in the
    /// workspace's time zone.
    pub cron: String,
    /// What it does.
    pub kind: JobKind,
    /// Whether a firing on a non-working day is skipped.
    pub skip_non_working_days: bool,
    /// How late a missed firing may still be run once after a restart (default 24 hours).
    pub catch_up_hours: u32,
}

/// What a scheduled job does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub enum JobKind {
    /// Plan and send today's reminders.
    Reminders,
    /// Send each unit leader a digest of the unit's open items.
    WeeklyDigest,
    /// Draft the year-end report.
    ReportDraft,
}

impl JobKind {
    /// The kind's name as written in `fazhi.ron`.
    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::Reminders => "Reminders",
            JobKind::WeeklyDigest => "WeeklyDigest",
            JobKind::ReportDraft => "ReportDraft",
        }
    }
}

fn serialize_tz<S: serde::Serializer>(tz: &Tz, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(tz.name())
}

impl Config {
    /// How `person` is reminded: the person's entry in `channels`, else their unit's, else
    /// by mail.
    pub fn channels_for(&self, person: &crate::Person) -> Vec<ChannelKind> {
        self.channels
            .get(&person.id)
            .or_else(|| self.channels.get(&person.unit))
            .cloned()
            .unwrap_or_else(|| vec![ChannelKind::Email])
    }
}
