//! What a workspace records as text and a session applies when it opens.

use fazhi_store::prelude::*;
use std::path::Path;

use fazhi_core::{InstanceSeed, WORKSPACE_FILE};
use fazhi_flow::{Completion, Dossier, Engine, FlowError, Refusal, StartRequest};
use fazhi_store::Change;

use crate::{AppError, Session};

impl Session {
    /// Applies, in order, the recorded history, the recorded workflow instances and the
    /// declared ledger files that the state does not have yet.
    pub(crate) fn apply_pending(&mut self) -> Result<(), AppError> {
        self.apply_history()?;
        self.apply_instances()?;
        self.apply_ledger_files()
    }

    /// Applies the workspace's recorded history through the same path as a task's change, in
    /// one transaction; entries applied before are skipped by their key, and an unchanged
    /// history (the store keeps its fingerprint) costs one query.
    fn apply_history(&mut self) -> Result<(), AppError> {
        let workspace = &self.workspace;
        if workspace.history_len() == 0 || self.store.journal_applied(workspace.history_fingerprint())? {
            return Ok(());
        }
        let changes: Vec<Change> = workspace
            .history()
            .iter()
            .map(|entry| Change {
                item: entry.task.clone(),
                action: entry.action,
                by: entry.by.clone(),
                at: entry.at,
                note: entry.note.clone(),
                evidence: None,
                source: Some(entry.key.clone()),
            })
            .collect();
        self.store.apply_journal(&changes, workspace.history_fingerprint()).map_err(|(index, err)| {
            let Some(entry) = workspace.history().get(index) else { return AppError::from(err) };
            let file = entry.key.split('#').next().unwrap_or_default();
            AppError::bad_input(format!(
                "{file}: cannot apply the recorded {} of task \"{}\": {err}",
                entry.action, entry.task
            ))
        })?;
        Ok(())
    }

    /// Starts the workflow instances `fazhi.ron` records (`instances`) that the state does not
    /// have and completes their recorded steps, each through the engine's own checks and the
    /// audit log. Each recorded step is completed under a key of its own and only while the
    /// state has nothing for it, so an open killed between two steps is finished by the next
    /// one, and a step reopened since is left alone.
    fn apply_instances(&mut self) -> Result<(), AppError> {
        let mut pending = Vec::new();
        for seed in &self.workspace.config.instances {
            let missing = match self.store.instance(&seed.id)? {
                None => true,
                Some(_) => {
                    let states = self.store.instance_states(&seed.id)?;
                    seed.done.iter().any(|step| !states.contains_key(&format!("{}/{}", seed.id, step.step)))
                }
            };
            if missing {
                pending.push(seed.clone());
            }
        }
        if pending.is_empty() {
            return Ok(());
        }
        // What is recorded happened: an effective date earlier than a recorded one does not
        // refuse it.
        let latest = pending
            .iter()
            .flat_map(|seed| seed.done.iter().map(|step| step.at.date()).chain([seed.started.date()]))
            .max()
            .map_or(self.today, |latest| latest.max(self.today));
        let engine = Engine::new(&self.workspace, &self.workflows, latest).with_gate(&self.gate);
        for seed in &pending {
            apply_instance(&engine, &mut self.store, &self.workspace.root, seed).map_err(|err| match err {
                AppError::BadInput { message } => {
                    AppError::bad_input(format!("{WORKSPACE_FILE}: recorded instance \"{}\": {message}", seed.id))
                }
                other => other,
            })?;
        }
        Ok(())
    }
}

/// What the workspace records as text that `store` does not hold yet, in words; `None` when it
/// holds everything (a state read as it is then needs no writing).
pub(crate) fn pending(
    workspace: &fazhi_core::Workspace,
    pack: &fazhi_rules::RulePack,
    store: &fazhi_store::Store,
) -> Result<Option<String>, AppError> {
    let mut pending = Vec::new();
    if workspace.history_len() > 0 && !store.journal_applied(workspace.history_fingerprint())? {
        let files: Vec<String> = workspace.config.history.iter().map(|file| file.display().to_string()).collect();
        pending.push(format!("the recorded history ({})", files.join(", ")));
    }
    for seed in &workspace.config.instances {
        let complete = match store.instance(&seed.id)? {
            None => false,
            Some(_) => {
                let states = store.instance_states(&seed.id)?;
                seed.done.iter().all(|step| states.contains_key(&format!("{}/{}", seed.id, step.step)))
            }
        };
        if !complete {
            pending.push(format!("the workflow instance \"{}\" recorded in {WORKSPACE_FILE}", seed.id));
        }
    }
    pending.extend(crate::ledger::pending_ledger_files(workspace, pack, store)?);
    Ok((!pending.is_empty()).then(|| pending.join(", ")))
}

/// The key under which a recorded step of a recorded instance is completed.
fn step_key(seed: &InstanceSeed, step: &str) -> String {
    format!("{WORKSPACE_FILE}#instances/{}/{step}", seed.id)
}

fn apply_instance(
    engine: &Engine<'_>,
    store: &mut fazhi_store::Store,
    root: &Path,
    seed: &InstanceSeed,
) -> Result<(), AppError> {
    if store.instance(&seed.id)?.is_none() {
        let path = root.join(&seed.data);
        let dossier =
            Dossier::read(&path, &seed.data).map_err(|diagnostic| AppError::Invalid { problems: vec![diagnostic] })?;
        let request = StartRequest {
            workflow: seed.workflow.clone(),
            id: seed.id.clone(),
            dossier,
            started: seed.started.date(),
            by: Some(seed.by.clone()),
            at: seed.started,
        };
        match engine.start(store, &request) {
            // Another process started it meanwhile.
            Ok(_) | Err(FlowError::InstanceExists { .. }) => {}
            Err(err) => return Err(err.into()),
        }
    }
    let states = store.instance_states(&seed.id)?;
    for step in &seed.done {
        if states.contains_key(&format!("{}/{}", seed.id, step.step)) {
            continue;
        }
        let completion = Completion {
            instance: seed.id.clone(),
            step: step.step.clone(),
            at: step.at,
            by: step.by.clone(),
            note: step.note.clone(),
            evidence: None,
            source: Some(step_key(seed, &step.step)),
        };
        match engine.complete(store, &completion) {
            // Another process completed it meanwhile.
            Ok(_) | Err(FlowError::Refused(Refusal::AlreadyDone { .. })) => {}
            Err(err) => return Err(err.into()),
        }
    }
    Ok(())
}
