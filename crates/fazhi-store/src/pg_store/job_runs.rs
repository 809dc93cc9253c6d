//! Runs of the scheduler's jobs in PostgreSQL: [`JobLog`] as the SQLite store has it.

use chrono::{DateTime, Utc};

use super::{pg_error, PgStore};
use crate::store::job_runs::{parse, UTC_FORMAT};
use crate::{JobLog, JobRun, StoreError, Turn};

impl JobLog for PgStore {
    fn record_job_run(&mut self, run: &JobRun) -> Result<(), StoreError> {
        self.write(|tx, label| {
            tx.execute(
                "INSERT INTO job_run (job, scheduled_for, started_at, finished_at, outcome, detail)
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    &run.job,
                    &run.scheduled_for.format(UTC_FORMAT).to_string(),
                    &run.started_at.format(UTC_FORMAT).to_string(),
                    &run.finished_at.format(UTC_FORMAT).to_string(),
                    &run.outcome,
                    &run.detail,
                ],
            )
            .map_err(|err| pg_error(label, err))?;
            Ok(())
        })
    }

    fn last_job_run(&self, job: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.read(|tx, label| {
            let text: Option<String> = tx
                .query_one("SELECT MAX(scheduled_for) FROM job_run WHERE job = $1", &[&job])
                .map_err(|err| pg_error(label, err))?
                .get(0);
            text.map(|text| parse(label, &text)).transpose()
        })
    }

    fn job_runs(&self, job: Option<&str>) -> Result<Vec<JobRun>, StoreError> {
        self.read(|tx, label| {
            let rows = tx
                .query(
                    "SELECT job, scheduled_for, started_at, finished_at, outcome, detail FROM job_run
                     WHERE $1::text IS NULL OR job = $1 ORDER BY id",
                    &[&job],
                )
                .map_err(|err| pg_error(label, err))?;
            rows.iter()
                .map(|row| {
                    Ok(JobRun {
                        job: row.get(0),
                        scheduled_for: parse(label, row.get(1))?,
                        started_at: parse(label, row.get(2))?,
                        finished_at: parse(label, row.get(3))?,
                        outcome: row.get(4),
                        detail: row.get(5),
                    })
                })
                .collect()
        })
    }

    fn try_job_turn(&self, job: &str) -> Result<Option<Turn>, StoreError> {
        self.try_turn(&format!("job:{}:{job}", self.schema()))
    }
}
