use crate::MailRecord;

/// What [`crate::MailQueue::claim_due_mail`] found.
#[derive(Debug)]
pub enum MailClaim {
    /// A due message, held by this sender until its outcome is recorded (`mail_sent`,
    /// `mail_written`, `mail_failed`) or the next claim is made: no other sender gets it meanwhile,
    /// and if this one dies it stays due.
    Message(Box<MailRecord>),
    /// Another sender has the turn (a backend whose senders take turns): try again shortly.
    Busy,
    /// Nothing else is due that another sender does not hold.
    Done,
}
