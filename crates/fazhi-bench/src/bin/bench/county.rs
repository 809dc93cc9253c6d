//! The `county` group (issue 21): a county of towns whose states are on one PostgreSQL server,
//! each figure beside the same towns on SQLite — loading, `fazhi county status` and `county
//! report` over every town, one town's `tasks --overdue`, and several `fazhi serve` daemons
//! delivering a backlog of reminders.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fazhi_bench::county_gen::write_county_ron;
use fazhi_bench::measure::{self, percentile};
use fazhi_bench::{generate, BenchError, MailBacklog, PostgresServer, StateBackend, WorkspaceSpec};

use super::county_sizes::{CountySizes, FULL, TINY};
use super::side_by_side::SideBySide;
use super::{ledger_import_args, overdue_count, progress, seconds, thousands, Runner, SEED, TODAY, YEAR};

/// What `fazhi` says when it was built without the feature `postgres`.
const WITHOUT_POSTGRES: &str = "built without PostgreSQL";

/// The county's name in `county.ron`.
const COUNTY: &str = "合成县";

impl Runner {
    fn fazhi_on(&self, backend: &StateBackend, dir: &Path, args: &[&str]) -> Command {
        let mut command = self.fazhi(dir, args);
        backend.apply(&mut command);
        command
    }

    /// The county group; the schemas it made on the server are dropped at the end.
    pub(super) fn county(&mut self, server: &PostgresServer) -> Result<(), BenchError> {
        let prefix = format!("bench{}_", std::process::id());
        let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
        let result = self.county_figures(server, &prefix);
        if let Some(url) = server.url() {
            match PostgresServer::drop_schemas(url, &prefix) {
                Ok(dropped) => progress(format!("dropped the {dropped} schema(s) {prefix}* of the benchmark")),
                Err(err) => progress(format!("could not drop the schemas {prefix}*: {err}")),
            }
        }
        let after = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
        let _ = writeln!(
            self.notes,
            "Load average (`/proc/loadavg`, 1, 5 and 15 minutes) before the county group: {}; after it: {}.\n",
            load.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
            after.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
        );
        result
    }

    fn county_figures(&mut self, server: &PostgresServer, prefix: &str) -> Result<(), BenchError> {
        let sizes: &CountySizes = if self.full { &FULL } else { &TINY };
        let mut postgres = server.url().map(|url| StateBackend::Postgres(url.to_string()));
        let mut missing = match server {
            PostgresServer::Missing(reason) => reason.clone(),
            PostgresServer::Available(_) => String::new(),
        };
        let mut table = SideBySide::default();
        let root = measure::fresh_dir(&self.work, "county")?;

        // Every town generated, its SQLite state made (first open, ledger import), then copied
        // to PostgreSQL by `fazhi migrate`: both states of every town, for the side by side.
        let mut towns = Vec::new();
        let (mut generating, mut sqlite_load, mut migrating) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
        let (mut tasks, mut rows) = (0, 0);
        let started = Instant::now();
        progress(format!(
            "generating and loading {} towns of {} tasks and {} ledger rows each",
            sizes.towns, sizes.tasks, sizes.ledger_rows
        ));
        for index in 1..=sizes.towns {
            let folder = format!("towns/t{index:04}");
            let dir = root.join(&folder);
            let mut spec = WorkspaceSpec::new(sizes.tasks, SEED + index as u64, YEAR);
            spec.ledger_rows = sizes.ledger_rows;
            spec.instances = 1;
            spec.config_fields = vec![format!("schema: \"{prefix}t{index:04}\"")];
            let clock = Instant::now();
            let generated = generate(&spec, &dir)?;
            generating += clock.elapsed();
            tasks += generated.tasks;
            rows += generated.ledger.iter().map(|(_, _, rows)| rows).sum::<usize>();

            let clock = Instant::now();
            let sqlite = StateBackend::Sqlite;
            measure::run_once(&mut self.fazhi_on(&sqlite, &dir, &["--today", TODAY, "tasks", "--overdue"]))?;
            let pairs = ledger_import_args(&generated);
            let mut args = vec!["ledger", "import"];
            args.extend(pairs.iter().map(String::as_str));
            measure::run_once(&mut self.fazhi_on(&sqlite, &dir, &args))?;
            sqlite_load += clock.elapsed();
            let csv = dir.join("ledger");
            std::fs::remove_dir_all(&csv).map_err(BenchError::io(&csv))?;

            if let Some(backend) = &postgres {
                let clock = Instant::now();
                let url = backend.url().expect("a PostgreSQL backend");
                match measure::run_once(&mut self.fazhi_on(&sqlite, &dir, &["migrate", "--to", url])) {
                    Ok(_) => migrating += clock.elapsed(),
                    Err(err) if err.to_string().contains(WITHOUT_POSTGRES) && !PostgresServer::required() => {
                        missing = "PostgreSQL not available (this fazhi was built without the feature `postgres`)"
                            .to_string();
                        postgres = None;
                    }
                    Err(err) => return Err(err),
                }
            }
            towns.push((format!("第{index}镇"), folder));
            if index % 50 == 0 || index == sizes.towns {
                progress(format!(
                    "  {index} towns in {} (generating {}, SQLite states {}, fazhi migrate {})",
                    seconds(started.elapsed()),
                    seconds(generating),
                    seconds(sqlite_load),
                    seconds(migrating)
                ));
            }
        }
        let what = format!(
            "{} towns × {} tasks ({} tasks), {} ledger rows",
            thousands(sizes.towns),
            thousands(sizes.tasks),
            thousands(tasks),
            thousands(rows)
        );
        table.line(&format!("generating {what} (in process)"), &seconds(generating), "(the same files)");
        let pg_load = match &postgres {
            Some(_) => format!(
                "{} (the SQLite states, then `fazhi migrate` of each town: {})",
                seconds(sqlite_load + migrating),
                seconds(migrating)
            ),
            None => missing.clone(),
        };
        let sqlite_line = format!("{} (first open, then one `ledger import` per town)", seconds(sqlite_load));
        table.line(&format!("loading the states: {what}"), &pg_load, &sqlite_line);
        self.row(format!("county load, {what}: PostgreSQL (SQLite)"), format!("{pg_load} ({sqlite_line})"), "–", None);

        for &count in sizes.series.iter().filter(|&&count| count <= towns.len()) {
            let measure =
                format!("`county status`, {} towns: p50 / slowest of {} runs", thousands(count), sizes.status_runs);
            self.side_by_side(&mut table, &measure, postgres.as_ref(), &missing, |runner, backend| {
                write_county_ron(&root, COUNTY, &towns[..count], backend.url())?;
                let (times, run) = measure::times_of(sizes.status_runs, || {
                    runner.fazhi_on(backend, &root, &["--today", TODAY, "county", "status"])
                })?;
                let listed = format!("{count} town(s)");
                if !run.stdout.contains(&listed) {
                    return Err(BenchError::Spec(format!(
                        "county status did not say \"{listed}\": {:?}",
                        run.stdout.lines().last()
                    )));
                }
                Ok(format!(
                    "{} / {} ({:.1} ms per town)",
                    seconds(percentile(&times, 0.5)),
                    seconds(percentile(&times, 1.0)),
                    percentile(&times, 0.5).as_secs_f64() * 1000.0 / count as f64
                ))
            })?;
            let measure = format!(
                "`county report --year {YEAR}` (xlsx + html), {} towns: median of {}",
                thousands(count),
                sizes.report_runs
            );
            self.side_by_side(&mut table, &measure, postgres.as_ref(), &missing, |runner, backend| {
                write_county_ron(&root, COUNTY, &towns[..count], backend.url())?;
                let output = measure::fresh_dir(&runner.work, "county-report")?;
                let output = output.to_str().expect("a UTF-8 path");
                let year = YEAR.to_string();
                let run = measure::median_of(sizes.report_runs, || {
                    runner.fazhi_on(backend, &root, &["county", "report", "--year", &year, "-o", output])
                })?;
                Ok(seconds(run.elapsed))
            })?;
        }

        let town = root.join(&towns[0].1);
        let measure = format!("`tasks --overdue`, one town of {} tasks: median of {}", sizes.tasks, sizes.overdue_runs);
        self.side_by_side(&mut table, &measure, postgres.as_ref(), &missing, |runner, backend| {
            let run = measure::median_of(sizes.overdue_runs, || {
                runner.fazhi_on(backend, &town, &["--today", TODAY, "tasks", "--overdue"])
            })?;
            let overdue = overdue_count(&run).map_or("?".to_string(), thousands);
            Ok(format!("{} ({overdue} overdue)", seconds(run.elapsed)))
        })?;

        let measure = format!(
            "{} reminders delivered to the outbox: {} daemons on PostgreSQL / 1 on SQLite",
            thousands(sizes.messages),
            sizes.daemons
        );
        let mut problems = Vec::new();
        self.side_by_side(&mut table, &measure, postgres.as_ref(), &missing, |runner, backend| {
            let daemons = if backend.url().is_some() { sizes.daemons } else { 1 };
            let (figure, problem) = runner.deliver(backend, daemons, sizes.messages, &format!("{prefix}mail"))?;
            problems.extend(problem);
            Ok(figure)
        })?;

        let _ = writeln!(
            self.notes,
            "### A county on PostgreSQL beside SQLite (issue 21)\n\n| measure | PostgreSQL | SQLite |\n|---|---|---|\n{}",
            table.lines
        );
        match problems.is_empty() {
            true => Ok(()),
            false => Err(BenchError::Spec(problems.join("; "))),
        }
    }

    /// Measures `figure` on SQLite and on PostgreSQL (or says why not) and writes both in
    /// `table` and in the figures' rows.
    fn side_by_side(
        &mut self,
        table: &mut SideBySide,
        measure: &str,
        postgres: Option<&StateBackend>,
        missing: &str,
        mut figure: impl FnMut(&Runner, &StateBackend) -> Result<String, BenchError>,
    ) -> Result<(), BenchError> {
        progress(format!("{measure}: SQLite"));
        let sqlite = figure(self, &StateBackend::Sqlite)?;
        progress(format!("  {sqlite}"));
        let pg = match postgres {
            Some(backend) => {
                progress(format!("{measure}: PostgreSQL"));
                let pg = figure(self, backend)?;
                progress(format!("  {pg}"));
                pg
            }
            None => missing.to_string(),
        };
        table.line(measure, &pg, &sqlite);
        self.row(format!("{measure}: PostgreSQL (SQLite)"), format!("{pg} ({sqlite})"), "–", None);
        Ok(())
    }

    /// `daemons` `fazhi serve` of one town's state on `backend` (each in a folder of its own,
    /// as on machines of their own, the job `reminders` firing every second) deliver
    /// `messages` queued reminders to their outbox folders: the time from their start until
    /// none is waiting, how many each delivered, and whether any was delivered twice or lost
    /// (the second value, if so).
    fn deliver(
        &self,
        backend: &StateBackend,
        daemons: usize,
        messages: usize,
        schema: &str,
    ) -> Result<(String, Option<String>), BenchError> {
        let base = measure::fresh_dir(&self.work, &format!("mail-{}", backend.name().to_lowercase()))?;
        let mut folders = Vec::new();
        for k in 0..daemons {
            let dir = base.join(format!("daemon-{k}"));
            let mut spec = WorkspaceSpec::new(1_000, SEED, YEAR);
            spec.reminders_cron = Some("* * * * * *".to_string());
            spec.config_fields = vec![format!("schema: \"{schema}\"")];
            generate(&spec, &dir)?;
            folders.push(dir);
        }
        measure::run_once(&mut self.fazhi_on(backend, &folders[0], &["tasks"]))?;
        let backlog = match backend {
            StateBackend::Sqlite => MailBacklog::Sqlite(folders[0].join(".fazhi/state.db")),
            StateBackend::Postgres(url) => MailBacklog::Postgres { url: url.clone(), schema: schema.to_string() },
        };
        backlog.queue(messages)?;
        progress(format!("  {messages} messages queued; starting {daemons} fazhi serve"));
        let started = Instant::now();
        let mut children = Vec::new();
        for dir in &folders {
            let log = dir.join("serve.log");
            let log = std::fs::File::create(&log).map_err(BenchError::io(&log))?;
            let mut command = self.fazhi_on(backend, dir, &["serve"]);
            command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(log);
            let line = measure::describe(&command);
            children
                .push(command.spawn().map_err(|err| BenchError::Command { command: line, message: err.to_string() })?);
        }
        let waited = wait_until_delivered(&backlog, &mut children, &folders, messages, started);
        let elapsed = started.elapsed();
        for child in &mut children {
            stop(child);
        }
        let counts = waited?;

        // Every message once in the outbox folders, by its number (the file's name).
        let mut delivered: BTreeMap<i64, usize> = BTreeMap::new();
        let mut by_daemon = Vec::new();
        for dir in &folders {
            let outbox = dir.join(".fazhi/outbox");
            let mut files = 0;
            if outbox.is_dir() {
                for entry in std::fs::read_dir(&outbox).map_err(BenchError::io(&outbox))? {
                    let name = entry.map_err(BenchError::io(&outbox))?.file_name().to_string_lossy().into_owned();
                    let Some(id) = name.strip_suffix(".eml").and_then(|n| n.split('-').next()?.parse().ok()) else {
                        continue;
                    };
                    *delivered.entry(id).or_default() += 1;
                    files += 1;
                }
            }
            by_daemon.push(thousands(files));
        }
        let twice = delivered.values().filter(|&&times| times > 1).count();
        let lost = counts.total.saturating_sub(delivered.len()) + counts.abandoned;
        let rate = counts.total as f64 / elapsed.as_secs_f64();
        let figure = format!(
            "{} ({rate:.0} messages/s; {} messages, by daemon {}; {twice} twice, {lost} lost)",
            seconds(elapsed),
            thousands(counts.total),
            by_daemon.join(" / ")
        );
        let problem = (twice > 0 || lost > 0 || counts.sent != counts.total)
            .then(|| format!("{} daemon(s) on {}: {twice} delivered twice, {lost} lost", daemons, backend.name()));
        Ok((figure, problem))
    }
}

/// Waits until no message of `backlog` is waiting (at most a minute plus 20 ms a message),
/// failing if a daemon stops on its own.
fn wait_until_delivered(
    backlog: &MailBacklog,
    children: &mut [Child],
    folders: &[PathBuf],
    messages: usize,
    started: Instant,
) -> Result<fazhi_bench::MailCounts, BenchError> {
    let limit = Duration::from_secs(60) + Duration::from_millis(20) * u32::try_from(messages).unwrap_or(u32::MAX);
    let mut reported = Instant::now();
    loop {
        let counts = backlog.counts()?;
        if counts.waiting == 0 {
            return Ok(counts);
        }
        for (child, dir) in children.iter_mut().zip(folders) {
            if let Ok(Some(status)) = child.try_wait() {
                let log = std::fs::read_to_string(dir.join("serve.log")).unwrap_or_default();
                return Err(BenchError::Command {
                    command: format!("fazhi -C {} serve", dir.display()),
                    message: format!("stopped on its own ({status}): {log}"),
                });
            }
        }
        if started.elapsed() > limit {
            return Err(BenchError::Spec(format!(
                "{} of {} messages still waiting after {}",
                counts.waiting,
                counts.total,
                seconds(started.elapsed())
            )));
        }
        if reported.elapsed() > Duration::from_secs(10) {
            progress(format!("  {} sent, {} waiting", counts.sent, counts.waiting));
            reported = Instant::now();
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Stops a daemon with SIGTERM (as a service manager does), killing it after 30 s.
fn stop(child: &mut Child) {
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    let waited = Instant::now();
    while waited.elapsed() < Duration::from_secs(30) {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}
