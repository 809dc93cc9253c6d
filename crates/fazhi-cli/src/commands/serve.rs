//! `fazhi serve`, the scheduler daemon, and `fazhi run-job NAME`, one job now.

use fazhi_store::prelude::*;
use std::sync::Arc;

use clap::Args;
use fazhi_app::{scheduled_jobs, Access, SessionRunner};
use fazhi_core::SystemClock;
use fazhi_notify::{DaemonLock, Scheduler};
use fazhi_store::JobRun;

use super::remind::runtime;
use crate::shutdown_signal::ShutdownSignal;
use crate::{CliError, Context};

/// `fazhi serve`
#[derive(Debug, Args)]
pub struct ServeArgs {}

/// `fazhi run-job`
#[derive(Debug, Args)]
pub struct RunJobArgs {
    /// The job's name in fazhi.ron's `jobs`.
    pub name: String,
}

/// Runs `fazhi serve` until stopped (see `ShutdownSignal`).
pub fn run(context: &Context, _args: &ServeArgs) -> Result<(), CliError> {
    if context.today_if_set().is_some() {
        return Err(CliError::BadInput("`fazhi serve` runs on the real clock: drop --today".to_string()));
    }
    // A broken checklist file does not keep the daemon from starting: each reminder run leaves
    // it out (and says so in the job log and the 党政办's digest) until it is corrected.
    let workspace = fazhi_core::Workspace::load_available(&context.root()?)?;
    for diagnostic in workspace.left_out() {
        super::warn_left_out(diagnostic);
    }
    let jobs = scheduled_jobs(&workspace)?;
    let web = &workspace.config.web;
    if jobs.is_empty() && !web.listen_declared {
        return Err(CliError::BadInput(
            "fazhi.ron declares no jobs: add `jobs: [(name: …, cron: …, kind: Reminders)]` (see docs/reminders.md), \
             or `web: (listen: \"127.0.0.1:8080\")` to serve the web interface"
                .to_string(),
        ));
    }
    let _lock = DaemonLock::acquire(&workspace.root.join(".fazhi/serve.lock")).map_err(CliError::BadInput)?;
    // With `web: (listen: …)` in fazhi.ron the same process serves the pages (docs/web.md).
    let pages = match web.listen_declared {
        true => Some((
            web.listen.clone(),
            fazhi_web::WebApp::open(&workspace.root, &context.options(fazhi_app::Access::Write))
                .map_err(super::web::web_error)?,
        )),
        false => None,
    };
    // The daemon's own connection keeps the job log; every firing opens a session of its own.
    let mut session = context.available_session()?;
    let scheduler = Scheduler {
        jobs,
        zone: workspace.config.time_zone,
        calendar: workspace.calendar.clone(),
        clock: Arc::new(SystemClock),
    };
    let runner = SessionRunner::new(workspace.root.clone(), context.options(Access::Write));
    let runtime = runtime()?;
    runtime.block_on(async {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let signal = ShutdownSignal::listen().map_err(|err| CliError::Internal(anyhow::Error::new(err)))?;
        tokio::spawn(async move {
            signal.received().await;
            let _ = stop.send(true);
        });
        let web = match pages {
            Some((listen, app)) => {
                let listener = tokio::net::TcpListener::bind(&listen)
                    .await
                    .map_err(|err| CliError::BadInput(format!("fazhi.ron web listen {listen}: {err}")))?;
                let address = listener.local_addr().map_err(anyhow::Error::from)?;
                err!("fazhi serve: web interface on http://{address}/");
                let mut stopped = stopped.clone();
                let shutdown = async move {
                    let _ = stopped.wait_for(|stop| *stop).await;
                };
                Some(tokio::spawn(fazhi_web::serve(listener, app, shutdown)))
            }
            None => None,
        };
        let now = chrono::Utc::now();
        for job in &scheduler.jobs {
            match job.next_after(now, scheduler.zone) {
                Some(next) => err!(
                    "fazhi serve: job {} ({}) next at {}",
                    job.name,
                    job.kind,
                    next.with_timezone(&scheduler.zone).format("%Y-%m-%d %H:%M:%S %Z")
                ),
                None => err!("fazhi serve: job {} never fires again", job.name),
            }
        }
        if scheduler.jobs.is_empty() {
            let mut stopped = stopped;
            let _ = stopped.wait_for(|stop| *stop).await;
        } else {
            let mut log = LoggedRuns { log: session.store_mut(), zone: scheduler.zone };
            scheduler.run(&mut log, &runner, stopped).await?;
        }
        if let Some(web) = web {
            match web.await {
                Ok(Ok(())) => {}
                Ok(Err(error)) => err!("fazhi serve: the web interface failed: {error}"),
                Err(error) => err!("fazhi serve: the web interface failed: {error}"),
            }
        }
        err!("fazhi serve: stopped");
        Ok(())
    })
}

/// The daemon's job log, saying each run as it is recorded: one line per run on standard error
/// (job, outcome, the firing it ran for, what it did), for the system's journal.
struct LoggedRuns<'a, L: JobLog + ?Sized> {
    log: &'a mut L,
    zone: chrono_tz::Tz,
}

impl<L: JobLog + ?Sized> JobLog for LoggedRuns<'_, L> {
    fn record_job_run(&mut self, run: &JobRun) -> Result<(), fazhi_store::StoreError> {
        self.log.record_job_run(run)?;
        let seconds = (run.finished_at - run.started_at).num_milliseconds() as f64 / 1000.0;
        err!(
            "fazhi serve: job {} {} (for {}, {seconds:.1} s): {}",
            run.job,
            run.outcome,
            run.scheduled_for.with_timezone(&self.zone).format("%Y-%m-%d %H:%M"),
            run.detail
        );
        Ok(())
    }
    fn last_job_run(&self, job: &str) -> Result<Option<chrono::DateTime<chrono::Utc>>, fazhi_store::StoreError> {
        self.log.last_job_run(job)
    }
    fn job_runs(&self, job: Option<&str>) -> Result<Vec<JobRun>, fazhi_store::StoreError> {
        self.log.job_runs(job)
    }
    fn try_job_turn(&self, job: &str) -> Result<Option<fazhi_store::Turn>, fazhi_store::StoreError> {
        self.log.try_job_turn(job)
    }
}

/// Runs `fazhi run-job NAME`: the job once, now (by `--today` if given), recorded like a
/// scheduled run.
pub fn run_job(context: &Context, args: &RunJobArgs) -> Result<(), CliError> {
    // Only to find the job and keep its log: the run opens a session of its own.
    let mut session = context.available_session()?;
    let jobs = scheduled_jobs(session.workspace())?;
    let Some(job) = jobs.iter().find(|job| job.name == args.name) else {
        let names: Vec<&str> = jobs.iter().map(|job| job.name.as_str()).collect();
        return Err(CliError::BadInput(if names.is_empty() {
            format!("no job named \"{}\": fazhi.ron declares no jobs", args.name)
        } else {
            format!("no job named \"{}\" (jobs: {})", args.name, names.join(", "))
        }));
    };
    let fired = session.now();
    let runner = SessionRunner::new(session.workspace().root.clone(), context.options(Access::Write));
    let runtime = runtime()?;
    let started = std::time::Instant::now();
    let result = runtime.block_on(runner.run_job(job, fired)).map_err(|err| err.describe());
    let (outcome, detail) = match &result {
        Ok(detail) => ("ok", detail.clone()),
        Err(detail) => ("failed", detail.clone()),
    };
    let finished_at = fired + chrono::TimeDelta::from_std(started.elapsed()).unwrap_or_default();
    session.store_mut().record_job_run(&JobRun {
        job: job.name.clone(),
        scheduled_for: fired,
        started_at: fired,
        finished_at,
        outcome: outcome.to_string(),
        detail: format!("run-job: {detail}"),
    })?;
    match result {
        Ok(detail) => {
            if context.json {
                return super::print_json(
                    &serde_json::json!({ "job": job.name, "outcome": outcome, "detail": detail }),
                );
            }
            out!("{}: {detail}", job.name);
            Ok(())
        }
        Err(detail) => Err(CliError::Failed(format!("job {} failed: {detail}", job.name))),
    }
}
