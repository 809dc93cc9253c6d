//! Runs of the scheduler's jobs.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::Store;
use crate::{JobRun, StoreError};

/// UTC times as fixed-width text, so that text order is time order.
pub(crate) const UTC_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.3fZ";

pub(crate) fn parse(path: &std::path::Path, text: &str) -> Result<DateTime<Utc>, StoreError> {
    chrono::NaiveDateTime::parse_from_str(text, UTC_FORMAT)
        .map(|time| time.and_utc())
        .map_err(|_| StoreError::corrupt(path, format!("`{text}` is not a time fazhi writes")))
}

impl Store {
    /// Records one run of a job.
    pub(crate) fn record_job_run(&mut self, run: &JobRun) -> Result<(), StoreError> {
        self.ensure_writable()?;
        self.conn
            .execute(
                "INSERT INTO job_run (job, scheduled_for, started_at, finished_at, outcome, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    run.job,
                    run.scheduled_for.format(UTC_FORMAT).to_string(),
                    run.started_at.format(UTC_FORMAT).to_string(),
                    run.finished_at.format(UTC_FORMAT).to_string(),
                    run.outcome,
                    run.detail
                ],
            )
            .map_err(|err| self.error(err))?;
        Ok(())
    }

    /// The latest firing a job ran (or was skipped) for, if any.
    pub(crate) fn last_job_run(&self, job: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        let text: Option<String> = self
            .conn
            .query_row("SELECT MAX(scheduled_for) FROM job_run WHERE job = ?1", [job], |row| row.get(0))
            .optional()
            .map_err(|err| self.error(err))?
            .flatten();
        text.map(|text| parse(&self.path, &text)).transpose()
    }

    /// Every recorded run of a job (or of all jobs with `None`), oldest first.
    pub(crate) fn job_runs(&self, job: Option<&str>) -> Result<Vec<JobRun>, StoreError> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT job, scheduled_for, started_at, finished_at, outcome, detail FROM job_run
                 WHERE ?1 IS NULL OR job = ?1 ORDER BY id",
            )
            .map_err(|err| self.error(err))?;
        let rows = statement
            .query_map([job], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                    row.get::<_, String>(5)?,
                ))
            })
            .map_err(|err| self.error(err))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|err| self.error(err))?;
        rows.into_iter()
            .map(|(job, scheduled, started, finished, outcome, detail)| {
                Ok(JobRun {
                    job,
                    scheduled_for: parse(&self.path, &scheduled)?,
                    started_at: parse(&self.path, &started)?,
                    finished_at: parse(&self.path, &finished)?,
                    outcome,
                    detail,
                })
            })
            .collect()
    }
}
