/// How the reminder mail of a town's state stands (`mail_message` by status).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MailCounts {
    /// Every message.
    pub total: usize,
    /// Queued, or failed and to be tried again: not delivered yet.
    pub waiting: usize,
    /// Sent (or written to the outbox folder).
    pub sent: usize,
    /// Given up.
    pub abandoned: usize,
}
