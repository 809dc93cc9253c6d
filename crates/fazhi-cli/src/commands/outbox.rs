//! `fazhi outbox`: the reminder mail not sent yet, and sending it again.

use clap::Args;
use fazhi_notify::DeliveryReport;
use fazhi_store::MailStatus;

use super::print_json;
use super::remind::runtime;
use crate::table::Table;
use crate::{CliError, Context};

/// `fazhi outbox`
#[derive(Debug, Args)]
pub struct OutboxArgs {
    /// List sent messages too (those written to the outbox folder, not sent, are always listed).
    #[arg(long)]
    pub all: bool,
    /// Try every queued or failed message now, without waiting for its retry time.
    #[arg(long)]
    pub retry: bool,
    /// With --retry: also the abandoned (given up) messages, e.g. after their address or the
    /// robot's secret was corrected.
    #[arg(long, requires = "retry")]
    pub abandoned: bool,
}

/// Runs `fazhi outbox`.
pub fn run(context: &Context, args: &OutboxArgs) -> Result<(), CliError> {
    // The mail waiting does not depend on the checklists: a broken one is said, not fatal.
    let mut session = if args.retry { context.available_session()? } else { context.available_read_session()? };
    for diagnostic in session.left_out() {
        super::warn_left_out(diagnostic);
    }
    if args.retry {
        let runtime = runtime()?;
        let retried = runtime.block_on(session.deliver_mail(true, args.abandoned))?;
        warn_undelivered(&retried.delivery);
        err!("{}", if crate::lang::english() { retried.summary() } else { retried.summary_chinese() });
    }
    let messages = session.store().mail(!args.all)?;
    if context.json {
        return print_json(&messages);
    }
    if messages.is_empty() {
        let text = match args.all {
            true => tr!("no reminder mail recorded", "没有提醒邮件的记录"),
            false => tr!("nothing waiting: every message was sent", "没有待发的邮件：都已发出"),
        };
        out!("{text}");
        return Ok(());
    }
    let mut table = Table::headed(&[
        ("ID", "编号"),
        ("STATUS", "状态"),
        ("TRIES", "尝试次数"),
        ("DAY", "日期"),
        ("TO", "收件人"),
        ("NEXT TRY", "下次尝试"),
        ("LAST ERROR", "最近的错误"),
    ]);
    for message in &messages {
        table.row(vec![
            message.id.to_string(),
            mail_status(message.status).to_string(),
            message.attempts.to_string(),
            message.day.to_string(),
            format!("{} <{}>", message.recipient, message.address),
            message.next_attempt_at.map(|at| at.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default(),
            message.last_error.clone().unwrap_or_default(),
        ]);
    }
    crate::terminal::print(&table.render());
    let waiting = messages.iter().filter(|m| m.status != MailStatus::Sent).count();
    let written = messages.iter().filter(|m| m.status == MailStatus::Written).count();
    let total = messages.len();
    out!("{}", tr!("{total} message(s), {waiting} not sent", "共 {total} 封，{waiting} 封未发出"));
    if written > 0 {
        out!(
            "{}",
            tr!(
                "{written} written to the outbox, not sent: no SMTP server in fazhi.ron, so the .eml files in \
                 .fazhi/outbox/ are all there is (docs/reminders.md)",
                "{written} 封写入发件箱文件夹，未发送：fazhi.ron 未配置 SMTP 服务器，只有 .fazhi/outbox/ 中的 .eml \
                 文件（见 docs/reminders.md）"
            )
        );
    }
    Ok(())
}

/// Warns on stderr of each message a delivery did not get through: failed (to be retried) or
/// given up.
pub fn warn_undelivered(delivery: &DeliveryReport) {
    for (id, error) in &delivery.failed {
        err!(
            "{}{}",
            crate::lang::warning(),
            tr!("message {id} failed, will be retried: {error}", "第 {id} 封发送失败，将重试：{error}")
        );
    }
    for (id, error) in &delivery.abandoned {
        err!("{}{}", crate::lang::warning(), tr!("message {id} given up: {error}", "第 {id} 封已放弃：{error}"));
    }
}

/// A message's status as the CLI's language says it.
fn mail_status(status: MailStatus) -> &'static str {
    match (status, crate::lang::english()) {
        (MailStatus::Written, true) => "written (not sent)",
        (status, true) => status.as_str(),
        (MailStatus::Queued, false) => "待发",
        (MailStatus::Sent, false) => "已发出",
        (MailStatus::Written, false) => "已写入发件箱（未发送）",
        (MailStatus::Failed, false) => "失败待重试",
        (MailStatus::Abandoned, false) => "已放弃",
    }
}
