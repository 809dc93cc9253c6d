use fazhi_core::Org;
use serde::Serialize;

use crate::{Assignee, Guard, StepKind, Timing};

/// One step of a workflow.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// Short ASCII identifier, unique in the workflow.
    pub id: String,
    /// The step's name, in Chinese (e.g. 合法性审查).
    pub name: String,
    /// What kind of work it is.
    pub kind: StepKind,
    /// Who owns it: a unit (id or name; its leader is the owner) or a role from org.ron (the
    /// first person holding it).
    pub owner: String,
    /// Owners to try, in order, when `owner` names nothing in the workspace's org.ron.
    pub fallback: Vec<String>,
    /// The steps that must be finished first (the graph's edges point from them to this one).
    pub after: Vec<String>,
    /// The condition under which the step applies at all; `None`: always.
    pub guard: Option<Guard>,
    /// Timing rules: not before / not later than.
    pub timing: Vec<Timing>,
    /// Where the step itself comes from (legal basis), if noted.
    pub basis: Option<String>,
    /// What to do, if noted.
    pub detail: Option<String>,
}

impl Step {
    /// The owner resolved against `org`: the first of `owner` and `fallback` that names a unit
    /// with a leader, or a role someone holds.
    pub fn assignee(&self, org: &Org) -> Option<Assignee> {
        std::iter::once(&self.owner).chain(&self.fallback).find_map(|named| resolve(named, org))
    }
}

/// A unit (by id or name) with a leader, or a role someone holds (the first such person in
/// org.ron's order).
pub(crate) fn resolve(named: &str, org: &Org) -> Option<Assignee> {
    if let Some(unit) = org.unit(named) {
        return unit.leader.as_ref().map(|leader| Assignee {
            unit: unit.id.clone(),
            person: leader.clone(),
            named: named.to_string(),
        });
    }
    org.holders(named).next().map(|person| Assignee {
        unit: person.unit.clone(),
        person: person.id.clone(),
        named: named.to_string(),
    })
}
