//! `fazhi serve`, the scheduler daemon, and `fazhi run-job NAME`, one job now.

use fazhi_store::prelude::*;
use std::sync::Arc;

use clap::Args;
use fazhi_app::{scheduled_jobs, Access, SessionRunner};
use fazhi_core::SystemClock;
use fazhi_notify::{DaemonLock, Scheduler};
use fazhi_store::JobRun;

use super::remind::runtime;
use super::web::Site;
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

/// Runs `fazhi serve` until stopped (see `ShutdownSignal`): the jobs of the workspace, or in a
/// county's folder those of every town of `county.ron` (and of the county office's workspace).
pub fn run(context: &Context, _args: &ServeArgs) -> Result<(), CliError> {
    if context.today_if_set().is_some() {
        return Err(CliError::BadInput("`fazhi serve` runs on the real clock: drop --today".to_string()));
    }
    let Served { mut daemons, pages } = match context.start_dir().join(fazhi_core::COUNTY_FILE).is_file() {
        true => county_daemons(context)?,
        false => town_daemons(context)?,
    };
    let runtime = runtime()?;
    runtime.block_on(async {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let signal = ShutdownSignal::listen().map_err(|err| CliError::Internal(anyhow::Error::new(err)))?;
        tokio::spawn(async move {
            signal.received().await;
            let _ = stop.send(true);
        });
        let web = match pages {
            Some((listen, site)) => {
                let listener = tokio::net::TcpListener::bind(&listen)
                    .await
                    .map_err(|err| CliError::BadInput(format!("web listen {listen}: {err}")))?;
                let address = listener.local_addr().map_err(anyhow::Error::from)?;
                err!("fazhi serve: web interface on http://{address}/");
                let mut stopped = stopped.clone();
                let shutdown = async move {
                    let _ = stopped.wait_for(|stop| *stop).await;
                };
                Some(tokio::spawn(site.serve(listener, shutdown)))
            }
            None => None,
        };
        if daemons.is_empty() {
            let mut stopped = stopped.clone();
            let _ = stopped.wait_for(|stop| *stop).await;
        }
        let runs = daemons.iter_mut().map(|daemon| daemon.run(stopped.clone()));
        let results = futures_util::future::join_all(runs).await;
        if let Some(web) = web {
            match web.await {
                Ok(Ok(())) => {}
                Ok(Err(error)) => err!("fazhi serve: the web interface failed: {error}"),
                Err(error) => err!("fazhi serve: the web interface failed: {error}"),
            }
        }
        err!("fazhi serve: stopped");
        results.into_iter().collect::<Result<Vec<()>, CliError>>()?;
        Ok(())
    })
}

/// What one `fazhi serve` runs: the schedulers of its workspaces, and the pages with the
/// address they listen on.
struct Served {
    daemons: Vec<TownDaemon>,
    pages: Option<(String, Site)>,
}

/// The daemon of the workspace, and its pages when `fazhi.ron` declares `web: (listen: …)`.
fn town_daemons(context: &Context) -> Result<Served, CliError> {
    let root = context.root()?;
    let daemon = TownDaemon::prepare(&root, &context.options(Access::Write), None)?;
    let web = &daemon.session.workspace().config.web;
    if daemon.scheduler.jobs.is_empty() && !web.listen_declared {
        return Err(CliError::BadInput(
            "fazhi.ron declares no jobs: add `jobs: [(name: …, cron: …, kind: Reminders)]` (see docs/reminders.md), \
             or `web: (listen: \"127.0.0.1:8080\")` to serve the web interface"
                .to_string(),
        ));
    }
    // With `web: (listen: …)` in fazhi.ron the same process serves the pages (docs/web.md).
    let pages = match web.listen_declared {
        true => {
            let app = fazhi_web::WebApp::open(&root, &context.options(Access::Write)).map_err(super::web::web_error)?;
            Some((web.listen.clone(), Site::Town(app)))
        }
        false => None,
    };
    let daemons = if daemon.scheduler.jobs.is_empty() { Vec::new() } else { vec![daemon] };
    Ok(Served { daemons, pages })
}

/// A daemon for each town of `county.ron` (and the county office's workspace) that declares
/// jobs, and the county's pages when `county.ron` declares `listen:`. A town that cannot be
/// opened stops the start: the county's daemon serves every town or none.
fn county_daemons(context: &Context) -> Result<Served, CliError> {
    let county = fazhi_app::County::discover(context.start_dir(), &context.options(Access::Write))?;
    let options = county.session_options(Access::Write);
    let config = county.config();
    let mut daemons = Vec::new();
    for town in config.towns.iter().chain(&config.office) {
        let daemon = TownDaemon::prepare(&town.root, &options, Some(town.name.clone())).inspect_err(|_| {
            err!("fazhi serve: {} ({}) cannot be served:", town.name, town.folder.display());
        })?;
        if daemon.scheduler.jobs.is_empty() {
            err!("fazhi serve: {}: no jobs", town.name);
        } else {
            daemons.push(daemon);
        }
    }
    let pages = match &config.listen {
        Some(listen) => {
            let site = fazhi_web::CountySite::open(&config.root, &options).map_err(super::web::web_error)?;
            Some((listen.clone(), Site::County(site)))
        }
        None => None,
    };
    if daemons.is_empty() && pages.is_none() {
        return Err(CliError::BadInput(
            "no town of county.ron declares jobs, and county.ron declares no listen: for the web interface".to_string(),
        ));
    }
    Ok(Served { daemons, pages })
}

/// One workspace's scheduler: its jobs, its lock (one daemon per workspace folder), and the
/// connection that keeps its job log; every firing opens a session of its own.
struct TownDaemon {
    town: Option<String>,
    session: fazhi_app::Session,
    scheduler: Scheduler,
    runner: SessionRunner,
    _lock: DaemonLock,
}

impl TownDaemon {
    /// The daemon of the workspace at `root`, opened with `options`; `town` names it in the
    /// log on a county's daemon.
    fn prepare(
        root: &std::path::Path,
        options: &fazhi_app::SessionOptions,
        town: Option<String>,
    ) -> Result<TownDaemon, CliError> {
        // A broken checklist file does not keep the daemon from starting: each reminder run leaves
        // it out (and says so in the job log and the 党政办's digest) until it is corrected.
        let workspace = fazhi_core::Workspace::load_available(root)?;
        for diagnostic in workspace.left_out() {
            super::warn_left_out(diagnostic);
        }
        let jobs = scheduled_jobs(&workspace)?;
        let lock = DaemonLock::acquire(&workspace.root.join(".fazhi/serve.lock")).map_err(CliError::BadInput)?;
        let options = fazhi_app::SessionOptions { leave_out_broken_checklists: true, ..options.clone() };
        let session = fazhi_app::Session::open(root, &options)?;
        let scheduler = Scheduler {
            jobs,
            zone: workspace.config.time_zone,
            calendar: workspace.calendar.clone(),
            clock: Arc::new(SystemClock),
        };
        let runner = SessionRunner::new(workspace.root.clone(), options);
        Ok(TownDaemon { town, session, scheduler, runner, _lock: lock })
    }

    /// Runs the jobs until `stopped` turns true.
    async fn run(&mut self, stopped: tokio::sync::watch::Receiver<bool>) -> Result<(), CliError> {
        let scheduler = &self.scheduler;
        let prefix = self.town.as_ref().map_or(String::new(), |town| format!("{town}: "));
        let now = chrono::Utc::now();
        for job in &scheduler.jobs {
            match job.next_after(now, scheduler.zone) {
                Some(next) => err!(
                    "fazhi serve: {prefix}job {} ({}) next at {}",
                    job.name,
                    job.kind,
                    next.with_timezone(&scheduler.zone).format("%Y-%m-%d %H:%M:%S %Z")
                ),
                None => err!("fazhi serve: {prefix}job {} never fires again", job.name),
            }
        }
        let mut log = LoggedRuns { log: self.session.store_mut(), zone: scheduler.zone, prefix };
        scheduler.run(&mut log, &self.runner, stopped).await?;
        Ok(())
    }
}

/// The daemon's job log, saying each run as it is recorded: one line per run on standard error
/// (job, outcome, the firing it ran for, what it did), for the system's journal.
struct LoggedRuns<'a, L: JobLog + ?Sized> {
    log: &'a mut L,
    zone: chrono_tz::Tz,
    /// The town's name and `: ` on a county's daemon, else empty.
    prefix: String,
}

impl<L: JobLog + ?Sized> JobLog for LoggedRuns<'_, L> {
    fn record_job_run(&mut self, run: &JobRun) -> Result<(), fazhi_store::StoreError> {
        self.log.record_job_run(run)?;
        let seconds = (run.finished_at - run.started_at).num_milliseconds() as f64 / 1000.0;
        err!(
            "fazhi serve: {}job {} {} (for {}, {seconds:.1} s): {}",
            self.prefix,
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
