use std::path::PathBuf;
use std::time::Duration;

use crate::{BenchError, MailCounts};

/// A town state's reminder mail, read and filled straight in its database: a backlog of
/// messages queued at once, for measuring how fast daemons deliver them.
#[derive(Debug, Clone)]
pub enum MailBacklog {
    /// The town's SQLite file.
    Sqlite(PathBuf),
    /// The town's schema in a PostgreSQL database.
    Postgres {
        /// The database's address.
        url: String,
        /// The town's schema.
        schema: String,
    },
}

/// The columns every queued message is given.
const COLUMNS: &str =
    "created_at, day, recipient, sender, address, subject, raw, status, attempts, next_attempt_at, channel";

/// The values of message number `n` (an SQL expression of `n`), in the dialect of a database
/// writing a line break as `newline` and making bytes of text by `bytes`: due since 2024, to
/// the outbox folder (channel `email`, with no SMTP server configured), each with a recipient
/// and a Message-ID of its own.
fn values(newline: &str, bytes: impl Fn(&str) -> String) -> String {
    let raw = format!(
        "'From: fazhi@bench.invalid' || {newline} || 'To: clerk' || n || '@bench.invalid' || {newline} \
         || 'Message-ID: <bench-' || n || '@fazhi.invalid>' || {newline} || 'Subject: reminder ' || n || {newline} \
         || {newline} || 'A queued reminder of the benchmark.' || {newline}"
    );
    format!(
        "'2024-01-01T08:00:00', '2024-01-01', 'bench' || n, 'fazhi@bench.invalid', 'clerk' || n || '@bench.invalid', \
         'reminder ' || n, {}, 'queued', 0, '2024-01-01T08:00:00', 'email'",
        bytes(&raw)
    )
}

const COUNTS: &str = "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status IN ('queued', 'failed') THEN 1 ELSE 0 END), 0), \
     COALESCE(SUM(CASE WHEN status = 'sent' THEN 1 ELSE 0 END), 0), \
     COALESCE(SUM(CASE WHEN status = 'abandoned' THEN 1 ELSE 0 END), 0) FROM";

impl MailBacklog {
    /// Queues `count` more messages, due now, in one statement.
    pub fn queue(&self, count: usize) -> Result<(), BenchError> {
        match self {
            MailBacklog::Sqlite(path) => {
                let values = values("char(13, 10)", |text| format!("CAST(({text}) AS BLOB)"));
                let connection = sqlite(path)?;
                connection.execute(
                    &format!(
                        "WITH RECURSIVE numbers(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM numbers WHERE n < {count})
                         INSERT INTO mail_message ({COLUMNS}) SELECT {values} FROM numbers"
                    ),
                    [],
                )?;
            }
            MailBacklog::Postgres { url, schema } => {
                let values = values("E'\\r\\n'", |text| format!("convert_to({text}, 'UTF8')"));
                let mut client = postgres::Client::connect(url, postgres::NoTls)?;
                client.batch_execute(&format!(
                    "INSERT INTO \"{schema}\".mail_message ({COLUMNS})
                     SELECT {values} FROM generate_series(1, {count}) AS numbers(n)"
                ))?;
            }
        }
        Ok(())
    }

    /// The messages by status.
    pub fn counts(&self) -> Result<MailCounts, BenchError> {
        let counts: [i64; 4] = match self {
            MailBacklog::Sqlite(path) => sqlite(path)?.query_row(&format!("{COUNTS} mail_message"), [], |row| {
                Ok([row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?])
            })?,
            MailBacklog::Postgres { url, schema } => {
                let mut client = postgres::Client::connect(url, postgres::NoTls)?;
                let row = client.query_one(&format!("{COUNTS} \"{schema}\".mail_message"), &[])?;
                [row.get(0), row.get(1), row.get(2), row.get(3)]
            }
        };
        let [total, waiting, sent, abandoned] = counts.map(|n| usize::try_from(n).unwrap_or(0));
        Ok(MailCounts { total, waiting, sent, abandoned })
    }
}

fn sqlite(path: &std::path::Path) -> Result<rusqlite::Connection, BenchError> {
    let connection = rusqlite::Connection::open(path)?;
    connection.busy_timeout(Duration::from_secs(30))?;
    Ok(connection)
}
