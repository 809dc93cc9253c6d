//! `fazhi remind`: plan today's reminders, queue one digest per recipient, send them.

use clap::Args;
use fazhi_app::{PlannedReminder, ReminderKind, ReminderPlan};
use fazhi_notify::NoticeKind;

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

/// Runs `fazhi remind`.
pub fn run(context: &Context, args: &RemindArgs) -> Result<(), CliError> {
    // A broken checklist file is left out (said at its position, exit 1): everyone else is
    // still reminded, and the 党政办's digest names the file.
    if args.dry_run {
        let session = context.available_read_session()?;
        let left_out = super::left_out(&session);
        let planned = session.plan_reminders(ReminderKind::Daily)?;
        super::warn_provisional_years(&planned.provisional_years);
        dry_run(context, &planned)?;
        return left_out.map_or(Ok(()), Err);
    }
    let mut session = context.available_session()?;
    let left_out = super::left_out(&session);
    // lettre's SMTP transport needs the runtime from its construction on.
    let runtime = runtime()?;
    let fired = session.now();
    let run = runtime.block_on(session.send_reminders(ReminderKind::Daily, fired))?;
    super::warn_provisional_years(&run.provisional_years);
    for problem in &run.problems {
        err!("{}{}: {}", crate::lang::warning(), problem.item, problem.message);
    }
    super::outbox::warn_undelivered(&run.delivery);
    // A digest that cannot be built reaches no one: the run failed for its recipients; so did
    // it when a message was not delivered (it waits in the outbox).
    let failed = run.failure().or_else(|| run.undelivered()).map(CliError::from).or(left_out);
    if context.json {
        print_json(&run)?;
    } else {
        out!("{}", if crate::lang::english() { run.summary() } else { run.summary_chinese() });
    }
    failed.map_or(Ok(()), Err)
}

fn dry_run(context: &Context, planned: &ReminderPlan) -> Result<(), CliError> {
    for problem in &planned.problems {
        err!("{}{}: {}", crate::lang::warning(), problem.item, problem.message);
    }
    let today = planned.today;
    if context.json {
        return print_json(&planned);
    }
    if planned.notices.is_empty() {
        out!("{}", tr!("no reminders due (today is {today})", "今天没有要发的提醒（今天是 {today}）"));
        return Ok(());
    }
    let mut views: Vec<&PlannedReminder> = planned.notices.iter().collect();
    views.sort_by(|a, b| {
        (&a.recipient, a.kind.urgency(), a.deadline, &a.item).cmp(&(
            &b.recipient,
            b.kind.urgency(),
            b.deadline,
            &b.item,
        ))
    });
    let mut table = Table::headed(&[
        ("RECIPIENT", "收件人"),
        ("ITEM", "事项"),
        ("KIND", "类别"),
        ("DEADLINE", "期限"),
        ("REASON", "原因"),
    ]);
    for view in &views {
        let kind = kind_word(view.kind);
        let kind = if view.already_sent { tr!("{kind} (sent)", "{kind}（已发送）") } else { kind.to_string() };
        table.row(vec![
            format!("{} {}", view.recipient, view.recipient_name.as_deref().unwrap_or_default()),
            view.item.to_string(),
            kind,
            view.deadline.map(|d| d.to_string()).unwrap_or_default(),
            view.reason.clone(),
        ]);
    }
    crate::terminal::print(&table.render());
    let recipients = {
        let mut ids: Vec<&str> = views.iter().map(|v| v.recipient.as_str()).collect();
        ids.dedup();
        ids.len()
    };
    let notices = views.len();
    out!(
        "{}",
        tr!(
            "{notices} notice(s) to {recipients} recipient(s), today is {today} (dry run: nothing sent)",
            "共 {notices} 条提醒，发给 {recipients} 个收件人；今天是 {today}（试运行：不发送）"
        )
    );
    Ok(())
}

/// A notice's kind as the CLI's language says it.
fn kind_word(kind: NoticeKind) -> &'static str {
    match (kind, crate::lang::english()) {
        (kind, true) => kind.name(),
        (NoticeKind::Overdue { .. }, false) => "已逾期",
        (NoticeKind::Escalation { .. }, false) => "督办",
        (NoticeKind::DueToday, false) => "今日到期",
        (NoticeKind::DueSoon { .. }, false) => "即将到期",
    }
}

/// The tokio runtime of one command: multi-threaded, with two workers, so that a state on
/// PostgreSQL (whose client blocks the thread it runs on) may be read and written from its tasks.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|err| CliError::Internal(anyhow::Error::new(err)))
}
