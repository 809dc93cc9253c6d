use serde::Serialize;

use super::print_json;
use crate::{CliError, Context};

#[derive(Serialize)]
struct Summary {
    organisation: String,
    year: i32,
    units: usize,
    people: usize,
    duties: usize,
    tasks: usize,
    workflows: usize,
    history_entries: usize,
}

/// `fazhi check`: load everything; a problem anywhere is reported by the caller, with all others.
pub fn run(context: &Context) -> Result<(), CliError> {
    let workspace = context.workspace()?;
    let problems = fazhi_rules::RulePack::check_workspace(&workspace.root);
    if !problems.is_empty() {
        return Err(CliError::Invalid(problems));
    }
    // Report scripts compile, and declared ledger files read without a problem.
    let rules_dir = workspace.root.join("rules");
    let pack = fazhi_rules::RulePack::load(Some(&rules_dir)).map_err(super::review::rules_error)?;
    let mut problems = match fazhi_rules::ReportScript::load_all(&pack, Some(&rules_dir)) {
        Ok(_) => Vec::new(),
        Err(err) => err.diagnostics(),
    };
    problems.extend(super::ledger::check_seeds(&workspace, &pack));
    if !problems.is_empty() {
        return Err(CliError::Invalid(problems));
    }
    let workflows = super::flow::workflows(&workspace)?.iter().count();
    let items = workspace.items(&[]).map_err(|err| CliError::BadInput(err.to_string()))?;
    let today = context.today(&workspace);
    super::warn_provisional(&workspace.calendar, items.iter().filter_map(|item| item.deadline).chain([today]));
    let tasks = items.len();
    let summary = Summary {
        organisation: workspace.config.organisation.clone(),
        year: workspace.config.year,
        units: workspace.org.units.len(),
        people: workspace.org.people.len(),
        duties: workspace.duties.len(),
        tasks,
        workflows,
        history_entries: workspace.history_len(),
    };
    if context.json {
        return print_json(&serde_json::json!({ "ok": true, "summary": summary, "problems": [] }));
    }
    out!(
        "ok: {} ({}): {} units, {} people, {} duties ({} tasks), {} workflows, {} history entries",
        summary.organisation,
        summary.year,
        summary.units,
        summary.people,
        summary.duties,
        summary.tasks,
        summary.workflows,
        summary.history_entries
    );
    Ok(())
}
