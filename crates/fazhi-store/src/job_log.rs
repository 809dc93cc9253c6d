use chrono::{DateTime, Utc};

use crate::{JobRun, Store, StoreError};

/// The log of the scheduler's job runs.
pub trait JobLog {
    /// Records one run of a job.
    fn record_job_run(&mut self, run: &JobRun) -> Result<(), StoreError>;
    /// When `job` last ran (the firing it ran for).
    fn last_job_run(&self, job: &str) -> Result<Option<DateTime<Utc>>, StoreError>;
    /// The runs of `job` (`None`: of every job), oldest first.
    fn job_runs(&self, job: Option<&str>) -> Result<Vec<JobRun>, StoreError>;
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
}
