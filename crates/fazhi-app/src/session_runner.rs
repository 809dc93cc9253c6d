use std::path::PathBuf;

use chrono::{DateTime, Utc};
use fazhi_core::Workspace;
use fazhi_notify::{BoxFuture, JobRunner, ScheduledJob};

use crate::{AppError, ReminderKind, Session, SessionOptions};

/// Runs the jobs of a workspace, opening a fresh [`Session`] for every firing: history,
/// checklists, rules and configuration edited while the daemon runs take effect at the next
/// firing, and what they record is applied before the job plans anything.
pub struct SessionRunner {
    root: PathBuf,
    base: SessionOptions,
}

impl SessionRunner {
    /// A runner for the workspace at `root`, its sessions opened with `base` (where the state
    /// is; each firing sets its own instant).
    pub fn new(root: PathBuf, base: SessionOptions) -> SessionRunner {
        SessionRunner { root, base }
    }

    /// Runs `job` as fired at `fired`: the session's date is the firing's day in the
    /// workspace's zone. Returns what the job did, in one line.
    pub async fn run_job(&self, job: &ScheduledJob, fired: DateTime<Utc>) -> Result<String, AppError> {
        let reminding = matches!(job.kind.as_str(), "Reminders" | "WeeklyDigest");
        // A broken checklist file is left out of reminders, not the whole town with it.
        let options = SessionOptions {
            instant: Some(fired),
            leave_out_broken_checklists: reminding,
            access: crate::Access::Write,
            ..self.base.clone()
        };
        let mut session = Session::open(&self.root, &options)?;
        let today = session.today();
        match job.kind.as_str() {
            "Reminders" | "WeeklyDigest" => {
                let kind = if job.kind == "Reminders" { ReminderKind::Daily } else { ReminderKind::UnitDigest };
                let run = session.send_reminders(kind, fired).await?;
                match run.failure() {
                    Some(failure) => Err(failure),
                    // A message not delivered or a checklist file left out fails the run (its log
                    // says so), and the run still says what it did.
                    None => {
                        let mut problems = Vec::new();
                        if let Some(undelivered) = run.undelivered() {
                            problems.push(undelivered.describe());
                        }
                        if let Some(AppError::Failed { message }) = session.left_out_failure() {
                            let left_out: Vec<String> = session.left_out().iter().map(ToString::to_string).collect();
                            problems.push(format!("{message}: {}", left_out.join("; ")));
                        }
                        match problems.is_empty() {
                            true => Ok(run.summary()),
                            false => {
                                Err(AppError::Failed { message: format!("{}; {}", run.summary(), problems.join("; ")) })
                            }
                        }
                    }
                }
            }
            // The report of the year before the firing: drafted in the first months of the next
            // year, as it is due before 1 April.
            "ReportDraft" => session.draft_report(chrono::Datelike::year(&today) - 1),
            other => Err(AppError::bad_input(format!("job kind {other} is not available in this version of fazhi"))),
        }
    }
}

impl JobRunner for SessionRunner {
    fn run<'a>(&'a self, job: &'a ScheduledJob, fired: DateTime<Utc>) -> BoxFuture<'a, Result<String, String>> {
        Box::pin(async move { self.run_job(job, fired).await.map_err(|err| err.describe()) })
    }

    /// For a reminders job another daemon is running: sends the messages due (as `fazhi outbox
    /// --retry` would, without retrying early), each claimed by one sender. What cannot be done
    /// now is left to the daemon running the job, which records the firing.
    fn assist<'a>(&'a self, job: &'a ScheduledJob) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            if !matches!(job.kind.as_str(), "Reminders" | "WeeklyDigest") {
                return;
            }
            let options =
                SessionOptions { leave_out_broken_checklists: true, access: crate::Access::Write, ..self.base.clone() };
            if let Ok(mut session) = Session::open(&self.root, &options) {
                let _ = session.deliver_mail(false, false).await;
            }
        })
    }
}

/// The jobs `fazhi.ron` declares, each with its schedule checked.
pub fn scheduled_jobs(workspace: &Workspace) -> Result<Vec<ScheduledJob>, AppError> {
    workspace
        .config
        .jobs
        .iter()
        .map(|job| {
            ScheduledJob::new(&job.name, &job.cron, job.kind.as_str(), job.skip_non_working_days, job.catch_up_hours)
                .map_err(AppError::bad_input)
        })
        .collect()
}
