//! Reminder mail in PostgreSQL: [`MailQueue`] as the SQLite store has it. The turn to send a
//! town's mail is a session advisory lock held by a connection of its own, so that several
//! daemons on one database take turns, and a daemon that dies gives its turn up with its
//! connection.

use std::path::Path;

use chrono::NaiveDateTime;
use postgres::types::ToSql;

use super::{blocking, pg_error, PgStore};
use crate::store::messages::{mail_record, RawRow, DAY_FORMAT, MESSAGE_COLUMNS};
use crate::stored_text::TIME_FORMAT;
use crate::{MailCandidate, MailClaim, MailQueue, MailRecord, MailStatus, NewMail, StoreError, Turn};

impl MailQueue for PgStore {
    fn queue_mail(
        &mut self,
        at: NaiveDateTime,
        candidates: &[MailCandidate],
        compose: &mut dyn FnMut(usize, &[bool]) -> Vec<NewMail>,
    ) -> Result<Vec<i64>, StoreError> {
        self.write(|tx, label| {
            let error = |err| pg_error(label, err);
            let at_text = at.format(TIME_FORMAT).to_string();
            let known = tx.prepare("SELECT 1 FROM mail_notice WHERE key = $1").map_err(error)?;
            let insert_message = tx
                .prepare(
                    "INSERT INTO mail_message (created_at, day, recipient, sender, address, subject, raw, status,
                                               attempts, next_attempt_at, channel)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', 0, $1, $8) RETURNING id",
                )
                .map_err(error)?;
            let insert_notice = tx
                .prepare(
                    "INSERT INTO mail_notice (key, message, item, kind, recipient, day) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .map_err(error)?;
            let mut ids = Vec::new();
            for (index, candidate) in candidates.iter().enumerate() {
                let mut fresh = Vec::with_capacity(candidate.notices.len());
                for notice in &candidate.notices {
                    fresh.push(tx.query_opt(&known, &[&notice.key]).map_err(error)?.is_none());
                }
                if !fresh.contains(&true) {
                    continue;
                }
                let day = candidate.day.format(DAY_FORMAT).to_string();
                for (part, mail) in compose(index, &fresh).into_iter().enumerate() {
                    let id: i64 = tx
                        .query_one(
                            &insert_message,
                            &[
                                &at_text,
                                &day,
                                &candidate.recipient,
                                &mail.sender,
                                &mail.address,
                                &mail.subject,
                                &mail.raw,
                                &mail.channel,
                            ],
                        )
                        .map_err(error)?
                        .get(0);
                    if part == 0 {
                        for (notice, _) in candidate.notices.iter().zip(&fresh).filter(|(_, fresh)| **fresh) {
                            tx.execute(
                                &insert_notice,
                                &[&notice.key, &id, &notice.item, &notice.kind, &candidate.recipient, &day],
                            )
                            .map_err(error)?;
                        }
                    }
                    ids.push(id);
                }
            }
            Ok(ids)
        })
    }

    fn notice_recorded(&self, key: &str) -> Result<bool, StoreError> {
        self.read(|tx, label| {
            Ok(tx
                .query_opt("SELECT 1 FROM mail_notice WHERE key = $1", &[&key])
                .map_err(|err| pg_error(label, err))?
                .is_some())
        })
    }

    fn try_mail_turn(&self) -> Result<Option<Turn>, StoreError> {
        self.try_turn(&format!("mail:{}", self.schema))
    }

    fn due_mail(&self, now: NaiveDateTime) -> Result<Vec<MailRecord>, StoreError> {
        self.mail_query(
            &format!(
                "SELECT {MESSAGE_COLUMNS} FROM mail_message
                 WHERE status IN ('queued', 'failed') AND next_attempt_at <= $1 ORDER BY id"
            ),
            &[&now.format(TIME_FORMAT).to_string()],
        )
    }

    fn mail(&self, unsent_only: bool) -> Result<Vec<MailRecord>, StoreError> {
        self.mail_query(
            &format!(
                "SELECT {MESSAGE_COLUMNS} FROM mail_message
                 WHERE NOT $1 OR status <> 'sent' OR written_only = 1 ORDER BY id"
            ),
            &[&unsent_only],
        )
    }

    fn claim_due_mail(&mut self, now: NaiveDateTime, after: i64) -> Result<MailClaim, StoreError> {
        if self.claimer.is_none() {
            self.claimer = Some((self.connect_in_schema()?, None));
        }
        let label = self.label.clone();
        let (client, held) = self.claimer.as_mut().expect("connected above");
        let error = |err| pg_error(&label, err);
        let client = client.get();
        let now = now.format(TIME_FORMAT).to_string();
        // What is still held was not recorded (the sender stopped): it stays due.
        let sql = format!(
            "{}BEGIN; SELECT id FROM mail_message WHERE status IN ('queued', 'failed') AND next_attempt_at <= '{}'
             AND id > {after} ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
            if held.take().is_some() { "ROLLBACK; " } else { "" },
            now.replace('\'', "")
        );
        let found = blocking(|| client.simple_query(&sql)).map_err(error)?;
        let id = found.iter().find_map(|message| match message {
            postgres::SimpleQueryMessage::Row(row) => row.get(0).and_then(|id| id.parse::<i64>().ok()),
            _ => None,
        });
        let Some(id) = id else {
            blocking(|| client.batch_execute("COMMIT")).map_err(error)?;
            return Ok(MailClaim::Done);
        };
        *held = Some(id);
        let sql = format!("SELECT {MESSAGE_COLUMNS} FROM mail_message WHERE id = $1");
        let message = blocking(|| read_messages(client, &label, &sql, &[&id]))?;
        message
            .into_iter()
            .next()
            .map(|message| MailClaim::Message(Box::new(message)))
            .ok_or_else(|| StoreError::corrupt(&label, format!("the claimed message {id} is not there")))
    }

    fn mail_sent(&mut self, id: i64, at: NaiveDateTime) -> Result<(), StoreError> {
        self.record_outcome(
            id,
            "UPDATE mail_message SET status = 'sent', attempts = attempts + 1, sent_at = $2, next_attempt_at = NULL
             WHERE id = $1",
            &[&id, &at.format(TIME_FORMAT).to_string()],
        )
    }

    fn mail_written(&mut self, id: i64, at: NaiveDateTime) -> Result<(), StoreError> {
        self.record_outcome(
            id,
            "UPDATE mail_message SET status = 'sent', written_only = 1, attempts = attempts + 1, sent_at = $2,
                    next_attempt_at = NULL WHERE id = $1",
            &[&id, &at.format(TIME_FORMAT).to_string()],
        )
    }

    fn mail_failed(&mut self, id: i64, error_text: &str, retry_at: Option<NaiveDateTime>) -> Result<(), StoreError> {
        let status = if retry_at.is_some() { MailStatus::Failed } else { MailStatus::Abandoned };
        self.record_outcome(
            id,
            "UPDATE mail_message SET status = $2, attempts = attempts + 1, last_error = $3, next_attempt_at = $4
             WHERE id = $1",
            &[&id, &status.as_str(), &error_text, &retry_at.map(|at| at.format(TIME_FORMAT).to_string())],
        )
    }

    fn revive_abandoned(&mut self, at: NaiveDateTime) -> Result<usize, StoreError> {
        self.update_mail(
            "UPDATE mail_message SET status = 'queued', next_attempt_at = $1 WHERE status = 'abandoned'",
            &[&at.format(TIME_FORMAT).to_string()],
        )
    }
}

impl PgStore {
    /// Records a message's outcome by `sql`: in the transaction that holds it, ending its claim,
    /// when this store claimed it; else as any change.
    fn record_outcome(&mut self, id: i64, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<(), StoreError> {
        let label = self.label.clone();
        match self.claimer.as_mut() {
            Some((client, held)) if *held == Some(id) => {
                *held = None;
                let client = client.get();
                blocking(|| {
                    client.execute(sql, params)?;
                    client.batch_execute("COMMIT")
                })
                .map_err(|err| pg_error(&label, err))
            }
            _ => self.update_mail(sql, params).map(|_| ()),
        }
    }

    fn update_mail(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<usize, StoreError> {
        self.write(|tx, label| Ok(tx.execute(sql, params).map_err(|err| pg_error(label, err))? as usize))
    }

    fn mail_query(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<MailRecord>, StoreError> {
        self.read(|tx, label: &Path| read_messages(tx, label, sql, params))
    }
}

/// The messages `sql` selects (the columns [`MESSAGE_COLUMNS`]), each with its notices' keys.
fn read_messages(
    client: &mut impl postgres::GenericClient,
    label: &Path,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Vec<MailRecord>, StoreError> {
    let error = |err| pg_error(label, err);
    let rows = client.query(sql, params).map_err(error)?;
    let notices =
        client.prepare("SELECT key FROM mail_notice WHERE message = $1 ORDER BY key COLLATE \"C\"").map_err(error)?;
    let mut records = Vec::with_capacity(rows.len());
    for row in &rows {
        let raw: RawRow = (
            row.get(0),
            row.get(1),
            row.get(2),
            row.get(3),
            row.get(4),
            row.get(5),
            row.get(6),
            row.get(7),
            row.get(8),
            row.get(9),
            row.get(10),
            row.get(11),
            row.get(12),
            row.get(13),
            row.get::<_, i64>(14) == 1,
        );
        let keys = client.query(&notices, &[&raw.0]).map_err(error)?.iter().map(|row| row.get(0)).collect();
        records.push(mail_record(label, raw, keys)?);
    }
    Ok(records)
}
