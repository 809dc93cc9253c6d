//! `fazhi serve`, the scheduler daemon, and `fazhi run-job NAME`, one job now.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use clap::Args;
use fazhi_core::{SystemClock, Workspace};
use fazhi_notify::{
    configured_mailer, deliver, plan, queue_digests, BoxFuture, DaemonLock, JobRunner, ReminderPolicy, RetryPolicy,
    ScheduledJob, Scheduler, StockPolicy, UnitDigestPolicy,
};
use fazhi_store::{JobRun, OpenOptions, Store};

use super::remind::{check_script, runtime, script_policy};
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

/// Runs the jobs of a workspace, loading the workspace (and its rule pack) afresh for every run
/// so that edits to its files take effect without a restart.
struct WorkspaceRunner<'c> {
    root: PathBuf,
    context: &'c Context,
}

impl WorkspaceRunner<'_> {
    /// Plans and sends reminders: by the reminder script of the workspace's rule pack
    /// (`digest = false`), or the weekly digest to unit leaders.
    async fn reminders(&self, fired: DateTime<Utc>, digest: bool) -> Result<String, String> {
        let workspace = Workspace::load(&self.root).map_err(|err| describe_workspace_error(&err))?;
        let options = OpenOptions { busy_timeout: workspace.config.busy_timeout };
        let mut store = Store::open(&workspace.config.storage, &options).map_err(|err| err.to_string())?;
        let today = workspace.local(fired).date();
        let mut items = workspace
            .items(&store.task_states(&workspace).map_err(|err| err.to_string())?)
            .map_err(|err| err.to_string())?;
        items.extend(super::flow::open_items(self.context, &workspace, &store).map_err(describe_cli_error)?);
        let script = if digest { None } else { script_policy(&workspace.root).map_err(describe_cli_error)? };
        let (stock, unit_digest) = (StockPolicy::default(), UnitDigestPolicy::default());
        let policy: &dyn ReminderPolicy = match (&script, digest) {
            (_, true) => &unit_digest,
            (Some(script), false) => script,
            (None, false) => &stock,
        };
        let planned =
            plan(&items, &workspace.org, &workspace.calendar, today, policy).map_err(|err| err.to_string())?;
        check_script(script.as_ref()).map_err(|problems| describe_cli_error(CliError::Invalid(problems)))?;
        let mailer = configured_mailer(&workspace).map_err(|err| err.to_string())?;
        let queued = queue_digests(&workspace, &mut store, &planned, today, fired).map_err(|err| err.to_string())?;
        let report = deliver(&mut store, mailer.as_ref(), workspace.local(fired), &RetryPolicy::default(), false)
            .await
            .map_err(|err| err.to_string())?;
        Ok(format!(
            "{today}: {} new digest(s) from {} notice(s); {} sent to {}, {} to retry, {} given up",
            queued.queued.len(),
            planned.notices.len(),
            report.sent.len(),
            mailer.describe(),
            report.failed.len(),
            report.abandoned.len()
        ))
    }
}

fn describe_cli_error(err: CliError) -> String {
    match err {
        CliError::Invalid(diagnostics) => diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

fn describe_workspace_error(err: &fazhi_core::WorkspaceError) -> String {
    match err {
        fazhi_core::WorkspaceError::Invalid(diagnostics) => {
            diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
        }
        other => other.to_string(),
    }
}

impl JobRunner for WorkspaceRunner<'_> {
    fn run<'a>(&'a self, job: &'a ScheduledJob, fired: DateTime<Utc>) -> BoxFuture<'a, Result<String, String>> {
        Box::pin(async move {
            match job.kind.as_str() {
                "Reminders" => self.reminders(fired, false).await,
                "WeeklyDigest" => self.reminders(fired, true).await,
                // The report of the year before the firing: drafted in the first months of
                // the next year, as it is due before 1 April.
                "ReportDraft" => {
                    let workspace = Workspace::load(&self.root).map_err(|err| describe_workspace_error(&err))?;
                    let year = chrono::Datelike::year(&workspace.local(fired).date()) - 1;
                    super::report::draft(self.context, &workspace, year).map_err(describe_cli_error)
                }
                other => Err(format!("job kind {other} is not available in this version of fazhi")),
            }
        })
    }
}

fn jobs(workspace: &Workspace) -> Result<Vec<ScheduledJob>, CliError> {
    workspace
        .config
        .jobs
        .iter()
        .map(|job| {
            ScheduledJob::new(&job.name, &job.cron, job.kind.as_str(), job.skip_non_working_days, job.catch_up_hours)
                .map_err(CliError::BadInput)
        })
        .collect()
}

/// Runs `fazhi serve` until SIGINT or SIGTERM.
pub fn run(context: &Context, _args: &ServeArgs) -> Result<(), CliError> {
    if context.today_if_set().is_some() {
        return Err(CliError::BadInput("`fazhi serve` runs on the real clock: drop --today".to_string()));
    }
    let workspace = context.workspace()?;
    let jobs = jobs(&workspace)?;
    if jobs.is_empty() {
        return Err(CliError::BadInput(
            "fazhi.ron declares no jobs: add `jobs: [(name: …, cron: …, kind: Reminders)]` (see docs/reminders.md)"
                .to_string(),
        ));
    }
    let _lock = DaemonLock::acquire(&workspace.root.join(".fazhi/serve.lock")).map_err(CliError::BadInput)?;
    let mut store = context.open_store(&workspace)?;
    let scheduler = Scheduler {
        jobs,
        zone: workspace.config.time_zone,
        calendar: workspace.calendar.clone(),
        clock: Arc::new(SystemClock),
    };
    let runner = WorkspaceRunner { root: workspace.root.clone(), context };
    let runtime = runtime()?;
    runtime.block_on(async {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let mut interrupt = signal(tokio::signal::unix::SignalKind::interrupt())?;
        let mut terminate = signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::spawn(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
            let _ = stop.send(true);
        });
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
        scheduler.run(&mut store, &runner, stopped).await?;
        err!("fazhi serve: stopped");
        Ok(())
    })
}

fn signal(kind: tokio::signal::unix::SignalKind) -> Result<tokio::signal::unix::Signal, CliError> {
    tokio::signal::unix::signal(kind).map_err(|err| CliError::Internal(anyhow::Error::new(err)))
}

/// Runs `fazhi run-job NAME`: the job once, now (by `--today` if given), recorded like a
/// scheduled run.
pub fn run_job(context: &Context, args: &RunJobArgs) -> Result<(), CliError> {
    let workspace = context.workspace()?;
    let jobs = jobs(&workspace)?;
    let Some(job) = jobs.iter().find(|job| job.name == args.name) else {
        let names: Vec<&str> = jobs.iter().map(|job| job.name.as_str()).collect();
        return Err(CliError::BadInput(if names.is_empty() {
            format!("no job named \"{}\": fazhi.ron declares no jobs", args.name)
        } else {
            format!("no job named \"{}\" (jobs: {})", args.name, names.join(", "))
        }));
    };
    let clock = context.clock(&workspace);
    let fired = clock.now();
    let mut store = context.open_store(&workspace)?;
    let runner = WorkspaceRunner { root: workspace.root.clone(), context };
    let runtime = runtime()?;
    let _entered = runtime.enter();
    let result = runtime.block_on(runner.run(job, fired));
    let (outcome, detail) = match &result {
        Ok(detail) => ("ok", detail.clone()),
        Err(detail) => ("failed", detail.clone()),
    };
    store.record_job_run(&JobRun {
        job: job.name.clone(),
        scheduled_for: fired,
        started_at: fired,
        finished_at: clock.now(),
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
