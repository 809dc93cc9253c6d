use std::path::Path;

use fazhi_app::{find_task, TaskChange};
use fazhi_core::Action;

use super::print_json;
use super::tasks::{status_word, time_left, TaskView};
use crate::cli::{ChangeArgs, TaskCommand};
use crate::terminal::escape;
use crate::{CliError, Context};

/// `fazhi task …`
pub fn run(context: &Context, command: &TaskCommand) -> Result<(), CliError> {
    let (args, action) = match command {
        TaskCommand::Show { id } => return show(context, id),
        TaskCommand::Evidence { id, output } => return evidence(context, id, output),
        TaskCommand::Start(args) => (args, Action::Start),
        TaskCommand::Done(args) => (args, Action::Done),
        TaskCommand::Cancel(args) => (args, Action::Cancel),
        TaskCommand::Reopen(args) => (args, Action::Reopen),
    };
    change(context, args, action)
}

fn show(context: &Context, id: &str) -> Result<(), CliError> {
    let session = context.read_session()?;
    let (workspace, store, today) = (session.workspace(), session.store(), session.today());
    let items = session.duty_items()?;
    let item = find_task(&items, id)?;
    let duty = workspace.duty(&item.duty).expect("every item comes from a duty");
    let changes = store.changes(&item.id)?;
    if context.json {
        return print_json(&serde_json::json!({
            "task": TaskView::new(workspace, item, today),
            "rule": duty.deadline.to_string(),
            "counting": duty.deadline.counting(),
            "basis": duty.basis,
            "detail": duty.detail,
            "file": duty.file,
            "changes": changes,
        }));
    }
    let view = TaskView::new(workspace, item, today);
    let cooperating: Vec<&str> =
        item.cooperating.iter().map(|u| workspace.org.unit(u).map_or(u.as_str(), |u| u.name.as_str())).collect();
    out!("{}  {}", escape(&item.id), escape(&item.title));
    out!("{}{} ({})", label("duty", "职责"), escape(&duty.id), escape(&duty.file.display().to_string()));
    out!("{}{}", label("module", "模块"), escape(&item.module));
    out!("{}{}", label("unit", "责任单位"), escape(view.unit_name));
    out!("{}{}", label("owner", "责任人"), escape(view.owner_name));
    if !cooperating.is_empty() {
        out!("{}{}", label("cooperating", "配合单位"), escape(&cooperating.join("、")));
    }
    let deadline = item.deadline.map_or("-".to_string(), |d| d.to_string());
    let (rule, left) = (&duty.deadline, time_left(item, today, &workspace.calendar));
    out!("{}{}", label("deadline", "完成时限"), tr!("{deadline} ({rule}; {left})", "{deadline}（{rule}；{left}）"));
    if let Some(moved) = &view.deadline_moved {
        out!("{}{moved}", label("moved", "顺延"));
    }
    if let Some(counting) = duty.deadline.counting() {
        out!("{}{}", label("counting", "计算方法"), counting.describe());
    }
    let status = status_word(item.status);
    let status = if item.is_overdue(today) { tr!("{status} (overdue)", "{status}（已逾期）") } else { status };
    out!("{}{status}", label("status", "状态"));
    if let Some(at) = item.completed_at {
        out!("{}{}", label("completed", "完成时间"), at.format("%Y-%m-%d %H:%M"));
    }
    if let Some(basis) = &duty.basis {
        out!("{}{}", label("basis", "依据"), escape(basis));
    }
    if let Some(detail) = &duty.detail {
        out!("{}{}", label("detail", "说明"), escape(detail));
    }
    if !changes.is_empty() {
        out!("{}", label("history", "办理经过").trim_end());
        for record in &changes {
            let change = &record.change;
            let by = workspace.org.person(&change.by).map_or(change.by.as_str(), |p| p.name.as_str());
            let at = change.at.format("%Y-%m-%d %H:%M");
            let (from, to) = (status_word(record.from), status_word(record.to));
            let by = escape(by);
            let mut line = tr!("    {at}  {from} → {to}  by {by}", "    {at}  {from} → {to}  办理人：{by}");
            if let Some(note) = &change.note {
                line.push_str(&format!("  “{}”", escape(note)));
            }
            if let Some(evidence) = &change.evidence {
                let (name, media_type) = (escape(&evidence.file_name), escape(evidence.media_type_or_guess()));
                let sha256 = &evidence.sha256;
                line.push_str(&tr!(
                    "  [evidence {name} ({media_type}) sha256 {sha256}]",
                    "  [佐证材料 {name}（{media_type}）sha256 {sha256}]"
                ));
            }
            out!("{line}");
        }
    }
    Ok(())
}

fn evidence(context: &Context, id: &str, output: &Path) -> Result<(), CliError> {
    let session = context.read_session()?;
    let written = session.export_evidence(id, &context.path(output))?;
    if context.json {
        return print_json(&written);
    }
    if written.is_empty() {
        out!("{}", tr!("{}: no evidence was handed in", "{}：未提交佐证材料", escape(id)));
        return Ok(());
    }
    for file in &written {
        let shown = file.path.display().to_string();
        let (path, media_type) = (escape(&shown), escape(&file.media_type));
        let (bytes, sha256) = (file.bytes, &file.sha256);
        out!(
            "{}",
            tr!(
                "{path}  ({media_type}, {bytes} bytes, sha256 {sha256})",
                "{path}（{media_type}，{bytes} 字节，sha256 {sha256}）"
            )
        );
    }
    out!("{}", tr!("{} file(s) written", "已写出 {} 个文件", written.len()));
    Ok(())
}

fn change(context: &Context, args: &ChangeArgs, action: Action) -> Result<(), CliError> {
    let mut session = context.session()?;
    let change = TaskChange {
        task: args.id.clone(),
        action,
        by: args.by.clone(),
        note: args.note.clone(),
        evidence: args.evidence.as_deref().map(|path| context.path(path)),
    };
    let changed = session.change_task(&change)?;
    if context.json {
        return print_json(&changed);
    }
    let (task, seq) = (&changed.task, changed.audit_seq);
    let (from, to) = (status_word(changed.from), status_word(changed.to));
    out!("{}", tr!("{task}: {from} → {to} (audit #{seq})", "{task}：{from} → {to}（审计第 {seq} 条）"));
    Ok(())
}

/// A field's label in `task show`, padded so that the values line up.
fn label(en: &str, zh: &str) -> String {
    if crate::lang::english() {
        format!("  {:<13}", format!("{en}:"))
    } else {
        // Chinese labels are 2–4 characters of two columns each, then a full-width colon.
        let pad = 4usize.saturating_sub(zh.chars().count()) * 2;
        format!("  {zh}：{}", " ".repeat(pad))
    }
}
