//! The in-process figures: legality reviews per second of the stock rule pack and reminder
//! planning over many items. (They replaced the cargo benches of fazhi-rules and fazhi-notify,
//! so there is one implementation.) Meaningful in a release build only.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeDelta};
use fazhi_core::{Calendar, Item, Org, Person, Status, Unit};
use fazhi_notify::{plan, ReminderPolicy, ScriptPolicy, StockPolicy};
use fazhi_rules::{Dossier, RulePack};

use crate::BenchError;

/// Reviews per second of one dossier.
#[derive(Debug, Clone)]
pub struct ReviewFigure {
    /// What was reviewed.
    pub name: &'static str,
    /// Rules that ran on it.
    pub rules: usize,
    /// Reviews done.
    pub reviews: u64,
    /// Reviews per second by the wall clock, one thread (the median of the rounds).
    pub per_second: f64,
    /// Reviews per second of the thread's time on a CPU (Linux), which a busy machine does not
    /// distort: reviews per second per core (the median of the rounds).
    pub per_cpu_second: Option<f64>,
}

/// The stock example dossiers (`rules/examples`).
pub fn examples_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules/examples")
}

/// Reviews each stock example dossier on one thread for about `duration`, `rounds` times (the
/// dossiers in turn, so that a passing burst of load falls on all of them alike): how long
/// loading the pack took and the figures per dossier, each the median of its rounds.
pub fn review_throughput(duration: Duration, rounds: usize) -> Result<(Duration, Vec<ReviewFigure>), BenchError> {
    let started = Instant::now();
    let pack = RulePack::load(None)?;
    let loaded = started.elapsed();
    let calendar = Calendar::stock();
    let examples = examples_folder();
    let mut dossiers = Vec::new();
    for (name, file) in [
        ("major decision", "major_decision.ron"),
        ("major contract", "major_contract.ron"),
        ("enforcement decision", "major_enforcement_decision.ron"),
    ] {
        let dossier =
            Dossier::load(&examples.join(file)).map_err(|err| BenchError::InProcess(format!("{file}: {err}")))?;
        let rules = pack.review(&dossier, &calendar)?.rules_run;
        for _ in 0..200 {
            black_box(pack.review(black_box(&dossier), &calendar)?);
        }
        dossiers.push((name, rules, dossier, Vec::new()));
    }
    for _ in 0..rounds.max(1) {
        for (_, _, dossier, rounds) in &mut dossiers {
            let cpu_before = thread_cpu_time();
            let started = Instant::now();
            let mut reviews = 0u64;
            while started.elapsed() < duration {
                for _ in 0..100 {
                    black_box(pack.review(black_box(&*dossier), &calendar)?);
                }
                reviews += 100;
            }
            let elapsed = started.elapsed();
            let cpu = thread_cpu_time().zip(cpu_before).map(|(after, before)| after - before);
            rounds.push((
                reviews,
                reviews as f64 / elapsed.as_secs_f64(),
                cpu.map(|cpu| reviews as f64 / cpu.as_secs_f64()),
            ));
        }
    }
    let figures = dossiers
        .into_iter()
        .map(|(name, rules, _, rounds)| {
            let median = |mut rates: Vec<f64>| {
                rates.sort_by(f64::total_cmp);
                rates[rates.len() / 2]
            };
            let per_cpu: Option<Vec<f64>> = rounds.iter().map(|round| round.2).collect();
            ReviewFigure {
                name,
                rules,
                reviews: rounds.iter().map(|round| round.0).sum(),
                per_second: median(rounds.iter().map(|round| round.1).collect()),
                per_cpu_second: per_cpu.map(median),
            }
        })
        .collect();
    Ok((loaded, figures))
}

/// The time this thread has spent on a CPU (Linux).
fn thread_cpu_time() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok().map(Duration::from_nanos)
}

/// Planning reminders with one policy.
#[derive(Debug, Clone)]
pub struct PlanFigure {
    /// The policy.
    pub policy: &'static str,
    /// Items planned for.
    pub items: usize,
    /// Notices planned.
    pub notices: usize,
    /// The best of the runs.
    pub best: Duration,
}

/// An organisation of 50 units and 1,000 people and `count` items across 2025 (one in ten done).
pub fn plan_inputs(count: usize) -> (Org, Vec<Item>) {
    let units: Vec<Unit> = (0..50)
        .map(|u| Unit { id: format!("unit{u}"), name: format!("单位{u}"), leader: Some(format!("p{}", u * 20)) })
        .collect();
    let people: Vec<Person> = (0..1000)
        .map(|p| Person {
            id: format!("p{p}"),
            name: format!("人员{p}"),
            unit: format!("unit{}", p / 20),
            email: format!("p{p}@example.org"),
            mobile: None,
            roles: Vec::new(),
            certificate: None,
        })
        .collect();
    let first = NaiveDate::from_ymd_opt(2025, 1, 1).expect("1 January");
    let items = (0..count)
        .map(|i| Item {
            id: format!("duty{}@{}", i % 5000, i / 5000),
            duty: format!("duty{}", i % 5000),
            title: "任务".to_string(),
            module: "leadership".to_string(),
            unit: format!("unit{}", i % 50),
            owner: format!("p{}", i % 1000),
            cooperating: Vec::new(),
            deadline: Some(first + TimeDelta::days((i % 365) as i64)),
            rolled_from: None,
            status: if i % 10 == 0 { Status::Done } else { Status::Todo },
            completed_at: None,
        })
        .collect();
    (Org { units, people, ..Org::default() }, items)
}

/// Plans reminders for `count` items on 2025-03-25, `runs` times with each policy (the Rust
/// `StockPolicy` and the stock rhai script that fazhi uses): the best run of each.
pub fn plan_figures(count: usize, runs: usize) -> Result<Vec<PlanFigure>, BenchError> {
    let (org, items) = plan_inputs(count);
    let calendar = Calendar::stock();
    let today = NaiveDate::from_ymd_opt(2025, 3, 25).expect("a date");
    let stock = StockPolicy::default();
    let script = ScriptPolicy::stock()?;
    let policies: [(&'static str, &dyn ReminderPolicy); 2] =
        [("rules/reminders/remind.rhai (what fazhi runs)", &script), ("StockPolicy (Rust)", &stock)];
    let mut figures = Vec::new();
    for (name, policy) in policies {
        let mut best = Duration::MAX;
        let mut notices = 0;
        for _ in 0..runs.max(1) {
            let started = Instant::now();
            let planned = plan(&items, &org, &calendar, today, policy)
                .map_err(|err| BenchError::InProcess(format!("planning: {err}")))?;
            best = best.min(started.elapsed());
            notices = planned.notices.len();
        }
        let errors = script.take_errors();
        if let Some(error) = errors.first() {
            return Err(BenchError::InProcess(format!("the stock reminder script failed: {error}")));
        }
        figures.push(PlanFigure { policy: name, items: count, notices, best });
    }
    Ok(figures)
}
