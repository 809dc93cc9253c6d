use fazhi_rules::RulePack;

/// A module's name as users read it: its title in the rule pack, else the usual name of a
/// checklist module that has no rules (`leadership` → 领导责任, …), else its id.
pub fn module_title(pack: &RulePack, id: &str) -> String {
    if let Some(module) = pack.module(id) {
        return module.title.clone();
    }
    match id {
        "leadership" => "领导责任",
        "governance" => "依法决策与制度建设",
        "stability" => "平安稳定",
        "report" => "年度报告",
        "study" => "学法用法",
        "disputes" => "矛盾纠纷化解",
        other => other,
    }
    .to_string()
}
