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
    let mut table = Table::headed(&[
        ("ID", "编号"),
        ("TITLE", "名称"),
        ("SOURCE", "来源"),
        ("REVIEWS", "审查的卷宗"),
        ("RULES", "规则数"),
        ("PROVIDES", "提供"),
    ]);
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
    let (modules, kinds) = (pack.modules().len(), pack.kinds().join(", "));
    out!(
        "{}",
        tr!(
            "{modules} module(s), {rules} review rule(s); dossier kinds reviewed: {kinds}",
            "共 {modules} 个模块，{rules} 条审查规则；审查的卷宗种类：{kinds}"
        )
    );
    Ok(())
}

/// What a module brings besides its review rules, in a few words.
fn provides(module: &Module) -> String {
    let english = crate::lang::english();
    let count = |n: usize, one: &str, many: &str, chinese: &str| {
        (n > 0).then(|| match english {
            true => format!("{n} {}", if n == 1 { one } else { many }),
            false => format!("{chinese} {n} 个"),
        })
    };
    let parts: Vec<String> = [
        count(module.params.len(), "param", "params", "参数"),
        count(module.libraries.len(), "library", "libraries", "函数库"),
        count(module.ledger_kinds.len(), "ledger kind", "ledger kinds", "台账种类"),
        count(module.duty_templates.len(), "duty template", "duty templates", "职责模板"),
        count(module.figures.len(), "report figure", "report figures", "报告数字"),
        module.reminder_script.as_ref().map(|_| tr!("reminders", "提醒")),
        module.report_script.as_ref().map(|_| tr!("report section", "报告章节")),
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
