//! `fazhi modules`: the rule modules (plugins) loaded, and what each provides.

use fazhi_rules::{Module, RulePack};

use super::print_json;
use crate::table::Table;
use crate::{CliError, Context};

/// `fazhi modules`: the stock modules and the workspace's (if in one), with what each
/// provides; `--json` gives every detail (parameters, rule ids, ledger kinds, …).
pub fn run(context: &Context) -> Result<(), CliError> {
    let rules_dir = match fazhi_core::Workspace::discover(context.start_dir()) {
        Ok(root) => Some(root.join("rules")),
        Err(_) => None,
    };
    let pack = RulePack::load(rules_dir.as_deref()).map_err(fazhi_app::AppError::from)?;
    if context.json {
        return print_json(&pack.modules());
    }
    let mut table = Table::new(&["ID", "TITLE", "SOURCE", "REVIEWS", "RULES", "PROVIDES"]);
    for module in pack.modules() {
        table.row(vec![
            module.id.clone(),
            module.title.clone(),
            module.origin.to_string(),
            if module.reviews.is_empty() { "-".to_string() } else { module.reviews.join(", ") },
            module.rules.len().to_string(),
            provides(module),
        ]);
    }
    crate::terminal::print(&table.render());
    let rules: usize = pack.modules().iter().map(|module| module.rules.len()).sum();
    out!(
        "{} module(s), {rules} review rule(s); dossier kinds reviewed: {}",
        pack.modules().len(),
        pack.kinds().join(", ")
    );
    Ok(())
}

/// What a module brings besides its review rules, in a few words.
fn provides(module: &Module) -> String {
    let count = |n: usize, what: &str| (n > 0).then(|| format!("{n} {what}{}", if n == 1 { "" } else { "s" }));
    let parts: Vec<String> = [
        count(module.params.len(), "param"),
        count(module.libraries.len(), "library").map(|text| text.replace("librarys", "libraries")),
        count(module.ledger_kinds.len(), "ledger kind"),
        count(module.duty_templates.len(), "duty template"),
        count(module.figures.len(), "report figure"),
        module.reminder_script.as_ref().map(|_| "reminders".to_string()),
        module.report_script.as_ref().map(|_| "report section".to_string()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        "-".to_string()
    } else {
        parts.join(", ")
    }
}
