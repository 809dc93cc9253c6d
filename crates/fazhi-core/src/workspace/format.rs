//! The shapes of the workspace's RON files, exactly as written. Dates stay strings here so
//! that every bad one can be reported (with its position) after the file has been read.

use serde::Deserialize;

use crate::Action;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "fazhi.ron")]
pub(crate) struct ConfigFile {
    pub organisation: String,
    pub year: i32,
    #[serde(default)]
    pub time_zone: Option<String>,
    #[serde(default)]
    pub storage: Option<String>,
    #[serde(default)]
    pub schema: Option<String>,
    #[serde(default)]
    pub busy_timeout_ms: Option<u64>,
    #[serde(default)]
    pub history: Vec<String>,
    #[serde(default)]
    pub mail: Option<MailEntry>,
    #[serde(default)]
    pub robots: Vec<RobotEntry>,
    #[serde(default)]
    pub channels: std::collections::BTreeMap<String, Vec<crate::ChannelKind>>,
    #[serde(default)]
    pub jobs: Vec<JobEntry>,
    #[serde(default)]
    pub instances: Vec<InstanceEntry>,
    #[serde(default)]
    pub ledger: Vec<LedgerEntry>,
    #[serde(default)]
    pub web: Option<WebEntry>,
    #[serde(default)]
    pub roles: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "web")]
pub(crate) struct WebEntry {
    #[serde(default)]
    pub listen: Option<String>,
    #[serde(default)]
    pub admin_units: Vec<String>,
    #[serde(default)]
    pub admin_roles: Vec<String>,
    #[serde(default)]
    pub read_only_roles: Vec<String>,
    #[serde(default)]
    pub reviewer_units: Vec<String>,
    #[serde(default)]
    pub reviewer_roles: Vec<String>,
    #[serde(default)]
    pub secure_cookie: bool,
    #[serde(default)]
    pub session_hours: Option<u32>,
    #[serde(default)]
    pub upload_limit_mb: Option<u32>,
    #[serde(default)]
    pub max_failed_logins: Option<u32>,
    #[serde(default)]
    pub lock_minutes: Option<u32>,
    #[serde(default)]
    pub max_failed_logins_per_address: Option<u32>,
    #[serde(default)]
    pub trusted_proxies: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "ledger file")]
pub(crate) struct LedgerEntry {
    pub kind: String,
    pub file: String,
    #[serde(default)]
    pub sheet: Option<String>,
    #[serde(default)]
    pub map: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "instance")]
pub(crate) struct InstanceEntry {
    pub workflow: String,
    pub id: String,
    pub data: String,
    pub started: String,
    pub by: String,
    #[serde(default)]
    pub done: Vec<StepEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "step")]
pub(crate) struct StepEntry {
    pub step: String,
    pub at: String,
    #[serde(default)]
    pub by: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "mail")]
pub(crate) struct MailEntry {
    #[serde(default)]
    pub smtp: Option<String>,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub user: Option<String>,
    #[serde(default)]
    pub password_file: Option<String>,
    #[serde(default)]
    pub ca_file: Option<String>,
    /// Never allowed: read only to say where the password belongs instead.
    #[serde(default)]
    pub password: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "robot")]
pub(crate) struct RobotEntry {
    pub name: String,
    pub platform: crate::RobotPlatform,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub units: Vec<String>,
    #[serde(default)]
    pub token_file: Option<String>,
    #[serde(default)]
    pub secret_file: Option<String>,
    #[serde(default)]
    pub per_minute: Option<u32>,
    /// Never allowed: read only to say where the token belongs instead.
    #[serde(default)]
    pub token: Option<String>,
    /// Never allowed: read only to say where the secret belongs instead.
    #[serde(default)]
    pub secret: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "job")]
pub(crate) struct JobEntry {
    pub name: String,
    pub cron: String,
    pub kind: crate::config::JobKind,
    #[serde(default)]
    pub skip_non_working_days: bool,
    #[serde(default)]
    pub catch_up_hours: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "org.ron")]
pub(crate) struct OrgFile {
    pub units: Vec<UnitEntry>,
    pub people: Vec<PersonEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "unit")]
pub(crate) struct UnitEntry {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub leader: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "person")]
pub(crate) struct PersonEntry {
    pub id: String,
    pub name: String,
    pub unit: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub mobile: Option<String>,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub certificate: Option<CertificateEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "certificate")]
pub(crate) struct CertificateEntry {
    pub number: String,
    pub expires: String,
    #[serde(default)]
    pub issued: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "checklist")]
pub(crate) struct ChecklistFile {
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub events: Vec<EventEntry>,
    pub duties: Vec<DutyEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "event")]
pub(crate) struct EventEntry {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub date: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "duty")]
pub(crate) struct DutyEntry {
    pub id: String,
    pub title: String,
    pub module: String,
    pub unit: String,
    pub owner: String,
    #[serde(default)]
    pub cooperating: Vec<String>,
    pub deadline: DeadlineEntry,
    #[serde(default)]
    pub basis: Option<String>,
    #[serde(default)]
    pub detail: Option<String>,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub until: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "deadline")]
pub(crate) enum DeadlineEntry {
    On(String),
    AfterDuty {
        duty: String,
        days: u32,
        #[serde(default)]
        working: bool,
        #[serde(default)]
        counting: Option<crate::Counting>,
    },
    AfterEvent {
        event: String,
        days: u32,
        #[serde(default)]
        working: bool,
        #[serde(default)]
        counting: Option<crate::Counting>,
    },
    BeforeEvent {
        event: String,
        days: u32,
    },
    Monthly {
        day: u32,
    },
    Quarterly {
        month: u32,
        day: u32,
    },
    Yearly {
        month: u32,
        day: u32,
    },
    Cron(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "history entry")]
pub(crate) struct HistoryLine {
    pub task: String,
    pub action: Action,
    pub at: String,
    pub by: String,
    #[serde(default)]
    pub note: Option<String>,
}
