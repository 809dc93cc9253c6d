//! `fazhi outbox`: the reminder mail not sent yet, and sending it again.

use clap::Args;
use fazhi_store::prelude::*;
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
        err!("warning: {diagnostic} (the file is left out of reminders until it is corrected)");
    }
    if args.retry {
        let runtime = runtime()?;
        let retried = runtime.block_on(session.deliver_mail(true, args.abandoned))?;
        for (id, error) in retried.delivery.failed.iter().chain(&retried.delivery.abandoned) {
            err!("warning: message {id} failed: {error}");
        }
        err!("{}", retried.summary());
    }
    let messages = session.store().mail(!args.all)?;
    if context.json {
        return print_json(&messages);
    }
    if messages.is_empty() {
        out!("{}", if args.all { "no reminder mail recorded" } else { "nothing waiting: every message was sent" });
        return Ok(());
    }
    let mut table = Table::new(&["ID", "STATUS", "TRIES", "DAY", "TO", "NEXT TRY", "LAST ERROR"]);
    for message in &messages {
        table.row(vec![
            message.id.to_string(),
            match message.status {
                MailStatus::Written => "written (not sent)".to_string(),
                status => status.to_string(),
            },
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
    out!("{} message(s), {waiting} not sent", messages.len());
    if written > 0 {
        out!(
            "{written} written to the outbox, not sent: no SMTP server in fazhi.ron, so the .eml files in .fazhi/outbox/ \
             are all there is (docs/reminders.md)"
        );
    }
    Ok(())
}
