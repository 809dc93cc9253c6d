pub(crate) mod accounts;
pub(crate) mod history;
pub(crate) mod instances;
pub(crate) mod job_runs;
mod ledger;
mod ledger_corrections;
pub(crate) mod messages;
mod task_states;
pub(crate) mod verification;

use std::collections::HashMap;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use fazhi_core::{ItemState, Status};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use sha2::{Digest, Sha256};

use crate::audit_row::{AuditRow, GENESIS_HASH, RECORDED_FORMAT};
use crate::change_row::ChangeRow;
use crate::migrations::MIGRATIONS;
use crate::stored_text::{parse_status, parse_time, TIME_FORMAT};
use crate::{audit_chain, AuditEntry, AuditProblem, Change, ChangeRecord, Evidence, OpenOptions, StoreError};

/// `meta` keys of the audit log's head: its last entry's number and hash.
const HEAD_SEQ: &str = "audit_head_seq";
const HEAD_HASH: &str = "audit_head_hash";

/// The SQLite state of one workspace.
///
/// Open it with [`Store::open`] to read and write, or [`Store::open_read_only`] to only read.
#[derive(Debug)]
pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
    read_only: bool,
    /// The mail turn this store holds while a sender claims messages, and the messages due when
    /// it took it, still to claim (last first).
    pub(crate) claims: Option<(crate::Turn, Vec<crate::MailRecord>)>,
}

impl Store {
    /// Opens the database at `path` for reading and writing, creating its folder and the file if
    /// needed: WAL journal, the busy timeout of `options`, foreign keys on, and the schema
    /// migrated to the current version (each migration in its own transaction; the version is
    /// `PRAGMA user_version`).
    ///
    /// A database file marked read-only — or, for a new database, a read-only folder — is
    /// respected even by root: [`StoreError::ReadOnly`], and nothing is touched. Use
    /// [`Store::open_read_only`] to read such a database.
    ///
    /// An existing file that is not a SQLite database (empty, another kind of file, not a
    /// regular file) is a [`StoreError::NotADatabase`], untouched. A new database is made
    /// beside its path and linked into place whole, so the file at `path` is never empty.
    pub fn open(path: &Path, options: &OpenOptions) -> Result<Store, StoreError> {
        match fs::metadata(path) {
            Ok(metadata) if metadata.permissions().readonly() => {
                return Err(StoreError::ReadOnly { path: path.to_path_buf() });
            }
            Ok(metadata) => check_database_file(path, &metadata)?,
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                prepare_folder(path)?;
                create_database(path)?;
            }
            // Let SQLite report anything else.
            Err(_) => {}
        }
        // Setting up a new file (journal mode, migrations) takes locks for which SQLite does not
        // always wait on its busy handler (a read lock upgraded to a write lock fails at once), so
        // two processes creating the same state at once retry here within the busy timeout.
        let started = std::time::Instant::now();
        let store = loop {
            match Store::open_once(path, options) {
                Err(StoreError::Locked { .. }) if started.elapsed() < options.busy_timeout => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                other => break other?,
            }
        };
        remove_partial_evidence(&store.evidence_folder());
        Ok(store)
    }

    fn open_once(path: &Path, options: &OpenOptions) -> Result<Store, StoreError> {
        let conn = Connection::open(path).map_err(|err| StoreError::opening(path, err))?;
        let mut store = Store { conn, path: path.to_path_buf(), read_only: false, claims: None };
        store.conn.busy_timeout(sqlite_timeout(options.busy_timeout)).map_err(|err| store.error(err))?;
        // Changing the journal mode reads the file first: a file that is not a database fails here.
        let _mode: String = store
            .conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
            .map_err(|err| StoreError::opening(path, err))?;
        store.conn.pragma_update(None, "foreign_keys", true).map_err(|err| store.error(err))?;
        store.map_for_reading()?;
        store.migrate()?;
        Ok(store)
    }

    /// Opens the database at `path` for reading only (SQLite's read-only mode, no migrations):
    /// for a database marked read-only, or to look without changing anything.
    ///
    /// A database in a folder that cannot be written (a read-only mount, a copy on a CD) is read
    /// too: a reader of a WAL database must make its `-shm` file beside it, so when that fails
    /// and no `-wal` file holds changes not yet in the database, the file is opened as immutable
    /// (SQLite's `immutable=1`), which needs neither.
    ///
    /// A missing file means no state yet: the store is then an empty one in memory, so every
    /// query answers "nothing recorded". A database of another schema version is a
    /// [`StoreError::SchemaVersion`]. [`Store::record_change`] and [`Store::keep_evidence`] on a
    /// read-only store fail with [`StoreError::ReadOnly`].
    pub fn open_read_only(path: &Path, options: &OpenOptions) -> Result<Store, StoreError> {
        match fs::metadata(path) {
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                let conn = Connection::open_in_memory().map_err(|err| StoreError::opening(path, err))?;
                let mut store = Store { conn, path: path.to_path_buf(), read_only: true, claims: None };
                store.migrate()?;
                return Ok(store);
            }
            Ok(metadata) => check_database_file(path, &metadata)?,
            // Let SQLite report anything else.
            Err(_) => {}
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|err| StoreError::opening(path, err))?;
        let mut store = Store { conn, path: path.to_path_buf(), read_only: true, claims: None };
        store.conn.busy_timeout(sqlite_timeout(options.busy_timeout)).map_err(|err| store.error(err))?;
        store.map_for_reading()?;
        let version = match store.user_version() {
            Ok(version) => version,
            Err(err) if !wal_has_changes(path) => {
                let flags = flags | OpenFlags::SQLITE_OPEN_URI;
                let conn = Connection::open_with_flags(immutable_uri(path), flags)
                    .map_err(|_| StoreError::opening(path, err))?;
                store = Store { conn, path: path.to_path_buf(), read_only: true, claims: None };
                store.map_for_reading()?;
                store.user_version().map_err(|err| StoreError::opening(path, err))?
            }
            Err(err) => return Err(StoreError::opening(path, err)),
        };
        let supported = MIGRATIONS.len() as i64;
        if version != supported {
            return Err(StoreError::SchemaVersion { path: path.to_path_buf(), found: version, supported });
        }
        Ok(store)
    }

    /// Whether the database can be written now: a write transaction is begun and rolled back
    /// (a file or folder this process may not write, or a read-only mount, refuse it).
    pub fn writable(&self) -> bool {
        // SQLite opens a file it may not write read-only without saying so.
        !self.read_only && !self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the store was opened with [`Store::open_read_only`].
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The current state of every item that has one. Items never changed are absent: they are
    /// to do.
    pub(crate) fn states(&self) -> Result<HashMap<String, ItemState>, StoreError> {
        let mut statement =
            self.conn.prepare("SELECT item, status, completed_at FROM item_state").map_err(|err| self.error(err))?;
        let count: i64 = self
            .conn
            .query_row("SELECT count(*) FROM item_state", [], |row| row.get(0))
            .map_err(|err| self.error(err))?;
        let mut rows = statement.query([]).map_err(|err| self.error(err))?;
        let mut states = HashMap::with_capacity(usize::try_from(count).unwrap_or(0));
        // Read in place: only the item id is copied.
        while let Some(row) = rows.next().map_err(|err| self.error(err))? {
            let (item, status, completed_at) = self.state_row(row)?;
            let status = parse_status(&self.path, item, status)?;
            let completed_at = completed_at.map(|text| parse_time(&self.path, text)).transpose()?;
            states.insert(item.to_string(), ItemState { status, completed_at });
        }
        Ok(states)
    }

    /// A row of (item, status, time), read in place.
    fn state_row<'r>(&self, row: &'r rusqlite::Row<'_>) -> Result<(&'r str, &'r str, Option<&'r str>), StoreError> {
        let text = |column| match row.get_ref(column).map(|value| value.as_str_or_null()) {
            Ok(Ok(text)) => Ok(text),
            Ok(Err(err)) => Err(StoreError::corrupt(&self.path, format!("item state column {column}: {err}"))),
            Err(err) => Err(self.error(err)),
        };
        match (text(0)?, text(1)?, text(2)?) {
            (Some(item), Some(status), time) => Ok((item, status, time)),
            _ => Err(StoreError::corrupt(&self.path, "an item state without an item or a status".into())),
        }
    }

    /// The current state of one item (to do if it was never changed).
    pub(crate) fn state(&self, item: &str) -> Result<ItemState, StoreError> {
        let row: Option<(String, Option<String>)> = self
            .conn
            .query_row("SELECT status, completed_at FROM item_state WHERE item = ?1", [item], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()
            .map_err(|err| self.error(err))?;
        match row {
            Some((status, completed_at)) => self.item_state(item, &status, completed_at),
            None => Ok(ItemState::default()),
        }
    }

    /// Applies one status change in one `BEGIN IMMEDIATE` transaction: reads the item's current
    /// status, computes the new one with [`Status::apply`], records the change, updates the item's
    /// state (`completed_at` set when it becomes done, cleared otherwise) and appends the audit
    /// entry. Returns the audit entry's number.
    ///
    /// If `change.source` names a change recorded before, nothing is written and the answer is
    /// `Ok(None)`: replaying a journal twice changes nothing. A change the item's status does not
    /// allow is a [`StoreError::IllegalTransition`]; a database another process keeps busy for
    /// longer than the busy timeout is [`StoreError::Locked`]. On any error nothing is written.
    pub(crate) fn record_change(&mut self, change: &Change) -> Result<Option<i64>, StoreError> {
        self.ensure_writable()?;
        // Recorded changes are never removed, so a key seen outside the transaction stays seen:
        // replaying an applied journal needs no write lock.
        if let Some(source) = &change.source {
            if source_recorded(&self.conn, source).map_err(|err| self.error(err))? {
                return Ok(None);
            }
        }
        let path = self.path.as_path();
        let error = |err| StoreError::sqlite(path, err);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(error)?;
        if let Some(source) = &change.source {
            if source_recorded(&tx, source).map_err(error)? {
                return Ok(None);
            }
        }
        let seq = apply_change(&tx, path, change)?;
        tx.commit().map_err(error)?;
        Ok(Some(seq))
    }

    /// The status changes of one item, oldest first.
    pub(crate) fn changes(&self, item: &str) -> Result<Vec<ChangeRecord>, StoreError> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT s.seq, s.item, s.from_status, s.to_status, s.action, s.actor, s.at, s.note,
                        s.evidence_name, s.evidence_sha256, s.source, a.recorded_at, s.evidence_type
                 FROM status_change s LEFT JOIN audit a ON a.seq = s.audit_seq
                 WHERE s.item = ?1 ORDER BY s.seq",
            )
            .map_err(|err| self.error(err))?;
        let rows = statement.query_map([item], ChangeRow::from_row).map_err(|err| self.error(err))?;
        let mut changes = Vec::new();
        for row in rows {
            let raw = row.map_err(|err| self.error(err))?;
            changes.push(raw.into_record(&self.path)?);
        }
        Ok(changes)
    }

    /// Copies an evidence file into `<store folder>/evidence/<sha256>` (content addressed: a copy
    /// already there is kept) and returns its digest, its original file name made safe
    /// ([`Evidence::safe_name`]) and its media type ([`Evidence::sniff_media_type`]). The folder is its
    /// owner's alone (mode 0700) and so is every copy (0600): evidence may be a confidential
    /// document, whatever the mode of the file handed in.
    ///
    /// Only a regular file is kept, one that reads as long as its size says: a FIFO, a device,
    /// a folder, or a file the operating system makes up as it is read (`/proc/self/environ`,
    /// anything under `/proc`, `/sys` or `/dev`) is a [`StoreError::Evidence`], refused without
    /// reading it. So is a missing or unreadable file; trouble writing the copy is a
    /// [`StoreError::KeepEvidence`]. A copy interrupted half way (the process killed) is removed
    /// the next time the store is opened for writing.
    pub(crate) fn keep_evidence(&self, file: &Path) -> Result<Evidence, StoreError> {
        self.ensure_writable()?;
        keep_evidence_in(&self.evidence_folder(), file)
    }

    /// The folder evidence copies are kept in: `evidence/` next to the database file.
    pub fn evidence_folder(&self) -> PathBuf {
        folder_of(&self.path).join("evidence")
    }

    /// The whole audit log, oldest first.
    pub(crate) fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError> {
        self.audit_rows()?.into_iter().map(|row| row.into_entry(&self.path)).collect()
    }

    /// Recomputes the audit log's hash chain and compares it with the recorded head; returns every
    /// problem found, ordered by entry number (empty: the log is intact).
    pub(crate) fn verify_audit(&self) -> Result<Vec<AuditProblem>, StoreError> {
        let rows = self.audit_rows()?;
        let head = head(&self.conn, &self.path)?;
        Ok(audit_chain::verify(&rows, head.as_ref().map(|(seq, hash)| (*seq, hash.as_str()))))
    }

    fn audit_rows(&self) -> Result<Vec<AuditRow>, StoreError> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT seq, at, actor, action, subject, detail, prev_hash, hash, recorded_at FROM audit ORDER BY seq",
            )
            .map_err(|err| self.error(err))?;
        let rows = statement
            .query_map([], |row| {
                Ok(AuditRow {
                    seq: row.get(0)?,
                    at: row.get(1)?,
                    actor: row.get(2)?,
                    action: row.get(3)?,
                    subject: row.get(4)?,
                    detail: row.get(5)?,
                    prev_hash: row.get(6)?,
                    hash: row.get(7)?,
                    recorded_at: row.get(8)?,
                })
            })
            .map_err(|err| self.error(err))?;
        rows.collect::<Result<_, _>>().map_err(|err| self.error(err))
    }

    fn item_state(&self, item: &str, status: &str, completed_at: Option<String>) -> Result<ItemState, StoreError> {
        let status = parse_status(&self.path, item, status)?;
        let completed_at = completed_at.map(|text| parse_time(&self.path, &text)).transpose()?;
        Ok(ItemState { status, completed_at })
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let supported = MIGRATIONS.len() as i64;
        loop {
            let version = self.user_version().map_err(|err| self.error(err))?;
            if version > supported {
                return Err(StoreError::SchemaVersion { path: self.path.clone(), found: version, supported });
            }
            if version == supported {
                return Ok(());
            }
            let path = self.path.as_path();
            let error = |err| StoreError::sqlite(path, err);
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(error)?;
            // Another process may have migrated while this one waited for the lock.
            let version: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0)).map_err(error)?;
            if let Some(migration) = usize::try_from(version).ok().and_then(|index| MIGRATIONS.get(index)) {
                tx.execute_batch(migration).map_err(error)?;
                tx.pragma_update(None, "user_version", version + 1).map_err(error)?;
            }
            tx.commit().map_err(error)?;
        }
    }

    fn user_version(&self) -> rusqlite::Result<i64> {
        self.conn.pragma_query_value(None, "user_version", |row| row.get(0))
    }

    /// Reads the database through a memory map (up to 2 GB of it) rather than a system call
    /// per page: a report scans each ledger kind's table several times. Writes still go
    /// through the journal.
    fn map_for_reading(&self) -> Result<(), StoreError> {
        self.conn.pragma_update(None, "mmap_size", 2_147_418_112_i64).map_err(|err| self.error(err))
    }

    fn ensure_writable(&self) -> Result<(), StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly { path: self.path.clone() });
        }
        Ok(())
    }

    fn error(&self, err: rusqlite::Error) -> StoreError {
        StoreError::sqlite(&self.path, err)
    }
}

/// A recorded time as stored (RFC 3339); anything else is [`StoreError::Corrupt`].
pub(crate) fn parse_recorded(path: &Path, seq: i64, text: &str) -> Result<chrono::DateTime<chrono::Utc>, StoreError> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|time| time.to_utc())
        .map_err(|_| StoreError::corrupt(path, format!("audit entry #{seq} has the recorded time `{text}`")))
}

/// Copies the evidence `file` into `folder` (see [`Store::keep_evidence`]): the one way both
/// backends keep evidence, as files beside the state.
pub(crate) fn keep_evidence_in(folder: &Path, file: &Path) -> Result<Evidence, StoreError> {
    let unreadable = |source| StoreError::Evidence { path: file.to_path_buf(), source };
    let refuse = |reason: String| unreadable(io::Error::new(io::ErrorKind::InvalidInput, reason));
    // Looked at before it is opened: opening a FIFO waits for a writer.
    let metadata = fs::metadata(file).map_err(unreadable)?;
    if !metadata.is_file() {
        return Err(refuse(format!("it is not a regular file but {}", fazhi_core::file_kind(&metadata.file_type()))));
    }
    let real = fs::canonicalize(file).map_err(unreadable)?;
    if let Some(system) = ["/proc", "/sys", "/dev"].into_iter().find(|system| real.starts_with(system)) {
        return Err(refuse(format!("{} is a file of the operating system ({system}), not a document", real.display())));
    }
    let Some(given_name) = file.file_name() else { return Err(refuse("it has no file name".to_string())) };
    let file_name = Evidence::safe_name(&given_name.to_string_lossy());
    let mut input = fs::File::open(&real).map_err(unreadable)?;
    let size = input.metadata().map_err(unreadable)?.len();
    let folder = folder.to_path_buf();
    let unwritable = |source| StoreError::KeepEvidence { path: folder.clone(), source };
    make_private_folder(&folder).map_err(unwritable)?;
    if fs::metadata(&folder).map_err(unwritable)?.permissions().readonly() {
        return Err(StoreError::ReadOnly { path: folder });
    }
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let temp = folder.join(format!(".incoming-{}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed)));
    let (sha256, head) = copy_hashing(&mut input, file, size, &temp, &folder).inspect_err(|_| {
        let _ = fs::remove_file(&temp);
    })?;
    let target = folder.join(&sha256);
    if target.exists() {
        let _ = fs::remove_file(&temp);
        // A copy kept by an older fazhi was readable by everyone.
        set_mode(&target, 0o600).map_err(unwritable)?;
    } else if let Err(source) = fs::rename(&temp, &target) {
        let _ = fs::remove_file(&temp);
        return Err(unwritable(source));
    }
    let media_type = Evidence::sniff_media_type(&file_name, &head).to_string();
    // A name with nothing left once made safe: the digest, with the type's extension.
    let mut evidence = Evidence { file_name, sha256, media_type: Some(media_type) };
    if evidence.file_name.is_empty() {
        evidence.file_name = evidence.download_name();
    }
    Ok(evidence)
}

/// Copies `input` (the evidence file `file`, `size` bytes long) to a new file `temp` in the
/// evidence folder `folder`, readable by its owner only and locked while it is written (so that
/// [`remove_partial_evidence`] leaves it alone), and returns the SHA-256 hex of the bytes and
/// the first of them (to tell its media type). A file that reads longer or shorter than its
/// size is refused.
fn copy_hashing(
    input: &mut fs::File,
    file: &Path,
    size: u64,
    temp: &Path,
    folder: &Path,
) -> Result<(String, Vec<u8>), StoreError> {
    let unwritable = |source| StoreError::KeepEvidence { path: folder.to_path_buf(), source };
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut output = options.open(temp).map_err(unwritable)?;
    // Another process's lock on a file just made is impossible; an error is only a file system
    // without locks, where the copy is simply not protected from the clean-up.
    let _ = output.try_lock();
    let mut copied = 0u64;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 64 * 1024];
    // Enough of the start for every signature `Evidence::sniff_media_type` knows.
    const HEAD_BYTES: usize = 16;
    let mut head = Vec::with_capacity(HEAD_BYTES);
    loop {
        let read = match input.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => read,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(source) => return Err(StoreError::Evidence { path: file.to_path_buf(), source }),
        };
        copied += read as u64;
        if copied > size {
            break;
        }
        hasher.update(&buffer[..read]);
        if head.len() < HEAD_BYTES {
            head.extend(buffer[..read].iter().take(HEAD_BYTES - head.len()));
        }
        output.write_all(&buffer[..read]).map_err(unwritable)?;
    }
    if copied != size {
        let reason = format!(
            "it reads as {} byte(s) but its size says {size}: a file the system makes up as it is read, or one being \
             changed; keep a copy of it as evidence instead",
            if copied > size { format!("more than {size}") } else { copied.to_string() },
        );
        return Err(StoreError::Evidence {
            path: file.to_path_buf(),
            source: io::Error::new(io::ErrorKind::InvalidData, reason),
        });
    }
    output.sync_all().map_err(unwritable)?;
    Ok((hex::encode(hasher.finalize()), head))
}

/// Makes `folder` (and the folders above it that are missing) and keeps it its owner's alone.
fn make_private_folder(folder: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(folder)?;
    set_mode(folder, 0o700)
}

/// Sets the permission bits of `path` to `mode` unless they are that already (Unix only).
fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let metadata = fs::metadata(path)?;
        if metadata.permissions().mode() & 0o7777 != mode {
            fs::set_permissions(path, fs::Permissions::from_mode(mode))?;
        }
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

/// Removes the partial copies (`.incoming-*`) a `keep_evidence` killed half way left in the
/// evidence folder: those no process holds the lock of any more. Anything else, and anything
/// that cannot be removed, is left.
fn remove_partial_evidence(folder: &Path) {
    let Ok(entries) = fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let is_partial = entry.file_name().to_string_lossy().starts_with(".incoming-");
        // Only regular files: opening a FIFO planted here would wait for a writer.
        if !is_partial || !entry.file_type().is_ok_and(|kind| kind.is_file()) {
            continue;
        }
        let path = entry.path();
        let free = fs::File::open(&path).is_ok_and(|file| file.try_lock().is_ok());
        if free {
            let _ = fs::remove_file(&path);
        }
    }
}

/// Whether the `-wal` file beside the database at `path` holds changes not yet in the database
/// (a missing or empty one does not).
fn wal_has_changes(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_os_string();
    wal.push("-wal");
    fs::metadata(wal).is_ok_and(|metadata| metadata.len() > 0)
}

/// The SQLite URI that opens the database at `path` as immutable: read without locks or a
/// `-shm` file, for a database nothing changes while it is read.
fn immutable_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for &byte in absolute.as_os_str().as_encoded_bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// The folder a database file lives in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// The first bytes of every SQLite database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Refuses an existing file at `path` that is not a SQLite database: anything but a regular
/// file (a FIFO would block the open), and a file that does not begin with SQLite's header
/// (an empty file included), which SQLite would otherwise turn into a database. A folder is
/// left to SQLite to report.
fn check_database_file(path: &Path, metadata: &fs::Metadata) -> Result<(), StoreError> {
    let refuse = |reason: &str| Err(StoreError::NotADatabase { path: path.to_path_buf(), reason: reason.to_string() });
    if metadata.is_dir() {
        return Ok(());
    }
    if !metadata.is_file() {
        return refuse("it is not a regular file");
    }
    let mut header = Vec::with_capacity(SQLITE_HEADER.len());
    match fs::File::open(path).and_then(|file| file.take(SQLITE_HEADER.len() as u64).read_to_end(&mut header)) {
        // Let SQLite report a file it cannot read.
        Err(_) => Ok(()),
        Ok(0) => refuse("it is empty"),
        Ok(_) if header != SQLITE_HEADER => refuse("it does not begin with the SQLite header"),
        Ok(_) => Ok(()),
    }
}

/// Makes a new, empty database (WAL journal, no tables yet) at a temporary path beside `path`
/// and links it to `path` unless a file is there by then (another process made it first): a
/// file at `path` is always a whole database, never the empty file SQLite starts with.
fn create_database(path: &Path) -> Result<(), StoreError> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let temp =
        folder_of(path).join(format!(".{name}.new-{}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed)));
    let made = Connection::open(&temp).and_then(|conn| {
        let _mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
        conn.close().map_err(|(_, err)| err)
    });
    let linked = match made {
        Ok(()) => match fs::hard_link(&temp, path) {
            Ok(()) => Ok(()),
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => Ok(()),
            // A file system without hard links (FAT on a USB stick): moved into place instead.
            Err(_) if !path.exists() => fs::rename(&temp, path)
                .map_err(|source| StoreError::Folder { path: folder_of(path).to_path_buf(), source }),
            Err(_) => Ok(()),
        },
        Err(err) => Err(StoreError::opening(path, err)),
    };
    for suffix in ["", "-wal", "-shm"] {
        let mut leftover = temp.clone().into_os_string();
        leftover.push(suffix);
        let _ = fs::remove_file(leftover);
    }
    linked
}

/// Makes sure the folder for a new database file exists and is not marked read-only.
fn prepare_folder(path: &Path) -> Result<(), StoreError> {
    let folder = folder_of(path);
    // The nearest folder that exists is the one the new file or folders would be written to.
    let existing = folder.ancestors().find(|ancestor| ancestor.as_os_str().is_empty() || ancestor.exists());
    if let Some(existing) = existing {
        let existing = if existing.as_os_str().is_empty() { Path::new(".") } else { existing };
        if fs::metadata(existing).is_ok_and(|metadata| metadata.permissions().readonly()) {
            return Err(StoreError::ReadOnly { path: existing.to_path_buf() });
        }
    }
    fs::create_dir_all(folder).map_err(|source| match source.kind() {
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
            StoreError::ReadOnly { path: folder.to_path_buf() }
        }
        _ => StoreError::Folder { path: folder.to_path_buf(), source },
    })
}

/// Applies one status change inside the transaction `tx`: reads the item's current status,
/// computes the new one, records the change, updates the item's state and appends the audit
/// entry. Returns the audit entry's number. (The caller has checked the change's source key.)
fn apply_change(tx: &Connection, path: &Path, change: &Change) -> Result<i64, StoreError> {
    let position = next_audit_position(tx, path)?;
    let from = current_status(tx, path, &change.item)?;
    let (seq, hash, to, at) = record_change_rows(tx, path, change, from, position)?;
    write_item_state(tx, path, &change.item, to, &at)?;
    write_head(tx, path, seq, &hash)?;
    Ok(seq)
}

/// The item's current status (to do when it has none).
pub(super) fn current_status(tx: &Connection, path: &Path, item: &str) -> Result<Status, StoreError> {
    let current: Option<String> = tx
        .prepare_cached("SELECT status FROM item_state WHERE item = ?1")
        .and_then(|mut statement| statement.query_row([item], |row| row.get(0)).optional())
        .map_err(|err| StoreError::sqlite(path, err))?;
    match current {
        Some(status) => parse_status(path, item, &status),
        None => Ok(Status::Todo),
    }
}

/// Records `change` of an item whose status is `from` as a status change with its audit entry
/// at `position` (its number and the hash before it), without moving the head or writing the
/// item's state: returns the entry's number and hash, the new status and the change's time as
/// stored, for the caller to write the state ([`write_item_state`]) and the head
/// ([`write_head`]), once for many changes if it likes.
pub(super) fn record_change_rows(
    tx: &Connection,
    path: &Path,
    change: &Change,
    from: Status,
    position: (i64, String),
) -> Result<(i64, String, Status, String), StoreError> {
    let error = |err| StoreError::sqlite(path, err);
    let (to, at, action, detail) = change_entry(change, from)?;
    let (seq, prev_hash) = position;
    let recorded_at = recorded_now();
    let hash =
        AuditRow::chain_hash(seq, &at, &change.by, &action, &change.item, &detail, &prev_hash, Some(&recorded_at));
    tx.prepare_cached(
        "INSERT INTO audit (seq, at, actor, action, subject, detail, prev_hash, hash, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )
    .and_then(|mut statement| {
        statement.execute(params![seq, at, change.by, action, change.item, detail, prev_hash, hash, recorded_at])
    })
    .map_err(error)?;
    tx.prepare_cached(
        "INSERT INTO status_change (item, from_status, to_status, action, actor, at, note,
                                    evidence_name, evidence_sha256, source, audit_seq, evidence_type)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )
    .and_then(|mut statement| {
        statement.execute(params![
            change.item,
            from.as_str(),
            to.as_str(),
            change.action.as_str(),
            change.by,
            at,
            change.note,
            change.evidence.as_ref().map(|e| &e.file_name),
            change.evidence.as_ref().map(|e| &e.sha256),
            change.source,
            seq,
            change.evidence.as_ref().and_then(|e| e.media_type.as_deref()),
        ])
    })
    .map_err(error)?;
    Ok((seq, hash, to, at))
}

/// What `change` of an item whose status is `from` records, the same on every backend: the new
/// status, the change's time as stored, and its audit entry's action and detail. A change the
/// status does not allow is a [`StoreError::IllegalTransition`].
pub(crate) fn change_entry(change: &Change, from: Status) -> Result<(Status, String, String, String), StoreError> {
    let to = from.apply(change.action).ok_or_else(|| StoreError::IllegalTransition {
        item: change.item.clone(),
        from,
        action: change.action,
    })?;
    let at = change.at.format(TIME_FORMAT).to_string();
    let action = format!("task.{}", change.action.as_str());
    let detail = serde_json::json!({
        "from": from,
        "to": to,
        "note": change.note,
        "evidence": change.evidence,
        "source": change.source,
    })
    .to_string();
    Ok((to, at, action, detail))
}

/// Writes the item's state after its last recorded change: `to`, completed at `at` when done.
pub(super) fn write_item_state(
    tx: &Connection,
    path: &Path,
    item: &str,
    to: Status,
    at: &str,
) -> Result<(), StoreError> {
    let completed_at = (to == Status::Done).then_some(at);
    tx.prepare_cached(
        "INSERT INTO item_state (item, status, completed_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (item) DO UPDATE SET status = excluded.status, completed_at = excluded.completed_at",
    )
    .and_then(|mut statement| statement.execute(params![item, to.as_str(), completed_at]))
    .map_err(|err| StoreError::sqlite(path, err))?;
    Ok(())
}

/// Records `seq` and `hash` as the audit log's head, inside the caller's transaction.
pub(super) fn write_head(tx: &Connection, path: &Path, seq: i64, hash: &str) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO meta (key, value) VALUES (?1, ?2), (?3, ?4)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .and_then(|mut statement| statement.execute(params![HEAD_SEQ, seq.to_string(), HEAD_HASH, hash]))
    .map_err(|err| StoreError::sqlite(path, err))?;
    Ok(())
}

fn source_recorded(conn: &Connection, source: &str) -> rusqlite::Result<bool> {
    conn.query_row("SELECT 1 FROM status_change WHERE source = ?1", [source], |_| Ok(()))
        .optional()
        .map(|found| found.is_some())
}

/// The recorded head of the audit log (last number and hash), if any.
fn head(conn: &Connection, path: &Path) -> Result<Option<(i64, String)>, StoreError> {
    let value = |key: &str| {
        conn.prepare_cached("SELECT value FROM meta WHERE key = ?1")
            .and_then(|mut statement| statement.query_row([key], |row| row.get::<_, String>(0)).optional())
            .map_err(|err| StoreError::sqlite(path, err))
    };
    match (value(HEAD_SEQ)?, value(HEAD_HASH)?) {
        (Some(seq), Some(hash)) => match seq.parse() {
            Ok(seq) => Ok(Some((seq, hash))),
            Err(_) => Err(StoreError::corrupt(path, format!("the audit log's recorded last entry is `{seq}`"))),
        },
        _ => Ok(None),
    }
}

/// The wall-clock time an audit entry is written, as stored: the system clock, never the
/// effective date a user declares.
fn recorded_now() -> String {
    chrono::Utc::now().format(RECORDED_FORMAT).to_string()
}

/// The number and `prev_hash` of the next audit entry. It follows the recorded head, so entries
/// deleted from the end stay visible as a gap; entries added beyond the head are followed, so a
/// tampered log never blocks recording.
pub(super) fn next_audit_position(conn: &Connection, path: &Path) -> Result<(i64, String), StoreError> {
    let last: Option<(i64, String)> = conn
        .prepare_cached("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
        .and_then(|mut statement| statement.query_row([], |row| Ok((row.get(0)?, row.get(1)?))).optional())
        .map_err(|err| StoreError::sqlite(path, err))?;
    let head = head(conn, path)?;
    let position = match (head, last) {
        (Some((head_seq, head_hash)), Some((last_seq, _))) if head_seq >= last_seq => (head_seq + 1, head_hash),
        (Some((head_seq, head_hash)), None) => (head_seq + 1, head_hash),
        (_, Some((last_seq, last_hash))) => (last_seq + 1, last_hash),
        (None, None) => (1, GENESIS_HASH.to_string()),
    };
    Ok(position)
}

/// Appends one audit entry after the current head and moves the head, inside the caller's
/// transaction. `at` is the effective time as declared; the entry's recorded time is read from
/// the system clock here (inside the transaction, so recorded times follow the entries'
/// order). Returns the entry's number.
pub(super) fn append_audit(
    conn: &Connection,
    path: &Path,
    at: &str,
    actor: &str,
    action: &str,
    subject: &str,
    detail: &str,
) -> Result<i64, StoreError> {
    let error = |err| StoreError::sqlite(path, err);
    let (seq, prev_hash) = next_audit_position(conn, path)?;
    let recorded_at = recorded_now();
    let hash = AuditRow::chain_hash(seq, at, actor, action, subject, detail, &prev_hash, Some(&recorded_at));
    conn.execute(
        "INSERT INTO audit (seq, at, actor, action, subject, detail, prev_hash, hash, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![seq, at, actor, action, subject, detail, prev_hash, hash, recorded_at],
    )
    .map_err(error)?;
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2), (?3, ?4)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![HEAD_SEQ, seq.to_string(), HEAD_HASH, hash],
    )
    .map_err(error)?;
    Ok(seq)
}

/// `timeout` as SQLite can take it: at most `i32::MAX` milliseconds (about 24 days), beyond which
/// rusqlite panics.
fn sqlite_timeout(timeout: std::time::Duration) -> std::time::Duration {
    timeout.min(std::time::Duration::from_millis(i32::MAX as u64))
}

#[cfg(test)]
mod tests;
