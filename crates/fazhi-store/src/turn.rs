/// The turn of one process at something only one may do at a time — to send a town's queued
/// mail ([`crate::MailQueue::try_mail_turn`]), to run a job's firing ([`crate::JobLog::try_job_turn`]):
/// whatever the backend holds for it (a file lock, a database lock), released when dropped,
/// and when its process dies.
pub struct Turn {
    _held: Box<dyn Send>,
}

impl Turn {
    /// A turn held by `held` until the turn is dropped.
    pub fn new(held: impl Send + 'static) -> Turn {
        Turn { _held: Box::new(held) }
    }
}

impl std::fmt::Debug for Turn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Turn")
    }
}
