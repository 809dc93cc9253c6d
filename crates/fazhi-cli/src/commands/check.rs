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
    let CheckSummary { organisation, year, units, people, duties, tasks, workflows, history_entries, .. } = &summary;
    out!(
        "{}",
        tr!(
            "ok: {organisation} ({year}): {units} units, {people} people, {duties} duties ({tasks} tasks), \
             {workflows} workflows, {history_entries} history entries",
            "检查通过：{organisation}（{year}年）：{units} 个单位，{people} 人，{duties} 项职责（{tasks} 项任务），\
             {workflows} 个程序，{history_entries} 条办理记录"
        )
    );
    for role in &summary.roles {
        let mapped =
            role.mapped_to.as_ref().map_or(String::new(), |title| tr!(" (here: {title})", "（本地称：{title}）"));
        let holders = match role.holders.as_slice() {
            [] => tr!(
                "nobody holds it (its steps go to the next owner the workflow names)",
                "无人担任（其步骤交给程序所列的下一位责任人）"
            ),
            holders => {
                let holders = holders.join("、");
                tr!("held by {holders}", "由{holders}担任")
            }
        };
        let (name, workflows) = (&role.role, role.workflows.join(", "));
        out!(
            "{}",
            tr!(
                "role {name}{mapped}: {holders}; needed by {workflows}",
                "角色 {name}{mapped}：{holders}；用于 {workflows}"
            )
        );
    }
    Ok(())
}
