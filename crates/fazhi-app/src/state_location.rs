//! Where a workspace's state is kept, and opening it there.

use std::path::{Path, PathBuf};

use fazhi_core::Workspace;
use fazhi_store::{OpenOptions, StateStore, Store, StoreError};

use crate::{AppError, SessionOptions};

/// Where a workspace's state is: its SQLite file (the default), or a schema of its own in a
/// county's PostgreSQL database (`storage: "postgres://…"` in `fazhi.ron`, or
/// [`SessionOptions::database`], which the CLI takes from `FAZHI_DATABASE_URL`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateLocation {
    /// A SQLite database file, evidence in `evidence/` beside it.
    Sqlite(PathBuf),
    /// A schema of a PostgreSQL database.
    Postgres {
        /// The database's address, as given.
        url: String,
        /// The town's schema.
        schema: String,
        /// The folder evidence copies are kept in (`evidence/` beside the SQLite file's place).
        evidence: PathBuf,
    },
}

impl StateLocation {
    /// Where `workspace` keeps its state when opened with `options`: the database of
    /// `options`, else the one `fazhi.ron` names, else the one of the county whose `county.ron`
    /// above names this folder ([`fazhi_core::CountyConfig::database_for`]), else its SQLite
    /// file. The schema is `fazhi.ron`'s `schema:`, else made from the folder's name
    /// ([`crate::schema_for`]).
    pub fn of(workspace: &Workspace, options: &SessionOptions) -> Result<StateLocation, AppError> {
        let config = &workspace.config;
        let database = match (options.sqlite, options.database.clone().or_else(|| config.database.clone())) {
            (true, _) => None,
            (false, Some(url)) => Some(url),
            (false, None) if !options.from_county => fazhi_core::CountyConfig::database_for(&workspace.root)?,
            (false, None) => None,
        };
        Ok(match database {
            None => StateLocation::Sqlite(config.storage.clone()),
            Some(url) => StateLocation::Postgres {
                url,
                schema: config.schema.clone().unwrap_or_else(|| {
                    crate::schema_for(&workspace.root.file_name().unwrap_or_default().to_string_lossy())
                }),
                evidence: folder_of(&config.storage).join("evidence"),
            },
        })
    }

    /// Opens the state to read and write (made, or migrated, if needed).
    pub fn open(&self, options: &OpenOptions) -> Result<Box<dyn StateStore>, StoreError> {
        match self {
            StateLocation::Sqlite(path) => Ok(Box::new(Store::open(path, options)?)),
            StateLocation::Postgres { url, schema, evidence } => open_postgres(url, schema, evidence, options),
        }
    }

    /// Opens the state only to read: a SQLite file as it is (see [`Store::open_read_only`]);
    /// a PostgreSQL schema by a connection of its own, which reads in read-only transactions.
    pub fn open_read_only(&self, options: &OpenOptions) -> Result<Box<dyn StateStore>, StoreError> {
        match self {
            StateLocation::Sqlite(path) => Ok(Box::new(Store::open_read_only(path, options)?)),
            StateLocation::Postgres { url, schema, evidence } => open_postgres(url, schema, evidence, options),
        }
    }
}

#[cfg(feature = "postgres")]
fn open_postgres(
    url: &str,
    schema: &str,
    evidence: &Path,
    options: &OpenOptions,
) -> Result<Box<dyn StateStore>, StoreError> {
    Ok(Box::new(fazhi_store::PgStore::open(url, schema, evidence, options)?))
}

#[cfg(not(feature = "postgres"))]
fn open_postgres(url: &str, _: &str, _: &Path, _: &OpenOptions) -> Result<Box<dyn StateStore>, StoreError> {
    let address = url.split_once('@').map_or(url, |(_, after)| after);
    Err(StoreError::Open { path: PathBuf::from(format!("postgres://…@{address}")), source: WITHOUT_POSTGRES.into() })
}

/// What a fazhi built without the cargo feature `postgres` says when asked for PostgreSQL.
#[cfg_attr(feature = "postgres", allow(dead_code))]
pub(crate) const WITHOUT_POSTGRES: &str =
    "this fazhi was built without PostgreSQL: build it with `cargo build --release -p fazhi-cli --features postgres`";

/// The folder holding `file` (`.` for a bare file name).
fn folder_of(file: &Path) -> &Path {
    file.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."))
}
