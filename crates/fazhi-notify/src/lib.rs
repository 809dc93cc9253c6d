//! fazhi's deadline reminders: planning who is told what and why ([`plan`]), digests of one
//! message per recipient per run ([`Digest`]), mail through lettre or into the workspace's
//! outbox ([`Mailer`]), exactly-once queueing and delivery with retries ([`queue_digests`],
//! [`deliver`]), and the calendar export ([`calendar_ics`]).
#![warn(missing_docs)]

mod digest;
mod ics;
mod mailer;
mod plan;
mod remind;
mod scheduler;
mod script_policy;

pub use digest::{digests, Digest};
pub use ics::calendar_ics;
pub use mailer::{
    build_message, configured_mailer, outbox_folder, BoxFuture, MailError, Mailer, MemoryMailer, OutboxMailer,
    Outgoing, SendError, SmtpMailer, PASSWORD_FILE_VARIABLE, PASSWORD_VARIABLE,
};
pub use plan::{
    plan, DeadlineFacts, Decision, NoticeKind, Plan, PlanProblem, PlannedNotice, PolicyParamError, Reason, Recipient,
    ReminderPolicy, StockPolicy, UnitDigestPolicy, Urgency,
};
pub use remind::{deliver, queue_digests, sender, DeliveryReport, NotifyError, QueueReport, RetryPolicy};
pub use scheduler::{DaemonLock, JobRunner, ScheduledJob, Scheduler, TokioClock};
pub use script_policy::ScriptPolicy;
