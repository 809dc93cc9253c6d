use fazhi_app::CheckSummary;

use super::print_json;
use crate::{CliError, Context};

/// `fazhi check`: load everything; a problem anywhere is reported by the caller, with all others.
pub fn run(context: &Context) -> Result<(), CliError> {
    let summary = CheckSummary::check(&context.root()?, context.today_if_set())?;
    super::warn_provisional_years(&summary.provisional_years);
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
    for role in &summary.roles {
        let mapped = role.mapped_to.as_ref().map_or(String::new(), |title| format!(" (here: {title})"));
        let holders = match role.holders.as_slice() {
            [] => "nobody holds it (its steps go to the next owner the workflow names)".to_string(),
            holders => format!("held by {}", holders.join("、")),
        };
        out!("role {}{mapped}: {holders}; needed by {}", role.role, role.workflows.join(", "));
    }
    Ok(())
}
