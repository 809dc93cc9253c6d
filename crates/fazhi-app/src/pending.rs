//! What a workspace records as text and a session applies when it opens.

use std::path::Path;

use fazhi_core::{InstanceSeed, WORKSPACE_FILE};
use fazhi_flow::{Completion, Dossier, Engine, FlowError, Refusal, StartRequest, WorkflowSet};
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
            let message = format!("cannot apply the recorded {} of task \"{}\": {err}", entry.action, entry.task);
            AppError::Invalid { problems: vec![history_entry_at(&workspace.root, &entry.key, message)] }
        })?;
        Ok(())
    }

    /// Refuses recorded instances naming a workflow or a step that does not exist before
    /// anything is applied: found while applying them, an instance would be left started with
    /// the steps before the bad one done.
    pub(crate) fn check_instances(workspace: &fazhi_core::Workspace, workflows: &WorkflowSet) -> Result<(), AppError> {
        let root = &workspace.root;
        for seed in &workspace.config.instances {
            let workflow = workflows
                .require(&seed.workflow)
                .map_err(|err| recorded_instance_at(root, seed, Some(("workflow", &seed.workflow)), err.into()))?;
            for step in &seed.done {
                if workflow.index(&step.step).is_none() {
                    let err = FlowError::UnknownStep {
                        workflow: workflow.id.clone(),
                        step: step.step.clone(),
                        steps: workflow.steps.iter().map(|s| s.id.as_str()).collect::<Vec<_>>().join(", "),
                    };
                    return Err(recorded_instance_at(root, seed, Some(("step", &step.step)), err.into()));
                }
            }
        }
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
            apply_instance(&engine, self.store.as_mut(), &self.workspace.root, seed)?;
        }
        Ok(())
    }
}

/// A problem placed at the history entry of `key` (`FILE#TASK#ACTION#AT`, the text of `at` as
/// written): at its `task: "…"` whose entry has that `at`, else at the file's start. (A state
/// that applied the entry as it was before an edit refuses the edited one.)
fn history_entry_at(root: &Path, key: &str, message: String) -> fazhi_core::Diagnostic {
    let mut parts = key.splitn(4, '#');
    let (file, task, at) = (parts.next().unwrap_or_default(), parts.next().unwrap_or_default(), parts.nth(1));
    let source = fazhi_core::SourceFile::read(&root.join(file), Path::new(file))
        .unwrap_or_else(|_| fazhi_core::SourceFile::new(file, ""));
    let mut from = 0;
    let offset = loop {
        let Some(found) = source.find_field(Some("task"), task, from) else { break 0 };
        // The entry: up to the next entry's `task:`.
        let end = source.text[found..].find("task:").map_or(source.text.len(), |i| found + i);
        if at.is_none_or(|at| source.text[found..end].contains(&format!("\"{at}\""))) {
            break found;
        }
        from = found + 1;
    };
    source.diagnostic_at(offset, message)
}

/// What the workspace records as text that `store` does not hold yet, in words; `None` when it
/// holds everything (a state read as it is then needs no writing).
pub(crate) fn pending(
    workspace: &fazhi_core::Workspace,
    pack: &fazhi_rules::RulePack,
    store: &dyn fazhi_store::StateStore,
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
    store: &mut dyn fazhi_store::StateStore,
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
            Err(err) => return Err(recorded_instance_at(root, seed, None, err.into())),
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
            Err(err) => return Err(recorded_instance_at(root, seed, Some(("step", &step.step)), err.into())),
        }
    }
    Ok(())
}

/// A recorded instance's bad input placed in `fazhi.ron`: at `field: "value"` of the
/// instance (its `workflow`, one of its recorded `step`s) when given, else at its `id`.
/// Problems placed already (in its dossier) and internal errors are left as they are.
fn recorded_instance_at(root: &Path, seed: &InstanceSeed, at: Option<(&str, &str)>, err: AppError) -> AppError {
    let AppError::BadInput { message } = err else { return err };
    let shown = Path::new(WORKSPACE_FILE);
    let source = fazhi_core::SourceFile::read(&root.join(shown), shown)
        .unwrap_or_else(|_| fazhi_core::SourceFile::new(shown, ""));
    let instances = source.text.find("instances").unwrap_or(0);
    let anchor = source.find_field(Some("id"), &seed.id, instances).unwrap_or(instances);
    // The instance's own fields, `workflow` first, come before or after its `id`.
    let entry = source.text[..anchor].rfind('(').unwrap_or(instances);
    let offset = at.and_then(|(field, value)| source.find_field(Some(field), value, entry)).unwrap_or(anchor);
    let message = format!("recorded instance \"{}\": {message}", seed.id);
    AppError::Invalid { problems: vec![source.diagnostic_at(offset, message)] }
}
