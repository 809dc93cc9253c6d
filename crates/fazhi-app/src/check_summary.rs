use std::path::Path;

use chrono::NaiveDate;
use fazhi_core::{SourceFile, SystemClock, Workspace};
use fazhi_flow::WorkflowSet;
use fazhi_rules::{ReportScript, RulePack};
use serde::Serialize;

use crate::{AppError, RoleHolders};

/// What `fazhi check` found in a workspace that has no problem.
#[derive(Debug, Clone, Serialize)]
pub struct CheckSummary {
    /// The organisation.
    pub organisation: String,
    /// The workspace's year.
    pub year: i32,
    /// How many units org.ron has.
    pub units: usize,
    /// How many people.
    pub people: usize,
    /// How many duties the checklists have.
    pub duties: usize,
    /// How many tasks (occurrences of duties) they make.
    pub tasks: usize,
    /// How many workflows there are.
    pub workflows: usize,
    /// How many history entries are recorded.
    pub history_entries: usize,
    /// The roles the workflows name as owners (not units), each with who holds it.
    pub roles: Vec<RoleHolders>,
    /// The provisional (暂定) years of the calendar the tasks' deadlines fall in.
    #[serde(skip)]
    pub provisional_years: Vec<i32>,
}

impl CheckSummary {
    /// Checks the workspace at `root` without touching its state: every file loads, the rule
    /// pack, report scripts and workflows compile, declared ledger files read. Every problem of
    /// every file is in the error. `today`: the effective date (`None`: the real one).
    pub fn check(root: &Path, today: Option<NaiveDate>) -> Result<CheckSummary, AppError> {
        let workspace = Workspace::load(root)?;
        let problems = RulePack::check_workspace(&workspace.root);
        if !problems.is_empty() {
            return Err(AppError::Invalid { problems });
        }
        let rules_dir = workspace.root.join("rules");
        let pack = RulePack::load(Some(&rules_dir))?;
        let mut problems = match ReportScript::load_all(&pack, Some(&rules_dir)) {
            Ok(_) => Vec::new(),
            Err(err) => err.diagnostics(),
        };
        problems.extend(crate::ledger::check_ledger_files(&workspace, &pack));
        // Reminders need their credentials: a login without a password, a robot without a
        // token would fail at the first send.
        let missing = fazhi_notify::missing_credentials(&workspace);
        if !missing.is_empty() {
            let source = SourceFile::read_in(&workspace.root, Path::new(fazhi_core::WORKSPACE_FILE))
                .map_err(|problem| AppError::Invalid { problems: vec![problem] })?;
            for (field, value, message) in missing {
                let offset = source.find_field(Some(field), &value, 0).unwrap_or(0);
                problems.push(source.diagnostic_at(offset, message));
            }
        }
        if !problems.is_empty() {
            return Err(AppError::Invalid { problems });
        }
        let set = WorkflowSet::load(&workspace)?;
        let workflows = set.iter().count();
        let mut roles: Vec<RoleHolders> = Vec::new();
        for workflow in set.iter() {
            for step in &workflow.steps {
                for named in std::iter::once(&step.owner).chain(&step.fallback) {
                    if workspace.org.unit(named).is_some() {
                        continue;
                    }
                    let index = match roles.iter().position(|role| role.role == *named) {
                        Some(index) => index,
                        None => {
                            roles.push(RoleHolders {
                                role: named.clone(),
                                mapped_to: workspace.config.roles.get(named).cloned(),
                                holders: workspace.org.holders(named).map(|person| person.name.clone()).collect(),
                                workflows: Vec::new(),
                            });
                            roles.len() - 1
                        }
                    };
                    if !roles[index].workflows.contains(&workflow.id) {
                        roles[index].workflows.push(workflow.id.clone());
                    }
                }
            }
        }
        let items = workspace.items(&[]).map_err(|err| AppError::bad_input(err.to_string()))?;
        let today = today.unwrap_or_else(|| workspace.today(&SystemClock));
        let provisional_years =
            workspace.calendar.provisional_among(items.iter().filter_map(|item| item.deadline).chain([today]));
        Ok(CheckSummary {
            organisation: workspace.config.organisation.clone(),
            year: workspace.config.year,
            units: workspace.org.units.len(),
            people: workspace.org.people.len(),
            duties: workspace.duties.len(),
            tasks: items.len(),
            workflows,
            history_entries: workspace.history_len(),
            roles,
            provisional_years,
        })
    }
}
