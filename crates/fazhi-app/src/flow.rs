//! The workflow jobs of a session: start an instance, complete and reopen steps, replace a
//! dossier.

use chrono::NaiveDate;
use fazhi_flow::{Completed, Completion, Dossier, InstanceStatus, StartRequest, StepState};

use crate::{AppError, Session, StepDone};

impl Session {
    /// Starts an instance of `workflow` with id `id` and `dossier`, started on `started` (`None`:
    /// the session's date) by `by` (`None`: the start step's owner).
    pub fn start_instance(
        &mut self,
        workflow: &str,
        id: &str,
        dossier: Dossier,
        started: Option<NaiveDate>,
        by: Option<String>,
    ) -> Result<InstanceStatus, AppError> {
        let request = StartRequest {
            workflow: workflow.to_string(),
            id: id.to_string(),
            dossier,
            started: started.unwrap_or(self.today),
            by,
            at: self.local_now(),
        };
        let (engine, store) = self.engine_and_store();
        Ok(engine.start(store, &request)?)
    }

    /// The state of instance `id`.
    pub fn instance_status(&self, id: &str) -> Result<InstanceStatus, AppError> {
        Ok(self.engine().status(self.store.as_ref(), id)?)
    }

    /// The state of every instance.
    pub fn instance_statuses(&self) -> Result<Vec<InstanceStatus>, AppError> {
        Ok(self.engine().statuses(self.store.as_ref())?)
    }

    /// Completes a step, refused (with the reason and the rule) when the step is not open; the
    /// evidence is kept only when the step may be completed.
    pub fn complete_step(&mut self, done: &StepDone) -> Result<Completed, AppError> {
        if let Some(path) = &done.evidence {
            crate::check_evidence(path)?;
        }
        let at = done.at.unwrap_or_else(|| self.local_now());
        let status = self.instance_status(&done.instance)?;
        let open = status.step(&done.step).is_some_and(|step| step.state == StepState::Open);
        // When the step is not open, the engine refuses and says why; nothing is kept.
        let evidence = match (&done.evidence, open) {
            (Some(path), true) => Some(self.store.keep_evidence(path)?),
            _ => None,
        };
        let completion = Completion {
            instance: done.instance.clone(),
            step: done.step.clone(),
            at,
            by: done.by.clone(),
            note: done.note.clone(),
            evidence,
            source: None,
        };
        let (engine, store) = self.engine_and_store();
        Ok(engine.complete(store, &completion)?)
    }

    /// Reopens a done step (to correct a mistaken completion). Returns the audit entry's number.
    pub fn reopen_step(
        &mut self,
        instance: &str,
        step: &str,
        by: Option<&str>,
        note: Option<String>,
    ) -> Result<i64, AppError> {
        let now = self.local_now();
        let (engine, store) = self.engine_and_store();
        Ok(engine.reopen(store, instance, step, by, note, now)?)
    }

    /// Replaces an instance's dossier with a new version.
    pub fn update_dossier(&mut self, instance: &str, dossier: &Dossier, by: &str) -> Result<InstanceStatus, AppError> {
        let now = self.local_now();
        let (engine, store) = self.engine_and_store();
        Ok(engine.update_data(store, instance, dossier, by, now)?)
    }
}
