//! Timing whole processes as a user would run them, and watching an idle daemon.

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::BenchError;

/// One finished run: how long it took and what it printed.
#[derive(Debug, Clone)]
pub struct Run {
    /// Wall-clock time of the whole process.
    pub elapsed: Duration,
    /// Its standard output.
    pub stdout: String,
}

/// The command line of `command`, for messages.
pub fn describe(command: &Command) -> String {
    let mut parts = vec![command.get_program().to_string_lossy().into_owned()];
    parts.extend(command.get_args().map(|arg| arg.to_string_lossy().into_owned()));
    parts.join(" ")
}

/// Runs `command` once (stdout captured, stderr kept for the message of a failure) and times it.
pub fn run_once(command: &mut Command) -> Result<Run, BenchError> {
    let started = Instant::now();
    let output: Output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|err| BenchError::Command { command: describe(command), message: err.to_string() })?;
    let elapsed = started.elapsed();
    if !output.status.success() {
        return Err(BenchError::Command {
            command: describe(command),
            message: format!(
                "{}: {}{}",
                output.status,
                String::from_utf8_lossy(&output.stdout).chars().take(2000).collect::<String>(),
                String::from_utf8_lossy(&output.stderr).chars().take(2000).collect::<String>()
            ),
        });
    }
    Ok(Run { elapsed, stdout: String::from_utf8_lossy(&output.stdout).into_owned() })
}

/// Runs the command `runs` times (each a fresh process): the median time and the last output.
pub fn median_of(runs: usize, make: impl FnMut() -> Command) -> Result<Run, BenchError> {
    let (times, mut run) = times_of(runs, make)?;
    run.elapsed = percentile(&times, 0.5);
    Ok(run)
}

/// Runs the command `runs` times (each a fresh process): every run's time, sorted, and the
/// last run.
pub fn times_of(runs: usize, mut make: impl FnMut() -> Command) -> Result<(Vec<Duration>, Run), BenchError> {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs.max(1) {
        let run = run_once(&mut make())?;
        times.push(run.elapsed);
        last = Some(run);
    }
    times.sort();
    Ok((times, last.expect("at least one run")))
}

/// The time below which `share` (0–1) of the `sorted` times lie: the one of rank
/// ⌈share × n⌉ (so the median of an even count is the lower middle one, and the 99th
/// percentile of fewer than 100 times is the slowest).
pub fn percentile(sorted: &[Duration], share: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() as f64 * share).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// CPU time and resident memory of an idle process over a period.
#[derive(Debug, Clone)]
pub struct IdleFigures {
    /// How long it was watched.
    pub watched: Duration,
    /// CPU time used (user + system) while watched.
    pub cpu: Duration,
    /// The largest resident set seen, in bytes.
    pub max_rss: u64,
}

impl IdleFigures {
    /// CPU use as a percentage of one core.
    pub fn cpu_percent(&self) -> f64 {
        100.0 * self.cpu.as_secs_f64() / self.watched.as_secs_f64()
    }
}

/// Clock ticks per second of `/proc/PID/stat` (`getconf CLK_TCK`, 100 almost everywhere).
fn clock_ticks() -> u64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|out| String::from_utf8_lossy(&out.stdout).trim().parse().ok())
        .unwrap_or(100)
}

/// utime + stime of `pid` in ticks.
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may hold spaces: fields are counted after its closing parenthesis.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // After the name: state is field 3 of stat(5), utime 14 and stime 15.
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

/// CPU time (user + system) `pid` has used so far, where `/proc` tells it (Linux).
pub fn process_cpu(pid: u32) -> Option<Duration> {
    cpu_ticks(pid).map(|ticks| Duration::from_secs_f64(ticks as f64 / clock_ticks() as f64))
}

/// VmRSS of `pid` in bytes.
fn rss(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse::<u64>().ok().map(|kb| kb * 1024)
}

/// Starts `command` (a daemon), waits until it has settled (its CPU time stops growing for a
/// second, at most 30 s), watches it for `period` (a sample a second), then stops it with
/// SIGTERM. Fails if the process exits on its own.
pub fn watch_idle(mut command: Command, period: Duration) -> Result<IdleFigures, BenchError> {
    let line = describe(&command);
    let fail = |message: String| BenchError::Command { command: line.clone(), message };
    let mut child: Child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| fail(err.to_string()))?;
    let pid = child.id();
    let result = (|| {
        let alive = |child: &mut Child| -> Result<(), BenchError> {
            match child.try_wait() {
                Ok(None) => Ok(()),
                Ok(Some(status)) => Err(fail(format!("exited on its own: {status}"))),
                Err(err) => Err(fail(err.to_string())),
            }
        };
        let settle_until = Instant::now() + Duration::from_secs(30);
        let mut previous = None;
        loop {
            std::thread::sleep(Duration::from_secs(1));
            alive(&mut child)?;
            let now = cpu_ticks(pid);
            if (now.is_some() && now == previous) || Instant::now() > settle_until {
                break;
            }
            previous = now;
        }
        let ticks = clock_ticks();
        let before = cpu_ticks(pid).ok_or_else(|| fail("cannot read /proc/PID/stat".into()))?;
        let started = Instant::now();
        let mut max_rss = rss(pid).unwrap_or(0);
        while started.elapsed() < period {
            std::thread::sleep(Duration::from_secs(1).min(period));
            alive(&mut child)?;
            max_rss = max_rss.max(rss(pid).unwrap_or(0));
        }
        let after = cpu_ticks(pid).ok_or_else(|| fail("cannot read /proc/PID/stat".into()))?;
        let watched = started.elapsed();
        Ok(IdleFigures {
            watched,
            cpu: Duration::from_secs_f64(after.saturating_sub(before) as f64 / ticks as f64),
            max_rss,
        })
    })();
    // SIGTERM, as a service manager stops it; the daemon exits at once when asleep.
    let _ = Command::new("kill").arg("-TERM").arg(pid.to_string()).status();
    let waited = Instant::now();
    while waited.elapsed() < Duration::from_secs(10) {
        if let Ok(Some(_)) = child.try_wait() {
            return result;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    result
}

/// A fresh copy of nothing: an empty temporary folder under `base`.
pub fn fresh_dir(base: &Path, name: &str) -> Result<std::path::PathBuf, BenchError> {
    let dir = base.join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(BenchError::io(&dir))?;
    }
    std::fs::create_dir_all(&dir).map_err(BenchError::io(&dir))?;
    Ok(dir)
}
