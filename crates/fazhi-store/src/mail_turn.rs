/// The turn of one process to send queued mail ([`crate::MailQueue::try_mail_turn`]): whatever
/// the backend holds for it (a file lock, a database lock), released when dropped.
pub struct MailTurn {
    _held: Box<dyn Send>,
}

impl MailTurn {
    /// A turn held by `held` until the turn is dropped.
    pub fn new(held: impl Send + 'static) -> MailTurn {
        MailTurn { _held: Box::new(held) }
    }
}

impl std::fmt::Debug for MailTurn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MailTurn")
    }
}
