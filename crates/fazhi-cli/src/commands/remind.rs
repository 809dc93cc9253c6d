//! `fazhi remind`: plan today's reminders, queue one digest per recipient, send them.

use std::path::Path;

use clap::Args;
use fazhi_core::{Diagnostic, Workspace};
use fazhi_notify::{
    configured_mailer, deliver, plan, queue_digests, DeliveryReport, Plan, PlanProblem, ReminderPolicy, RetryPolicy,
    ScriptPolicy, StockPolicy,
};
use fazhi_rules::RulePack;
use fazhi_store::Store;
use serde::Serialize;

use super::print_json;
use crate::table::Table;
use crate::{CliError, Context};

/// `fazhi remind`
#[derive(Debug, Args)]
pub struct RemindArgs {
    /// Print who would get what and why; send and record nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// One planned notice as `remind --dry-run --json` prints it.
#[derive(Debug, Serialize)]
struct NoticeView<'a> {
    item: &'a str,
    title: &'a str,
    deadline: Option<chrono::NaiveDate>,
    #[serde(flatten)]
    kind: fazhi_notify::NoticeKind,
    recipient: &'a str,
    recipient_name: Option<&'a str>,
    email: Option<&'a str>,
    reason: String,
    /// Already queued today by an earlier run (so it will not be sent again).
    already_sent: bool,
}

/// What `remind --json` prints.
#[derive(Debug, Serialize)]
struct RemindView {
    today: chrono::NaiveDate,
    queued: usize,
    delivered_to: String,
    #[serde(flatten)]
    delivery: DeliveryReport,
    problems: Vec<PlanProblem>,
}

/// Runs `fazhi remind`.
pub fn run(context: &Context, args: &RemindArgs) -> Result<(), CliError> {
    let workspace = context.workspace()?;
    let clock = context.clock(&workspace);
    let today = workspace.today(clock.as_ref());
    let mut store = if args.dry_run { context.read_store(&workspace)? } else { context.open_store(&workspace)? };
    let mut items =
        workspace.items(&store.task_states(&workspace)?).map_err(|err| CliError::BadInput(err.to_string()))?;
    items.extend(super::flow::open_items(context, &workspace, &store)?);
    let script = script_policy(&workspace.root)?;
    let stock = StockPolicy::default();
    let policy: &dyn ReminderPolicy = match &script {
        Some(script) => script,
        None => &stock,
    };
    let open = items.iter().filter(|item| item.status.is_open()).filter_map(|item| item.deadline);
    super::warn_provisional(&workspace.calendar, open.chain([today]));
    let planned = plan(&items, &workspace.org, &workspace.calendar, today, policy)
        .map_err(|err| CliError::BadInput(err.to_string()))?;
    check_script(script.as_ref()).map_err(CliError::Invalid)?;
    if args.dry_run {
        return dry_run(context, &workspace, &store, &planned, today);
    }
    // lettre's SMTP transport needs the runtime from its construction on.
    let runtime = runtime()?;
    let _entered = runtime.enter();
    let mailer = configured_mailer(&workspace).map_err(|err| CliError::BadInput(err.to_string()))?;
    let now = clock.now();
    let queued = queue_digests(&workspace, &mut store, &planned, today, now).map_err(notify_error)?;
    let delivery =
        runtime.block_on(deliver(&mut store, mailer.as_ref(), workspace.local(now), &RetryPolicy::default(), false))?;
    let mut problems = planned.problems.clone();
    problems.extend(queued.problems);
    for problem in &problems {
        err!("warning: {}: {}", problem.item, problem.message);
    }
    for (id, error) in &delivery.failed {
        err!("warning: message {id} failed, will be retried: {error}");
    }
    for (id, error) in &delivery.abandoned {
        err!("warning: message {id} given up: {error}");
    }
    if context.json {
        return print_json(&RemindView {
            today,
            queued: queued.queued.len(),
            delivered_to: mailer.describe(),
            delivery,
            problems,
        });
    }
    out!(
        "{today}: {} new digest(s) from {} notice(s); {} sent to {}, {} to retry, {} given up",
        queued.queued.len(),
        planned.notices.len(),
        delivery.sent.len(),
        mailer.describe(),
        delivery.failed.len(),
        delivery.abandoned.len()
    );
    Ok(())
}

fn dry_run(
    context: &Context,
    workspace: &Workspace,
    store: &Store,
    planned: &Plan<'_>,
    today: chrono::NaiveDate,
) -> Result<(), CliError> {
    let mut views = Vec::with_capacity(planned.notices.len());
    for notice in &planned.notices {
        let person = workspace.org.person(notice.recipient);
        views.push(NoticeView {
            item: &notice.item.id,
            title: &notice.item.title,
            deadline: notice.item.deadline,
            kind: notice.kind,
            recipient: notice.recipient,
            recipient_name: person.map(|p| p.name.as_str()),
            email: person.map(|p| p.email.as_str()),
            reason: notice.reason().to_string(),
            already_sent: store.notice_recorded(&notice.key(today))?,
        });
    }
    for problem in &planned.problems {
        err!("warning: {}: {}", problem.item, problem.message);
    }
    if context.json {
        return print_json(&serde_json::json!({ "today": today, "notices": views, "problems": planned.problems }));
    }
    if views.is_empty() {
        out!("no reminders due (today is {today})");
        return Ok(());
    }
    views.sort_by(|a, b| {
        (a.recipient, a.kind.urgency(), a.deadline, a.item).cmp(&(b.recipient, b.kind.urgency(), b.deadline, b.item))
    });
    let mut table = Table::new(&["RECIPIENT", "ITEM", "KIND", "DEADLINE", "REASON"]);
    for view in &views {
        let kind =
            if view.already_sent { format!("{} (sent)", view.kind.name()) } else { view.kind.name().to_string() };
        table.row(vec![
            format!("{} {}", view.recipient, view.recipient_name.unwrap_or_default()),
            view.item.to_string(),
            kind,
            view.deadline.map(|d| d.to_string()).unwrap_or_default(),
            view.reason.clone(),
        ]);
    }
    crate::terminal::print(&table.render());
    let recipients = {
        let mut ids: Vec<&str> = views.iter().map(|v| v.recipient).collect();
        ids.dedup();
        ids.len()
    };
    out!("{} notice(s) to {recipients} recipient(s), today is {today} (dry run: nothing sent)", views.len());
    Ok(())
}

/// The reminder policy of the workspace at `root`: the reminder script of the `reminders`
/// module of its rule pack (stock, or the workspace's override in `rules/reminders/`, script or
/// params); `None` (the built-in [`StockPolicy`] then) if an override has no reminder script.
pub(crate) fn script_policy(root: &Path) -> Result<Option<ScriptPolicy>, CliError> {
    let rules = root.join("rules");
    let pack = RulePack::load(Some(&rules)).map_err(super::review::rules_error)?;
    ScriptPolicy::from_pack(&pack, Some(&rules)).map_err(super::review::rules_error)
}

/// The failures of the reminder script while planning, each with the script's position.
pub(crate) fn check_script(script: Option<&ScriptPolicy>) -> Result<(), Vec<Diagnostic>> {
    let errors = script.map(ScriptPolicy::take_errors).unwrap_or_default();
    if errors.is_empty() {
        return Ok(());
    }
    Err(errors
        .into_iter()
        .map(|err| Diagnostic {
            file: err.script,
            line: err.line,
            column: err.column,
            message: format!("reminder script: {}", err.message),
        })
        .collect())
}

/// A single-threaded tokio runtime for one command.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|err| CliError::Internal(anyhow::Error::new(err)))
}

pub(crate) fn notify_error(err: fazhi_notify::NotifyError) -> CliError {
    match err {
        fazhi_notify::NotifyError::Store(err) => err.into(),
        other => CliError::BadInput(other.to_string()),
    }
}
