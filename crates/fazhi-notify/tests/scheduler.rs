//! The scheduler with tokio's paused clock: a month of firings in milliseconds, and a restart
//! after downtime that catches up once.

use fazhi_store::prelude::*;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use fazhi_core::Calendar;
use fazhi_notify::{BoxFuture, DaemonLock, JobRunner, ScheduledJob, Scheduler, TokioClock};
use fazhi_store::{JobRun, OpenOptions, Store};
use tokio::sync::watch;

/// Records the firings it is asked to run.
#[derive(Default)]
struct Recorder {
    fired: Mutex<Vec<DateTime<Utc>>>,
}

impl JobRunner for Recorder {
    fn run<'a>(&'a self, _job: &'a ScheduledJob, fired: DateTime<Utc>) -> BoxFuture<'a, Result<String, String>> {
        Box::pin(async move {
            self.fired.lock().unwrap().push(fired);
            Ok("done".to_string())
        })
    }
}

fn local(text: &str) -> DateTime<Utc> {
    let naive = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
    Shanghai.from_local_datetime(&naive).unwrap().to_utc()
}

fn scheduler(start: DateTime<Utc>, catch_up_hours: u32) -> Scheduler {
    Scheduler {
        jobs: vec![ScheduledJob::new("reminders", "0 0 8 * * *", "Reminders", true, catch_up_hours).unwrap()],
        zone: Shanghai,
        calendar: Calendar::stock(),
        clock: Arc::new(TokioClock::starting_at(start)),
    }
}

/// Runs `scheduler` for `days` days of tokio time, then asks it to stop.
async fn run_for(scheduler: &Scheduler, store: &mut Store, runner: &Recorder, days: u64) {
    let (stop, stopped) = watch::channel(false);
    let driver = async move {
        tokio::time::sleep(std::time::Duration::from_secs(days * 24 * 3600)).await;
        stop.send(true).unwrap();
    };
    let (result, ()) = tokio::join!(scheduler.run(store, runner, stopped), driver);
    result.unwrap();
}

fn local_days(times: &[DateTime<Utc>]) -> Vec<String> {
    times.iter().map(|t| t.with_timezone(&Shanghai).format("%m-%d %H:%M").to_string()).collect()
}

#[tokio::test(start_paused = true)]
async fn a_month_of_schedule_fires_on_the_working_days() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("state.db"), &OpenOptions::default()).unwrap();
    let scheduler = scheduler(local("2025-04-01 00:00"), 24);
    let runner = Recorder::default();
    let wall = std::time::Instant::now();
    run_for(&scheduler, &mut store, &runner, 30).await;
    assert!(wall.elapsed() < std::time::Duration::from_secs(5), "paused time: {:?}", wall.elapsed());

    let fired = local_days(&runner.fired.lock().unwrap());
    let calendar = Calendar::stock();
    let expected: Vec<String> = (1..=30)
        .map(|d| NaiveDate::from_ymd_opt(2025, 4, d).unwrap())
        .filter(|day| calendar.is_working_day(*day).unwrap())
        .map(|day| format!("{} 08:00", day.format("%m-%d")))
        .collect();
    assert_eq!(fired, expected);
    assert_eq!(fired.len(), 22);
    assert!(!fired.contains(&"04-04 08:00".to_string()), "清明 is a holiday");
    assert!(fired.contains(&"04-27 08:00".to_string()), "Sunday 04-27 is worked (调休)");
    // Every firing is recorded, the skipped ones too.
    let runs = store.job_runs(Some("reminders")).unwrap();
    assert_eq!(runs.len(), 30);
    assert_eq!(runs.iter().filter(|r| r.outcome == "ok").count(), 22);
    let skipped: Vec<&JobRun> = runs.iter().filter(|r| r.outcome == "skipped").collect();
    assert_eq!(skipped.len(), 8);
    assert_eq!(skipped[0].detail, "2025-04-04 is not a working day");
}

async fn restart_after_downtime(catch_up_hours: u32) -> (Vec<String>, Vec<JobRun>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("state.db"), &OpenOptions::default()).unwrap();
    // The daemon last ran Monday 04-07 at 08:00, then was stopped for three days.
    let last = local("2025-04-07 08:00");
    store
        .record_job_run(&JobRun {
            job: "reminders".into(),
            scheduled_for: last,
            started_at: last,
            finished_at: last,
            outcome: "ok".into(),
            detail: "before the downtime".into(),
        })
        .unwrap();
    let scheduler = scheduler(local("2025-04-10 10:00"), catch_up_hours);
    let runner = Recorder::default();
    run_for(&scheduler, &mut store, &runner, 1).await;
    let fired = local_days(&runner.fired.lock().unwrap());
    (fired, store.job_runs(Some("reminders")).unwrap())
}

#[tokio::test(start_paused = true)]
async fn a_restart_after_three_days_catches_up_once() {
    // Missed: 04-08, 04-09 and 04-10 at 08:00. One catch-up run (for the latest), then the schedule.
    let (fired, runs) = restart_after_downtime(72).await;
    assert_eq!(fired, ["04-10 08:00", "04-11 08:00"]);
    assert_eq!(runs.len(), 3);
    assert!(runs[1].detail.starts_with("catch-up: "), "{:?}", runs[1]);
}

#[tokio::test(start_paused = true)]
async fn a_missed_firing_outside_the_window_is_not_caught_up() {
    let (fired, _) = restart_after_downtime(1).await;
    assert_eq!(fired, ["04-11 08:00"]);
}

#[test]
fn one_daemon_per_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(".fazhi/serve.lock");
    let lock = DaemonLock::acquire(&path).unwrap();
    let second = DaemonLock::acquire(&path).unwrap_err();
    assert!(second.contains("another `fazhi serve` is running"), "{second}");
    drop(lock);
    DaemonLock::acquire(&path).unwrap();
}
