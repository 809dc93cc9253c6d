//! Reminder mail: queueing under unique notice keys, delivery state and the outbox listing.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, OptionalExtension, Row, TransactionBehavior};

use super::Store;
use crate::stored_text::{parse_time, TIME_FORMAT};
use crate::{FileLock, MailCandidate, MailRecord, MailStatus, NewMail, StoreError};

pub(crate) const DAY_FORMAT: &str = "%Y-%m-%d";

pub(crate) const MESSAGE_COLUMNS: &str =
    "id, created_at, day, recipient, sender, address, subject, raw, status, attempts, \
                               last_error, next_attempt_at, sent_at, channel, written_only";

/// A message row as SQLite gives it, before its text is parsed.
pub(crate) type RawRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    Vec<u8>,
    String,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    bool,
);

fn raw_row(row: &Row<'_>) -> rusqlite::Result<RawRow> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
        row.get(7)?,
        row.get(8)?,
        row.get(9)?,
        row.get(10)?,
        row.get(11)?,
        row.get(12)?,
        row.get(13)?,
        row.get(14)?,
    ))
}

impl Store {
    /// Queues reminder mail in one `BEGIN IMMEDIATE` transaction. For each candidate, the store
    /// marks which of its notices were never recorded (`true` = new) and, if any is new, asks
    /// `compose(index, new)` for the messages carrying the new ones (the parts of a message too
    /// long for its channel); they are recorded as queued (to be tried from `at`), the new
    /// notices' keys with the first. A candidate whose notices were all recorded before, or for
    /// which `compose` answers no message, adds nothing.
    ///
    /// The keys are checked and written in the same transaction, so two runs — even two processes
    /// at once — never queue the same notice twice. Returns the new messages' numbers.
    pub(crate) fn queue_mail<F>(
        &mut self,
        at: NaiveDateTime,
        candidates: &[MailCandidate],
        mut compose: F,
    ) -> Result<Vec<i64>, StoreError>
    where
        F: FnMut(usize, &[bool]) -> Vec<NewMail>,
    {
        self.ensure_writable()?;
        let path = self.path.as_path();
        let error = |err| StoreError::sqlite(path, err);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(error)?;
        let at_text = at.format(TIME_FORMAT).to_string();
        let mut ids = Vec::new();
        {
            let mut known = tx.prepare("SELECT 1 FROM mail_notice WHERE key = ?1").map_err(error)?;
            let mut insert_message = tx
                .prepare(
                    "INSERT INTO mail_message (created_at, day, recipient, sender, address, subject, raw, status,
                                               attempts, next_attempt_at, channel)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'queued', 0, ?1, ?8)",
                )
                .map_err(error)?;
            let mut insert_notice = tx
                .prepare(
                    "INSERT INTO mail_notice (key, message, item, kind, recipient, day)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .map_err(error)?;
            for (index, candidate) in candidates.iter().enumerate() {
                let mut fresh = Vec::with_capacity(candidate.notices.len());
                for notice in &candidate.notices {
                    let seen = known.query_row([&notice.key], |_| Ok(())).optional().map_err(error)?.is_some();
                    fresh.push(!seen);
                }
                if !fresh.contains(&true) {
                    continue;
                }
                let messages = compose(index, &fresh);
                let day = candidate.day.format(DAY_FORMAT).to_string();
                for (part, mail) in messages.into_iter().enumerate() {
                    insert_message
                        .execute(params![
                            at_text,
                            day,
                            candidate.recipient,
                            mail.sender,
                            mail.address,
                            mail.subject,
                            mail.raw,
                            mail.channel
                        ])
                        .map_err(error)?;
                    let id = tx.last_insert_rowid();
                    if part == 0 {
                        for (notice, _) in candidate.notices.iter().zip(&fresh).filter(|(_, fresh)| **fresh) {
                            insert_notice
                                .execute(params![notice.key, id, notice.item, notice.kind, candidate.recipient, day])
                                .map_err(error)?;
                        }
                    }
                    ids.push(id);
                }
            }
        }
        tx.commit().map_err(error)?;
        Ok(ids)
    }

    /// Whether the notice with `key` was ever queued.
    pub(crate) fn notice_recorded(&self, key: &str) -> Result<bool, StoreError> {
        let found = self
            .conn
            .query_row("SELECT 1 FROM mail_notice WHERE key = ?1", [key], |_| Ok(()))
            .optional()
            .map_err(|err| self.error(err))?;
        Ok(found.is_some())
    }

    /// Takes the turn to send the queued mail, or `Ok(None)` while another process (or another
    /// [`Store`] of this one) has it: a [`FileLock`] on `<database>.mail.lock` beside the
    /// database. Whoever sends mail holds the turn from reading the due messages until it has
    /// recorded what became of each, so two senders at once never send the same message.
    pub(crate) fn try_mail_turn(&self) -> Result<Option<FileLock>, StoreError> {
        self.ensure_writable()?;
        let mut name = self.path.file_name().unwrap_or_default().to_os_string();
        name.push(".mail.lock");
        let path = self.path.with_file_name(name);
        FileLock::try_acquire(&path).map_err(|source| StoreError::MailLock { path, source })
    }

    /// Messages to try now: queued or failed ones whose next attempt is at or before `now`,
    /// oldest first.
    pub(crate) fn due_mail(&self, now: NaiveDateTime) -> Result<Vec<MailRecord>, StoreError> {
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM mail_message
             WHERE status IN ('queued', 'failed') AND next_attempt_at <= ?1 ORDER BY id"
        );
        self.mail_query(&sql, &now.format(TIME_FORMAT).to_string())
    }

    /// Every recorded message, oldest first; with `unsent_only`, those not sent yet (queued,
    /// failed, abandoned, and written to the outbox folder only).
    pub(crate) fn mail(&self, unsent_only: bool) -> Result<Vec<MailRecord>, StoreError> {
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM mail_message WHERE ?1 = '0' OR status <> 'sent' OR written_only = 1 ORDER BY id"
        );
        self.mail_query(&sql, if unsent_only { "1" } else { "0" })
    }

    /// Records that message `id` was accepted at `at`.
    pub(crate) fn mail_sent(&mut self, id: i64, at: NaiveDateTime) -> Result<(), StoreError> {
        self.ensure_writable()?;
        self.conn
            .execute(
                "UPDATE mail_message SET status = 'sent', attempts = attempts + 1, sent_at = ?2,
                        next_attempt_at = NULL WHERE id = ?1",
                params![id, at.format(TIME_FORMAT).to_string()],
            )
            .map_err(|err| self.error(err))?;
        Ok(())
    }

    /// Records that message `id` was written to the outbox folder at `at`, and not sent: it is
    /// [`MailStatus::Written`] and not tried again.
    pub(crate) fn mail_written(&mut self, id: i64, at: NaiveDateTime) -> Result<(), StoreError> {
        self.ensure_writable()?;
        self.conn
            .execute(
                "UPDATE mail_message SET status = 'sent', written_only = 1, attempts = attempts + 1, sent_at = ?2,
                        next_attempt_at = NULL WHERE id = ?1",
                params![id, at.format(TIME_FORMAT).to_string()],
            )
            .map_err(|err| self.error(err))?;
        Ok(())
    }

    /// Records a failed attempt to send message `id` and what the server answered: it is tried
    /// again at `retry_at`, or, when `retry_at` is `None`, given up (abandoned, still listed).
    pub(crate) fn mail_failed(
        &mut self,
        id: i64,
        error_text: &str,
        retry_at: Option<NaiveDateTime>,
    ) -> Result<(), StoreError> {
        self.ensure_writable()?;
        let status = if retry_at.is_some() { MailStatus::Failed } else { MailStatus::Abandoned };
        self.conn
            .execute(
                "UPDATE mail_message SET status = ?2, attempts = attempts + 1, last_error = ?3,
                        next_attempt_at = ?4 WHERE id = ?1",
                params![id, status.as_str(), error_text, retry_at.map(|at| at.format(TIME_FORMAT).to_string())],
            )
            .map_err(|err| self.error(err))?;
        Ok(())
    }

    /// Queues every abandoned message again, to be tried from `at`; its attempts are kept, so a
    /// message that fails again is given up after one more attempt unless the failure is
    /// transient and attempts remain. Returns how many.
    pub(crate) fn revive_abandoned(&mut self, at: NaiveDateTime) -> Result<usize, StoreError> {
        self.ensure_writable()?;
        self.conn
            .execute(
                "UPDATE mail_message SET status = 'queued', next_attempt_at = ?1 WHERE status = 'abandoned'",
                [at.format(TIME_FORMAT).to_string()],
            )
            .map_err(|err| self.error(err))
    }

    fn mail_query(&self, sql: &str, arg: &str) -> Result<Vec<MailRecord>, StoreError> {
        let mut statement = self.conn.prepare(sql).map_err(|err| self.error(err))?;
        let rows = statement
            .query_map([arg], raw_row)
            .map_err(|err| self.error(err))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|err| self.error(err))?;
        let mut notices = self
            .conn
            .prepare("SELECT key FROM mail_notice WHERE message = ?1 ORDER BY key")
            .map_err(|err| self.error(err))?;
        let path = self.path.as_path();
        let mut records = Vec::with_capacity(rows.len());
        for row in rows {
            let keys = notices
                .query_map([row.0], |row| row.get::<_, String>(0))
                .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
                .map_err(|err| self.error(err))?;
            records.push(mail_record(path, row, keys)?);
        }
        Ok(records)
    }
}

/// A `mail_message` row (the columns of [`MESSAGE_COLUMNS`]) with its notices' keys, as a
/// record: the same on every backend.
pub(crate) fn mail_record(path: &Path, row: RawRow, notices: Vec<String>) -> Result<MailRecord, StoreError> {
    let (
        id,
        created_at,
        day,
        recipient,
        sender,
        address,
        subject,
        raw,
        status,
        attempts,
        last_error,
        next,
        sent,
        channel,
        written_only,
    ) = row;
    let keys = notices;
    Ok(MailRecord {
        id,
        created_at: parse_time(path, &created_at)?,
        day: NaiveDate::parse_from_str(&day, DAY_FORMAT)
            .map_err(|_| StoreError::corrupt(path, format!("`{day}` is not a day fazhi writes")))?,
        recipient,
        channel,
        sender,
        address,
        subject,
        raw,
        status: match status
            .parse()
            .map_err(|message: String| StoreError::corrupt(path, format!("message {id}: {message}")))?
        {
            MailStatus::Sent if written_only => MailStatus::Written,
            status => status,
        },
        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
        last_error,
        next_attempt_at: next.map(|text| parse_time(path, &text)).transpose()?,
        sent_at: sent.map(|text| parse_time(path, &text)).transpose()?,
        notices: keys,
    })
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::{MailCandidate, MailNotice, MailStatus, NewMail, OpenOptions, Store};

    fn candidate(keys: &[&str]) -> MailCandidate {
        MailCandidate {
            recipient: "ma_jun".to_string(),
            day: NaiveDate::from_ymd_opt(2025, 3, 25).unwrap(),
            notices: keys
                .iter()
                .map(|key| MailNotice { key: key.to_string(), item: "x".to_string(), kind: "overdue".to_string() })
                .collect(),
        }
    }

    fn mail() -> NewMail {
        NewMail {
            channel: "email".to_string(),
            sender: "fazhi@example.org".to_string(),
            address: "majun@example.org".to_string(),
            subject: "提醒".to_string(),
            raw: b"Subject: x\r\n\r\nbody\r\n".to_vec(),
        }
    }

    #[test]
    fn mail_written_to_the_outbox_is_not_sent_nor_tried_again() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("state.db"), &OpenOptions::default()).unwrap();
        let at = NaiveDate::from_ymd_opt(2025, 3, 25).unwrap().and_hms_opt(9, 0, 0).unwrap();
        let ids = store.queue_mail(at, &[candidate(&["a"]), candidate(&["b"])], |_, _| vec![mail()]).unwrap();
        store.mail_written(ids[0], at).unwrap();
        store.mail_sent(ids[1], at).unwrap();
        assert!(store.due_mail(at).unwrap().is_empty());
        let all = store.mail(false).unwrap();
        assert_eq!(all.iter().map(|m| m.status).collect::<Vec<_>>(), [MailStatus::Written, MailStatus::Sent]);
        assert_eq!((all[0].attempts, all[0].sent_at), (1, Some(at)));
        let unsent = store.mail(true).unwrap();
        assert_eq!(unsent.len(), 1, "written is not sent");
        assert_eq!(unsent[0].id, ids[0]);
        assert_eq!(serde_json::to_value(unsent[0].status).unwrap(), "written");
    }

    #[test]
    fn a_notice_is_queued_once_and_delivery_is_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("state.db"), &OpenOptions::default()).unwrap();
        let at = NaiveDate::from_ymd_opt(2025, 3, 25).unwrap().and_hms_opt(9, 0, 0).unwrap();
        let ids = store.queue_mail(at, &[candidate(&["a", "b"])], |_, fresh| {
            assert_eq!(fresh, [true, true]);
            vec![mail()]
        });
        assert_eq!(ids.unwrap().len(), 1);
        let mut asked = Vec::new();
        let ids = store
            .queue_mail(at, &[candidate(&["a", "b", "c"])], |_, fresh| {
                asked.push(fresh.to_vec());
                vec![mail()]
            })
            .unwrap();
        assert_eq!(asked, [vec![false, false, true]]);
        assert_eq!(ids.len(), 1);
        let again = store.queue_mail(at, &[candidate(&["a", "b", "c"])], |_, _| panic!("nothing is new")).unwrap();
        assert!(again.is_empty());
        assert!(store.notice_recorded("c").unwrap());

        let due = store.due_mail(at).unwrap();
        assert_eq!(due.len(), 2);
        assert_eq!(due[1].notices, ["c"]);
        store.mail_failed(due[0].id, "451 try later", Some(at + chrono::TimeDelta::minutes(5))).unwrap();
        store.mail_sent(due[1].id, at).unwrap();
        assert!(store.due_mail(at).unwrap().is_empty());
        let unsent = store.mail(true).unwrap();
        assert_eq!(unsent.len(), 1);
        assert_eq!(unsent[0].status, MailStatus::Failed);
        assert_eq!(unsent[0].attempts, 1);
        assert_eq!(unsent[0].last_error.as_deref(), Some("451 try later"));
        store.mail_failed(due[0].id, "550 no such user", None).unwrap();
        assert_eq!(store.mail(true).unwrap()[0].status, MailStatus::Abandoned);
        assert_eq!(store.mail(false).unwrap().len(), 2);
    }
}
