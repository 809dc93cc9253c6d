use std::path::{Path, PathBuf};

use crate::{AccountStore, InstanceLog, JobLog, LedgerStore, MailQueue, Store, TaskLog};

/// Everything a workspace's state does, in one trait: what the application holds, whichever
/// backend is behind it ([`crate::Store`] on SQLite, `PgStore` on PostgreSQL with the cargo
/// feature `postgres`).
pub trait StateStore: TaskLog + InstanceLog + LedgerStore + MailQueue + JobLog + AccountStore + Send {
    /// Where the state is, for messages: a database file, or a server, database and schema
    /// (without a password).
    fn location(&self) -> &Path;

    /// The folder evidence copies are kept in.
    fn evidence_folder(&self) -> PathBuf;

    /// Whether changes can be written now (a state opened read-only, or on a read-only mount,
    /// cannot).
    fn writable(&self) -> bool;

    /// The SQLite store, when that is the backend: for what only it has (the ledger's first
    /// layout, the move to PostgreSQL).
    fn sqlite(&self) -> Option<&Store> {
        None
    }

    /// [`StateStore::sqlite`], to change.
    fn sqlite_mut(&mut self) -> Option<&mut Store> {
        None
    }
}

impl StateStore for Store {
    fn location(&self) -> &Path {
        self.path()
    }

    fn evidence_folder(&self) -> PathBuf {
        Store::evidence_folder(self)
    }

    fn writable(&self) -> bool {
        Store::writable(self)
    }

    fn sqlite(&self) -> Option<&Store> {
        Some(self)
    }

    fn sqlite_mut(&mut self) -> Option<&mut Store> {
        Some(self)
    }
}
