//! fazhi's deadline reminders: planning who is told what and why ([`plan`]), digests of one
//! message per recipient per run ([`Digest`]), mail through lettre or into the workspace's
//! outbox ([`Mailer`]) or posted by 钉钉, 企业微信 and 飞书 group robots ([`RobotChannel`]), each a
//! [`Channel`]; exactly-once queueing and delivery with retries ([`queue_digests`],
//! [`deliver`]), and the first notice a calendar application shows ([`first_notice`]).
#![warn(missing_docs)]

mod channel;
mod digest;
mod mailer;
mod plan;
mod rate_limiter;
mod remind;
mod robot;
mod robot_message;
mod scheduler;
mod script_policy;
mod signature;

pub use channel::{Channel, Channels};
pub use digest::{checklist_keepers, digests, Digest, CHECKLIST_KEEPER_ROLE};
pub use mailer::{
    build_message, configured_channels, configured_mailer, error_chain, outbox_folder, BoxFuture, MailError, Mailer,
    MemoryMailer, OutboxMailer, Outgoing, SendError, SmtpMailer, PASSWORD_FILE_VARIABLE, PASSWORD_VARIABLE,
};
pub use plan::{
    first_notice, plan, DeadlineFacts, Decision, NoticeKind, Plan, PlanProblem, PlannedNotice, PolicyParamError,
    Reason, Recipient, ReminderPolicy, StockPolicy, UnitDigestPolicy, Urgency,
};
pub use rate_limiter::RateLimiter;
pub use remind::{deliver, queue_digests, sender, DeliveryReport, NotifyError, QueueReport, RetryPolicy};
pub use robot::{configured_robots, missing_credentials, RobotChannel};
pub use robot_message::{robot_messages, split_blocks};
pub use scheduler::{DaemonLock, JobRunner, ScheduledJob, Scheduler, TokioClock};
pub use script_policy::ScriptPolicy;
pub use signature::{dingtalk_sign, feishu_sign, hmac_sha256, url_encode};
