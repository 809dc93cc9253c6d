//! `fazhi jobs`: the jobs of fazhi.ron, each with its last run and its next firing, then the
//! most recent runs (of `fazhi serve` and `fazhi run-job`) from the job log.

use clap::Args;
use fazhi_app::scheduled_jobs;
use serde::Serialize;

use crate::{CliError, Context};

/// `fazhi jobs`
#[derive(Debug, Args)]
pub struct JobsArgs {
    /// How many recent runs to list (newest last).
    #[arg(long, default_value_t = 10)]
    pub runs: usize,
}

/// One job as `fazhi jobs` shows it.
#[derive(Debug, Serialize)]
struct JobView {
    name: String,
    kind: String,
    next: Option<String>,
    last: Option<fazhi_store::JobRun>,
}

/// Runs `fazhi jobs`.
pub fn run(context: &Context, args: &JobsArgs) -> Result<(), CliError> {
    let session = context.read_session()?;
    let workspace = session.workspace();
    let zone = workspace.config.time_zone;
    let jobs = scheduled_jobs(workspace)?;
    let runs = session.store().job_runs(None)?;
    let now = session.now();
    let local = |at: chrono::DateTime<chrono::Utc>| at.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string();
    let views: Vec<JobView> = jobs
        .iter()
        .map(|job| JobView {
            name: job.name.clone(),
            kind: job.kind.clone(),
            next: job.next_after(now, zone).map(local),
            last: runs.iter().rev().find(|run| run.job == job.name).cloned(),
        })
        .collect();
    let recent = &runs[runs.len().saturating_sub(args.runs)..];
    if context.json {
        return super::print_json(&serde_json::json!({ "jobs": views, "runs": recent }));
    }
    if views.is_empty() {
        out!(
            "{}",
            tr!("fazhi.ron declares no jobs (see docs/reminders.md)", "fazhi.ron 未声明作业（见 docs/reminders.md）")
        );
    }
    for view in &views {
        let last = match &view.last {
            Some(run) => {
                let (at, outcome, detail) = (local(run.scheduled_for), &run.outcome, &run.detail);
                tr!("last {at} {outcome} ({detail})", "上次 {at} {outcome}（{detail}）")
            }
            None => tr!("never run", "从未运行"),
        };
        let next = match view.next.as_deref() {
            Some(next) => tr!("next {next}", "下次 {next}"),
            None => tr!("never fires again", "不再触发"),
        };
        let (name, kind) = (&view.name, &view.kind);
        out!("{}", tr!("{name} ({kind}): {next}; {last}", "{name}（{kind}）：{next}；{last}"));
    }
    if !recent.is_empty() {
        out!("");
        out!("{}", tr!("recent runs:", "最近的运行："));
        for run in recent {
            out!("  {}  {:<8} {:<7} {}", local(run.scheduled_for), run.job, run.outcome, run.detail);
        }
    }
    Ok(())
}
