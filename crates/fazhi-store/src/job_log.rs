use chrono::{DateTime, Utc};

use crate::{JobRun, Store, StoreError, Turn};

/// The log of the scheduler's job runs.
pub trait JobLog {
    /// Records one run of a job.
    fn record_job_run(&mut self, run: &JobRun) -> Result<(), StoreError>;
    /// When `job` last ran (the firing it ran for).
    fn last_job_run(&self, job: &str) -> Result<Option<DateTime<Utc>>, StoreError>;
    /// The runs of `job` (`None`: of every job), oldest first.
    fn job_runs(&self, job: Option<&str>) -> Result<Vec<JobRun>, StoreError>;
    /// The turn to run a firing of `job`: `None` while another process runs one. Held until
    /// dropped. Several daemons on one state take turns by it, and the one that gets the turn
    /// after another's run sees that run recorded ([`JobLog::last_job_run`]); a holder that dies
    /// leaves its firing unrecorded, to be run by the next.
    fn try_job_turn(&self, job: &str) -> Result<Option<Turn>, StoreError>;
}

impl JobLog for Store {
    fn record_job_run(&mut self, run: &JobRun) -> Result<(), StoreError> {
        Store::record_job_run(self, run)
    }
    fn last_job_run(&self, job: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        Store::last_job_run(self, job)
    }
    fn job_runs(&self, job: Option<&str>) -> Result<Vec<JobRun>, StoreError> {
        Store::job_runs(self, job)
    }
    fn try_job_turn(&self, _job: &str) -> Result<Option<Turn>, StoreError> {
        // One daemon per state file (`DaemonLock`): its firings take turns in its own loop.
        Ok(Some(Turn::new(())))
    }
}
