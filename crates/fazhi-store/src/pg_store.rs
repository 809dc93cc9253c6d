mod accounts;
mod instances;
mod job_runs;
pub(crate) mod ledger;
mod messages;
mod task_log;

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use postgres::config::Host;
use postgres::error::SqlState;
use postgres::{Client, Config, NoTls, Transaction};
use sha2::{Digest, Sha256};

use crate::audit_row::{AuditRow, GENESIS_HASH, RECORDED_FORMAT};
use crate::pg_migrations::PG_MIGRATIONS;
use crate::{OpenOptions, StoreError};

pub(crate) use ledger::LEDGER_SCHEMA;

/// `meta` keys of the audit log's head (as in SQLite) and of the schema's version.
pub(crate) const HEAD_SEQ: &str = "audit_head_seq";
pub(crate) const HEAD_HASH: &str = "audit_head_hash";
const SCHEMA_VERSION: &str = "schema_version";

/// The state of one town in a PostgreSQL database (cargo feature `postgres`): the same
/// traits as [`crate::Store`], its tables in a schema of the town's own, so that one county
/// database holds every town apart.
///
/// Every change is one transaction that first takes the town's advisory lock (one writer per
/// town at a time, as SQLite's `BEGIN IMMEDIATE`), waiting at most the busy timeout of the
/// [`OpenOptions`]; reads of several tables are one repeatable-read transaction. Evidence files
/// are kept in a folder, as the SQLite store keeps them.
pub struct PgStore {
    client: RefCell<PgClient>,
    config: Config,
    schema: String,
    label: PathBuf,
    evidence: PathBuf,
    lock_key: i64,
    /// The connection messages are claimed on, and the message it holds (in an open
    /// transaction), if any.
    pub(crate) claimer: Option<(PgClient, Option<i64>)>,
}

impl Drop for PgStore {
    /// A message still held is let go before the connection closes, so that the next sender
    /// may claim it at once: the server would let it go too, but only once it notices the
    /// connection is gone.
    fn drop(&mut self) {
        if let Some((client, Some(_))) = &mut self.claimer {
            let _ = blocking(|| client.get().batch_execute("ROLLBACK"));
        }
    }
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("PgStore").field("state", &self.label).finish_non_exhaustive()
    }
}

impl PgStore {
    /// Connects to the database at `url` (`postgres://user:password@host/database`, a Unix
    /// socket's folder as the host, percent-encoded; or libpq's `key=value` form) and opens the
    /// town's schema `schema` (lower-case letters, digits and `_`, starting with a letter, at
    /// most 63 bytes), made and migrated to the current version if needed. Evidence is kept in
    /// `evidence_folder`.
    pub fn open(url: &str, schema: &str, evidence_folder: &Path, options: &OpenOptions) -> Result<PgStore, StoreError> {
        let mut config: Config = url.parse().map_err(|err: postgres::Error| StoreError::Connect {
            database: "(an address that does not parse)".to_string(),
            source: Box::new(err),
        })?;
        let database = describe(&config);
        let label = PathBuf::from(format!("{database} (schema {schema})"));
        if !is_schema_name(schema) {
            return Err(StoreError::Open {
                path: label,
                source: format!(
                    "`{schema}` cannot name a town's schema: use lower-case letters, digits and `_`, starting with a \
                     letter, at most 63 of them"
                )
                .into(),
            });
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(std::time::Duration::from_secs(10));
        }
        config.application_name("fazhi");
        let mut client = PgClient::connect(&config, &database)?;
        let lock_ms = options.busy_timeout.as_millis().clamp(1, i32::MAX as u128);
        blocking(|| {
            client
                .get()
                .batch_execute(&format!("SET lock_timeout = {lock_ms}; SET search_path TO \"{schema}\", pg_catalog"))
        })
        .map_err(|err| pg_error(&label, err))?;
        let store = PgStore {
            client: RefCell::new(client),
            config,
            schema: schema.to_string(),
            lock_key: lock_key(schema),
            label,
            evidence: evidence_folder.to_path_buf(),
            claimer: None,
        };
        store.migrate()?;
        Ok(store)
    }

    /// The town's schema.
    pub fn schema(&self) -> &str {
        &self.schema
    }

    /// Where the state is, for messages: the server, database and schema, without a password.
    pub fn location(&self) -> &Path {
        &self.label
    }

    /// The folder evidence copies are kept in.
    pub fn evidence_folder(&self) -> &Path {
        &self.evidence
    }

    /// Runs `work` in one transaction that holds the town's write lock, and commits it; on any
    /// error nothing is written.
    pub(crate) fn write<T>(
        &self,
        work: impl FnOnce(&mut Transaction<'_>, &Path) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut client = self.client.borrow_mut();
        let label = self.label.as_path();
        blocking(|| {
            let mut tx = locked_transaction(client.get(), label, self.lock_key)?;
            let value = work(&mut tx, label)?;
            tx.commit().map_err(|err| pg_error(label, err))?;
            Ok(value)
        })
    }

    /// Runs `work` in one read-only, repeatable-read transaction: every table it reads is as
    /// of one moment.
    pub(crate) fn read<T>(
        &self,
        work: impl FnOnce(&mut Transaction<'_>, &Path) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut client = self.client.borrow_mut();
        let label = self.label.as_path();
        blocking(|| {
            let mut tx = client
                .get()
                .build_transaction()
                .read_only(true)
                .isolation_level(postgres::IsolationLevel::RepeatableRead)
                .start()
                .map_err(|err| pg_error(label, err))?;
            let value = work(&mut tx, label)?;
            tx.commit().map_err(|err| pg_error(label, err))?;
            Ok(value)
        })
    }

    /// The connection, the label and the lock of the town's writes, borrowed apart (for a
    /// transaction that outlives one call, such as a ledger import's).
    pub(crate) fn parts(&mut self) -> (&mut Client, &Path, i64) {
        (self.client.get_mut().get(), &self.label, self.lock_key)
    }

    /// The turn named `name` (see [`crate::Turn`]): a session advisory lock taken, without
    /// waiting, on a connection of its own that the turn keeps open; `None` while another holds it.
    /// A new connection to the town's schema.
    pub(crate) fn connect_in_schema(&self) -> Result<PgClient, StoreError> {
        let mut client = PgClient::connect(&self.config, &self.label.display().to_string())?;
        let schema = &self.schema;
        blocking(|| client.get().batch_execute(&format!("SET search_path TO \"{schema}\", pg_catalog")))
            .map_err(|err| pg_error(&self.label, err))?;
        Ok(client)
    }

    pub(crate) fn try_turn(&self, name: &str) -> Result<Option<crate::Turn>, StoreError> {
        let mut client = PgClient::connect(&self.config, &self.label.display().to_string())?;
        let key = lock_key(name);
        let taken: bool = blocking(|| client.get().query_one("SELECT pg_try_advisory_lock($1)", &[&key]))
            .map_err(|err| pg_error(&self.label, err))?
            .get(0);
        Ok(taken.then(|| crate::Turn::new(client)))
    }

    /// The schema's version, and the migrations it lacks applied, each in its own transaction
    /// under a lock on the schema (another process may migrate at the same time).
    fn migrate(&self) -> Result<(), StoreError> {
        let supported = PG_MIGRATIONS.len() as i64;
        let schema = &self.schema;
        loop {
            let done = self.write(|tx, label| {
                let error = |err| pg_error(label, err);
                tx.batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS \"{schema}\"")).map_err(error)?;
                let has_meta: bool = tx
                    .query_one("SELECT to_regclass(format('%I.meta', $1::text)) IS NOT NULL", &[schema])
                    .map_err(error)?
                    .get(0);
                let version: i64 = match has_meta {
                    false => 0,
                    true => tx
                        .query_opt("SELECT value FROM meta WHERE key = $1", &[&SCHEMA_VERSION])
                        .map_err(error)?
                        .map(|row| row.get::<_, String>(0))
                        .map(|text| {
                            text.parse().map_err(|_| {
                                StoreError::corrupt(label, format!("the schema's version is `{text}`"))
                            })
                        })
                        .transpose()?
                        .unwrap_or(0),
                };
                if version > supported {
                    return Err(StoreError::SchemaVersion { path: label.to_path_buf(), found: version, supported });
                }
                let Some(migration) = PG_MIGRATIONS.get(version as usize) else { return Ok(true) };
                tx.batch_execute(migration).map_err(error)?;
                tx.execute(
                    "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    &[&SCHEMA_VERSION, &(version + 1).to_string()],
                )
                .map_err(error)?;
                Ok(false)
            })?;
            if done {
                return Ok(());
            }
        }
    }
}

impl crate::StateStore for PgStore {
    fn location(&self) -> &Path {
        &self.label
    }

    fn evidence_folder(&self) -> PathBuf {
        self.evidence.clone()
    }

    fn writable(&self) -> bool {
        true
    }
}

/// A connection to the server, closed when dropped (outside the async runtime, as everything it
/// does: see [`blocking`]).
pub(crate) struct PgClient(Option<Client>);

impl PgClient {
    /// Connects with `config`; `shown` names the server in the error.
    pub(crate) fn connect(config: &Config, shown: &str) -> Result<PgClient, StoreError> {
        let client = blocking(|| config.connect(NoTls))
            .map_err(|err| StoreError::Connect { database: shown.to_string(), source: Box::new(err) })?;
        Ok(PgClient(Some(client)))
    }

    /// The open connection.
    pub(crate) fn get(&mut self) -> &mut Client {
        self.0.as_mut().expect("a connection is open until it is dropped")
    }
}

impl Drop for PgClient {
    fn drop(&mut self) {
        if let Some(client) = self.0.take() {
            blocking(|| drop(client));
        }
    }
}

/// Runs `work`, which talks to the server through the synchronous client, so that it may be
/// called from async code: the client drives its own runtime, which cannot be started on a
/// thread running another's tasks, so on a worker of a multi-threaded runtime (and in its
/// `block_on`) the thread is first handed over to blocking work. The application's runtimes
/// are multi-threaded for this.
pub(crate) fn blocking<T>(work: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current() {
        Ok(handle) if handle.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(work)
        }
        _ => work(),
    }
}

/// A transaction on `client` that first takes the town's write lock `lock_key`.
pub(crate) fn locked_transaction<'c>(
    client: &'c mut Client,
    label: &Path,
    lock_key: i64,
) -> Result<Transaction<'c>, StoreError> {
    let mut tx = client.transaction().map_err(|err| pg_error(label, err))?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&lock_key]).map_err(|err| pg_error(label, err))?;
    Ok(tx)
}

/// Whether `name` may name a town's schema: an unquoted PostgreSQL identifier of lower-case
/// ASCII, not one of the server's own (`pg_…`, `information_schema`, `public`).
pub(crate) fn is_schema_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|first| first.is_ascii_lowercase())
        && name.len() <= 63
        && name.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'_')
        && !name.starts_with("pg_")
        && name != "information_schema"
        && name != "public"
}

/// The advisory lock of a town's writes: a number from its schema's name.
pub(crate) fn lock_key(schema: &str) -> i64 {
    let digest = Sha256::digest(format!("fazhi-town-write:{schema}").as_bytes());
    i64::from_be_bytes(digest[..8].try_into().expect("8 bytes"))
}

/// The server and database of `config`, as `postgres://user@host:port/database` (no password).
fn describe(config: &Config) -> String {
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .map(|host| match host {
            Host::Tcp(name) => name.clone(),
            #[cfg(unix)]
            Host::Unix(folder) => folder.display().to_string(),
        })
        .collect();
    let port = config.get_ports().first().filter(|port| **port != 5432).map(|port| format!(":{port}"));
    format!(
        "postgres://{}{}{}/{}",
        config.get_user().map(|user| format!("{user}@")).unwrap_or_default(),
        hosts.join(","),
        port.unwrap_or_default(),
        config.get_dbname().unwrap_or_default()
    )
}

/// Classifies an error of the server working on the state at `label`.
pub(crate) fn pg_error(label: &Path, err: postgres::Error) -> StoreError {
    let path = label.to_path_buf();
    match err.code() {
        Some(code) if *code == SqlState::DISK_FULL || *code == SqlState::PROGRAM_LIMIT_EXCEEDED => {
            StoreError::DiskFull { path }
        }
        Some(code) if *code == SqlState::LOCK_NOT_AVAILABLE || *code == SqlState::T_R_DEADLOCK_DETECTED => {
            StoreError::Locked { path }
        }
        Some(code) if *code == SqlState::READ_ONLY_SQL_TRANSACTION || *code == SqlState::INSUFFICIENT_PRIVILEGE => {
            StoreError::ReadOnly { path }
        }
        _ => StoreError::Postgres { database: label.display().to_string(), source: Box::new(err) },
    }
}

/// The recorded head of the audit log (last number and hash), if any.
pub(crate) fn head(tx: &mut Transaction<'_>, label: &Path) -> Result<Option<(i64, String)>, StoreError> {
    let rows = tx
        .query("SELECT key, value FROM meta WHERE key IN ($1, $2)", &[&HEAD_SEQ, &HEAD_HASH])
        .map_err(|err| pg_error(label, err))?;
    let value = |key: &str| rows.iter().find(|row| row.get::<_, &str>(0) == key).map(|row| row.get::<_, String>(1));
    match (value(HEAD_SEQ), value(HEAD_HASH)) {
        (Some(seq), Some(hash)) => match seq.parse() {
            Ok(seq) => Ok(Some((seq, hash))),
            Err(_) => Err(StoreError::corrupt(label, format!("the audit log's recorded last entry is `{seq}`"))),
        },
        _ => Ok(None),
    }
}

/// Records `seq` and `hash` as the audit log's head, inside the caller's transaction.
pub(crate) fn write_head(tx: &mut Transaction<'_>, label: &Path, seq: i64, hash: &str) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ($1, $2), ($3, $4)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        &[&HEAD_SEQ, &seq.to_string(), &HEAD_HASH, &hash],
    )
    .map_err(|err| pg_error(label, err))?;
    Ok(())
}

/// The number and `prev_hash` of the next audit entry, as the SQLite store finds them: after
/// the recorded head, or after entries added beyond it.
pub(crate) fn next_audit_position(tx: &mut Transaction<'_>, label: &Path) -> Result<(i64, String), StoreError> {
    let last: Option<(i64, String)> = tx
        .query_opt("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", &[])
        .map_err(|err| pg_error(label, err))?
        .map(|row| (row.get(0), row.get(1)));
    let position = match (head(tx, label)?, last) {
        (Some((head_seq, head_hash)), Some((last_seq, _))) if head_seq >= last_seq => (head_seq + 1, head_hash),
        (Some((head_seq, head_hash)), None) => (head_seq + 1, head_hash),
        (_, Some((last_seq, last_hash))) => (last_seq + 1, last_hash),
        (None, None) => (1, GENESIS_HASH.to_string()),
    };
    Ok(position)
}

/// Appends one audit entry at `position` without moving the head: returns its number and hash.
/// The recorded time is the system clock's, now.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_audit(
    tx: &mut Transaction<'_>,
    label: &Path,
    position: (i64, String),
    at: &str,
    actor: &str,
    action: &str,
    subject: &str,
    detail: &str,
) -> Result<(i64, String), StoreError> {
    let (seq, prev_hash) = position;
    let recorded_at = chrono::Utc::now().format(RECORDED_FORMAT).to_string();
    let hash = AuditRow::chain_hash(seq, at, actor, action, subject, detail, &prev_hash, Some(&recorded_at));
    tx.execute(
        "INSERT INTO audit (seq, at, actor, action, subject, detail, prev_hash, hash, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &[&seq, &at, &actor, &action, &subject, &detail, &prev_hash, &hash, &recorded_at],
    )
    .map_err(|err| pg_error(label, err))?;
    Ok((seq, hash))
}

/// Appends one audit entry after the current head and moves the head, inside the caller's
/// transaction (which holds the town's write lock). Returns the entry's number.
pub(crate) fn append_audit(
    tx: &mut Transaction<'_>,
    label: &Path,
    at: &str,
    actor: &str,
    action: &str,
    subject: &str,
    detail: &str,
) -> Result<i64, StoreError> {
    let position = next_audit_position(tx, label)?;
    let (seq, hash) = insert_audit(tx, label, position, at, actor, action, subject, detail)?;
    write_head(tx, label, seq, &hash)?;
    Ok(seq)
}
