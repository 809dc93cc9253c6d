use std::io;
use std::path::{Path, PathBuf};

use fazhi_core::{Action, Status};
use rusqlite::ErrorCode;

/// What the database engine said, kept as the source of a [`StoreError`] (the engine's own
/// error type stays inside the store).
pub type BackendError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite could not open the database file (e.g. the path is a folder).
    #[error("cannot open the state database {}: {source}", path.display())]
    Open {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        #[source]
        source: BackendError,
    },
    /// The folder for a new database could not be created.
    #[error("cannot create the folder {} for the state database", path.display())]
    Folder {
        /// The folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// Another process kept the database locked for longer than the busy timeout.
    #[error("{}", locked_message(path))]
    Locked {
        /// The database file.
        path: PathBuf,
    },
    /// The database file, its folder (for a new database) or the evidence folder is read-only:
    /// fazhi respects that and changes nothing.
    #[error("{}", read_only_message(path))]
    ReadOnly {
        /// The read-only file or folder.
        path: PathBuf,
    },
    /// The action is not allowed from the item's current status.
    #[error("{}", transition_message(item, *from, *action))]
    IllegalTransition {
        /// The item.
        item: String,
        /// Its current status.
        from: Status,
        /// The action refused.
        action: Action,
    },
    /// An evidence file could not be read, or is not one fazhi keeps (not a regular file, a
    /// file of the operating system such as `/proc/self/environ`).
    #[error("cannot read the evidence file {}: {source}", path.display())]
    Evidence {
        /// The evidence file as given.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// An evidence file could not be copied into the store's evidence folder.
    #[error("cannot keep evidence in {}: {source}", path.display())]
    KeepEvidence {
        /// The store's evidence folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// The disk holding the database is full (or the database reached the largest size it may
    /// have): the transaction was rolled back, nothing was changed.
    #[error(
        "the disk holding the state database {} is full (SQLite: database or disk is full): nothing was changed; \
         free some space and try again",
        path.display()
    )]
    DiskFull {
        /// The database file.
        path: PathBuf,
    },
    /// The state is read-only and something recorded as text (history, workflow instances,
    /// ledger files declared in fazhi.ron) is not in it yet: reading it as it is would show a
    /// state the workspace's files do not describe.
    #[error(
        "the state database {} cannot be written, and {pending} is not applied to it yet: make it writable once \
         (any command applies it), then it can be read read-only",
        path.display()
    )]
    Pending {
        /// The database file.
        path: PathBuf,
        /// What is waiting, in words ("history/2024.ron").
        pending: String,
    },
    /// The database's schema version is not the one this fazhi uses.
    #[error("{}", schema_message(path, *found, *supported))]
    SchemaVersion {
        /// The database file.
        path: PathBuf,
        /// Its schema version (`PRAGMA user_version`).
        found: i64,
        /// The version this fazhi uses.
        supported: i64,
    },
    /// The database is damaged or not a fazhi database, or holds a value fazhi never writes.
    #[error("the state database {} is damaged or not fazhi's: {reason}", path.display())]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
        /// What SQLite said, when it found the damage.
        #[source]
        source: Option<BackendError>,
    },
    /// An existing file named as the state database is not a SQLite database (an empty file,
    /// a file of something else, a FIFO or device): fazhi does not make it one.
    #[error(
        "{} is not a SQLite database ({reason}); fazhi keeps its state only in a database it made: \
         name a new file as storage in fazhi.ron, or move this one away",
        path.display()
    )]
    NotADatabase {
        /// The file.
        path: PathBuf,
        /// What it is instead.
        reason: String,
    },
    /// The lock that lets one process at a time send the queued mail (a file beside the
    /// database) could not be taken.
    #[error("cannot take the mail lock {}", path.display())]
    MailLock {
        /// The lock file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// No row of the ledger kind has this number.
    #[error("{}", fazhi_core::tr!("{kind} has no row {row} (see `fazhi ledger list {kind}`)", "{kind} 没有第 {row} 行（见 `fazhi ledger list {kind}`）"))]
    UnknownLedgerRow {
        /// The kind's id.
        kind: String,
        /// The row's number as shown.
        row: String,
    },
    /// The row is no longer counted: a correction, a void or a new version of its file
    /// replaced it, so it cannot be corrected or voided again.
    #[error("row {row} of {kind} is no longer counted: {why}; only current rows can be corrected or voided (see `fazhi ledger list {kind} --history`)")]
    SupersededLedgerRow {
        /// The kind's id.
        kind: String,
        /// The row's number as shown.
        row: String,
        /// What replaced it.
        why: String,
    },
    /// The PostgreSQL server could not be reached, or refused the connection (a wrong address,
    /// user or password, a database that does not exist).
    #[error("cannot connect to the PostgreSQL state {database}: {source}")]
    Connect {
        /// The server and database, without a password.
        database: String,
        /// What the client said.
        #[source]
        source: BackendError,
    },
    /// Any other failure of the PostgreSQL server.
    #[error("the PostgreSQL state {database} failed")]
    Postgres {
        /// The server, database and schema, without a password.
        database: String,
        /// What the server said.
        #[source]
        source: BackendError,
    },
    /// Any other SQLite failure.
    #[error("the state database {} failed", path.display())]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        #[source]
        source: BackendError,
    },
}

impl StoreError {
    /// Whether the error comes from the user's input, files or environment (and nothing was
    /// changed) rather than from a fault of fazhi: everything but [`StoreError::Sqlite`] and
    /// [`StoreError::Postgres`].
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, StoreError::Sqlite { .. } | StoreError::Postgres { .. })
    }

    /// Classifies an error SQLite gave while opening `path`.
    pub(crate) fn opening(path: &Path, source: rusqlite::Error) -> StoreError {
        StoreError::classify(path, source)
            .unwrap_or_else(|source| StoreError::Open { path: path.to_path_buf(), source: Box::new(source) })
    }

    /// Classifies an error SQLite gave while working on `path`.
    pub(crate) fn sqlite(path: &Path, source: rusqlite::Error) -> StoreError {
        StoreError::classify(path, source)
            .unwrap_or_else(|source| StoreError::Sqlite { path: path.to_path_buf(), source: Box::new(source) })
    }

    /// A damaged value found in the database.
    pub(crate) fn corrupt(path: &Path, reason: String) -> StoreError {
        StoreError::Corrupt { path: path.to_path_buf(), reason, source: None }
    }

    fn classify(path: &Path, source: rusqlite::Error) -> Result<StoreError, rusqlite::Error> {
        let path = path.to_path_buf();
        match source.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Ok(StoreError::Locked { path }),
            Some(ErrorCode::ReadOnly) => Ok(StoreError::ReadOnly { path }),
            Some(ErrorCode::DiskFull) => Ok(StoreError::DiskFull { path }),
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => Ok(StoreError::Corrupt {
                path,
                reason: "SQLite cannot read it".to_string(),
                source: Some(Box::new(source)),
            }),
            _ => Err(source),
        }
    }
}

fn transition_message(item: &str, from: Status, action: Action) -> String {
    use fazhi_core::tr;
    let attempt = match action {
        Action::Start => tr!("cannot start task \"{item}\"", "任务“{item}”不能开始办理"),
        Action::Done => tr!("cannot mark task \"{item}\" done", "任务“{item}”不能办结"),
        Action::Cancel => tr!("cannot cancel task \"{item}\"", "任务“{item}”不能取消"),
        Action::Reopen => tr!("cannot reopen task \"{item}\"", "任务“{item}”不能重新打开"),
    };
    let reason = match (action, from) {
        (Action::Start, Status::Doing) => tr!("it is already in progress", "已在办理中"),
        (Action::Done, Status::Done) => tr!("it is already done", "已经办结"),
        (Action::Cancel, Status::Cancelled) => tr!("it is already cancelled", "已经取消"),
        (_, Status::Done) => tr!("it is done; reopen it first", "已经办结；请先重新打开"),
        (_, Status::Cancelled) => tr!("it is cancelled; reopen it first", "已经取消；请先重新打开"),
        (Action::Reopen, Status::Todo) => tr!(
            "it is still to do; only a done or cancelled task can be reopened",
            "尚未开始；只有已完成或已取消的任务才能重新打开"
        ),
        (Action::Reopen, Status::Doing) => tr!(
            "it is still in progress; only a done or cancelled task can be reopened",
            "正在办理；只有已完成或已取消的任务才能重新打开"
        ),
        // Allowed changes never get here; say what is known.
        (_, from) => {
            let label = from.label();
            tr!("it is {from}", "状态为{label}")
        }
    };
    tr!("{attempt}: {reason}", "{attempt}：{reason}")
}

fn locked_message(path: &Path) -> String {
    let path = path.display();
    fazhi_core::tr!(
        "the state database {path} is locked by another process; try again when it finishes",
        "状态数据库 {path} 被另一个进程锁定；请等它结束后再试"
    )
}

fn read_only_message(path: &Path) -> String {
    let path = path.display();
    fazhi_core::tr!(
        "{path} is read-only, so fazhi will not change the state; make it writable to record changes",
        "{path} 是只读的，fazhi 不会改动状态；要记录变更，请把它改为可写"
    )
}

fn schema_message(path: &Path, found: i64, supported: i64) -> String {
    if found > supported {
        format!(
            "the state database {} has schema version {found}, newer than this fazhi knows ({supported}); use a newer fazhi",
            path.display()
        )
    } else {
        format!(
            "the state database {} has schema version {found} but this fazhi reads version {supported}; \
             open it once for writing to upgrade it",
            path.display()
        )
    }
}

#[cfg(test)]
mod tests {
    use fazhi_core::{Action, Status};

    use super::StoreError;

    fn illegal(from: Status, action: Action) -> String {
        StoreError::IllegalTransition { item: "X".to_string(), from, action }.to_string()
    }

    #[test]
    fn every_refused_change_has_a_sensible_message() {
        assert_eq!(illegal(Status::Done, Action::Start), "cannot start task \"X\": it is done; reopen it first");
        assert_eq!(illegal(Status::Doing, Action::Start), "cannot start task \"X\": it is already in progress");
        assert_eq!(
            illegal(Status::Cancelled, Action::Start),
            "cannot start task \"X\": it is cancelled; reopen it first"
        );
        assert_eq!(illegal(Status::Done, Action::Done), "cannot mark task \"X\" done: it is already done");
        assert_eq!(
            illegal(Status::Cancelled, Action::Done),
            "cannot mark task \"X\" done: it is cancelled; reopen it first"
        );
        assert_eq!(illegal(Status::Done, Action::Cancel), "cannot cancel task \"X\": it is done; reopen it first");
        assert_eq!(illegal(Status::Cancelled, Action::Cancel), "cannot cancel task \"X\": it is already cancelled");
        assert!(illegal(Status::Todo, Action::Reopen).starts_with("cannot reopen task \"X\": it is still to do"));
        assert!(illegal(Status::Doing, Action::Reopen).starts_with("cannot reopen task \"X\": it is still in progress"));
    }

    #[test]
    fn locked_names_the_path() {
        let err = StoreError::Locked { path: "/w/.fazhi/state.db".into() };
        assert_eq!(
            err.to_string(),
            "the state database /w/.fazhi/state.db is locked by another process; try again when it finishes"
        );
        assert!(err.is_bad_input());
    }
}
