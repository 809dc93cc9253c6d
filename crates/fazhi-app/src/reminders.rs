//! The reminder jobs of a session: plan today's reminders, queue one digest per recipient,
//! deliver them.

use chrono::{DateTime, NaiveDate, Utc};
use fazhi_core::{Diagnostic, Item};
use fazhi_notify::{
    configured_channels, deliver, plan, queue_digests, Channel as _, DeliveryReport, NoticeKind, Plan, PlanProblem,
    ReminderPolicy, RetryPolicy, ScriptPolicy, StockPolicy, UnitDigestPolicy,
};
use serde::Serialize;

use crate::{AppError, Session};

/// Which reminders a run plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReminderKind {
    /// Each owner's daily reminders (and escalations), by the reminder script of the rule pack.
    Daily,
    /// The weekly digest to unit leaders of their unit's open items.
    UnitDigest,
}

/// One planned notice.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedReminder {
    /// The item's id.
    pub item: String,
    /// Its title.
    pub title: String,
    /// Its deadline.
    pub deadline: Option<NaiveDate>,
    /// What the notice says.
    #[serde(flatten)]
    pub kind: NoticeKind,
    /// The recipient's person id.
    pub recipient: String,
    /// The recipient's name, if org.ron knows them.
    pub recipient_name: Option<String>,
    /// The recipient's address, if org.ron knows them.
    pub email: Option<String>,
    /// Why this notice goes to its recipient, in Chinese.
    pub reason: String,
    /// Already queued today by an earlier run (so it will not be sent again).
    pub already_sent: bool,
}

/// Today's plan, sending nothing (`fazhi remind --dry-run`).
#[derive(Debug, Clone, Serialize)]
pub struct ReminderPlan {
    /// The day planned for.
    pub today: NaiveDate,
    /// Every notice due, in item order.
    pub notices: Vec<PlannedReminder>,
    /// Items that could not be planned.
    pub problems: Vec<PlanProblem>,
    /// The provisional (暂定) years of the calendar the plan counted in.
    #[serde(skip)]
    pub provisional_years: Vec<i32>,
}

/// What a reminder run did.
#[derive(Debug, Clone, Serialize)]
pub struct ReminderRun {
    /// The day planned for.
    pub today: NaiveDate,
    /// How many notices were due.
    pub notices: usize,
    /// How many new digests were queued.
    pub queued: usize,
    /// Where messages go (an SMTP server, the outbox folder).
    pub delivered_to: String,
    /// Whether mail only goes to the outbox folder (no SMTP server is configured): nothing is
    /// sent by email.
    pub outbox_only: bool,
    /// What delivery did.
    #[serde(flatten)]
    pub delivery: DeliveryReport,
    /// Items and notices that could not be planned or queued.
    pub problems: Vec<PlanProblem>,
    /// The recipients whose digest could not be built as a message (a name with a line break,
    /// a refused address): nothing reached them.
    pub refused: Vec<String>,
    /// The provisional (暂定) years of the calendar the plan counted in.
    #[serde(skip)]
    pub provisional_years: Vec<i32>,
}

impl ReminderRun {
    /// The run's failure, if a digest could not be built: it reached no one.
    pub fn failure(&self) -> Option<AppError> {
        (!self.refused.is_empty()).then(|| AppError::Failed {
            message: format!(
                "{}: the digest of {} could not be built as a message, so it was not sent: correct org.ron or fazhi.ron",
                self.today,
                self.refused.join(", ")
            ),
        })
    }

    /// The run's failure when some message was not delivered (to be retried or given up): how
    /// many of the messages tried. `fazhi remind` exits 1 with it; the messages stay in the
    /// outbox.
    pub fn undelivered(&self) -> Option<AppError> {
        let failed = self.delivery.failed.len() + self.delivery.abandoned.len();
        (failed > 0).then(|| AppError::Failed {
            message: format!(
                "{failed} of {} message(s) not delivered ({} to retry, {} given up): see `fazhi outbox`",
                failed + self.delivery.sent.len() + self.delivery.written.len(),
                self.delivery.failed.len(),
                self.delivery.abandoned.len()
            ),
        })
    }

    /// The run in one line, as the CLI and the daemon's job log say it.
    pub fn summary(&self) -> String {
        format!(
            "{}: {} new digest(s) from {} notice(s); {}",
            self.today,
            self.queued,
            self.notices,
            delivery_summary(&self.delivery, &self.delivered_to, self.outbox_only, false)
        )
    }

    /// [`ReminderRun::summary`] in Chinese, as the CLI says it to a clerk.
    pub fn summary_chinese(&self) -> String {
        format!(
            "{}：由 {} 条提醒生成 {} 份新汇总；{}",
            self.today,
            self.notices,
            self.queued,
            delivery_summary(&self.delivery, &self.delivered_to, self.outbox_only, true)
        )
    }
}

/// What delivery did, in words (English, or Chinese with `chinese`): how many were sent where,
/// written to the outbox folder and not sent, to retry and given up.
pub(crate) fn delivery_summary(
    delivery: &DeliveryReport,
    delivered_to: &str,
    outbox_only: bool,
    chinese: bool,
) -> String {
    let (written, sent) = (delivery.written.len(), delivery.sent.len());
    let (failed, abandoned) = (delivery.failed.len(), delivery.abandoned.len());
    let mut parts = Vec::new();
    if outbox_only || written > 0 {
        parts.push(if chinese {
            format!("{written} 封写入发件箱文件夹，未发送（fazhi.ron 未配置 SMTP 服务器：见 docs/reminders.md）")
        } else {
            format!("{written} written to the outbox, not sent (no SMTP server in fazhi.ron: see docs/reminders.md)")
        });
    }
    if !outbox_only || sent > 0 {
        parts.push(if chinese {
            format!("{sent} 封已发送至 {delivered_to}")
        } else {
            format!("{sent} sent to {delivered_to}")
        });
    }
    parts.push(if chinese {
        format!("{failed} 封待重试，{abandoned} 封已放弃")
    } else {
        format!("{failed} to retry, {abandoned} given up")
    });
    parts.join(if chinese { "，" } else { ", " })
}

/// What a delivery of queued mail did.
#[derive(Debug, Clone, Serialize)]
pub struct MailDelivery {
    /// Where messages go (an SMTP server, the outbox folder).
    pub delivered_to: String,
    /// Whether mail only goes to the outbox folder (no SMTP server is configured): nothing is
    /// sent by email.
    pub outbox_only: bool,
    /// What delivery did.
    #[serde(flatten)]
    pub delivery: DeliveryReport,
}

impl MailDelivery {
    /// What it did in one line: sent, written to the outbox folder and not sent, to retry,
    /// given up.
    pub fn summary(&self) -> String {
        delivery_summary(&self.delivery, &self.delivered_to, self.outbox_only, false)
    }

    /// [`MailDelivery::summary`] in Chinese.
    pub fn summary_chinese(&self) -> String {
        delivery_summary(&self.delivery, &self.delivered_to, self.outbox_only, true)
    }
}

impl Session {
    /// Sends the queued messages that are due now (with `all`, every queued or failed one
    /// regardless of its retry time; with `abandoned`, the given-up ones too, queued again first)
    /// through the channels `fazhi.ron` configures. Call it inside a tokio runtime.
    pub async fn deliver_mail(&mut self, all: bool, abandoned: bool) -> Result<MailDelivery, AppError> {
        let channels = configured_channels(&self.workspace).map_err(|err| AppError::bad_input(err.to_string()))?;
        let now = self.local_now();
        if abandoned {
            self.store.revive_abandoned(now)?;
        }
        let delivery = deliver(self.store.as_mut(), &channels, now, &RetryPolicy::default(), all).await?;
        let outbox_only = channels.only_writes("email");
        Ok(MailDelivery { delivered_to: channels.describe_target(), outbox_only, delivery })
    }

    /// Plans the reminders of `kind` due on the session's date without sending or recording
    /// anything.
    pub fn plan_reminders(&self, kind: ReminderKind) -> Result<ReminderPlan, AppError> {
        let today = self.today;
        let items = self.items()?;
        let script = self.reminder_script(kind)?;
        let planned = plan_with(&self.workspace, &items, today, kind, script.as_ref())?;
        let mut notices = Vec::with_capacity(planned.notices.len());
        for notice in &planned.notices {
            let person = self.workspace.org.person(notice.recipient);
            notices.push(PlannedReminder {
                item: notice.item.id.clone(),
                title: notice.item.title.clone(),
                deadline: notice.item.deadline,
                kind: notice.kind,
                recipient: notice.recipient.to_string(),
                recipient_name: person.map(|p| p.name.clone()),
                email: person.map(|p| p.email.clone()),
                reason: notice.reason().to_string(),
                already_sent: self.store.notice_recorded(&notice.key(today))?,
            });
        }
        Ok(ReminderPlan {
            today,
            notices,
            problems: planned.problems.clone(),
            provisional_years: self.provisional_years(&items, today),
        })
    }

    /// Plans the reminders of `kind` due on the day of `fired` (in the workspace's zone),
    /// queues one digest per recipient carrying only notices never queued before, and delivers
    /// what is due through the mailer `fazhi.ron` configures. Call it inside a tokio runtime.
    pub async fn send_reminders(&mut self, kind: ReminderKind, fired: DateTime<Utc>) -> Result<ReminderRun, AppError> {
        let today = self.workspace.local(fired).date();
        let items = self.items()?;
        let script = self.reminder_script(kind)?;
        let planned = plan_with(&self.workspace, &items, today, kind, script.as_ref())?;
        let channels = configured_channels(&self.workspace).map_err(|err| AppError::bad_input(err.to_string()))?;
        // The weekly digest names the audit log's head: the unit leaders' mail keeps a copy.
        let head = match kind {
            ReminderKind::UnitDigest => Some(self.store.audit_head()?),
            ReminderKind::Daily => None,
        };
        let queued = queue_digests(&self.workspace, self.store.as_mut(), &planned, today, fired, head.as_ref())?;
        let local = self.workspace.local(fired);
        let delivery = deliver(self.store.as_mut(), &channels, local, &RetryPolicy::default(), false).await?;
        let mut problems = planned.problems.clone();
        problems.extend(queued.problems);
        let refused = queued.refused;
        Ok(ReminderRun {
            today,
            notices: planned.notices.len(),
            queued: queued.queued.len(),
            delivered_to: channels.describe_target(),
            outbox_only: channels.only_writes("email"),
            delivery,
            problems,
            refused,
            provisional_years: self.provisional_years(&items, today),
        })
    }

    /// The reminder script of the `reminders` module of the rule pack for daily reminders
    /// (`None`: the pack's override has none, and the stock policy plans); none for digests.
    pub(crate) fn reminder_script(&self, kind: ReminderKind) -> Result<Option<ScriptPolicy>, AppError> {
        match kind {
            ReminderKind::Daily => Ok(ScriptPolicy::from_pack(self.pack(), Some(&self.workspace.root.join("rules")))?),
            ReminderKind::UnitDigest => Ok(None),
        }
    }

    fn provisional_years(&self, items: &[Item], today: NaiveDate) -> Vec<i32> {
        let open = items.iter().filter(|item| item.status.is_open()).filter_map(|item| item.deadline);
        self.workspace.calendar.provisional_among(open.chain([today]))
    }
}

fn plan_with<'a>(
    workspace: &'a fazhi_core::Workspace,
    items: &'a [Item],
    today: NaiveDate,
    kind: ReminderKind,
    script: Option<&ScriptPolicy>,
) -> Result<Plan<'a>, AppError> {
    let (stock, unit_digest) = (StockPolicy::default(), UnitDigestPolicy::default());
    let policy: &dyn ReminderPolicy = match (kind, script) {
        (ReminderKind::UnitDigest, _) => &unit_digest,
        (ReminderKind::Daily, Some(script)) => script,
        (ReminderKind::Daily, None) => &stock,
    };
    let planned = plan(items, &workspace.org, &workspace.calendar, today, policy)
        .map_err(|err| AppError::bad_input(err.to_string()))?;
    script_failures(script)?;
    Ok(planned)
}

/// The failures of the reminder script while planning, each with the script's position.
fn script_failures(script: Option<&ScriptPolicy>) -> Result<(), AppError> {
    let errors = script.map(ScriptPolicy::take_errors).unwrap_or_default();
    if errors.is_empty() {
        return Ok(());
    }
    Err(AppError::Invalid {
        problems: errors
            .into_iter()
            .map(|err| Diagnostic {
                file: err.script,
                line: err.line,
                column: err.column,
                message: format!("reminder script: {}", err.message),
            })
            .collect(),
    })
}
