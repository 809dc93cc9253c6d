use std::path::Path;

use fazhi_app::{find_task, TaskChange};
use fazhi_core::Action;
use fazhi_store::prelude::*;

use super::print_json;
use super::tasks::{time_left, TaskView};
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
    out!("  duty:        {} ({})", escape(&duty.id), escape(&duty.file.display().to_string()));
    out!("  module:      {}", escape(&item.module));
    out!("  unit:        {}", escape(view.unit_name));
    out!("  owner:       {}", escape(view.owner_name));
    if !cooperating.is_empty() {
        out!("  cooperating: {}", escape(&cooperating.join("、")));
    }
    let deadline = item.deadline.map_or("-".to_string(), |d| d.to_string());
    out!("  deadline:    {deadline} ({}; {})", duty.deadline, time_left(item, today));
    if let Some(moved) = &view.deadline_moved {
        out!("  moved:       {moved}");
    }
    if let Some(counting) = duty.deadline.counting() {
        out!("  counting:    {}", counting.describe());
    }
    let status = if item.is_overdue(today) { format!("{} (overdue)", item.status) } else { item.status.to_string() };
    out!("  status:      {status}");
    if let Some(at) = item.completed_at {
        out!("  completed:   {}", at.format("%Y-%m-%d %H:%M"));
    }
    if let Some(basis) = &duty.basis {
        out!("  basis:       {}", escape(basis));
    }
    if let Some(detail) = &duty.detail {
        out!("  detail:      {}", escape(detail));
    }
    if !changes.is_empty() {
        out!("  history:");
        for record in &changes {
            let change = &record.change;
            let by = workspace.org.person(&change.by).map_or(change.by.as_str(), |p| p.name.as_str());
            let mut line = format!(
                "    {}  {} → {}  by {}",
                change.at.format("%Y-%m-%d %H:%M"),
                record.from,
                record.to,
                escape(by)
            );
            if let Some(note) = &change.note {
                line.push_str(&format!("  “{}”", escape(note)));
            }
            if let Some(evidence) = &change.evidence {
                line.push_str(&format!(
                    "  [evidence {} ({}) sha256 {}]",
                    escape(&evidence.file_name),
                    escape(evidence.media_type_or_guess()),
                    evidence.sha256
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
        out!("{}: no evidence was handed in", escape(id));
        return Ok(());
    }
    for file in &written {
        out!(
            "{}  ({}, {} bytes, sha256 {})",
            escape(&file.path.display().to_string()),
            escape(&file.media_type),
            file.bytes,
            file.sha256
        );
    }
    out!("{} file(s) written", written.len());
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
    out!("{}: {} → {} (audit #{})", changed.task, changed.from, changed.to, changed.audit_seq);
    Ok(())
}
