use std::net::IpAddr;

use serde::Serialize;

/// The web interface's settings (`web: (…)` in `fazhi.ron`): who may change what, and how
/// sessions and uploads are bounded. Every field has a default, so the section may be left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WebConfig {
    /// The address `fazhi web` listens on when `--listen` is not given (default
    /// `127.0.0.1:8080`).
    pub listen: String,
    /// Whether `listen` is written in `fazhi.ron`: `fazhi serve` then serves the pages too.
    pub listen_declared: bool,
    /// Units (ids) whose people change every task, e.g. the 党政办 that keeps the checklist.
    pub admin_units: Vec<String>,
    /// Roles (as in `org.ron`) whose holders change every task.
    pub admin_roles: Vec<String>,
    /// Roles whose holders see everything and change nothing, not even their own tasks (e.g.
    /// the county office that inspects).
    pub read_only_roles: Vec<String>,
    /// Units (ids) whose people run legality reviews on the 合法性审查 page (e.g. the 司法所).
    pub reviewer_units: Vec<String>,
    /// Roles whose holders run legality reviews (e.g. a 法制审核员).
    pub reviewer_roles: Vec<String>,
    /// Whether the session cookie is marked `Secure` (set it when the pages are served over
    /// https, e.g. behind a reverse proxy).
    pub secure_cookie: bool,
    /// How long a sign-in lasts, in hours (default 8), whatever is done meanwhile.
    pub session_hours: u32,
    /// The largest evidence file accepted, in MiB (default 20).
    pub upload_limit_mb: u32,
    /// Failed sign-ins in a row after which an account is locked (default 10).
    pub max_failed_logins: u32,
    /// How long a locked account stays locked, in minutes (default 15); also how long an
    /// address is refused after too many failed sign-ins from it.
    pub lock_minutes: u32,
    /// Failed sign-ins from one address (whichever accounts they name) within 10 minutes after
    /// which sign-ins from it are refused for `lock_minutes` (default 20).
    pub max_failed_logins_per_address: u32,
    /// The reverse proxies in front of the server: a request from one of them is counted by
    /// the address it forwards for (`X-Forwarded-For`), not by the proxy's (default none).
    pub trusted_proxies: Vec<IpAddr>,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            listen: "127.0.0.1:8080".to_string(),
            listen_declared: false,
            admin_units: Vec::new(),
            admin_roles: Vec::new(),
            read_only_roles: Vec::new(),
            reviewer_units: Vec::new(),
            reviewer_roles: Vec::new(),
            secure_cookie: false,
            session_hours: 8,
            upload_limit_mb: 20,
            max_failed_logins: 10,
            lock_minutes: 15,
            max_failed_logins_per_address: 20,
            trusted_proxies: Vec::new(),
        }
    }
}
