use fazhi_core::{Action, Item, Workspace};
use fazhi_store::Change;

use super::print_json;
use super::tasks::{time_left, TaskView};
use crate::cli::{ChangeArgs, TaskCommand};
use crate::{CliError, Context};

fn find<'a>(items: &'a [Item], id: &str) -> Result<&'a Item, CliError> {
    items.iter().find(|item| item.id == id).ok_or_else(|| {
        let duty_hint = items
            .iter()
            .find(|item| item.duty == id)
            .map_or(String::new(), |item| format!("; \"{id}\" recurs, so name one occurrence, e.g. \"{}\"", item.id));
        CliError::BadInput(format!("unknown task \"{id}\"{duty_hint}"))
    })
}

fn items(workspace: &Workspace, store: &fazhi_store::Store) -> Result<Vec<Item>, CliError> {
    workspace.items(&store.task_states(workspace)?).map_err(|err| CliError::BadInput(err.to_string()))
}

/// `fazhi task …`
pub fn run(context: &Context, command: &TaskCommand) -> Result<(), CliError> {
    let (args, action) = match command {
        TaskCommand::Show { id } => return show(context, id),
        TaskCommand::Start(args) => (args, Action::Start),
        TaskCommand::Done(args) => (args, Action::Done),
        TaskCommand::Cancel(args) => (args, Action::Cancel),
        TaskCommand::Reopen(args) => (args, Action::Reopen),
    };
    change(context, args, action)
}

fn show(context: &Context, id: &str) -> Result<(), CliError> {
    let workspace = context.workspace()?;
    let today = context.today(&workspace);
    let store = context.read_store(&workspace)?;
    let items = items(&workspace, &store)?;
    let item = find(&items, id)?;
    let duty = workspace.duty(&item.duty).expect("every item comes from a duty");
    let changes = store.changes(&item.id)?;
    if context.json {
        return print_json(&serde_json::json!({
            "task": TaskView::new(&workspace, item, today),
            "rule": duty.deadline.to_string(),
            "counting": duty.deadline.counting(),
            "basis": duty.basis,
            "detail": duty.detail,
            "file": duty.file,
            "changes": changes,
        }));
    }
    let view = TaskView::new(&workspace, item, today);
    let cooperating: Vec<&str> =
        item.cooperating.iter().map(|u| workspace.org.unit(u).map_or(u.as_str(), |u| u.name.as_str())).collect();
    println!("{}  {}", item.id, item.title);
    println!("  duty:        {} ({})", duty.id, duty.file.display());
    println!("  module:      {}", item.module);
    println!("  unit:        {}", view.unit_name);
    println!("  owner:       {}", view.owner_name);
    if !cooperating.is_empty() {
        println!("  cooperating: {}", cooperating.join("、"));
    }
    let deadline = item.deadline.map_or("-".to_string(), |d| d.to_string());
    println!("  deadline:    {deadline} ({}; {})", duty.deadline, time_left(item, today));
    if let Some(moved) = &view.deadline_moved {
        println!("  moved:       {moved}");
    }
    if let Some(counting) = duty.deadline.counting() {
        println!("  counting:    {}", counting.describe());
    }
    let status = if item.is_overdue(today) { format!("{} (overdue)", item.status) } else { item.status.to_string() };
    println!("  status:      {status}");
    if let Some(at) = item.completed_at {
        println!("  completed:   {}", at.format("%Y-%m-%d %H:%M"));
    }
    if let Some(basis) = &duty.basis {
        println!("  basis:       {basis}");
    }
    if let Some(detail) = &duty.detail {
        println!("  detail:      {detail}");
    }
    if !changes.is_empty() {
        println!("  history:");
        for record in &changes {
            let change = &record.change;
            let by = workspace.org.person(&change.by).map_or(change.by.as_str(), |p| p.name.as_str());
            let mut line =
                format!("    {}  {} → {}  by {by}", change.at.format("%Y-%m-%d %H:%M"), record.from, record.to);
            if let Some(note) = &change.note {
                line.push_str(&format!("  “{note}”"));
            }
            if let Some(evidence) = &change.evidence {
                line.push_str(&format!("  [evidence {} sha256 {}]", evidence.file_name, evidence.sha256));
            }
            println!("{line}");
        }
    }
    Ok(())
}

fn change(context: &Context, args: &ChangeArgs, action: Action) -> Result<(), CliError> {
    let workspace = context.workspace()?;
    let clock = context.clock(&workspace);
    // Check the arguments before touching the state, so bad input changes nothing.
    let evidence_path = match &args.evidence {
        Some(path) if !path.is_file() => {
            return Err(CliError::BadInput(format!("evidence file {} does not exist", path.display())));
        }
        other => other.clone(),
    };
    let by = match &args.by {
        Some(by) => workspace.org.person(by).map(|p| p.id.clone()).ok_or_else(|| {
            CliError::BadInput(format!("--by: unknown person \"{by}\" (use an id or a name from org.ron)"))
        })?,
        None => String::new(),
    };
    let mut store = context.open_store(&workspace)?;
    let items = items(&workspace, &store)?;
    let item = find(&items, &args.id)?;
    let by = if by.is_empty() { item.owner.clone() } else { by };
    let evidence = evidence_path.map(|path| store.keep_evidence(&path)).transpose()?;
    let change = Change {
        item: item.id.clone(),
        action,
        by,
        at: workspace.local(clock.now()),
        note: args.note.clone(),
        evidence,
        source: None,
    };
    let seq = store.record_change(&change)?.expect("a change without a source key is always recorded");
    let state = store.state(&item.id)?;
    if context.json {
        return print_json(
            &serde_json::json!({ "task": item.id, "from": item.status, "to": state.status, "audit_seq": seq }),
        );
    }
    println!("{}: {} → {} (audit #{seq})", item.id, item.status, state.status);
    Ok(())
}
