//! From a plan to mail: queueing digests exactly once, delivering them with retries.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, Utc};
use fazhi_core::{CalendarError, Workspace};
use fazhi_store::{AuditHead, MailCandidate, MailNotice, MailQueue, MailRecord, NewMail, StoreError};
use serde::Serialize;

use crate::digest::digests;
use crate::mailer::{build_message, MailError, Mailer, Outgoing};
use crate::plan::{Plan, PlanProblem};

/// Why reminding failed as a whole.
#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    /// Today lies outside the working-day calendar.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// The state database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The mail settings cannot be used.
    #[error(transparent)]
    Mail(#[from] MailError),
}

/// How failed messages are retried: after `first`, then twice as long each time up to
/// `longest`, until `attempts` attempts have failed; a permanent refusal (SMTP 5xx) is given up
/// at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The wait after the first failure.
    pub first: Duration,
    /// The longest wait.
    pub longest: Duration,
    /// How many attempts in all before giving up.
    pub attempts: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { first: Duration::from_secs(5 * 60), longest: Duration::from_secs(6 * 3600), attempts: 10 }
    }
}

impl RetryPolicy {
    /// When to try again after the `failed`-th failed attempt at `now`, or `None` to give up.
    pub fn next_attempt(&self, failed: u32, now: NaiveDateTime) -> Option<NaiveDateTime> {
        if failed >= self.attempts {
            return None;
        }
        let factor = 1u32.checked_shl(failed.saturating_sub(1)).unwrap_or(u32::MAX);
        let wait = self.first.checked_mul(factor).unwrap_or(self.longest).min(self.longest);
        Some(now + TimeDelta::from_std(wait).unwrap_or(TimeDelta::MAX))
    }
}

/// What queueing did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct QueueReport {
    /// The new messages' numbers in the store.
    pub queued: Vec<i64>,
    /// Notices that could not be queued (unknown recipient, a refused address).
    pub problems: Vec<PlanProblem>,
    /// The recipients (person ids) whose digest could not be built as a message (an address or
    /// a name mail cannot carry): they get nothing until it is corrected.
    pub refused: Vec<String>,
}

/// The sender of reminder mail: the organisation's name and `mail.from` (default
/// `fazhi@localhost`).
pub fn sender(workspace: &Workspace) -> (String, String) {
    let address = workspace.config.mail.as_ref().map_or("fazhi@localhost", |mail| mail.from.as_str());
    (workspace.config.organisation.clone(), address.to_string())
}

/// Queues today's digests for `plan`: one message per recipient, carrying only the notices never
/// queued before (their keys are checked and recorded in the same transaction). `now` stamps the
/// messages (their `Date` header and the store's times, in the workspace's zone). Each message
/// names `audit_head` if given (the weekly digest to unit leaders does, see [`Digest::audit_head`]).
///
/// [`Digest::audit_head`]: crate::Digest::audit_head
pub fn queue_digests(
    workspace: &Workspace,
    store: &mut (impl MailQueue + ?Sized),
    plan: &Plan<'_>,
    today: NaiveDate,
    now: DateTime<Utc>,
    audit_head: Option<&AuditHead>,
) -> Result<QueueReport, NotifyError> {
    let (mut digests, mut problems) = digests(plan, workspace);
    // A person org.ron gives no address (added from a staff list without one) gets no mail: each
    // notice is a problem naming the missing address, and nothing is queued for it.
    digests.retain(|digest| {
        if !digest.recipient.email.is_empty() {
            return true;
        }
        problems.extend(digest.notices.iter().map(|notice| PlanProblem {
            item: notice.item.id.clone(),
            message: format!("not sent to {}: org.ron gives no email address", digest.recipient.id),
        }));
        false
    });
    let candidates: Vec<MailCandidate> = digests
        .iter()
        .map(|digest| MailCandidate {
            recipient: digest.recipient.id.clone(),
            day: today,
            notices: digest
                .notices
                .iter()
                .map(|notice| MailNotice {
                    key: notice.key(today),
                    item: notice.item.id.clone(),
                    kind: notice.kind.name().to_string(),
                })
                .collect(),
        })
        .collect();
    let (from_name, from) = sender(workspace);
    let mut refused = Vec::new();
    let local = workspace.local(now);
    let queued = store.queue_mail(local, &candidates, &mut |index: usize, fresh: &[bool]| {
        let mut digest = digests[index].only(fresh);
        digest.audit_head = audit_head.map(ToString::to_string);
        let keys: Vec<&str> = candidates[index]
            .notices
            .iter()
            .zip(fresh)
            .filter(|(_, fresh)| **fresh)
            .map(|(notice, _)| notice.key.as_str())
            .collect();
        let message_id = format!("<{}.{}.{:016x}@fazhi>", today.format("%Y%m%d"), digest.recipient.id, fnv(&keys));
        let subject = digest.subject(workspace, today);
        let built = build_message(
            &from_name,
            &from,
            &digest.recipient.name,
            &digest.recipient.email,
            &subject,
            digest.text(workspace, today),
            digest.html(workspace, today),
            now.into(),
            &message_id,
        );
        match built {
            Ok(raw) => Some(NewMail { sender: from.clone(), address: digest.recipient.email.clone(), subject, raw }),
            Err(err) => {
                refused.push(digest.recipient.id.clone());
                problems.extend(digest.notices.iter().map(|notice| PlanProblem {
                    item: notice.item.id.clone(),
                    message: format!("not sent to {}: {err}", digest.recipient.id),
                }));
                None
            }
        }
    })?;
    Ok(QueueReport { queued, problems, refused })
}

/// A stable 64-bit FNV-1a hash of the keys, for message ids.
fn fnv(keys: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for key in keys {
        for byte in key.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// What delivery did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DeliveryReport {
    /// Messages accepted.
    pub sent: Vec<i64>,
    /// Messages that failed and will be tried again, with the answer.
    pub failed: Vec<(i64, String)>,
    /// Messages given up, with the answer.
    pub abandoned: Vec<(i64, String)>,
}

/// Sends the messages due at `now` (with `all`, every queued or failed one regardless of its
/// retry time) through `mailer`, recording each outcome as soon as it is known: sent, or failed
/// with the server's answer and the next attempt by `retry`, or given up.
///
/// Senders of one state database take turns ([`MailQueue::try_mail_turn`]): while another process
/// sends (the daemon and `fazhi remind --send` at once), this one waits for it to finish, then
/// reads what is still due, so no message is sent twice. A crash after the server accepted a
/// message and before the store recorded it leaves the message queued, and it is sent again on
/// the next run: the one window for a duplicate. (The turn dies with the process.)
pub async fn deliver(
    store: &mut (impl MailQueue + ?Sized),
    mailer: &dyn Mailer,
    now: NaiveDateTime,
    retry: &RetryPolicy,
    all: bool,
) -> Result<DeliveryReport, StoreError> {
    let _turn = loop {
        match store.try_mail_turn()? {
            Some(turn) => break turn,
            None => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
        }
    };
    // The store compares times as text: the last second of year 9999 is after every retry time.
    let end_of_time = NaiveDate::from_ymd_opt(9999, 12, 31).and_then(|d| d.and_hms_opt(23, 59, 59)).unwrap_or(now);
    let due: Vec<MailRecord> = store.due_mail(if all { end_of_time } else { now })?;
    let mut report = DeliveryReport::default();
    for message in &due {
        let outgoing = Outgoing {
            id: message.id,
            recipient: &message.recipient,
            sender: &message.sender,
            address: &message.address,
            raw: &message.raw,
        };
        match mailer.send(&outgoing).await {
            Ok(()) => {
                store.mail_sent(message.id, now)?;
                report.sent.push(message.id);
            }
            Err(err) => {
                let next = if err.permanent { None } else { retry.next_attempt(message.attempts + 1, now) };
                store.mail_failed(message.id, &err.message, next)?;
                match next {
                    Some(_) => report.failed.push((message.id, err.message)),
                    None => report.abandoned.push((message.id, err.message)),
                }
            }
        }
    }
    Ok(report)
}
