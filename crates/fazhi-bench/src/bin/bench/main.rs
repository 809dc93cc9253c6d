//! `bench`: the benchmark runner. Times a release `fazhi` binary (it builds nothing) on
//! generated workspaces, Taskwarrior on the same tasks, and the in-process figures of the rule
//! pack and reminder planning; prints Markdown tables with the targets of issue 7.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;

use chrono::NaiveDate;
use clap::{Parser, ValueEnum};
use fazhi_bench::measure::{self, Run};
use fazhi_bench::web_load::{self, Connection};
use fazhi_bench::{generate, inprocess, BenchError, Generated, LoadFigures, PostgresServer, WorkspaceSpec};

mod county;
mod county_sizes;
mod side_by_side;

/// Runs fazhi's benchmarks and prints the figures as Markdown (progress on stderr).
#[derive(Parser)]
#[command(name = "bench")]
struct Args {
    /// The fazhi binary to time (build it with `cargo build --release -p fazhi-cli`).
    #[arg(long, default_value = "target/release/fazhi")]
    fazhi: PathBuf,
    /// `full`: the sizes of issue 7 (takes a while); `tiny`: small sizes, to check that it runs.
    #[arg(long, value_enum, default_value_t = Scale::Full)]
    scale: Scale,
    /// Where to generate the workspaces (default: a temporary folder, removed at the end).
    #[arg(long)]
    work: Option<PathBuf>,
    /// The Taskwarrior binary.
    #[arg(long, default_value = "task")]
    task: String,
    /// Seconds to watch the idle daemon (default: 60 at full scale, 3 at tiny).
    #[arg(long)]
    idle_seconds: Option<u64>,
    /// The PostgreSQL server of the county group (default: FAZHI_TEST_DATABASE_URL; without
    /// one its PostgreSQL figures say "PostgreSQL not available", unless
    /// FAZHI_REQUIRE_POSTGRES=1, which makes that a failure).
    #[arg(long, value_name = "URL")]
    database: Option<String>,
    /// Run only these groups of benchmarks (repeatable; default: all of them).
    #[arg(long, value_enum)]
    only: Vec<Group>,
}

/// A group of benchmarks (`--only`).
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Group {
    /// `tasks --overdue` at every size, and Taskwarrior beside it.
    Tasks,
    /// Legality reviews and reminder planning, in process.
    InProcess,
    /// Ledger import and the year-end report.
    Ledger,
    /// The idle daemon.
    Daemon,
    /// The web interface under concurrent signed-in clients.
    Web,
    /// A county of towns on one PostgreSQL server, beside the same towns on SQLite.
    County,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Scale {
    Tiny,
    Full,
}

/// "Today" for every fazhi run (`--today`) and for the generated history.
const TODAY: &str = "2024-10-15";
const YEAR: i32 = 2024;
const SEED: u64 = 7;

/// One line of the figures table.
struct Row {
    measure: String,
    figure: String,
    target: String,
    met: Option<bool>,
}

struct Runner {
    fazhi: PathBuf,
    work: PathBuf,
    full: bool,
    rows: Vec<Row>,
    notes: String,
}

fn seconds(duration: Duration) -> String {
    let s = duration.as_secs_f64();
    if s < 1.0 {
        format!("{:.0} ms", s * 1000.0)
    } else {
        format!("{s:.2} s")
    }
}

fn millis(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

fn millis_2(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}

fn thousands(n: usize) -> String {
    let text = n.to_string();
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i > 0 && (text.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn progress(message: impl AsRef<str>) {
    eprintln!("bench: {}", message.as_ref());
}

impl Runner {
    fn row(&mut self, measure: String, figure: String, target: &str, met: Option<bool>) {
        let met = if self.full { met } else { None };
        self.rows.push(Row { measure, figure, target: target.to_string(), met });
    }

    fn fazhi(&self, dir: &Path, args: &[&str]) -> Command {
        let mut command = Command::new(&self.fazhi);
        // The figures are read from what fazhi prints: in English, whatever the machine's locale.
        command.env("FAZHI_LANG", "en").arg("-C").arg(dir).args(args);
        command
    }

    /// The growth series of `tasks --overdue` and the Taskwarrior comparison.
    fn tasks(&mut self, task: &str) -> Result<(), BenchError> {
        let today: NaiveDate = TODAY.parse().expect("a date");
        let real_today = chrono::Utc::now().date_naive();
        let sizes: &[(usize, usize, bool)] = if self.full {
            &[(1_000, 5, false), (10_000, 5, true), (100_000, 5, true), (1_000_000, 3, false)]
        } else {
            &[(10, 3, false), (100, 3, true), (1_000, 3, true)]
        };
        let task_version = Command::new(task).arg("--version").output().ok().filter(|out| out.status.success());
        let mut series = String::from(
            "| tasks | first run (applies the history) | `tasks --overdue`, median | per task | overdue listed |\n|---:|---:|---:|---:|---:|\n",
        );
        let mut peer = String::from("| tasks | fazhi `tasks --overdue` | Taskwarrior `task +OVERDUE count` | task ÷ fazhi | overdue (fazhi / task) | `task import` |\n|---:|---:|---:|---:|---|---:|\n");
        for &(size, runs, compare) in sizes {
            let dir = measure::fresh_dir(&self.work, &format!("tasks-{size}"))?;
            let mut spec = WorkspaceSpec::new(size, SEED, YEAR);
            spec.today = today;
            spec.instances = (size / 1000).max(1);
            let tw_file = self.work.join(format!("taskwarrior-{size}.json"));
            if compare && task_version.is_some() {
                spec.taskwarrior = Some(tw_file.clone());
                spec.taskwarrior_shift_days = (real_today - today).num_days();
            }
            progress(format!("generating {size} tasks"));
            let generated = generate(&spec, &dir)?;
            let args = ["--today", TODAY, "tasks", "--overdue"];
            progress(format!("fazhi tasks --overdue, {size} tasks: first run"));
            let first = measure::run_once(&mut self.fazhi(&dir, &args))?;
            progress(format!("  {}; now {runs} runs", seconds(first.elapsed)));
            let run = measure::median_of(runs, || self.fazhi(&dir, &args))?;
            let overdue = overdue_count(&run).ok_or_else(|| {
                BenchError::Spec(format!(
                    "no \"N overdue\" in the last line fazhi printed: {:?}",
                    run.stdout.lines().last()
                ))
            })?;
            let per_task = run.elapsed.as_secs_f64() * 1e6 / generated.tasks as f64;
            let _ = writeln!(
                series,
                "| {} | {} | {} | {per_task:.2} µs | {} |",
                thousands(size),
                seconds(first.elapsed),
                seconds(run.elapsed),
                thousands(overdue)
            );
            let (target, met) = match size {
                100_000 => ("≤ 0.3 s", Some(run.elapsed <= Duration::from_millis(300))),
                1_000_000 => ("≤ 3 s", Some(run.elapsed <= Duration::from_secs(3))),
                _ => ("–", None),
            };
            self.row(format!("`tasks --overdue`, {} tasks", thousands(size)), seconds(run.elapsed), target, met);
            if size == 1_000_000 {
                self.row(
                    format!(
                        "first open, {} tasks ({} recorded changes applied)",
                        thousands(size),
                        thousands(generated.changes)
                    ),
                    seconds(first.elapsed),
                    "≤ 30 s",
                    Some(first.elapsed <= Duration::from_secs(30)),
                );
            }

            if !compare {
                continue;
            }
            let measure_name = format!("Taskwarrior `task +OVERDUE count`, {} tasks", thousands(size));
            let Some(version) = &task_version else {
                let _ =
                    writeln!(peer, "| {} | {} | not installed | – | – | – |", thousands(size), seconds(run.elapsed));
                self.row(measure_name, "not installed".into(), "fazhi ≥ 10× faster at 100,000", None);
                continue;
            };
            let version = String::from_utf8_lossy(&version.stdout).trim().to_string();
            let data = measure::fresh_dir(&self.work, &format!("taskwarrior-{size}"))?;
            let rc = data.join("taskrc");
            std::fs::write(
                &rc,
                format!(
                    "data.location={}\nconfirmation=off\nverbose=nothing\nnews.version={version}\nrecurrence=off\nhooks=off\n",
                    data.join("data").display()
                ),
            )
            .map_err(BenchError::io(&rc))?;
            let task_command = |args: &[&str]| {
                let mut command = Command::new(task);
                command.env("TASKRC", &rc).env("TASKDATA", data.join("data")).env("TZ", "UTC").args(args);
                command
            };
            progress(format!("task import, {size} tasks"));
            let import = measure::run_once(&mut task_command(&["import", tw_file.to_str().expect("a UTF-8 path")]))?;
            progress(format!("  {}; task +OVERDUE count", seconds(import.elapsed)));
            measure::run_once(&mut task_command(&["+OVERDUE", "count"]))?; // gc after the import
            let tw = measure::median_of(runs, || task_command(&["+OVERDUE", "count"]))?;
            let tw_overdue: usize = tw.stdout.trim().parse().unwrap_or(0);
            let ratio = tw.elapsed.as_secs_f64() / run.elapsed.as_secs_f64();
            let _ = writeln!(
                peer,
                "| {} | {} | {} | {ratio:.1}× | {} / {} | {} |",
                thousands(size),
                seconds(run.elapsed),
                seconds(tw.elapsed),
                thousands(overdue),
                thousands(tw_overdue),
                seconds(import.elapsed)
            );
            let (target, met) =
                if size == 100_000 { ("fazhi ≥ 10× faster", Some(ratio >= 10.0)) } else { ("–", None) };
            let comparison = if ratio >= 1.0 {
                format!("fazhi {ratio:.1}× faster")
            } else {
                format!("fazhi {:.1}× slower", 1.0 / ratio)
            };
            self.row(measure_name, format!("{} ({comparison})", seconds(tw.elapsed)), target, met);
        }
        let _ = writeln!(self.notes, "### `fazhi tasks --overdue`: growth\n\n{series}");
        let _ = writeln!(
            self.notes,
            "### Side by side with Taskwarrior\n\nThe same tasks (titles, due dates, done → completed, cancelled → deleted), \
             imported with `task import` into a throw-away data folder. fazhi counts a task overdue from the day after \
             its deadline; in the Taskwarrior file every `due` is 23:59:59 UTC of the deadline, moved by the days \
             between {TODAY} (fazhi's `--today`) and the real date, and `task` runs with `TZ=UTC`, so both see \
             the same overdue tasks (fazhi's list also holds the open steps of the workflow instances).\n\n{peer}"
        );
        Ok(())
    }

    fn in_process(&mut self) -> Result<(), BenchError> {
        progress("legality reviews (in process)");
        let (round, rounds) = if self.full { (Duration::from_secs(1), 7) } else { (Duration::from_millis(100), 2) };
        let (loaded, figures) = inprocess::review_throughput(round, rounds)?;
        let mut detail = format!(
            "### Legality review (in process, one thread, median of {rounds} rounds of {})\n\nStock rule pack loaded and compiled in {}.\n\n| dossier | rules | reviews/s (wall) | reviews/s per core (on-CPU) |\n|---|---:|---:|---:|\n",
            seconds(round),
            seconds(loaded)
        );
        for figure in &figures {
            let per_core = figure.per_cpu_second.unwrap_or(figure.per_second);
            let _ =
                writeln!(detail, "| {} | {} | {:.0} | {per_core:.0} |", figure.name, figure.rules, figure.per_second);
            self.row(
                format!("legality reviews, {} ({} rules)", figure.name, figure.rules),
                format!("{per_core:.0} /s per core"),
                "≥ 20,000 /s per core",
                Some(per_core >= 20_000.0),
            );
        }
        let _ = writeln!(self.notes, "{detail}");

        let items = if self.full { 1_000_000 } else { 10_000 };
        progress(format!("reminder planning, {items} items (in process)"));
        let figures = inprocess::plan_figures(items, 3)?;
        let mut detail = String::from(
            "### Reminder planning (in process, best of 3)\n\n| policy | items | notices | time |\n|---|---:|---:|---:|\n",
        );
        for figure in &figures {
            let _ = writeln!(
                detail,
                "| {} | {} | {} | {} |",
                figure.policy,
                thousands(figure.items),
                thousands(figure.notices),
                seconds(figure.best)
            );
        }
        let _ = writeln!(self.notes, "{detail}");
        let script = &figures[0];
        self.row(
            format!("reminder planning, {} items", thousands(items)),
            seconds(script.best),
            "≤ 2 s",
            Some(script.best <= Duration::from_secs(2)),
        );
        Ok(())
    }

    fn ledger(&mut self) -> Result<(), BenchError> {
        // (rows, import runs, import target, report target)
        let sizes: &[(usize, usize, Option<Duration>, Option<Duration>)] = if self.full {
            &[
                (1_000_000, 3, Some(Duration::from_secs(5)), Some(Duration::from_secs(2))),
                (10_000_000, 1, None, Some(Duration::from_secs(15))),
            ]
        } else {
            &[(1_000, 2, None, None), (10_000, 1, None, None)]
        };
        for &(rows, runs, import_target, report_target) in sizes {
            let dir = measure::fresh_dir(&self.work, &format!("ledger-{rows}"))?;
            let mut spec = WorkspaceSpec::new(1_000, SEED, YEAR);
            spec.ledger_rows = rows;
            progress(format!("generating {rows} ledger rows"));
            let generated = generate(&spec, &dir)?;
            // Every file in one `fazhi ledger import KIND=FILE …` (one transaction).
            let pairs = ledger_import_args(&generated);
            let mut args = vec!["ledger", "import"];
            args.extend(pairs.iter().map(String::as_str));
            // Each run imports into a new state, opened first, so that it times only the import.
            let mut imports = Vec::new();
            for _ in 0..runs {
                let state = dir.join(".fazhi");
                if state.exists() {
                    std::fs::remove_dir_all(&state).map_err(BenchError::io(&state))?;
                }
                measure::run_once(&mut self.fazhi(&dir, &["--today", TODAY, "tasks", "--overdue"]))?;
                imports.push(measure::run_once(&mut self.fazhi(&dir, &args))?.elapsed);
            }
            imports.sort();
            let import = imports[imports.len() / 2];
            let all: Vec<String> = imports.iter().map(|&time| seconds(time)).collect();
            progress(format!("  imported {rows} rows in {} (median of {})", seconds(import), all.join(", ")));
            let target = import_target.map_or("–".to_string(), |t| format!("≤ {} s", t.as_secs()));
            self.row(
                format!("ledger import, {} CSV rows ({} files, one command)", thousands(rows), generated.ledger.len()),
                seconds(import),
                &target,
                import_target.map(|t| import <= t),
            );
            let year = YEAR.to_string();
            let report = measure::median_of(3, || self.fazhi(&dir, &["report", "--year", &year]))?;
            progress(format!("  report over {rows} rows: {}", seconds(report.elapsed)));
            let target = report_target.map_or("–".to_string(), |t| format!("≤ {} s", t.as_secs()));
            self.row(
                format!("`report --year {YEAR}`, {} ledger rows", thousands(rows)),
                seconds(report.elapsed),
                &target,
                report_target.map(|t| report.elapsed <= t),
            );
            std::fs::remove_dir_all(&dir).map_err(BenchError::io(&dir))?;
        }
        Ok(())
    }

    fn daemon(&mut self, period: Duration) -> Result<(), BenchError> {
        let dir = measure::fresh_dir(&self.work, "daemon")?;
        let mut spec = WorkspaceSpec::new(1_000, SEED, YEAR);
        spec.idle_job = true;
        generate(&spec, &dir)?;
        measure::run_once(&mut self.fazhi(&dir, &["tasks"]))?;
        progress(format!("fazhi serve, idle for {} s", period.as_secs()));
        let idle = measure::watch_idle(self.fazhi(&dir, &["serve"]), period)?;
        let rss_mb = idle.max_rss as f64 / (1024.0 * 1024.0);
        self.row(
            format!("daemon idle over {} s: CPU", period.as_secs()),
            format!("{:.3} %", idle.cpu_percent()),
            "≈ 0 %",
            Some(idle.cpu_percent() < 0.1),
        );
        self.row(
            format!("daemon idle over {} s: max resident memory", period.as_secs()),
            format!("{rss_mb:.1} MB"),
            "≤ 30 MB",
            Some(rss_mb <= 30.0),
        );
        Ok(())
    }

    /// `fazhi web` on the generated workspace: the dashboard and a filtered task list, each
    /// asked for by many signed-in clients at once over loopback.
    fn web(&mut self) -> Result<(), BenchError> {
        let (size, clients, rounds) = if self.full { (100_000, 200, 20) } else { (1_000, 20, 5) };
        let dir = measure::fresh_dir(&self.work, &format!("web-{size}"))?;
        let mut spec = WorkspaceSpec::new(size, SEED, YEAR);
        spec.instances = (size / 1000).max(1);
        progress(format!("generating {size} tasks for the web interface"));
        let generated = generate(&spec, &dir)?;
        let org = fazhi_core::Workspace::load_org(&dir)?;
        let person = org.people.first().ok_or_else(|| BenchError::Spec("the org has no one".into()))?.clone();
        let password = "bench-password-1";
        let mut passwd = self.fazhi(&dir, &["user", "passwd", &person.id, "--password-stdin"]);
        passwd.stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::null());
        let command = measure::describe(&passwd);
        let io = |err: std::io::Error| BenchError::Command { command: command.clone(), message: err.to_string() };
        let mut child = passwd.spawn().map_err(io)?;
        {
            use std::io::Write as _;
            let mut stdin = child.stdin.take().expect("piped");
            writeln!(stdin, "{password}").map_err(io)?;
        }
        let status = child.wait().map_err(io)?;
        if !status.success() {
            return Err(BenchError::Command { command, message: format!("ended with {status}") });
        }
        progress("starting fazhi web");
        let mut server = self
            .fazhi(&dir, &["web", "--listen", "127.0.0.1:0"])
            .stderr(std::process::Stdio::piped())
            .spawn()
            .map_err(|err| BenchError::Command { command: "fazhi web".into(), message: err.to_string() })?;
        let address = {
            use std::io::BufRead as _;
            let mut lines = std::io::BufReader::new(server.stderr.take().expect("piped")).lines();
            let line = lines.next().and_then(Result::ok).unwrap_or_default();
            line.split("http://").nth(1).and_then(|rest| rest.split('/').next()).unwrap_or_default().to_string()
        };
        let result = (|| {
            if address.is_empty() {
                return Err(BenchError::Command { command: "fazhi web".into(), message: "did not start".into() });
            }
            progress(format!("signing in {clients} clients"));
            let sign_in_all = || -> Result<Vec<(Connection, String)>, BenchError> {
                (0..clients)
                    .map(|_| {
                        let mut connection = Connection::open(&address)?;
                        let cookie = web_load::sign_in(&mut connection, &person.id, password)?;
                        Ok((connection, cookie))
                    })
                    .collect()
            };
            let list = format!("/tasks?unit={}&within=30", person.unit);
            for (name, path) in
                [("dashboard (工作台)", "/".to_string()), ("task list of a unit, due within 30 days", list)]
            {
                let connections = sign_in_all()?;
                progress(format!("{name}: {clients} clients × {rounds} requests"));
                let cpu = || (measure::process_cpu(server.id()), measure::process_cpu(std::process::id()));
                let before = cpu();
                let figures = web_load::load(connections, &path, rounds);
                let after = cpu();
                // CPU per request of the server and of the clients (this process): on a shared
                // machine the wall-clock latencies move with the load, these much less.
                let per_request = |before: Option<Duration>, after: Option<Duration>| {
                    Some((after? - before?) / u32::try_from(figures.latencies.len().max(1)).ok()?)
                };
                let cpu = (per_request(before.0, after.0), per_request(before.1, after.1));
                self.web_rows(name, generated.tasks, clients, &figures, cpu, path == "/");
            }
            Ok(())
        })();
        let _ = Command::new("kill").args(["-TERM", &server.id().to_string()]).status();
        let _ = server.wait();
        result
    }

    fn web_rows(
        &mut self,
        name: &str,
        tasks: usize,
        clients: usize,
        figures: &LoadFigures,
        cpu: (Option<Duration>, Option<Duration>),
        dashboard: bool,
    ) {
        let p99 = figures.percentile(0.99);
        let failed = if figures.failed > 0 { format!(", {} failed", figures.failed) } else { String::new() };
        let (target, met) = match dashboard {
            true => ("p99 ≤ 100 ms", Some(p99 <= Duration::from_millis(100) && figures.failed == 0)),
            false => ("–", None),
        };
        self.row(
            format!("web {name}, {} tasks, {clients} clients: p50 / p99", thousands(tasks)),
            format!("{} / {}{failed}", millis(figures.percentile(0.5)), millis(p99)),
            target,
            met,
        );
        self.row(
            format!("web {name}, {} tasks, {clients} clients: requests/s", thousands(tasks)),
            format!("{:.0}", figures.per_second()),
            "–",
            None,
        );
        if let (Some(server), Some(client)) = cpu {
            self.row(
                format!("web {name}, {} tasks, {clients} clients: CPU per request, server / client", thousands(tasks)),
                format!("{} / {}", millis_2(server), millis_2(client)),
                "–",
                None,
            );
        }
    }

    fn table(&self) -> String {
        let mut out = String::from("| measure | figure | target | |\n|---|---:|---|:-:|\n");
        for row in &self.rows {
            let mark = match row.met {
                Some(true) => "✓",
                Some(false) => "✗",
                None => "",
            };
            let _ = writeln!(out, "| {} | {} | {} | {mark} |", row.measure, row.figure, row.target);
        }
        out
    }
}

/// The `KIND=FILE` arguments of `fazhi ledger import` for every ledger file generated.
fn ledger_import_args(generated: &Generated) -> Vec<String> {
    generated.ledger.iter().map(|(kind, file, _)| format!("{kind}={}", file.to_str().expect("a UTF-8 path"))).collect()
}

/// The overdue count `fazhi tasks` prints on its last line (`N task(s), M overdue, …`).
/// The overdue count of `tasks --overdue`'s summary (`8 task(s), 8 overdue, today is …`).
fn overdue_count(run: &Run) -> Option<usize> {
    let last = run.stdout.lines().last()?;
    last.split(", ").nth(1).and_then(|part| part.strip_suffix(" overdue")).and_then(|n| n.parse().ok())
}

/// The allocator the `fazhi` binary uses, so that the benchmarks run in process (reviews,
/// reminder planning) allocate as fazhi does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = Args::parse();
    if !args.fazhi.is_file() {
        eprintln!("bench: no fazhi binary at {} (build it: cargo build --release -p fazhi-cli)", args.fazhi.display());
        return ExitCode::from(2);
    }
    let temp = match &args.work {
        Some(_) => None,
        None => match tempfile::tempdir() {
            Ok(dir) => Some(dir),
            Err(err) => {
                eprintln!("bench: a temporary folder: {err}");
                return ExitCode::from(2);
            }
        },
    };
    let work = args.work.clone().unwrap_or_else(|| temp.as_ref().expect("a temporary folder").path().to_path_buf());
    let fazhi = std::path::absolute(&args.fazhi).unwrap_or(args.fazhi.clone());
    let full = args.scale == Scale::Full;
    let mut runner = Runner { fazhi, work, full, rows: Vec::new(), notes: String::new() };
    let period = Duration::from_secs(args.idle_seconds.unwrap_or(if full { 60 } else { 3 }));
    let wanted = |group| args.only.is_empty() || args.only.contains(&group);
    let mut result = Ok(());
    if wanted(Group::Tasks) {
        result = runner.tasks(&args.task);
    }
    if wanted(Group::InProcess) {
        result = result.and_then(|()| runner.in_process());
    }
    if wanted(Group::Ledger) {
        result = result.and_then(|()| runner.ledger());
    }
    if wanted(Group::Daemon) {
        result = result.and_then(|()| runner.daemon(period));
    }
    if wanted(Group::Web) {
        result = result.and_then(|()| runner.web());
    }
    if wanted(Group::County) {
        result = result.and_then(|()| {
            let server = PostgresServer::find(args.database.as_deref()).map_err(BenchError::Spec)?;
            runner.county(&server)
        });
    }
    println!("## Figures ({} scale)\n", if full { "full" } else { "tiny" });
    println!("{}", runner.table());
    println!("{}", runner.notes);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("bench: {err}");
            ExitCode::FAILURE
        }
    }
}
