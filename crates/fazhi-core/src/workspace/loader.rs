//! Reading and validating a workspace's files, collecting every problem before failing.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;

use super::cache::Cache;
use super::format::{ChecklistFile, ConfigFile, DeadlineEntry, DutyEntry, HistoryLine, OrgFile};
use super::history::History;
use super::schedule::{self, Occurrence};
use super::{Workspace, WORKSPACE_FILE};
use crate::date::{parse_date, parse_date_time};
use crate::{
    Calendar, Certificate, Config, Counting, Deadline, Diagnostic, Duty, Event, HistoryEntry, InstanceSeed, Org,
    Person, Recurrence, SourceFile, Status, StepSeed, Unit, WorkspaceError,
};

/// Where a diagnostic about one entry of a file goes: the file and the offset of the entry's id.
#[derive(Clone, Copy)]
struct Anchor<'s> {
    source: &'s SourceFile,
    offset: usize,
}

impl Anchor<'_> {
    /// A diagnostic at `field: "value"` inside the entry (or the literal alone when `field` is
    /// `None`), falling back to the entry itself.
    fn at(&self, field: Option<&str>, value: &str, message: String) -> Diagnostic {
        let offset = self.source.find_field(field, value, self.offset).unwrap_or(self.offset);
        self.source.diagnostic_at(offset, message)
    }

    fn here(&self, message: String) -> Diagnostic {
        self.source.diagnostic_at(self.offset, message)
    }
}

/// Finds the entries' anchors in order: the `nth` entry's `id: "…"` after the previous one.
fn anchors<'s, 'i>(
    source: &'s SourceFile,
    section: &str,
    field: &str,
    ids: impl Iterator<Item = &'i str>,
) -> Vec<Anchor<'s>> {
    let mut cursor = source.text.find(section).unwrap_or(0);
    ids.map(|id| {
        let offset = source.find_field(Some(field), id, cursor).unwrap_or(cursor);
        cursor = offset + 1;
        Anchor { source, offset }
    })
    .collect()
}

/// The longest `busy_timeout_ms` accepted: an hour. SQLite takes at most `i32::MAX` ms, and a
/// larger value made opening the state panic.
const MAX_BUSY_TIMEOUT_MS: u64 = 3_600_000;

fn is_identifier(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn read(root: &Path, relative: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<SourceFile> {
    SourceFile::read_in(root, relative).map_err(|d| diagnostics.push(d)).ok()
}

/// Whether something is at `path`: a file, a folder, or a symbolic link (even a dangling one,
/// which reading then refuses if it leads out of the workspace).
fn present(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// A name shown to people and put in mail headers: one line of printable text.
fn check_name(name: &str, what: &str, anchor: &Anchor, field: &str, diagnostics: &mut Vec<Diagnostic>) {
    if name.chars().any(char::is_control) {
        let shown = name.escape_debug().to_string();
        let offset = anchor.source.text[anchor.offset..]
            .find(&format!("{field}:"))
            .map_or(anchor.offset, |at| anchor.offset + at);
        diagnostics.push(anchor.source.diagnostic_at(
            offset,
            crate::tr!(
                "{what} \"{shown}\" contains a line break or another control character; write it on one line",
                "{what}“{shown}”含有换行符或其他控制字符；请写在一行内"
            ),
        ));
    }
}

fn parse<T: serde::de::DeserializeOwned>(source: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<T> {
    source.parse_ron().map_err(|d| diagnostics.push(d)).ok()
}

pub(super) fn load(root: &Path) -> Result<Workspace, WorkspaceError> {
    load_leaving_out(root, &HashSet::new())
}

/// Whether a diagnostic is about a checklist file (`checklist/*.ron`): the unit a degraded load
/// leaves out.
fn in_checklist(diagnostic: &Diagnostic) -> bool {
    diagnostic.file.parent() == Some(Path::new("checklist"))
}

/// Loads the workspace leaving out every checklist file with a problem (and any other checklist
/// that then refers to what it defined), if those are all the problems there are; the problems
/// of the files left out are kept in [`Workspace::left_out`]. Any problem in another file (the
/// configuration, org.ron, the history) fails the load as [`load`] does, with every problem
/// the full load found.
pub(super) fn load_available(root: &Path) -> Result<Workspace, WorkspaceError> {
    let mut left_out: HashSet<PathBuf> = HashSet::new();
    let mut reported: Vec<Diagnostic> = Vec::new();
    let mut first = None;
    loop {
        let problems = match load_leaving_out(root, &left_out) {
            Ok(mut workspace) => {
                reported.sort();
                workspace.left_out = reported;
                return Ok(workspace);
            }
            Err(WorkspaceError::Invalid(problems)) => problems,
            Err(err) => return Err(err),
        };
        let first = first.get_or_insert_with(|| problems.clone());
        let files: HashSet<PathBuf> = problems.iter().filter(|d| in_checklist(d)).map(|d| d.file.clone()).collect();
        if !problems.iter().all(in_checklist) || files.is_subset(&left_out) {
            return Err(WorkspaceError::Invalid(std::mem::take(first)));
        }
        left_out.extend(files);
        reported.extend(problems);
    }
}

fn load_leaving_out(root: &Path, left_out: &HashSet<PathBuf>) -> Result<Workspace, WorkspaceError> {
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let mut diagnostics = Vec::new();

    let config = load_config(&root, &mut diagnostics);

    let mut calendar = Calendar::stock();
    if present(&root.join("calendar.ron")) {
        if let Some(source) = read(&root, Path::new("calendar.ron"), &mut diagnostics) {
            match Calendar::parse(&source) {
                Ok(extra) => calendar.extend(extra),
                Err(found) => diagnostics.extend(found),
            }
        }
    }

    let before = diagnostics.len();
    let mut org = load_org(&root, &mut diagnostics);
    org.role_names = config.roles.clone();
    let org_read = diagnostics.len() == before || !org.units.is_empty();
    let names = crate::OrgNames::new(&org);
    let mut config = config;
    if org_read {
        resolve_config_names(&root, &mut config, &org, &names, &mut diagnostics);
    }

    let mut workspace = Workspace {
        root: root.clone(),
        config,
        org,
        events: Vec::new(),
        duties: Vec::new(),
        history: History::default(),
        calendar,
        occurrences: Vec::new(),
        relative_order: Vec::new(),
        task_index: OnceLock::new(),
        key: None,
        from_cache: false,
        left_out: Vec::new(),
    };
    // Everything else comes from the checklists and the history, unless they are cached (never
    // what a load leaving files out made of them).
    let cache =
        if diagnostics.is_empty() && left_out.is_empty() { Cache::open(&root, &workspace.config) } else { None };
    workspace.key = cache.as_ref().map(Cache::key);
    if cache.as_ref().is_some_and(|cache| cache.read_into(&mut workspace)) {
        return Ok(workspace);
    }
    // The history files are read on another core while the checklists are read and checked.
    let history_paths = workspace.config.history.clone();
    std::thread::scope(|scope| {
        let reading = scope.spawn(|| read_history(&root, &history_paths));
        let before = diagnostics.len();
        let checklists = read_checklists(&root, left_out, &mut diagnostics);
        let checklists_read = diagnostics.len() == before;
        let anchors = load_checklists(&mut workspace, &checklists, org_read, &mut diagnostics);
        order_relative(&mut workspace, &anchors, &mut diagnostics);
        expand_occurrences(&mut workspace);
        check_calendar_range(&workspace, &anchors, &mut diagnostics);
        let history = reading.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let skip_unknown_tasks = !left_out.is_empty();
        load_history(&mut workspace, history, org_read && checklists_read, skip_unknown_tasks, &mut diagnostics);
    });

    if diagnostics.is_empty() {
        if let Some(cache) = cache {
            cache.write(&workspace);
        }
        Ok(workspace)
    } else {
        diagnostics.sort();
        diagnostics.dedup();
        Err(WorkspaceError::Invalid(diagnostics))
    }
}

fn load_config(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Config {
    let mut config = Config {
        organisation: String::new(),
        year: 2024,
        time_zone: chrono_tz::Asia::Shanghai,
        storage: root.join(".fazhi/state.db"),
        database: None,
        schema: None,
        busy_timeout: Duration::from_secs(5),
        history: Vec::new(),
        mail: None,
        robots: Vec::new(),
        channels: std::collections::BTreeMap::new(),
        jobs: Vec::new(),
        instances: Vec::new(),
        ledger: Vec::new(),
        web: crate::WebConfig::default(),
        roles: Default::default(),
    };
    let Some(source) = read(root, Path::new(WORKSPACE_FILE), diagnostics) else { return config };
    let Some(file) = parse::<ConfigFile>(&source, diagnostics) else { return config };
    let top = Anchor { source: &source, offset: 0 };
    check_name(&file.organisation, "the organisation's name", &top, "organisation", diagnostics);
    config.organisation = file.organisation;
    config.year = file.year;
    config.roles = file.roles;
    if !(1949..=2200).contains(&file.year) {
        diagnostics.push(source.diagnostic_at(source.text.find("year").unwrap_or(0), {
            let year = file.year;
            crate::tr!("year {year} is not a plausible working year", "year {year} 不是合理的工作年度")
        }));
    }
    if let Some(zone) = file.time_zone {
        match zone.parse::<Tz>() {
            Ok(tz) => config.time_zone = tz,
            Err(_) => diagnostics.push(top.at(
                Some("time_zone"),
                &zone,
                crate::tr!(
                    "unknown time zone \"{zone}\" (use an IANA name such as \"Asia/Shanghai\")",
                    "未知的时区“{zone}”（请用 IANA 名称，如 \"Asia/Shanghai\"）"
                ),
            )),
        }
    }
    match file.storage {
        Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => config.database = Some(url),
        Some(storage) => config.storage = root.join(storage),
        None => {}
    }
    config.schema = file.schema;
    if let Some(ms) = file.busy_timeout_ms {
        if ms > MAX_BUSY_TIMEOUT_MS {
            diagnostics.push(source.diagnostic_at(
                source.find_value_of("busy_timeout_ms").unwrap_or(0),
                format!("busy_timeout_ms: {ms} is longer than an hour ({MAX_BUSY_TIMEOUT_MS})"),
            ));
        } else {
            config.busy_timeout = Duration::from_millis(ms);
        }
    }
    let mut cursor = source.text.find("ledger").unwrap_or(0);
    // Each file (and sheet) once: a second entry would import the same rows again.
    let mut declared: HashMap<(String, String, Option<String>), usize> = HashMap::new();
    let mut repeated = HashSet::new();
    for entry in file.ledger {
        let offset = source.find_field(Some("kind"), &entry.kind, cursor).unwrap_or(cursor);
        cursor = offset + 1;
        let (line, column) = source.line_column(offset);
        let key = (entry.kind.clone(), entry.file.clone(), entry.sheet.clone());
        if let Some(&first) = declared.get(&key) {
            // Said once per file, at its second entry.
            if repeated.insert(key) {
                diagnostics.push(source.diagnostic_at(offset, {
                    let file = &entry.file;
                    crate::tr!(
                        "ledger file \"{file}\" is declared twice (first at line {first})",
                        "台账文件“{file}”声明了两次（第一次在第 {first} 行）"
                    )
                }));
            }
            continue;
        }
        declared.insert(key, line);
        let anchor = Anchor { source: &source, offset };
        match crate::resolve_inside(root, Path::new(&entry.file)) {
            Err(outside) => diagnostics.push(anchor.at(Some("file"), &entry.file, format!("ledger file: {outside}"))),
            Ok(real) if !real.is_file() => diagnostics.push(anchor.at(Some("file"), &entry.file, {
                let file = &entry.file;
                crate::tr!("ledger file \"{file}\" does not exist", "台账文件“{file}”不存在")
            })),
            Ok(_) => {}
        }
        config.ledger.push(crate::LedgerSeed {
            line,
            column,
            kind: entry.kind,
            file: PathBuf::from(entry.file),
            sheet: entry.sheet,
            map: entry.map,
        });
    }
    for history in file.history {
        match crate::resolve_inside(root, Path::new(&history)) {
            Err(outside) => diagnostics.push(top.at(None, &history, format!("history file: {outside}"))),
            Ok(real) if !real.is_file() => diagnostics.push(top.at(
                None,
                &history,
                crate::tr!("history file \"{history}\" does not exist", "办理记录文件“{history}”不存在"),
            )),
            Ok(_) => {}
        }
        config.history.push(PathBuf::from(history));
    }
    if let Some(mail) = file.mail {
        if let Some(password) = &mail.password {
            let offset = source.find_field(Some("password"), password, 0).unwrap_or(0);
            diagnostics.push(source.diagnostic_at(
                offset,
                "the SMTP password must not be in fazhi.ron: set the environment variable FAZHI_SMTP_PASSWORD \
                 or name a file with `password_file`",
            ));
        }
        if let Some(url) = &mail.smtp {
            match crate::SmtpUrl::parse(url) {
                Err(message) => diagnostics.push(top.at(
                    Some("smtp"),
                    url,
                    crate::tr!("malformed SMTP URL \"{url}\": {message}", "SMTP 地址“{url}”格式有误：{message}"),
                )),
                Ok(parsed) if mail.user.is_some() => {
                    if let Err(message) = parsed.check_login() {
                        diagnostics.push(top.at(
                            Some("smtp"),
                            url,
                            crate::tr!(
                                "SMTP URL \"{url}\" with a `user`: {message}",
                                "SMTP 地址“{url}”与 `user` 同用：{message}"
                            ),
                        ));
                    }
                }
                Ok(_) => {}
            }
        }
        let password_file = match mail.password_file {
            Some(file) => match crate::check_password_file(root, Path::new(&file)) {
                Ok(real) => Some(real),
                Err(message) => {
                    diagnostics.push(top.at(Some("password_file"), &file, message));
                    None
                }
            },
            None => None,
        };
        let ca_file = match mail.ca_file {
            Some(file) => {
                let tls = mail.smtp.as_deref().map(crate::SmtpUrl::parse).map(|url| url.map(|url| url.security));
                match (tls, crate::check_ca_file(root, Path::new(&file))) {
                    (None, _) => {
                        diagnostics.push(top.at(
                            Some("ca_file"),
                            &file,
                            "`ca_file` without `smtp`: nothing would use it".to_string(),
                        ));
                        None
                    }
                    (Some(Ok(crate::SmtpSecurity::Plain)), _) => {
                        diagnostics.push(top.at(
                            Some("ca_file"),
                            &file,
                            "`ca_file` is for a TLS connection, but the SMTP URL is plain smtp://: use smtps:// or \
                             smtp://…?tls=required"
                                .to_string(),
                        ));
                        None
                    }
                    (_, Err(message)) => {
                        diagnostics.push(top.at(Some("ca_file"), &file, message));
                        None
                    }
                    (_, Ok(real)) => Some(real),
                }
            }
            None => None,
        };
        let from = mail.from.unwrap_or_else(|| "fazhi@localhost".to_string());
        if from.contains(['\r', '\n']) || !from.split_once('@').is_some_and(|(n, d)| !n.is_empty() && !d.is_empty()) {
            diagnostics.push(top.at(Some("from"), &from, {
                let from = from.escape_debug();
                crate::tr!("`from` \"{from}\" is not a mail address", "`from`“{from}”不是邮箱地址")
            }));
        }
        config.mail =
            Some(crate::config::MailConfig { smtp: mail.smtp, from, user: mail.user, password_file, ca_file });
    }
    config.robots = load_robots(root, file.robots, &source, diagnostics);
    config.channels = file.channels;
    if let Some(web) = file.web {
        config.web = load_web(web, &top, diagnostics);
    }
    let mut names = HashSet::new();
    for job in file.jobs {
        if !is_identifier(&job.name) || !names.insert(job.name.clone()) {
            let name = &job.name;
            let problem = match is_identifier(name) {
                true => crate::tr!("job name \"{name}\" is declared twice", "作业名称“{name}”声明了两次"),
                false => crate::tr!("job name \"{name}\" is not a valid id", "作业名称“{name}”不是有效的编号"),
            };
            diagnostics.push(top.at(Some("name"), name, problem));
        }
        if let Err(message) = check_cron(&job.cron) {
            diagnostics.push(top.at(Some("cron"), &job.cron, message));
        }
        config.jobs.push(crate::config::JobConfig {
            name: job.name,
            cron: job.cron,
            kind: job.kind,
            skip_non_working_days: job.skip_non_working_days,
            catch_up_hours: job.catch_up_hours.unwrap_or(24),
        });
    }
    let mut cursor = source.text.find("instances").unwrap_or(0);
    for entry in file.instances {
        let offset = source.find_field(Some("id"), &entry.id, cursor).unwrap_or(cursor);
        cursor = offset + 1;
        let anchor = Anchor { source: &source, offset };
        if !is_identifier(&entry.id) {
            diagnostics.push(anchor.here({
                let id = &entry.id;
                crate::tr!(
                    "instance id \"{id}\" may only contain ASCII letters, digits, '-' and '_'",
                    "实例编号“{id}”只能用半角字母、数字、'-' 和 '_'"
                )
            }));
        }
        match crate::resolve_inside(root, Path::new(&entry.data)) {
            Err(outside) => diagnostics.push(anchor.at(Some("data"), &entry.data, format!("dossier: {outside}"))),
            Ok(real) if !real.is_file() => diagnostics.push(anchor.at(Some("data"), &entry.data, {
                let data = &entry.data;
                crate::tr!("dossier \"{data}\" does not exist", "卷宗“{data}”不存在")
            })),
            Ok(_) => {}
        }
        let mut time = |field: &str, text: &str| {
            parse_date_time(text).map_err(|message| diagnostics.push(anchor.at(Some(field), text, message))).ok()
        };
        let started = time("started", &entry.started);
        let done: Vec<StepSeed> = entry
            .done
            .into_iter()
            .filter_map(|step| {
                let at = time("at", &step.at)?;
                Some(StepSeed { step: step.step, at, by: step.by, note: step.note })
            })
            .collect();
        if let Some(started) = started {
            config.instances.push(InstanceSeed {
                workflow: entry.workflow,
                id: entry.id,
                data: PathBuf::from(entry.data),
                started,
                by: entry.by,
                done,
            });
        }
    }
    config
}

/// The `web` section: each bound checked here; its units are checked against the org by
/// [`check_web_units`].
fn load_web(web: super::format::WebEntry, top: &Anchor, diagnostics: &mut Vec<Diagnostic>) -> crate::WebConfig {
    let defaults = crate::WebConfig::default();
    let mut bounded = |field: &str, value: Option<u32>, range: std::ops::RangeInclusive<u32>, default: u32| {
        let Some(value) = value else { return default };
        if !range.contains(&value) {
            diagnostics.push(top.at(Some(field), &value.to_string(), {
                let (low, high) = (range.start(), range.end());
                crate::tr!(
                    "web `{field}` is {value}; it must be from {low} to {high}",
                    "web 的 `{field}` 为 {value}；须在 {low} 到 {high} 之间"
                )
            }));
        }
        value
    };
    let session_hours = bounded("session_hours", web.session_hours, 1..=720, defaults.session_hours);
    let upload_limit_mb = bounded("upload_limit_mb", web.upload_limit_mb, 1..=1024, defaults.upload_limit_mb);
    let max_failed_logins = bounded("max_failed_logins", web.max_failed_logins, 1..=1000, defaults.max_failed_logins);
    let lock_minutes = bounded("lock_minutes", web.lock_minutes, 1..=10080, defaults.lock_minutes);
    let per_address = bounded(
        "max_failed_logins_per_address",
        web.max_failed_logins_per_address,
        1..=100_000,
        defaults.max_failed_logins_per_address,
    );
    let mut trusted_proxies = Vec::new();
    for text in &web.trusted_proxies {
        match text.trim().parse::<std::net::IpAddr>() {
            Ok(address) => trusted_proxies.push(address),
            Err(_) => diagnostics.push(top.at(
                None,
                text,
                crate::tr!(
                    "web `trusted_proxies` entry \"{text}\" is not an IP address such as \"127.0.0.1\" or \"::1\"",
                    "web 的 `trusted_proxies` 中“{text}”不是 IP 地址（如 \"127.0.0.1\" 或 \"::1\"）"
                ),
            )),
        }
    }
    let listen_declared = web.listen.is_some();
    let listen = web.listen.unwrap_or(defaults.listen);
    if listen.parse::<std::net::SocketAddr>().is_err() {
        diagnostics.push(top.at(
            Some("listen"),
            &listen,
            crate::tr!(
                "web `listen` \"{listen}\" is not an address and port such as \"127.0.0.1:8080\"",
                "web 的 `listen`“{listen}”不是地址和端口（如 \"127.0.0.1:8080\"）"
            ),
        ));
    }
    crate::WebConfig {
        listen,
        listen_declared,
        admin_units: web.admin_units,
        admin_roles: web.admin_roles,
        read_only_roles: web.read_only_roles,
        reviewer_units: web.reviewer_units,
        reviewer_roles: web.reviewer_roles,
        secure_cookie: web.secure_cookie,
        session_hours,
        upload_limit_mb,
        max_failed_logins,
        lock_minutes,
        max_failed_logins_per_address: per_address,
        trusted_proxies,
    }
}

/// The units and people `fazhi.ron` names — the `web` section's units, the robots' units, the
/// keys of `channels`, who started and completed the recorded instances — each resolved to its
/// id ([`crate::OrgNames`]: an id or a unique name), and each unit a `channels` entry reaches
/// by robot served by a robot.
fn resolve_config_names(
    root: &Path,
    config: &mut Config,
    org: &crate::Org,
    names: &crate::OrgNames,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // (value as written, the section it is searched after, message)
    let mut problems: Vec<(String, &str, String)> = Vec::new();
    let units = |section: &'static str, field: &str, list: &mut Vec<String>, problems: &mut Vec<_>| {
        for unit in list.iter_mut() {
            match names.unit(unit) {
                Ok(id) => *unit = id.to_string(),
                Err(err) => problems.push((unit.clone(), section, format!("{field} names {}", err.describe("unit")))),
            }
        }
    };
    units("web", "web `admin_units`", &mut config.web.admin_units, &mut problems);
    units("web", "web `reviewer_units`", &mut config.web.reviewer_units, &mut problems);
    for robot in &mut config.robots {
        let what = format!("robot \"{}\"", robot.name);
        for unit in robot.units.iter_mut() {
            match names.unit(unit) {
                Ok(id) => *unit = id.to_string(),
                Err(err) => problems.push((unit.clone(), "robots", format!("{what} serves {}", err.describe("unit")))),
            }
        }
    }
    let channels = std::mem::take(&mut config.channels);
    for (written, kinds) in channels {
        let (id, is_person) = match names.person_or_unit(&written) {
            Ok(found) => found,
            Err(err @ crate::NameError::Ambiguous { .. }) => {
                problems.push((
                    written.clone(),
                    "channels",
                    format!("`channels` names {}", err.describe("person or unit")),
                ));
                continue;
            }
            Err(err) => {
                problems.push((written.clone(), "channels", {
                    let suggestion = err.suggestion();
                    crate::tr!(
                        "`channels` names \"{written}\", neither a person nor a unit of org.ron{suggestion}",
                        "`channels` 写的“{written}”既不是 org.ron 中的人员，也不是单位{suggestion}"
                    )
                }));
                continue;
            }
        };
        let unit = if is_person { org.person(id).map(|p| p.unit.clone()) } else { Some(id.to_string()) };
        let unit = unit.unwrap_or_default();
        if kinds.is_empty() {
            problems.push((
                written.clone(),
                "channels",
                crate::tr!(
                    "`channels` of \"{written}\" is empty: they would get no reminder",
                    "“{written}”的 `channels` 为空：将收不到任何提醒"
                ),
            ));
        }
        if kinds.contains(&crate::ChannelKind::Robot) && !config.robots.iter().any(|r| r.serves(&unit)) {
            problems.push((
                written.clone(),
                "channels",
                crate::tr!(
                    "`channels` of \"{written}\" asks for Robot, but no robot serves unit \"{unit}\"",
                    "“{written}”的 `channels` 要用 Robot，但没有机器人服务于单位“{unit}”"
                ),
            ));
        }
        config.channels.insert(id.to_string(), kinds);
    }
    for instance in &mut config.instances {
        match names.person(&instance.by) {
            Ok(id) => instance.by = id.to_string(),
            Err(err) => problems.push((instance.by.clone(), "instances", {
                let (id, problem) = (&instance.id, err.describe("person"));
                crate::tr!("instance \"{id}\": `by` names {problem}", "实例“{id}”：`by` 写的{problem}")
            })),
        }
        for step in &mut instance.done {
            let Some(by) = &mut step.by else { continue };
            match names.person(by) {
                Ok(id) => *by = id.to_string(),
                Err(err) => problems.push((by.clone(), "instances", {
                    let (id, step, problem) = (&instance.id, &step.step, err.describe("person"));
                    crate::tr!(
                        "instance \"{id}\", step \"{step}\": `by` names {problem}",
                        "实例“{id}”步骤“{step}”：`by` 写的{problem}"
                    )
                })),
            }
        }
    }
    if problems.is_empty() {
        return;
    }
    let Some(source) = read(root, Path::new(WORKSPACE_FILE), diagnostics) else { return };
    for (value, section, message) in problems {
        let top = Anchor { source: &source, offset: source.text.find(section).unwrap_or(0) };
        diagnostics.push(top.at(None, &value, message));
    }
}

/// Checks a cron expression the way `fazhi serve` reads it.
fn check_cron(expression: &str) -> Result<(), String> {
    match expression.parse::<cron::Schedule>() {
        Ok(_) => Ok(()),
        Err(err) => {
            let fields = expression.split_whitespace().count();
            if fields == 5 && !expression.trim_start().starts_with('@') {
                return Err(crate::tr!(
                    "invalid cron expression \"{expression}\": it has 5 fields like a Unix crontab, but fazhi's \
                     cron wants 6 or 7, seconds first (e.g. \"0 0 8 * * Mon-Fri\" for 08:00 on weekdays)",
                    "cron 表达式“{expression}”无效：它像 Unix crontab 一样有 5 项，而 fazhi 的 cron 要 6 或 7 项，\
                     秒在最前（如 \"0 0 8 * * Mon-Fri\" 表示工作日 8:00）"
                ));
            }
            // The cron crate repeats the expression with a caret; keep its last line, the reason.
            let text = err.to_string();
            let reason = text.lines().last().unwrap_or_default().trim();
            Err(crate::tr!(
                "invalid cron expression \"{expression}\": {reason} (6 or 7 fields, seconds first, e.g. \
                 \"0 0 8 * * Mon-Fri\")",
                "cron 表达式“{expression}”无效：{reason}（6 或 7 项，秒在最前，如 \"0 0 8 * * Mon-Fri\"）"
            ))
        }
    }
}

/// The organisation alone, or every problem of `org.ron`.
pub(super) fn load_org_only(root: &Path) -> Result<Org, WorkspaceError> {
    let mut diagnostics = Vec::new();
    let org = load_org(root, &mut diagnostics);
    if diagnostics.is_empty() {
        Ok(org)
    } else {
        Err(WorkspaceError::Invalid(diagnostics))
    }
}

fn load_org(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Org {
    let mut org = Org::default();
    let path = Path::new("org.ron");
    let Some(source) = read(root, path, diagnostics) else { return org };
    let Some(file) = parse::<OrgFile>(&source, diagnostics) else { return org };
    let unit_anchors = anchors(&source, "units", "id", file.units.iter().map(|u| u.id.as_str()));
    let person_anchors = anchors(&source, "people", "id", file.people.iter().map(|p| p.id.as_str()));

    // Leaders and people's units may be written by id or by name: resolved against the
    // units and people as written.
    let names = crate::OrgNames::new(&Org {
        units: file.units.iter().map(|u| Unit { id: u.id.clone(), name: u.name.clone(), leader: None }).collect(),
        people: file
            .people
            .iter()
            .map(|p| Person {
                id: p.id.clone(),
                name: p.name.clone(),
                unit: p.unit.clone(),
                email: String::new(),
                mobile: None,
                roles: Vec::new(),
                certificate: None,
            })
            .collect(),
        role_names: Default::default(),
    });

    let mut seen = HashSet::new();
    for (unit, anchor) in file.units.iter().zip(&unit_anchors) {
        check_id(&unit.id, "unit", &mut seen, anchor, diagnostics);
        let leader = unit.leader.as_ref().and_then(|leader| match names.person(leader) {
            Ok(id) => Some(id.to_string()),
            Err(err) => {
                diagnostics.push(anchor.at(
                    Some("leader"),
                    leader,
                    match &err {
                        crate::NameError::Unknown { .. } => {
                            let (unit, suggestion) = (&unit.id, err.suggestion());
                            crate::tr!(
                                "unit \"{unit}\" has leader \"{leader}\", who is not among the people of org.ron{suggestion}",
                                "单位“{unit}”的负责人“{leader}”不在 org.ron 的人员中{suggestion}"
                            )
                        }
                        crate::NameError::Ambiguous { .. } => {
                            let (unit, problem) = (&unit.id, err.describe("person"));
                            crate::tr!("unit \"{unit}\": its leader {problem}", "单位“{unit}”：负责人{problem}")
                        }
                    },
                ));
                None
            }
        });
        check_name(&unit.name, &format!("unit \"{}\": the name", unit.id), anchor, "name", diagnostics);
        org.units.push(Unit { id: unit.id.clone(), name: unit.name.clone(), leader });
    }

    let mut seen = HashSet::new();
    for (person, anchor) in file.people.iter().zip(&person_anchors) {
        check_id(&person.id, "person", &mut seen, anchor, diagnostics);
        let unit = match names.unit(&person.unit) {
            Ok(id) => id.to_string(),
            Err(err) => {
                diagnostics.push(anchor.at(
                    Some("unit"),
                    &person.unit,
                    format!("person \"{}\" belongs to {}", person.id, err.describe("unit")),
                ));
                person.unit.clone()
            }
        };
        check_name(&person.name, &format!("person \"{}\": the name", person.id), anchor, "name", diagnostics);
        // No address (a person added from a staff list without one): no reminder mail.
        let email_ok = person.email.is_empty()
            || person.email.split_once('@').is_some_and(|(name, domain)| {
                !name.is_empty() && domain.contains('.') && !person.email.contains(char::is_whitespace)
            });
        if !email_ok {
            diagnostics.push(anchor.at(Some("email"), &person.email, {
                let (id, email) = (&person.id, &person.email);
                crate::tr!(
                    "person \"{id}\" has an invalid email address \"{email}\"",
                    "人员“{id}”的邮箱地址“{email}”无效"
                )
            }));
        }
        let certificate = person.certificate.as_ref().and_then(|certificate| {
            let issued = match certificate.issued.as_deref().map(parse_date) {
                Some(Ok(issued)) => Some(issued),
                Some(Err(message)) => {
                    diagnostics.push(anchor.at(Some("issued"), certificate.issued.as_deref().unwrap_or(""), message));
                    None
                }
                None => None,
            };
            match parse_date(&certificate.expires) {
                Ok(expires) if issued.is_some_and(|issued| issued > expires) => {
                    diagnostics.push(anchor.at(
                        Some("issued"),
                        certificate.issued.as_deref().unwrap_or(""),
                        format!("person \"{}\": the certificate is issued after it expires ({expires})", person.id),
                    ));
                    None
                }
                Ok(expires) => Some(Certificate { number: certificate.number.clone(), expires, issued }),
                Err(message) => {
                    diagnostics.push(anchor.at(Some("expires"), &certificate.expires, message));
                    None
                }
            }
        });
        org.people.push(Person {
            id: person.id.clone(),
            name: person.name.clone(),
            unit,
            email: person.email.clone(),
            mobile: person.mobile.clone(),
            roles: person.roles.clone(),
            certificate,
        });
    }
    org
}

fn check_id<'a>(
    id: &'a str,
    what: &str,
    seen: &mut HashSet<&'a str>,
    anchor: &Anchor,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let word = crate::name_error::what_word(what);
    if !is_identifier(id) {
        diagnostics.push(anchor.here(crate::tr!(
            "{what} id \"{id}\" may only contain ASCII letters, digits, '-' and '_'",
            "{word}编号“{id}”只能用半角字母、数字、'-' 和 '_'"
        )));
    }
    if !seen.insert(id) {
        diagnostics.push(anchor.here(crate::tr!("duplicate {what} id \"{id}\"", "{word}编号“{id}”重复")));
    }
}

/// The checklist files in name order, read and parsed.
fn read_checklists(
    root: &Path,
    left_out: &HashSet<PathBuf>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(SourceFile, ChecklistFile)> {
    SourceFile::folder_paths(root, "checklist", "ron")
        .into_iter()
        .map(|path| path.strip_prefix(root).unwrap_or(&path).to_path_buf())
        .filter(|shown| !left_out.contains(shown))
        .map(|shown| SourceFile::read_in(root, &shown))
        .filter_map(|read| {
            let source = read.map_err(|d| diagnostics.push(d)).ok()?;
            let file = match super::quick::checklist(&source.text) {
                Some(file) => file,
                None => parse::<ChecklistFile>(&source, diagnostics)?,
            };
            Some((source, file))
        })
        .collect()
}

/// Builds events and duties, checking everything that one duty can be checked for alone.
/// Returns each duty's anchor, parallel to `workspace.duties`.
fn load_checklists<'s>(
    workspace: &mut Workspace,
    checklists: &'s [(SourceFile, ChecklistFile)],
    org_read: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Anchor<'s>> {
    let mut duty_anchors = Vec::new();
    let mut seen_events = HashSet::new();
    let mut seen_duties = HashSet::new();
    // Looked up for every duty: an index, not scans of the organisation.
    let names = crate::OrgNames::new(&workspace.org);
    for (source, file) in checklists {
        let year = file.year.unwrap_or(workspace.config.year);
        let event_anchors = anchors(source, "events", "id", file.events.iter().map(|e| e.id.as_str()));
        for (event, anchor) in file.events.iter().zip(event_anchors) {
            check_id(&event.id, "event", &mut seen_events, &anchor, diagnostics);
            let date = event.date.as_ref().and_then(|text| {
                parse_date(text).map_err(|message| diagnostics.push(anchor.at(Some("date"), text, message))).ok()
            });
            workspace.events.push(Event { id: event.id.clone(), name: event.name.clone(), date });
        }
        let anchors = anchors(source, "duties", "id", file.duties.iter().map(|d| d.id.as_str()));
        for (entry, anchor) in file.duties.iter().zip(anchors) {
            check_id(&entry.id, "duty", &mut seen_duties, &anchor, diagnostics);
            let known = Known { names: &names, events: &seen_events, org_read };
            let duty = load_duty(entry, year, &source.path, &anchor, &known, diagnostics);
            workspace.duties.push(duty);
            duty_anchors.push(anchor);
        }
    }
    duty_anchors
}

/// What a duty may refer to: the organisation's ids and the events read so far.
struct Known<'k, 'e> {
    names: &'k crate::OrgNames,
    events: &'k HashSet<&'e str>,
    /// Whether org.ron was read: if not, references to it are not checked.
    org_read: bool,
}

fn load_duty(
    entry: &DutyEntry,
    year: i32,
    file: &Path,
    anchor: &Anchor,
    known: &Known,
    diagnostics: &mut Vec<Diagnostic>,
) -> Duty {
    let id = &entry.id;
    // Units and people by id or name, resolved to ids. With org.ron unreadable, every reference
    // would be "unknown": report the real problem only.
    let mut unit = entry.unit.clone();
    let mut owner = entry.owner.clone();
    let mut cooperating = entry.cooperating.clone();
    if known.org_read {
        match known.names.unit(&entry.unit) {
            Ok(found) if found == unit => {}
            Ok(found) => unit = found.to_string(),
            Err(err) => diagnostics.push(anchor.at(Some("unit"), &entry.unit, duty_names(id, &err.describe("unit")))),
        }
        for unit in &mut cooperating {
            match known.names.unit(unit) {
                Ok(found) if found == unit.as_str() => {}
                Ok(found) => *unit = found.to_string(),
                Err(err) => diagnostics.push(anchor.at(None, unit, duty_names(id, &err.describe("cooperating unit")))),
            }
        }
        match known.names.person(&entry.owner) {
            Ok(found) if found == owner => {}
            Ok(found) => owner = found.to_string(),
            Err(err) => {
                diagnostics.push(anchor.at(Some("owner"), &entry.owner, duty_names(id, &err.describe("owner"))))
            }
        }
    }
    if entry.title.trim().is_empty() {
        diagnostics.push(anchor.here(crate::tr!("duty \"{id}\" has an empty title", "职责“{id}”没有标题")));
    }
    if !is_identifier(&entry.module) {
        diagnostics.push(anchor.at(Some("module"), &entry.module, {
            let module = &entry.module;
            crate::tr!("duty \"{id}\" has an invalid module id \"{module}\"", "职责“{id}”的模块编号“{module}”无效")
        }));
    }

    let mut date = |field: &str, text: &str| {
        parse_date(text).map_err(|message| diagnostics.push(anchor.at(Some(field), text, message))).ok()
    };
    let from = entry.from.as_deref().and_then(|text| date("from", text));
    let until = entry.until.as_deref().and_then(|text| date("until", text));
    let deadline = match &entry.deadline {
        DeadlineEntry::On(text) => match parse_date(text) {
            Ok(date) => Deadline::On(date),
            Err(message) => {
                diagnostics.push(anchor.at(None, text, message));
                Deadline::On(NaiveDate::MIN)
            }
        },
        DeadlineEntry::AfterDuty { duty, days, working, counting } => {
            let counting = counting_of(id, *working, *counting, anchor, diagnostics);
            Deadline::AfterDuty { duty: duty.clone(), days: *days, counting }
        }
        DeadlineEntry::AfterEvent { event, days, working, counting } => {
            if !known.events.contains(event.as_str()) {
                diagnostics.push(anchor.at(
                    Some("event"),
                    event,
                    crate::tr!(
                        "duty \"{id}\" counts from unknown event \"{event}\"",
                        "职责“{id}”从未知的事件“{event}”起算"
                    ),
                ));
            }
            let counting = counting_of(id, *working, *counting, anchor, diagnostics);
            Deadline::AfterEvent { event: event.clone(), days: *days, counting }
        }
        DeadlineEntry::BeforeEvent { event, days } => {
            if !known.events.contains(event.as_str()) {
                diagnostics.push(anchor.at(
                    Some("event"),
                    event,
                    crate::tr!(
                        "duty \"{id}\" counts back from unknown event \"{event}\"",
                        "职责“{id}”从未知的事件“{event}”倒算"
                    ),
                ));
            }
            Deadline::BeforeEvent { event: event.clone(), days: *days }
        }
        DeadlineEntry::Monthly { day } => {
            check_day(id, 1, *day, anchor, diagnostics);
            Deadline::Every(Recurrence::Monthly { day: *day })
        }
        DeadlineEntry::Quarterly { month, day } => {
            if !(1..=3).contains(month) {
                diagnostics.push(anchor.here(crate::tr!(
                    "duty \"{id}\": a quarterly deadline's month is 1, 2 or 3 (the month within the quarter), not {month}",
                    "职责“{id}”：按季度的期限，月份是 1、2 或 3（季度中的第几个月），不是 {month}"
                )));
            }
            check_day(id, 1, *day, anchor, diagnostics);
            Deadline::Every(Recurrence::Quarterly { month: *month, day: *day })
        }
        DeadlineEntry::Yearly { month, day } => {
            check_day(id, *month, *day, anchor, diagnostics);
            Deadline::Every(Recurrence::Yearly { month: *month, day: *day })
        }
        DeadlineEntry::Cron(expression) => {
            if let Err(message) = schedule::parse_cron(expression) {
                diagnostics.push(anchor.at(None, expression, format!("duty \"{id}\": {message}")));
            }
            Deadline::Every(Recurrence::Cron(expression.clone()))
        }
    };
    let recurring = matches!(deadline, Deadline::Every(_));
    if !recurring && (from.is_some() || until.is_some()) {
        diagnostics.push(anchor.here(crate::tr!(
            "duty \"{id}\": `from` and `until` only apply to recurring deadlines",
            "职责“{id}”：`from` 和 `until` 只用于周期性的期限"
        )));
    }
    if let (Some(from), Some(until)) = (from, until) {
        if from > until {
            diagnostics.push(anchor.at(
                Some("from"),
                &from.to_string(),
                crate::tr!(
                    "duty \"{id}\": `from` {from} is after `until` {until}",
                    "职责“{id}”：`from` {from} 晚于 `until` {until}"
                ),
            ));
        }
    }
    Duty {
        id: id.clone(),
        title: entry.title.clone(),
        module: entry.module.clone(),
        unit,
        owner,
        cooperating,
        deadline,
        basis: entry.basis.clone(),
        detail: entry.detail.clone(),
        year,
        from,
        until,
        file: file.to_path_buf(),
    }
}

/// How a relative deadline counts its days: `counting` when given, else `working: true` as
/// working days, else calendar days (rolled forward past a holiday, 《民法典》第二百零三条).
/// `working: true` with another counting is a contradiction.
fn counting_of(
    id: &str,
    working: bool,
    counting: Option<Counting>,
    anchor: &Anchor,
    diagnostics: &mut Vec<Diagnostic>,
) -> Counting {
    match (working, counting) {
        (false, None) => Counting::CalendarDays,
        (true, None) => Counting::WorkingDays,
        (_, Some(Counting::WorkingDays)) => Counting::WorkingDays,
        (false, Some(counting)) => counting,
        (true, Some(counting)) => {
            diagnostics.push(anchor.here(format!(
                "duty \"{id}\": `working: true` counts working days, but `counting: {counting}` says otherwise; write one of them"
            )));
            counting
        }
    }
}

/// Checks that `day` exists in `month` in some year (29 February is allowed).
fn check_day(id: &str, month: u32, day: u32, anchor: &Anchor, diagnostics: &mut Vec<Diagnostic>) {
    if !(1..=12).contains(&month) {
        diagnostics
            .push(anchor.here(crate::tr!("duty \"{id}\": there is no month {month}", "职责“{id}”：没有 {month} 月")));
    } else if NaiveDate::from_ymd_opt(2024, month, day).is_none() {
        diagnostics.push(
            anchor.here(crate::tr!(
                "duty \"{id}\": month {month} has no day {day}",
                "职责“{id}”：{month} 月没有 {day} 日"
            )),
        );
    }
}

/// Checks relative deadlines' references and orders them so every base comes first.
fn order_relative(workspace: &mut Workspace, anchors: &[Anchor], diagnostics: &mut Vec<Diagnostic>) {
    let index: HashMap<&str, usize> = workspace.duties.iter().enumerate().map(|(i, d)| (d.id.as_str(), i)).collect();
    let mut base = vec![None; workspace.duties.len()];
    for (i, duty) in workspace.duties.iter().enumerate() {
        if let Deadline::AfterDuty { duty: target, .. } = &duty.deadline {
            match index.get(target.as_str()) {
                None => diagnostics.push(anchors[i].at(
                    Some("duty"),
                    target,
                    {
                        let id = &duty.id;
                        crate::tr!("duty \"{id}\" counts from unknown duty \"{target}\"", "职责“{id}”从未知的职责“{target}”起算")
                    },
                )),
                Some(&t) if matches!(workspace.duties[t].deadline, Deadline::Every(_)) => diagnostics.push(anchors[i].at(
                    Some("duty"),
                    target,
                    {
                        let id = &duty.id;
                        crate::tr!(
                            "duty \"{id}\" counts from \"{target}\", which recurs; a relative deadline needs a duty that happens once",
                            "职责“{id}”从“{target}”起算，而它是周期性的；相对期限须以只办一次的职责起算"
                        )
                    },
                )),
                Some(&t) => base[i] = Some(t),
            }
        }
    }

    // Depth-first search for loops; post-order gives the dependency order.
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Finished,
    }
    let mut mark = vec![Mark::New; workspace.duties.len()];
    let mut order = Vec::new();
    for start in 0..workspace.duties.len() {
        if !workspace.duties[start].deadline.is_relative() {
            continue;
        }
        let mut path = Vec::new();
        let mut current = Some(start);
        while let Some(i) = current {
            match mark[i] {
                Mark::Finished => break,
                Mark::Active => {
                    let cycle_start = path.iter().position(|&p| p == i).unwrap_or(0);
                    let names: Vec<&str> =
                        path[cycle_start..].iter().chain([&i]).map(|&p| workspace.duties[p].id.as_str()).collect();
                    let names = names.join(" → ");
                    diagnostics.push(
                        anchors[i]
                            .here(crate::tr!("relative deadlines form a loop: {names}", "相对期限构成循环：{names}")),
                    );
                    break;
                }
                Mark::New => {
                    mark[i] = Mark::Active;
                    path.push(i);
                    current = base[i];
                }
            }
        }
        for &i in path.iter().rev() {
            mark[i] = Mark::Finished;
            if workspace.duties[i].deadline.is_relative() {
                order.push((i, base[i]));
            }
        }
    }
    workspace.relative_order = order;
}

/// Expands every duty into its tasks. A duty whose recurrence cannot be expanded (a bad cron
/// expression) was reported when it was read and gets no tasks.
fn expand_occurrences(workspace: &mut Workspace) {
    let tz = workspace.config.time_zone;
    let mut occurrences = Vec::with_capacity(workspace.duties.len());
    for (i, duty) in workspace.duties.iter().enumerate() {
        match &duty.deadline {
            Deadline::On(date) => occurrences.push(Occurrence { id: duty.id.clone(), duty: i, deadline: Some(*date) }),
            Deadline::AfterDuty { .. } | Deadline::AfterEvent { .. } | Deadline::BeforeEvent { .. } => {
                occurrences.push(Occurrence { id: duty.id.clone(), duty: i, deadline: None })
            }
            Deadline::Every(recurrence) => {
                let periods = schedule::expand(duty, recurrence, tz).unwrap_or_default();
                occurrences.extend(periods.into_iter().map(|(suffix, date)| Occurrence {
                    id: format!("{}@{suffix}", duty.id),
                    duty: i,
                    deadline: Some(date),
                }));
            }
        }
    }
    workspace.occurrences = occurrences;
}

/// Every deadline must lie in a year the working-day calendar knows, so that counting working
/// days to or from it (reminders, reports) never guesses.
fn check_calendar_range(workspace: &Workspace, anchors: &[Anchor], diagnostics: &mut Vec<Diagnostic>) {
    let years = workspace.calendar.years();
    let known = |date: NaiveDate| years.contains(&date.year());
    let range = match (years.first(), years.last()) {
        (Some(first), Some(last)) => format!("{first}–{last}"),
        _ => "none".to_string(),
    };
    let mut reported = HashSet::new();
    let mut report = |diagnostics: &mut Vec<Diagnostic>, duty: usize, message: String| {
        if reported.insert(duty) {
            diagnostics.push(anchors[duty].here(message));
        }
    };
    for occurrence in &workspace.occurrences {
        if let Some(date) = occurrence.deadline.filter(|date| !known(*date) && *date != NaiveDate::MIN) {
            let duty = &workspace.duties[occurrence.duty];
            let id = &duty.id;
            report(diagnostics, occurrence.duty, crate::tr!(
                "duty \"{id}\": deadline {date} is outside the working-day calendar, which knows {range}; add the year to calendar.ron",
                "职责“{id}”：期限 {date} 超出工作日历的范围（{range}）；请把该年加入 calendar.ron"
            ));
        }
    }
    if !diagnostics.is_empty() {
        return; // relative deadlines need valid bases
    }
    match schedule::relative_deadlines(workspace, &[]) {
        Err((duty, err)) => report(diagnostics, duty, format!("duty \"{}\": {err}", workspace.duties[duty].id)),
        Ok(relative) => {
            for (i, duty) in workspace.duties.iter().enumerate() {
                if let Some(date) = relative[i].map(|end| end.date).filter(|date| !known(*date)) {
                    let id = &duty.id;
                    report(diagnostics, i, crate::tr!(
                        "duty \"{id}\": its deadline {date} is outside the working-day calendar, which knows {range}; add the year to calendar.ron",
                        "职责“{id}”：期限 {date} 超出工作日历的范围（{range}）；请把该年加入 calendar.ron"
                    ));
                }
            }
        }
    }
}

/// A history file as read: its path, its text and entries if they could be read, and the
/// problems reading it.
type HistoryFile = (PathBuf, Option<(SourceFile, Vec<HistoryLine>)>, Vec<Diagnostic>);

/// Reads and parses the history files (those that exist: a missing one is reported with
/// fazhi.ron).
fn read_history(root: &Path, paths: &[PathBuf]) -> Vec<HistoryFile> {
    paths
        .iter()
        .filter(|path| crate::resolve_inside(root, path).is_ok_and(|real| real.is_file()))
        .map(|path| {
            let mut diagnostics = Vec::new();
            let read = read(root, path, &mut diagnostics).and_then(|source| {
                let quick = super::quick::history(&source.text);
                let lines = quick.or_else(|| parse::<Vec<HistoryLine>>(&source, &mut diagnostics))?;
                Some((source, lines))
            });
            (path.clone(), read, diagnostics)
        })
        .collect()
}

/// Checks the history entries and keeps them. With `check_references` false (org.ron or a
/// checklist could not be read), tasks and people are not looked up, so only the real problems
/// are reported. With `skip_unknown_tasks` (checklist files were left out), an entry naming
/// a task no checklist read defines is passed over, not reported: it belongs to a file left out,
/// and nothing of that file is applied.
fn load_history(
    workspace: &mut Workspace,
    files: Vec<HistoryFile>,
    check_references: bool,
    skip_unknown_tasks: bool,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Each task's status as the entries replay, by its index among the occurrences.
    let mut statuses: Vec<Status> = vec![Status::Todo; workspace.occurrences.len()];
    let names = crate::OrgNames::new(&workspace.org);
    let mut history = Vec::new();
    for (path, read, problems) in files {
        diagnostics.extend(problems);
        let Some((source, lines)) = read else { continue };
        // Where each entry is in the file: only looked for when there is something to report.
        let found = std::cell::OnceCell::new();
        let anchor =
            |n: usize| found.get_or_init(|| anchors(&source, "", "task", lines.iter().map(|l| l.task.as_str())))[n];
        let mut times = Vec::with_capacity(lines.len());
        for (n, line) in lines.iter().enumerate() {
            let task = if check_references { workspace.task_number(&line.task) } else { None };
            if skip_unknown_tasks && task.is_none() {
                times.push(None);
                continue;
            }
            if check_references && task.is_none() {
                let task = &line.task;
                diagnostics.push(anchor(n).here(crate::tr!("unknown task \"{task}\"", "没有任务“{task}”")));
            }
            let mut ok = task.is_some();
            if check_references {
                if let Err(err) = names.person(&line.by) {
                    diagnostics.push(anchor(n).at(Some("by"), &line.by, err.describe("person")));
                    ok = false;
                }
            }
            let at = match parse_date_time(&line.at) {
                Ok(at) => at,
                Err(message) => {
                    diagnostics.push(anchor(n).at(Some("at"), &line.at, message));
                    times.push(None);
                    continue;
                }
            };
            times.push(Some(at));
            if let Some(index) = task.filter(|_| ok) {
                let status = &mut statuses[index];
                match status.apply(line.action) {
                    Some(next) => *status = next,
                    None => {
                        let (action, task, label) = (line.action, &line.task, status.label());
                        let verb = action.label();
                        diagnostics.push(anchor(n).here(crate::tr!(
                            "cannot {action} task \"{task}\" on {at}: by then it is {status}",
                            "任务“{task}”不能在 {at} {verb}：那时它已是{label}"
                        )))
                    }
                }
            }
        }
        let file = path.display().to_string();
        // A task done, reopened and done again at the same written time has the same key twice:
        // the second and later get their occurrence (`…#2`; no written time ends so), so that each
        // is applied once.
        let mut occurrences: HashMap<String, u32> = HashMap::new();
        for (line, at) in lines.into_iter().zip(times) {
            let Some(at) = at else { continue };
            let mut key = String::with_capacity(file.len() + line.task.len() + line.at.len() + 10);
            for part in [file.as_str(), "#", &line.task, "#", line.action.as_str(), "#", &line.at] {
                key.push_str(part);
            }
            let occurrence = occurrences.entry(key.clone()).or_insert(0);
            *occurrence += 1;
            if *occurrence > 1 {
                key = format!("{key}#{occurrence}");
            }
            let by = match names.person(&line.by) {
                Ok(id) if id != line.by => id.to_string(),
                _ => line.by,
            };
            history.push(HistoryEntry { task: line.task, action: line.action, at, by, note: line.note, key });
        }
    }
    workspace.history = History::new(history);
}

/// The robots of `fazhi.ron`: names are ids and unique, addresses https (http only to this
/// machine), credentials never in the file and their files checked like `password_file`.
fn load_robots(
    root: &Path,
    entries: Vec<crate::workspace::format::RobotEntry>,
    source: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<crate::RobotConfig> {
    let mut names = HashSet::new();
    let mut robots = Vec::new();
    let found = anchors(source, "robots", "name", entries.iter().map(|entry| entry.name.as_str()));
    for (entry, anchor) in entries.into_iter().zip(found) {
        if !is_identifier(&entry.name) || !names.insert(entry.name.clone()) {
            let problem = if is_identifier(&entry.name) { "is declared twice" } else { "is not a valid id" };
            diagnostics.push(anchor.here(format!("robot name \"{}\" {problem}", entry.name)));
        }
        for (field, value) in [("token", &entry.token), ("secret", &entry.secret)] {
            if let Some(value) = value {
                let stem = format!(
                    "FAZHI_ROBOT_{}",
                    entry.name.to_ascii_uppercase().replace(|c: char| !c.is_ascii_alphanumeric(), "_")
                );
                diagnostics.push(anchor.at(
                    Some(field),
                    value,
                    format!(
                        "the robot's {field} must not be in fazhi.ron: set the environment variable {stem}_{} \
                         or name a file with `{field}_file`",
                        field.to_ascii_uppercase()
                    ),
                ));
            }
        }
        let url = entry.url.unwrap_or_else(|| entry.platform.default_url().to_string());
        if let Err(message) = check_robot_url(&url) {
            diagnostics.push(anchor.at(Some("url"), &url, format!("robot url \"{url}\": {message}")));
        }
        let mut file = |field: &str, value: Option<String>| match value {
            Some(file) => match crate::check_password_file(root, Path::new(&file)) {
                Ok(real) => Some(real),
                Err(message) => {
                    diagnostics.push(anchor.at(Some(field), &file, message.replacen("password_file", field, 1)));
                    None
                }
            },
            None => None,
        };
        let token_file = file("token_file", entry.token_file);
        let secret_file = file("secret_file", entry.secret_file);
        let per_minute = entry.per_minute.unwrap_or_else(|| entry.platform.per_minute());
        if per_minute == 0 || per_minute > entry.platform.per_minute() {
            diagnostics.push(anchor.at(
                Some("per_minute"),
                &per_minute.to_string(),
                format!(
                    "per_minute {per_minute}: a {} robot takes 1 to {} messages a minute",
                    entry.platform.title(),
                    entry.platform.per_minute()
                ),
            ));
        }
        robots.push(crate::RobotConfig {
            name: entry.name,
            platform: entry.platform,
            url,
            units: entry.units,
            token_file,
            secret_file,
            per_minute: per_minute.clamp(1, entry.platform.per_minute()),
        });
    }
    robots
}

/// A robot's address: https, or http to this machine (a test server); no query, as the token
/// goes there.
fn check_robot_url(url: &str) -> Result<(), String> {
    let (scheme, rest) = url.split_once("://").ok_or("it is not an http(s) address")?;
    let host = rest.split(['/', '?']).next().unwrap_or_default();
    let host = host.rsplit_once(':').map_or(host, |(host, _)| host);
    match scheme {
        "https" if !host.is_empty() => {}
        "http" if ["127.0.0.1", "localhost", "[::1]"].contains(&host) => {}
        "http" => return Err("plain http is allowed only to this machine: the token would travel in clear".into()),
        _ => return Err("it is not an http(s) address".into()),
    }
    if rest.contains('?') {
        return Err("leave the token out of the address: set it in the environment or `token_file`".into());
    }
    Ok(())
}

/// `duty "X" names unknown unit "Y"…`: a duty naming a unit or person org.ron does not have.
fn duty_names(id: &str, problem: &str) -> String {
    crate::tr!("duty \"{id}\" names {problem}", "职责“{id}”：{problem}")
}
