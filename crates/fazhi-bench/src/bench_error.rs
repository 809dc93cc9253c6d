use std::path::PathBuf;

/// What can go wrong while generating a workspace or running the benchmarks.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// A file could not be written or read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The spec cannot be generated (e.g. a year outside the shipped calendar).
    #[error("invalid spec: {0}")]
    Spec(String),
    /// The stock rule pack (for the ledger kinds) did not load.
    #[error("the stock rule pack: {0}")]
    Rules(#[from] fazhi_rules::RulesError),
    /// The generated workspace does not load: a bug of the generator.
    #[error("the generated workspace does not load: {0}")]
    Workspace(#[from] fazhi_core::WorkspaceError),
    /// An in-process benchmark failed.
    #[error("{0}")]
    InProcess(String),
    /// A query of a SQLite state failed.
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A query of the PostgreSQL server failed.
    #[error("PostgreSQL: {0}")]
    Postgres(#[from] postgres::Error),
    /// A command failed.
    #[error("{command}: {message}")]
    Command {
        /// The command line.
        command: String,
        /// What happened.
        message: String,
    },
}

impl BenchError {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> BenchError {
        let path = path.into();
        move |source| BenchError::Io { path, source }
    }
}
