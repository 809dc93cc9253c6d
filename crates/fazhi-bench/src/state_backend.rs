use std::process::Command;

/// Where the `fazhi` commands of a benchmark keep a town's state: its SQLite file, or the
/// PostgreSQL database given by `FAZHI_DATABASE_URL` (each town in its schema).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateBackend {
    /// `.fazhi/state.db` in the town's folder.
    Sqlite,
    /// The database at this address.
    Postgres(String),
}

/// The variable by which `fazhi` is told the database.
const FAZHI_DATABASE_URL: &str = "FAZHI_DATABASE_URL";

impl StateBackend {
    /// The backend's name in the figures' tables.
    pub fn name(&self) -> &'static str {
        match self {
            StateBackend::Sqlite => "SQLite",
            StateBackend::Postgres(_) => "PostgreSQL",
        }
    }

    /// The database's address, for PostgreSQL.
    pub fn url(&self) -> Option<&str> {
        match self {
            StateBackend::Sqlite => None,
            StateBackend::Postgres(url) => Some(url),
        }
    }

    /// Points `command` (a `fazhi` run) at this backend: `FAZHI_DATABASE_URL` set for
    /// PostgreSQL, removed for SQLite (whatever the benchmark's own environment holds).
    pub fn apply<'a>(&self, command: &'a mut Command) -> &'a mut Command {
        match self {
            StateBackend::Sqlite => command.env_remove(FAZHI_DATABASE_URL),
            StateBackend::Postgres(url) => command.env(FAZHI_DATABASE_URL, url),
        }
    }
}
