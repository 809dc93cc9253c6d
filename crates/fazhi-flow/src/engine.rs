use std::collections::HashMap;

use chrono::NaiveDate;
use fazhi_core::{Action, Item, ItemState, Status, Workspace};
use fazhi_store::{Change, InstanceLog, InstanceRecord, NewInstance, TaskLog};

use crate::added_days::AddedDays;
use crate::timing_dates::{anchor_of, bound, pause_note, span};
use crate::validation::is_identifier;
use crate::{
    Assignee, BuiltinGuards, Completed, Completion, DateBound, Dossier, FlowError, GateFinding, GuardError,
    GuardEvaluator, InstanceStatus, Limit, NoReview, Refusal, ReviewGate, StartRequest, Step, StepKind, StepState,
    StepStatus, Timing, Workflow, WorkflowSet,
};

static BUILTIN_GUARDS: BuiltinGuards = BuiltinGuards;
static NO_REVIEW: NoReview = NoReview;

/// Runs workflow instances in a workspace: starts them, works out where each stands, records
/// step completions (refusing early or out-of-order ones) and lists open steps as items.
///
/// Guards go through a [`GuardEvaluator`] ([`BuiltinGuards`] by default) and review gates
/// through a [`ReviewGate`] ([`NoReview`] by default).
pub struct Engine<'a> {
    workspace: &'a Workspace,
    workflows: &'a WorkflowSet,
    today: NaiveDate,
    guards: &'a dyn GuardEvaluator,
    gate: &'a dyn ReviewGate,
    /// Every step's owner resolved against the organisation once, by (workflow, step) id: a
    /// province's organisation is long to look through for each step of each instance.
    assignees: HashMap<(&'a str, &'a str), Option<Assignee>>,
}

impl<'a> Engine<'a> {
    /// An engine for `workspace`'s instances of `workflows`, with "today" being `today`.
    pub fn new(workspace: &'a Workspace, workflows: &'a WorkflowSet, today: NaiveDate) -> Engine<'a> {
        let assignees = workflows
            .iter()
            .flat_map(|workflow| workflow.steps.iter().map(move |step| (workflow, step)))
            .map(|(workflow, step)| ((workflow.id.as_str(), step.id.as_str()), step.assignee(&workspace.org)))
            .collect();
        Engine { workspace, workflows, today, guards: &BUILTIN_GUARDS, gate: &NO_REVIEW, assignees }
    }

    /// Evaluates guards with `guards` instead of the built-in evaluator.
    pub fn with_guards(mut self, guards: &'a dyn GuardEvaluator) -> Engine<'a> {
        self.guards = guards;
        self
    }

    /// Runs review gates with `gate` instead of finding nothing.
    pub fn with_gate(mut self, gate: &'a dyn ReviewGate) -> Engine<'a> {
        self.gate = gate;
        self
    }

    /// Who owns `step` of `workflow` (see [`Step::assignee`]).
    fn assignee(&self, workflow: &Workflow, step: &Step) -> Option<Assignee> {
        match self.assignees.get(&(workflow.id.as_str(), step.id.as_str())) {
            Some(assignee) => assignee.clone(),
            None => step.assignee(&self.workspace.org),
        }
    }

    /// Starts an instance: checks the workflow, the id, the dossier's kind and the date, and
    /// that its steps can be worked out (a guard that cannot read the dossier fails here, not
    /// in every later command), then stores it with an audit entry.
    pub fn start(
        &self,
        store: &mut (impl InstanceLog + TaskLog + ?Sized),
        request: &StartRequest,
    ) -> Result<InstanceStatus, FlowError> {
        let workflow = self.workflows.require(&request.workflow)?;
        if !is_identifier(&request.id) {
            return Err(FlowError::BadInstanceId { id: request.id.clone() });
        }
        check_kind(workflow, &request.dossier)?;
        if request.started > self.today {
            return Err(Refusal::InFuture { at: request.started, today: self.today }.into());
        }
        let by = match &request.by {
            Some(by) => self.person(by)?,
            None => self
                .assignee(workflow, workflow.start())
                .map(|assignee| assignee.person)
                .unwrap_or_else(|| workflow.start().owner.clone()),
        };
        let new = NewInstance {
            id: request.id.clone(),
            workflow: workflow.id.clone(),
            started: request.started,
            data_name: request.dossier.path().display().to_string(),
            data: request.dossier.text().to_string(),
            by,
            at: request.at,
        };
        let provisional = InstanceRecord {
            id: new.id.clone(),
            workflow: new.workflow.clone(),
            started: new.started,
            created_by: new.by.clone(),
            created_at: new.at,
            data_name: new.data_name.clone(),
            data: new.data.clone(),
            data_sha256: String::new(),
            data_versions: 1,
            data_at: new.at,
        };
        self.evaluate(&provisional, &HashMap::new())?;
        if store.create_instance(&new)?.is_none() {
            return Err(FlowError::InstanceExists { id: request.id.clone() });
        }
        self.status(store, &request.id)
    }

    /// Replaces an instance's dossier with a new version (kept, with an audit entry), once the
    /// instance's steps can be worked out with it.
    pub fn update_data(
        &self,
        store: &mut (impl InstanceLog + TaskLog + ?Sized),
        instance: &str,
        dossier: &Dossier,
        by: &str,
        at: chrono::NaiveDateTime,
    ) -> Result<InstanceStatus, FlowError> {
        let record = self.record(store, instance)?;
        let workflow = self.workflows.require(&record.workflow)?;
        check_kind(workflow, dossier)?;
        let by = self.person(by)?;
        let name = dossier.path().display().to_string();
        let provisional =
            InstanceRecord { data_name: name.clone(), data: dossier.text().to_string(), ..record.clone() };
        self.evaluate(&provisional, &store.instance_states(instance)?)?;
        if store.update_instance_data(instance, &name, dossier.text(), &by, at)?.is_none() {
            return Err(FlowError::UnknownInstance { id: instance.to_string() });
        }
        self.status(store, instance)
    }

    /// Where the instance `id` stands.
    pub fn status(&self, store: &(impl InstanceLog + TaskLog + ?Sized), id: &str) -> Result<InstanceStatus, FlowError> {
        let record = self.record(store, id)?;
        self.evaluate(&record, &store.instance_states(&record.id)?)
    }

    /// Where every instance stands, by id.
    pub fn statuses(&self, store: &(impl InstanceLog + TaskLog + ?Sized)) -> Result<Vec<InstanceStatus>, FlowError> {
        store.instances()?.iter().map(|record| self.evaluate(record, &store.instance_states(&record.id)?)).collect()
    }

    /// Every open step of every instance, as an item with its owner and deadline, like a duty's
    /// occurrence. The item id is `INSTANCE/STEP`.
    pub fn open_items(&self, store: &(impl InstanceLog + TaskLog + ?Sized)) -> Result<Vec<Item>, FlowError> {
        let mut items = Vec::new();
        for status in self.statuses(store)? {
            let workflow = self.workflows.require(&status.workflow)?;
            for step in status.open_steps() {
                let assignee = step.assignee.clone();
                items.push(Item {
                    id: format!("{}/{}", status.id, step.id),
                    duty: format!("{}/{}", workflow.id, step.id),
                    title: format!("{}：{}", step.name, status.display_title()),
                    module: workflow.module.clone(),
                    unit: assignee.as_ref().map_or_else(String::new, |a| a.unit.clone()),
                    owner: assignee.map_or_else(String::new, |a| a.person),
                    cooperating: Vec::new(),
                    deadline: step.deadline.as_ref().map(|bound| bound.date),
                    rolled_from: step.deadline.as_ref().and_then(|bound| bound.rolled_from),
                    status: Status::Todo,
                    completed_at: None,
                });
            }
        }
        Ok(items)
    }

    /// Records a step's completion, refusing it (with the reason and the rule) when the step
    /// is not open, is skipped, waits for other steps or a blocking review, or the date is
    /// before its "not before" date, before a predecessor's completion or after today.
    pub fn complete(
        &self,
        store: &mut (impl InstanceLog + TaskLog + ?Sized),
        completion: &Completion,
    ) -> Result<Completed, FlowError> {
        let record = self.record(store, &completion.instance)?;
        let workflow = self.workflows.require(&record.workflow)?;
        let i = step_index(workflow, &completion.step)?;
        let before = self.evaluate(&record, &store.instance_states(&record.id)?)?;
        let step = &before.steps[i];
        let label = workflow.label(i);
        let at = completion.at.date();
        match &step.state {
            StepState::Done { at, .. } => return Err(Refusal::AlreadyDone { step: label, at: *at }.into()),
            StepState::Skipped => {
                let guard = step.guard.clone().unwrap_or_default();
                return Err(Refusal::Skipped { step: label, guard }.into());
            }
            StepState::Waiting { on } => return Err(Refusal::Waiting { step: label, on: on.clone() }.into()),
            StepState::Blocked { gate } => {
                let findings = blocking_findings(&before, workflow, gate);
                return Err(Refusal::Blocked { step: label, gate: gate.clone(), findings }.into());
            }
            StepState::Open => {}
        }
        if at > self.today {
            return Err(Refusal::InFuture { at, today: self.today }.into());
        }
        if at < record.started {
            return Err(Refusal::BeforeStart { step: label, at, started: record.started }.into());
        }
        for p in workflow.predecessors(i) {
            if let StepState::Done { at: done, .. } = before.steps[p].state {
                if done.date() > at {
                    let predecessor = workflow.label(p);
                    return Err(Refusal::BeforePredecessor { step: label, at, predecessor, done: done.date() }.into());
                }
            }
        }
        if let Some(bound) = step.not_before.as_ref().filter(|bound| at < bound.date) {
            return Err(Refusal::TooEarly { step: label, at, bound: bound.clone() }.into());
        }
        if step.blocks() {
            let findings = step.findings.iter().filter(|f| f.blocks()).cloned().collect();
            return Err(Refusal::GateBlocks { step: label, findings }.into());
        }
        let by = match &completion.by {
            Some(by) => self.person(by)?,
            None => step.assignee.as_ref().map_or_else(|| workflow.steps[i].owner.clone(), |a| a.person.clone()),
        };
        let item = format!("{}/{}", record.id, workflow.steps[i].id);
        let change = Change {
            item: item.clone(),
            action: Action::Done,
            by,
            at: completion.at,
            note: completion.note.clone(),
            evidence: completion.evidence.clone(),
            source: completion.source.clone(),
        };
        let Some(audit_seq) = store.record_change(&change)? else {
            // Recorded before under its key (only a completion with a key can be).
            return Err(Refusal::AlreadyDone { step: label, at: completion.at }.into());
        };
        let after = self.evaluate(&record, &store.instance_states(&record.id)?)?;
        let opened = after
            .steps
            .iter()
            .zip(&before.steps)
            .enumerate()
            .filter(|(_, (now, then))| now.state == StepState::Open && then.state != StepState::Open)
            .map(|(j, _)| workflow.label(j))
            .collect();
        let late = step.deadline.clone().filter(|deadline| at > deadline.date);
        Ok(Completed { item, audit_seq, late, opened, finished: after.finished })
    }

    /// Reopens a done step (to correct a mistaken completion): refused when a step after it is
    /// done.
    pub fn reopen(
        &self,
        store: &mut (impl InstanceLog + TaskLog + ?Sized),
        instance: &str,
        step: &str,
        by: Option<&str>,
        note: Option<String>,
        at: chrono::NaiveDateTime,
    ) -> Result<i64, FlowError> {
        let record = self.record(store, instance)?;
        let workflow = self.workflows.require(&record.workflow)?;
        let i = step_index(workflow, step)?;
        let status = self.evaluate(&record, &store.instance_states(&record.id)?)?;
        if !matches!(status.steps[i].state, StepState::Done { .. }) {
            return Err(Refusal::NotDone { step: workflow.label(i) }.into());
        }
        if let Some(j) = (0..workflow.steps.len())
            .find(|&j| workflow.comes_after(j, i) && matches!(status.steps[j].state, StepState::Done { .. }))
        {
            return Err(Refusal::SuccessorDone { step: workflow.label(i), successor: workflow.label(j) }.into());
        }
        let by = match by {
            Some(by) => self.person(by)?,
            None => {
                status.steps[i].assignee.as_ref().map_or_else(|| workflow.steps[i].owner.clone(), |a| a.person.clone())
            }
        };
        let change = Change {
            item: format!("{}/{}", record.id, workflow.steps[i].id),
            action: Action::Reopen,
            by,
            at,
            note,
            evidence: None,
            source: None,
        };
        Ok(store.record_change(&change)?.expect("a change without a source key is always recorded"))
    }

    fn record(&self, store: &(impl InstanceLog + TaskLog + ?Sized), id: &str) -> Result<InstanceRecord, FlowError> {
        store.instance(id)?.ok_or_else(|| FlowError::UnknownInstance { id: id.to_string() })
    }

    fn person(&self, named: &str) -> Result<String, FlowError> {
        self.workspace
            .org
            .person(named)
            .map(|person| person.id.clone())
            .ok_or_else(|| FlowError::UnknownPerson { person: named.to_string() })
    }

    /// Works out every step's state from the stored completions, the guards and the reviews.
    fn evaluate(
        &self,
        record: &InstanceRecord,
        states: &HashMap<String, ItemState>,
    ) -> Result<InstanceStatus, FlowError> {
        let workflow = self.workflows.require(&record.workflow)?;
        let dossier = Dossier::parse(&record.data_name, record.data.as_str()).map_err(FlowError::Dossier)?;
        let calendar = &self.workspace.calendar;
        let n = workflow.steps.len();
        let mut statuses: Vec<Option<StepStatus>> = vec![None; n];
        // The date each finished step counts as finished (a skipped one: when its predecessors were).
        let mut finished: Vec<Option<NaiveDate>> = vec![None; n];
        // For a step that is not finished: the unfinished steps it waits for.
        let mut waits: Vec<Vec<usize>> = vec![Vec::new(); n];
        // A review gate with blocking findings that closes the steps after this one.
        let mut blocking: Vec<Option<String>> = vec![None; n];

        for &i in workflow.order() {
            let step = &workflow.steps[i];
            let predecessors = workflow.predecessors(i);
            let all_finished = predecessors.iter().all(|&p| finished[p].is_some());
            let ready_on = predecessors.iter().filter_map(|&p| finished[p]).max().unwrap_or(record.started);
            let done = states
                .get(&format!("{}/{}", record.id, step.id))
                .filter(|state| state.status == Status::Done)
                .and_then(|state| state.completed_at);
            let applies = match (&step.guard, done) {
                (Some(guard), None) => self.guards.applies(guard, &workflow.params, &dossier).map_err(|source| {
                    // Placed at the field it could not compare, else at the dossier's start.
                    let (line, column) = match &source {
                        GuardError::Type { field, .. } => dossier.position_of(field),
                        _ => (1, 1),
                    };
                    FlowError::Guard {
                        step: step.id.clone(),
                        file: dossier.path().to_path_buf(),
                        line,
                        column,
                        source: Box::new(source),
                    }
                })?,
                _ => true,
            };

            let mut state = if let Some(at) = done {
                finished[i] = Some(at.date());
                StepState::Done { at, late: false }
            } else if !applies {
                if all_finished {
                    finished[i] = Some(ready_on);
                    blocking[i] = predecessors.iter().find_map(|&p| blocking[p].clone());
                }
                StepState::Skipped
            } else if !all_finished {
                StepState::Waiting { on: Vec::new() }
            } else if let Some(gate) = predecessors.iter().find_map(|&p| blocking[p].clone()) {
                StepState::Blocked { gate }
            } else {
                StepState::Open
            };
            if finished[i].is_none() {
                let mut on: Vec<usize> = Vec::new();
                for &p in predecessors.iter().filter(|&&p| finished[p].is_none()) {
                    if matches!(statuses[p].as_ref().map(|s| &s.state), Some(StepState::Skipped)) {
                        on.extend(&waits[p]);
                    } else {
                        on.push(p);
                    }
                }
                on.sort_unstable();
                on.dedup();
                // Name only the nearest: not a step that another one waited for comes after.
                let nearest: Vec<usize> =
                    on.iter().copied().filter(|&j| !on.iter().any(|&k| workflow.comes_after(k, j))).collect();
                if let StepState::Waiting { on: waiting } = &mut state {
                    *waiting = nearest.iter().map(|&j| workflow.label(j)).collect();
                }
                waits[i] = nearest;
            }

            let findings: Vec<GateFinding> = if step.kind == StepKind::ReviewGate
                && matches!(state, StepState::Open | StepState::Done { .. })
            {
                self.gate.review(step, &dossier).map_err(|source| FlowError::Gate { step: step.id.clone(), source })?
            } else {
                Vec::new()
            };
            if findings.iter().any(GateFinding::blocks) {
                blocking[i] = Some(workflow.label(i));
            }

            let (mut not_before, mut deadline): (Option<DateBound>, Option<DateBound>) = (None, None);
            if state != StepState::Skipped {
                for timing in &step.timing {
                    let anchor = match anchor_of(workflow, timing) {
                        Some(Some(f)) => finished[f],
                        Some(None) | None => Some(record.started),
                    };
                    let Some(anchor) = anchor else { continue };
                    let added = self.added_days(workflow, timing, &statuses, &finished, &dossier)?;
                    let found = bound(calendar, workflow, timing, anchor, record.started, &added)?;
                    if matches!(timing.limit, Limit::NotBefore(_)) {
                        if not_before.as_ref().is_none_or(|known| found.date > known.date) {
                            not_before = Some(found);
                        }
                    } else if deadline.as_ref().is_none_or(|known| found.date < known.date) {
                        deadline = Some(found);
                    }
                }
            }
            if let (StepState::Done { at, late }, Some(deadline)) = (&mut state, &deadline) {
                *late = at.date() > deadline.date;
            }
            statuses[i] = Some(StepStatus {
                id: step.id.clone(),
                name: step.name.clone(),
                kind: step.kind,
                assignee: self.assignee(workflow, step),
                state,
                not_before,
                deadline,
                findings,
                guard: step.guard.as_ref().map(ToString::to_string),
            });
        }
        let end = workflow.index(&workflow.end().id).expect("the end is a step");
        Ok(InstanceStatus {
            id: record.id.clone(),
            workflow: workflow.id.clone(),
            workflow_name: workflow.name.clone(),
            origin: workflow.origin,
            title: dossier.title().map(str::to_string),
            dossier: dossier.path().to_path_buf(),
            dossier_versions: record.data_versions,
            started: record.started,
            finished: finished[end].is_some(),
            steps: statuses.into_iter().map(|status| status.expect("every step is in the order")).collect(),
        })
    }
}

impl Engine<'_> {
    /// What a deadline's pauses and extension add to it for an instance: a pause from a done
    /// step counts up to the completion of the step ending it (up to today while that is open);
    /// an extension counts once its step is done, the days from the dossier, at most its `max`.
    fn added_days(
        &self,
        workflow: &Workflow,
        timing: &Timing,
        statuses: &[Option<StepStatus>],
        finished: &[Option<NaiveDate>],
        dossier: &Dossier,
    ) -> Result<AddedDays, FlowError> {
        let mut added = AddedDays::default();
        let Limit::NotAfter(period) = &timing.limit else { return Ok(added) };
        let done = |j: usize| matches!(statuses[j].as_ref().map(|s| &s.state), Some(StepState::Done { .. }));
        for pause in &period.pauses {
            let (Some(a), Some(b)) = (workflow.index(&pause.from), workflow.index(&pause.to)) else { continue };
            let Some(start) = finished[a].filter(|_| done(a)) else { continue };
            let end = finished[b];
            let days = span(&self.workspace.calendar, period, start, end.unwrap_or(self.today.max(start)))?;
            added.add(days, pause_note(workflow, period, days, pause, start, end));
        }
        if let Some(extension) = &period.extension {
            if let Some(e) = workflow.index(&extension.step).filter(|&e| done(e)) {
                let days = dossier
                    .field(&extension.days)
                    .and_then(serde_json::Value::as_u64)
                    .map_or(0, |days| u32::try_from(days).unwrap_or(u32::MAX).min(extension.max));
                let unit = if period.working() { "working days" } else { "days" };
                added.add(days, format!("extended by {days} {unit} ({})", workflow.label(e)));
            }
        }
        Ok(added)
    }
}

fn step_index(workflow: &Workflow, step: &str) -> Result<usize, FlowError> {
    workflow.index(step).ok_or_else(|| FlowError::UnknownStep {
        workflow: workflow.id.clone(),
        step: step.to_string(),
        steps: workflow.steps.iter().map(|s| s.id.as_str()).collect::<Vec<_>>().join(", "),
    })
}

fn check_kind(workflow: &Workflow, dossier: &Dossier) -> Result<(), FlowError> {
    match (&workflow.dossier, dossier.kind()) {
        (Some(expected), found) if found != Some(expected.as_str()) => {
            let (line, column) = if found.is_some() { dossier.position_of("kind") } else { (1, 1) };
            Err(FlowError::WrongDossier {
                workflow: workflow.id.clone(),
                expected: expected.clone(),
                file: dossier.path().to_path_buf(),
                line,
                column,
                found: found.unwrap_or("none").to_string(),
            })
        }
        _ => Ok(()),
    }
}

/// The blocking findings of the gate labelled `gate`.
fn blocking_findings(status: &InstanceStatus, workflow: &Workflow, gate: &str) -> Vec<GateFinding> {
    (0..workflow.steps.len())
        .find(|&g| workflow.label(g) == gate)
        .map(|g| status.steps[g].findings.iter().filter(|f| f.blocks()).cloned().collect())
        .unwrap_or_default()
}
