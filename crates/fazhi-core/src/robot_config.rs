use std::path::PathBuf;

use serde::Serialize;

use crate::RobotPlatform;

/// A group robot reminders are posted to (`robots: [(…)]` in `fazhi.ron`). Its credentials
/// are never in `fazhi.ron`: the token (钉钉 `access_token`, 企业微信 `key`, 飞书 hook id) and the
/// signing secret come from the environment variables `FAZHI_ROBOT_<NAME>_TOKEN` and
/// `FAZHI_ROBOT_<NAME>_SECRET`, else from `token_file` and `secret_file` (the same rules as the
/// SMTP `password_file`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RobotConfig {
    /// The robot's name, unique in the workspace (an id).
    pub name: String,
    /// Which platform it is on.
    pub platform: RobotPlatform,
    /// The webhook address without its credential, e.g. `https://oapi.dingtalk.com/robot/send`
    /// (default: the platform's).
    pub url: String,
    /// The units (ids) whose people's reminders it posts; empty: everyone's (a group of the whole
    /// town).
    pub units: Vec<String>,
    /// A file holding the token (absolute, checked like `password_file`).
    pub token_file: Option<PathBuf>,
    /// A file holding the signing secret (absolute, checked like `password_file`).
    pub secret_file: Option<PathBuf>,
    /// At most this many messages per minute (default: the platform's documented limit).
    pub per_minute: u32,
}

impl RobotConfig {
    /// The name as it appears in the environment variables: upper case, `_` for anything but
    /// letters and digits.
    pub fn variable_stem(&self) -> String {
        let name: String =
            self.name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
        format!("FAZHI_ROBOT_{name}")
    }

    /// Whether the robot posts the reminders of people of `unit`.
    pub fn serves(&self, unit: &str) -> bool {
        self.units.is_empty() || self.units.iter().any(|u| u == unit)
    }
}
