//! From a plan to mail: queueing digests exactly once, delivering them with retries.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, Utc};
use fazhi_core::{CalendarError, ChannelKind, Workspace};
use fazhi_store::{AuditHead, MailCandidate, MailClaim, MailNotice, MailQueue, NewMail, StoreError};
use serde::Serialize;

use crate::channel::Channel;
use crate::digest::digests;
use crate::mailer::{build_message, MailError, Outgoing};
use crate::plan::{Plan, PlanProblem};
use crate::robot_message::robot_messages;

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

/// Queues today's digests for `plan`: one message per recipient by mail, and one per group robot
/// carrying the digests of the people it serves who are to be reminded by robot (`channels` of
/// fazhi.ron; split in parts when too long for the platform), carrying only the notices never
/// queued before on that channel (their keys are checked and recorded in the same transaction). `now` stamps the
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
    let (digests, mut problems) = digests(plan, workspace);
    // Who gets what where: each person's digest by mail, and into every robot serving their
    // unit, as their channels ask (fazhi.ron `channels`).
    let mut targets: Vec<Target> = Vec::new();
    let mut robot_targets: Vec<(usize, Vec<usize>)> = Vec::new();
    for (index, digest) in digests.iter().enumerate() {
        let kinds = workspace.config.channels_for(digest.recipient);
        if kinds.contains(&ChannelKind::Email) {
            if digest.recipient.email.is_empty() {
                // A person org.ron gives no address (added from a staff list without one) gets no
                // mail: each notice is a problem naming the missing address.
                problems.extend(digest.notices.iter().map(|notice| PlanProblem {
                    item: notice.item.id.clone(),
                    message: format!("not sent to {}: org.ron gives no email address", digest.recipient.id),
                }));
            } else {
                targets.push(Target::Email(index));
            }
        }
        if kinds.contains(&ChannelKind::Robot) {
            let serving: Vec<usize> = (0..workspace.config.robots.len())
                .filter(|robot| workspace.config.robots[*robot].serves(&digest.recipient.unit))
                .collect();
            if serving.is_empty() {
                problems.extend(digest.notices.iter().map(|notice| PlanProblem {
                    item: notice.item.id.clone(),
                    message: format!(
                        "{} is to be reminded by robot, but no robot serves unit \"{}\"",
                        digest.recipient.id, digest.recipient.unit
                    ),
                }));
            }
            for robot in serving {
                match robot_targets.iter_mut().find(|(r, _)| *r == robot) {
                    Some((_, people)) => people.push(index),
                    None => robot_targets.push((robot, vec![index])),
                }
            }
        }
    }
    targets.extend(robot_targets.into_iter().map(|(robot, people)| Target::Robot(robot, people)));
    let candidates: Vec<MailCandidate> = targets
        .iter()
        .map(|target| match target {
            Target::Email(index) => MailCandidate {
                recipient: digests[*index].recipient.id.clone(),
                day: today,
                notices: notices_of(&digests[*index], today, ""),
            },
            Target::Robot(robot, people) => {
                let name = &workspace.config.robots[*robot].name;
                MailCandidate {
                    recipient: format!("robot:{name}"),
                    day: today,
                    notices: people
                        .iter()
                        .flat_map(|index| notices_of(&digests[*index], today, &format!("robot:{name}|")))
                        .collect(),
                }
            }
        })
        .collect();
    let (from_name, from) = sender(workspace);
    let mut refused = Vec::new();
    let local = workspace.local(now);
    let queued = store.queue_mail(local, &candidates, &mut |index: usize, fresh: &[bool]| {
        let people = match &targets[index] {
            Target::Email(person) => std::slice::from_ref(person),
            Target::Robot(_, people) => people.as_slice(),
        };
        // The fresh flags run over the people's notices in order: each digest keeps its own.
        let mut flags = fresh;
        let mut fresh_digests = Vec::with_capacity(people.len());
        for person in people {
            let digest = &digests[*person];
            let (own, rest) = flags.split_at(digest.entries());
            flags = rest;
            let mut digest = digest.only(own);
            if digest.is_empty() {
                continue;
            }
            digest.audit_head = audit_head.map(ToString::to_string);
            fresh_digests.push(digest);
        }
        let keys: Vec<&str> = candidates[index]
            .notices
            .iter()
            .zip(fresh)
            .filter(|(_, fresh)| **fresh)
            .map(|(notice, _)| notice.key.as_str())
            .collect();
        match &targets[index] {
            Target::Robot(robot, _) => {
                robot_messages(workspace, &workspace.config.robots[*robot], &fresh_digests, today)
            }
            Target::Email(_) => {
                let digest = &fresh_digests[0];
                let message_id =
                    format!("<{}.{}.{:016x}@fazhi>", today.format("%Y%m%d"), digest.recipient.id, fnv(&keys));
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
                    Ok(raw) => vec![NewMail {
                        channel: "email".to_string(),
                        sender: from.clone(),
                        address: digest.recipient.email.clone(),
                        subject,
                        raw,
                    }],
                    Err(err) => {
                        refused.push(digest.recipient.id.clone());
                        problems.extend(digest.notices.iter().map(|notice| PlanProblem {
                            item: notice.item.id.clone(),
                            message: format!("not sent to {}: {err}", digest.recipient.id),
                        }));
                        Vec::new()
                    }
                }
            }
        }
    })?;
    Ok(QueueReport { queued, problems, refused })
}

/// Where one queued message goes: a person's mail (the index of their digest), or a robot (its
/// index in fazhi.ron) with the digests it carries.
enum Target {
    Email(usize),
    Robot(usize, Vec<usize>),
}

/// The notices of `digest` with their keys, each prefixed with `prefix` (a robot's), then its
/// configuration errors (each told once a day, keyed by the day and the problem).
fn notices_of(digest: &crate::Digest<'_>, today: NaiveDate, prefix: &str) -> Vec<MailNotice> {
    let notices = digest.notices.iter().map(|notice| MailNotice {
        key: format!("{prefix}{}", notice.key(today)),
        item: notice.item.id.clone(),
        kind: notice.kind.name().to_string(),
    });
    let errors = digest.config_errors.iter().map(|problem| MailNotice {
        key: format!("{prefix}config_error|{}|{}|{problem}", digest.recipient.id, today.format("%Y-%m-%d")),
        item: problem.file.display().to_string(),
        kind: "config_error".to_string(),
    });
    notices.chain(errors).collect()
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
    /// Messages accepted by the server or the robot.
    pub sent: Vec<i64>,
    /// Messages written to the outbox folder and not sent (no SMTP server is configured).
    pub written: Vec<i64>,
    /// Messages that failed and will be tried again, with the answer.
    pub failed: Vec<(i64, String)>,
    /// Messages given up, with the answer.
    pub abandoned: Vec<(i64, String)>,
}

/// Sends the messages due at `now` (with `all`, every queued or failed one regardless of its
/// retry time) through `channel` (the [`Channels`](crate::Channels) of `fazhi.ron`, or one mailer), recording each outcome as soon as it is known: sent (or, by the
/// outbox folder, written and not sent), or failed with the server's answer and the next attempt by `retry`, or given up.
///
/// Each message is claimed for this sender alone ([`MailQueue::claim_due_mail`]): on SQLite the
/// senders of one state take turns (while another process sends — the daemon and `fazhi remind`
/// at once — this one waits for it to finish, then reads what is still due); on PostgreSQL
/// several senders (daemons) share the messages, each claiming the next that no other holds. No
/// message is sent twice, and one whose sender dies stays due for the next. A crash after the
/// server accepted a message and before the store recorded it leaves the message queued, and it
/// is sent again on the next run: the one window for a duplicate. (A claim dies with its process.)
pub async fn deliver(
    store: &mut (impl MailQueue + ?Sized),
    channel: &dyn Channel,
    now: NaiveDateTime,
    retry: &RetryPolicy,
    all: bool,
) -> Result<DeliveryReport, StoreError> {
    // The store compares times as text: the last second of year 9999 is after every retry time.
    let end_of_time = NaiveDate::from_ymd_opt(9999, 12, 31).and_then(|d| d.and_hms_opt(23, 59, 59)).unwrap_or(now);
    let due_at = if all { end_of_time } else { now };
    let mut report = DeliveryReport::default();
    let mut after = 0;
    loop {
        let message = match store.claim_due_mail(due_at, after)? {
            MailClaim::Message(message) => *message,
            MailClaim::Busy => {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            }
            MailClaim::Done => break,
        };
        after = message.id;
        let outgoing = Outgoing {
            id: message.id,
            channel: &message.channel,
            recipient: &message.recipient,
            sender: &message.sender,
            address: &message.address,
            raw: &message.raw,
        };
        match channel.send_message(&outgoing).await {
            Ok(()) if channel.only_writes(&message.channel) => {
                store.mail_written(message.id, now)?;
                report.written.push(message.id);
            }
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
