use chrono::NaiveDateTime;

use crate::{MailCandidate, MailClaim, MailRecord, NewMail, Store, StoreError, Turn};

/// Reminder mail: queued once per notice key, sent, retried, given up. A notice whose key was
/// recorded is never queued again, whatever happens to the processes that queue and send.
pub trait MailQueue {
    /// Queues mail in one transaction: for each candidate, which of its notices were never
    /// recorded (`true` = new); `compose(index, new)` makes the messages carrying the new ones
    /// (one, or the parts of one too long for its channel; none: nothing). Returns the new
    /// messages' numbers.
    fn queue_mail(
        &mut self,
        at: NaiveDateTime,
        candidates: &[MailCandidate],
        compose: &mut dyn FnMut(usize, &[bool]) -> Vec<NewMail>,
    ) -> Result<Vec<i64>, StoreError>;
    /// Whether the notice with `key` was queued.
    fn notice_recorded(&self, key: &str) -> Result<bool, StoreError>;
    /// The turn to send: `None` while another process sends. Held until dropped.
    fn try_mail_turn(&self) -> Result<Option<Turn>, StoreError>;
    /// The messages to try at `now`.
    fn due_mail(&self, now: NaiveDateTime) -> Result<Vec<MailRecord>, StoreError>;
    /// The next message due at `now` after the message `after` (0: from the first) for this
    /// sender to send, held for it alone until its outcome is recorded (see [`MailClaim`]). On SQLite, senders take turns
    /// ([`MailQueue::try_mail_turn`]): the first claim takes the turn and reads what is due, the
    /// last ([`MailClaim::Done`]) gives the turn back. On PostgreSQL each message is claimed
    /// alone (`FOR UPDATE SKIP LOCKED`), so several senders share a town's mail.
    fn claim_due_mail(&mut self, now: NaiveDateTime, after: i64) -> Result<MailClaim, StoreError>;
    /// The messages not sent yet (`unsent_only`) or all of them.
    fn mail(&self, unsent_only: bool) -> Result<Vec<MailRecord>, StoreError>;
    /// Records a message as sent at `at`.
    fn mail_sent(&mut self, id: i64, at: NaiveDateTime) -> Result<(), StoreError>;
    /// Records a message as written to the outbox folder at `at`, not sent.
    fn mail_written(&mut self, id: i64, at: NaiveDateTime) -> Result<(), StoreError>;
    /// Records a failed attempt, to retry at `retry_at` (`None`: given up).
    fn mail_failed(&mut self, id: i64, error_text: &str, retry_at: Option<NaiveDateTime>) -> Result<(), StoreError>;
    /// Queues the abandoned messages again, to be tried from `at` (after their address or the
    /// settings were corrected). Returns how many.
    fn revive_abandoned(&mut self, at: NaiveDateTime) -> Result<usize, StoreError>;
}

impl MailQueue for Store {
    fn queue_mail(
        &mut self,
        at: NaiveDateTime,
        candidates: &[MailCandidate],
        compose: &mut dyn FnMut(usize, &[bool]) -> Vec<NewMail>,
    ) -> Result<Vec<i64>, StoreError> {
        Store::queue_mail(self, at, candidates, compose)
    }
    fn notice_recorded(&self, key: &str) -> Result<bool, StoreError> {
        Store::notice_recorded(self, key)
    }
    fn try_mail_turn(&self) -> Result<Option<Turn>, StoreError> {
        Ok(Store::try_mail_turn(self)?.map(Turn::new))
    }
    fn due_mail(&self, now: NaiveDateTime) -> Result<Vec<MailRecord>, StoreError> {
        Store::due_mail(self, now)
    }
    fn claim_due_mail(&mut self, now: NaiveDateTime, after: i64) -> Result<MailClaim, StoreError> {
        if self.claims.is_none() {
            let Some(turn) = MailQueue::try_mail_turn(self)? else { return Ok(MailClaim::Busy) };
            let due = Store::due_mail(self, now)?;
            self.claims = Some((turn, due.into_iter().rev().collect()));
        }
        let next = self.claims.as_mut().and_then(|(_, due)| {
            due.retain(|message| message.id > after);
            due.pop()
        });
        match next {
            Some(message) => Ok(MailClaim::Message(Box::new(message))),
            None => {
                self.claims = None;
                Ok(MailClaim::Done)
            }
        }
    }
    fn mail(&self, unsent_only: bool) -> Result<Vec<MailRecord>, StoreError> {
        Store::mail(self, unsent_only)
    }
    fn mail_sent(&mut self, id: i64, at: NaiveDateTime) -> Result<(), StoreError> {
        Store::mail_sent(self, id, at)
    }
    fn mail_written(&mut self, id: i64, at: NaiveDateTime) -> Result<(), StoreError> {
        Store::mail_written(self, id, at)
    }
    fn mail_failed(&mut self, id: i64, error_text: &str, retry_at: Option<NaiveDateTime>) -> Result<(), StoreError> {
        Store::mail_failed(self, id, error_text, retry_at)
    }
    fn revive_abandoned(&mut self, at: NaiveDateTime) -> Result<usize, StoreError> {
        Store::revive_abandoned(self, at)
    }
}
