//! The scheduler behind `fazhi serve`: cron jobs evaluated in the workspace's time zone, asleep
//! until the next firing, each run recorded, a missed firing run once after a restart.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;
use fazhi_core::{Calendar, Clock};
use fazhi_store::{FileLock, JobLog, JobRun, StoreError};
use tokio::sync::watch;

use crate::mailer::BoxFuture;

/// A job ready to schedule: its parsed cron expression and settings.
#[derive(Debug, Clone)]
pub struct ScheduledJob {
    /// The job's name.
    pub name: String,
    /// What it does (`Reminders`, `WeeklyDigest`, `ReportDraft`).
    pub kind: String,
    /// When it fires.
    pub schedule: cron::Schedule,
    /// Whether firings on non-working days are skipped.
    pub skip_non_working_days: bool,
    /// How late a missed firing may still run once after a restart.
    pub catch_up: Duration,
}

impl ScheduledJob {
    /// A job from its settings in `fazhi.ron` (the `jobs` entries of the workspace's config).
    pub fn new(
        name: &str,
        cron: &str,
        kind: &str,
        skip_non_working_days: bool,
        catch_up_hours: u32,
    ) -> Result<ScheduledJob, String> {
        let schedule =
            cron::Schedule::from_str(cron).map_err(|err| format!("job \"{name}\": invalid cron expression: {err}"))?;
        Ok(ScheduledJob {
            name: name.to_string(),
            kind: kind.to_string(),
            schedule,
            skip_non_working_days,
            catch_up: Duration::from_secs(u64::from(catch_up_hours) * 3600),
        })
    }

    /// The first firing strictly after `instant`, read in `zone`.
    pub fn next_after(&self, instant: DateTime<Utc>, zone: Tz) -> Option<DateTime<Utc>> {
        self.schedule.after(&instant.with_timezone(&zone)).next().map(|at| at.to_utc())
    }

    /// The latest firing in `(from, to]`, read in `zone`.
    pub fn last_between(&self, from: DateTime<Utc>, to: DateTime<Utc>, zone: Tz) -> Option<DateTime<Utc>> {
        self.schedule.after(&from.with_timezone(&zone)).map(|at| at.to_utc()).take_while(|at| *at <= to).last()
    }
}

/// Runs one job for one firing. Answers what it did, or why it failed.
pub trait JobRunner: Send + Sync {
    /// Runs `job` for the firing at `fired`.
    fn run<'a>(&'a self, job: &'a ScheduledJob, fired: DateTime<Utc>) -> BoxFuture<'a, Result<String, String>>;

    /// Helps while another daemon on the same state holds `job`'s turn with the part of its work
    /// that may be shared — for reminders, sending the messages due, each claimed by one sender
    /// — so that several daemons share a firing's deliveries. By default, nothing.
    fn assist<'a>(&'a self, _job: &'a ScheduledJob) -> BoxFuture<'a, ()> {
        Box::pin(async {})
    }
}

/// A clock that follows tokio's clock: wall time at creation plus tokio's elapsed time. With
/// tokio's time paused (tests), it moves exactly as far as tokio's timers, so a month of schedule
/// passes in milliseconds; in production it follows the monotonic clock from the start.
#[derive(Debug, Clone, Copy)]
pub struct TokioClock {
    wall: DateTime<Utc>,
    start: tokio::time::Instant,
}

impl TokioClock {
    /// A clock reading `wall` now. Call inside a tokio runtime.
    pub fn starting_at(wall: DateTime<Utc>) -> TokioClock {
        TokioClock { wall, start: tokio::time::Instant::now() }
    }
}

impl Clock for TokioClock {
    fn now(&self) -> DateTime<Utc> {
        self.wall + TimeDelta::from_std(self.start.elapsed()).unwrap_or(TimeDelta::MAX)
    }
}

/// What the scheduler needs to know about its workspace.
pub struct Scheduler {
    /// The jobs.
    pub jobs: Vec<ScheduledJob>,
    /// The workspace's time zone: schedules and "working day" are read in it.
    pub zone: Tz,
    /// The working-day calendar.
    pub calendar: Calendar,
    /// Where "now" comes from.
    pub clock: Arc<dyn Clock>,
}

impl Scheduler {
    /// Runs until `shutdown` turns true: first each job's missed firing (once, if a run was
    /// recorded before and the latest missed firing is within its catch-up window), then sleeps
    /// until the next firing of any job, runs the jobs due, records each run in `store`, and so
    /// on. A shutdown request is honoured while asleep, and after the job in hand finishes.
    pub async fn run(
        &self,
        store: &mut (impl JobLog + ?Sized),
        runner: &dyn JobRunner,
        mut shutdown: watch::Receiver<bool>,
    ) -> Result<(), StoreError> {
        let start = self.clock.now();
        for job in &self.jobs {
            if *shutdown.borrow() {
                return Ok(());
            }
            let Some(last) = store.last_job_run(&job.name)? else { continue };
            let window = TimeDelta::from_std(job.catch_up).unwrap_or(TimeDelta::MAX);
            let from = last.max(start - window);
            if let Some(missed) = job.last_between(from, start, self.zone) {
                self.fire(store, runner, job, missed, "catch-up: ", &mut shutdown).await?;
            }
        }
        let mut next: Vec<Option<DateTime<Utc>>> =
            self.jobs.iter().map(|job| job.next_after(start, self.zone)).collect();
        loop {
            if *shutdown.borrow() {
                return Ok(());
            }
            let Some(soonest) = next.iter().flatten().min().copied() else {
                // No job fires again: wait for the shutdown only.
                let _ = shutdown.changed().await;
                return Ok(());
            };
            let now = self.clock.now();
            if soonest > now {
                let wait = (soonest - now).to_std().unwrap_or(Duration::ZERO);
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = shutdown.changed() => return Ok(()),
                }
                continue;
            }
            for (index, job) in self.jobs.iter().enumerate() {
                if next[index] == Some(soonest) {
                    self.fire(store, runner, job, soonest, "", &mut shutdown).await?;
                    next[index] = job.next_after(soonest, self.zone);
                }
            }
        }
    }

    /// Runs (or skips, on a non-working day) one firing and records it, in the job's turn
    /// ([`JobLog::try_job_turn`]): while another daemon on the same state runs the job, this one
    /// waits; a firing that daemon recorded is not run again, and one it left unrecorded (it
    /// died) is run here.
    async fn fire(
        &self,
        store: &mut (impl JobLog + ?Sized),
        runner: &dyn JobRunner,
        job: &ScheduledJob,
        fired: DateTime<Utc>,
        note: &str,
        shutdown: &mut watch::Receiver<bool>,
    ) -> Result<(), StoreError> {
        let _turn = loop {
            if let Some(turn) = store.try_job_turn(&job.name)? {
                break turn;
            }
            runner.assist(job).await;
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_millis(200)) => {}
                _ = shutdown.changed() => return Ok(()),
            }
        };
        if store.last_job_run(&job.name)?.is_some_and(|last| last >= fired) {
            return Ok(());
        }
        let started_at = self.clock.now();
        let day = fired.with_timezone(&self.zone).date_naive();
        let (outcome, detail) = match self.calendar.is_working_day(day) {
            Ok(false) if job.skip_non_working_days => ("skipped", format!("{note}{day} is not a working day")),
            Err(err) if job.skip_non_working_days => ("failed", format!("{note}{err}")),
            _ => match runner.run(job, fired).await {
                Ok(detail) => ("ok", format!("{note}{detail}")),
                Err(detail) => ("failed", format!("{note}{detail}")),
            },
        };
        store.record_job_run(&JobRun {
            job: job.name.clone(),
            scheduled_for: fired,
            started_at,
            finished_at: self.clock.now(),
            outcome: outcome.to_string(),
            detail,
        })
    }
}

/// A lock on `.fazhi/serve.lock`: one daemon per workspace. Released when dropped (or when the
/// process ends, however it ends).
#[derive(Debug)]
pub struct DaemonLock {
    _lock: FileLock,
}

impl DaemonLock {
    /// Takes the lock at `path`, or says that another daemon holds it.
    pub fn acquire(path: &std::path::Path) -> Result<DaemonLock, String> {
        match FileLock::try_acquire(path) {
            Ok(Some(lock)) => Ok(DaemonLock { _lock: lock }),
            Ok(None) => {
                Err(format!("another `fazhi serve` is running for this workspace (it holds {})", path.display()))
            }
            Err(err) => Err(format!("{}: {err}", path.display())),
        }
    }
}
