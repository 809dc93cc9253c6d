//! Group robots of 钉钉, 企业微信 and 飞书: a [`Channel`] posting each queued message (the
//! platform's JSON) to the robot's webhook, signed, under the platform's rate limit.

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use fazhi_core::{RobotConfig, RobotPlatform, Workspace};
use serde_json::Value;

use crate::channel::Channel;
use crate::mailer::{BoxFuture, MailError, Outgoing, SendError};
use crate::rate_limiter::RateLimiter;
use crate::signature::{dingtalk_sign, feishu_sign, url_encode};

/// One group robot.
pub struct RobotChannel {
    name: String,
    platform: RobotPlatform,
    url: String,
    token: String,
    secret: Option<String>,
    limiter: RateLimiter,
    agent: ureq::Agent,
}

impl std::fmt::Debug for RobotChannel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The token and the secret are never shown.
        f.debug_struct("RobotChannel").field("name", &self.name).field("platform", &self.platform).finish()
    }
}

/// The answers of the platforms that mean "too many messages, try later": 钉钉 130101 (send too
/// fast), 企业微信 45009 (api freq out of limit), 飞书 9499 and 11232 (frequency limited); and
/// 企业微信 -1 (system busy).
const TRANSIENT_CODES: &[i64] = &[130101, 45009, -1, 9499, 11232];

impl RobotChannel {
    /// A robot posting to `url` with `token` (钉钉 `access_token`, 企业微信 `key`, 飞书 hook id),
    /// signing with `secret` when given, at most `per_minute` messages a minute (飞书: also 5 a
    /// second), each request given up after `timeout`.
    pub fn new(
        name: &str,
        platform: RobotPlatform,
        url: &str,
        token: String,
        secret: Option<String>,
        per_minute: u32,
        timeout: Duration,
    ) -> RobotChannel {
        let mut windows = vec![(per_minute.max(1) as usize, Duration::from_secs(60))];
        if platform == RobotPlatform::Feishu {
            windows.push((5, Duration::from_secs(1)));
        }
        let config = ureq::Agent::config_builder().timeout_global(Some(timeout)).http_status_as_error(false).build();
        RobotChannel {
            name: name.to_string(),
            platform,
            url: url.trim_end_matches('/').to_string(),
            token,
            secret: secret.filter(|secret| !secret.is_empty()),
            limiter: RateLimiter::new(windows),
            agent: config.into(),
        }
    }

    /// The robot's name in fazhi.ron.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The robot, for people: `the 钉钉 robot sfs`.
    pub fn describe(&self) -> String {
        format!("the {} robot {}", self.platform.title(), self.name)
    }

    /// The address and body of one post of `message` (the platform's JSON), signed at `now`.
    fn request(&self, message: &[u8], now: SystemTime) -> Result<(String, Vec<u8>), SendError> {
        let mut body: Value = serde_json::from_slice(message).map_err(|err| SendError {
            message: format!("the queued robot message is not JSON: {err}"),
            permanent: true,
        })?;
        let since = now.duration_since(UNIX_EPOCH).unwrap_or_default();
        let token = url_encode(&self.token);
        let url = match (self.platform, &self.secret) {
            (RobotPlatform::DingTalk, Some(secret)) => {
                let ms = i64::try_from(since.as_millis()).unwrap_or(i64::MAX);
                let sign = url_encode(&dingtalk_sign(secret, ms));
                format!("{}?access_token={token}&timestamp={ms}&sign={sign}", self.url)
            }
            (RobotPlatform::DingTalk, None) => format!("{}?access_token={token}", self.url),
            (RobotPlatform::WeCom, _) => format!("{}?key={token}", self.url),
            (RobotPlatform::Feishu, secret) => {
                if let (Some(secret), Some(object)) = (secret, body.as_object_mut()) {
                    let seconds = i64::try_from(since.as_secs()).unwrap_or(i64::MAX);
                    object.insert("timestamp".into(), Value::String(seconds.to_string()));
                    object.insert("sign".into(), Value::String(feishu_sign(secret, seconds)));
                }
                format!("{}/{token}", self.url)
            }
        };
        let body = serde_json::to_vec(&body).map_err(|err| SendError { message: err.to_string(), permanent: true })?;
        Ok((url, body))
    }

    /// Reads the platform's answer: `errcode` (钉钉, 企业微信) or `code` (飞书) 0 is success.
    fn answer(&self, status: u16, text: &str) -> Result<(), SendError> {
        let parsed: Option<Value> = serde_json::from_str(text).ok();
        let code = parsed.as_ref().and_then(|value| {
            value.get("errcode").or_else(|| value.get("code")).or_else(|| value.get("StatusCode"))?.as_i64()
        });
        let said = parsed
            .as_ref()
            .and_then(|value| value.get("errmsg").or_else(|| value.get("msg")).or_else(|| value.get("StatusMessage")))
            .and_then(Value::as_str)
            .unwrap_or(text.trim());
        let who = format!("{} robot {}", self.platform.title(), self.name);
        match code {
            Some(0) if (200..300).contains(&status) => Ok(()),
            Some(code) => Err(SendError {
                message: format!("{who} answered {code}: {said}"),
                permanent: !TRANSIENT_CODES.contains(&code) && status != 429 && status < 500,
            }),
            None => Err(SendError {
                message: format!("{who} answered HTTP {status}: {}", said.chars().take(200).collect::<String>()),
                permanent: !(status == 429 || status >= 500),
            }),
        }
    }
}

impl Channel for RobotChannel {
    fn send_message<'a>(&'a self, message: &'a Outgoing<'a>) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async move {
            self.limiter.acquire().await;
            let (url, body) = self.request(message.raw, SystemTime::now())?;
            let agent = self.agent.clone();
            // ureq blocks: the post runs on tokio's blocking threads.
            let posted = tokio::task::spawn_blocking(move || {
                let mut response =
                    agent.post(&url).header("Content-Type", "application/json; charset=utf-8").send(&body[..])?;
                let status = response.status().as_u16();
                let text = response.body_mut().read_to_string()?;
                Ok::<_, ureq::Error>((status, text))
            })
            .await
            .map_err(|err| SendError { message: format!("the robot's request stopped: {err}"), permanent: false })?;
            match posted {
                Ok((status, text)) => self.answer(status, &text),
                Err(err) => Err(SendError {
                    message: format!(
                        "{} robot {}: {}",
                        self.platform.title(),
                        self.name,
                        redact(&err.to_string(), &self.token)
                    ),
                    permanent: false,
                }),
            }
        })
    }

    fn describe_target(&self) -> String {
        self.describe()
    }
}

/// `text` without `token` (an error naming the address must not show the credential).
fn redact(text: &str, token: &str) -> String {
    if token.is_empty() {
        text.to_string()
    } else {
        text.replace(token, "***").replace(&url_encode(token), "***")
    }
}

/// A credential of a robot: the environment variable `variable`, else the file `file` (checked as
/// `password_file` is). `None` when neither is set.
fn credential(
    workspace: &Workspace,
    robot: &RobotConfig,
    variable: &str,
    file: Option<&PathBuf>,
    what: &str,
) -> Result<Option<String>, MailError> {
    if let Ok(value) = std::env::var(variable) {
        if !value.is_empty() {
            return Ok(Some(value));
        }
    }
    let Some(file) = file else { return Ok(None) };
    let cannot =
        |reason: String| MailError::Robot(format!("robot \"{}\": cannot read the {what} file: {reason}", robot.name));
    let real = fazhi_core::check_password_file(&workspace.root, file).map_err(cannot)?;
    let text = std::fs::read_to_string(&real).map_err(|err| cannot(format!("{}: {err}", file.display())))?;
    Ok(Some(text.trim_end_matches(['\r', '\n']).to_string()))
}

/// The robots `fazhi.ron` configures, with their token and secret from the environment
/// (`FAZHI_ROBOT_<NAME>_TOKEN`, `FAZHI_ROBOT_<NAME>_SECRET`) or from `token_file` and
/// `secret_file`. A robot without a token is an error.
pub fn configured_robots(workspace: &Workspace) -> Result<Vec<RobotChannel>, MailError> {
    let mut robots = Vec::new();
    for robot in &workspace.config.robots {
        let stem = robot.variable_stem();
        let token = credential(workspace, robot, &format!("{stem}_TOKEN"), robot.token_file.as_ref(), "token")?
            .ok_or_else(|| {
                MailError::Robot(format!(
                    "robot \"{}\" has no token: set {stem}_TOKEN or `token_file` in fazhi.ron",
                    robot.name
                ))
            })?;
        let secret = match robot.platform {
            RobotPlatform::WeCom => None,
            _ => credential(workspace, robot, &format!("{stem}_SECRET"), robot.secret_file.as_ref(), "secret")?,
        };
        robots.push(RobotChannel::new(
            &robot.name,
            robot.platform,
            &robot.url,
            token,
            secret,
            robot.per_minute,
            Duration::from_secs(30),
        ));
    }
    Ok(robots)
}

/// What `fazhi check` says of the credentials the environment and `fazhi.ron` give: an SMTP
/// `user` without a password source, a robot without a token source. Each as (field, value,
/// message), to be placed at `field: "value"` in fazhi.ron.
pub fn missing_credentials(workspace: &Workspace) -> Vec<(&'static str, String, String)> {
    let set = |name: &str| std::env::var_os(name).is_some_and(|value| !value.is_empty());
    let mut problems = Vec::new();
    if let Some(mail) = &workspace.config.mail {
        if let (Some(user), Some(_)) = (&mail.user, &mail.smtp) {
            if !set(crate::PASSWORD_VARIABLE) && !set(crate::PASSWORD_FILE_VARIABLE) && mail.password_file.is_none() {
                problems.push((
                    "user",
                    user.clone(),
                    format!(
                        "SMTP user \"{user}\" has no password: set {} or {}, or name a file with `password_file`",
                        crate::PASSWORD_VARIABLE,
                        crate::PASSWORD_FILE_VARIABLE
                    ),
                ));
            }
        }
    }
    for robot in &workspace.config.robots {
        let stem = robot.variable_stem();
        if !set(&format!("{stem}_TOKEN")) && robot.token_file.is_none() {
            problems.push((
                "name",
                robot.name.clone(),
                format!("robot \"{}\" has no token: set {stem}_TOKEN or name a file with `token_file`", robot.name),
            ));
        }
    }
    problems
}
