//! Moving a town's state from its SQLite file to a county's PostgreSQL server.

use fazhi_store::AuditHead;
use serde::Serialize;

/// What [`crate::Session::move_to_postgres`] did: the rows and evidence files copied, the
/// audit heads of the state and of its copy (the same when the move is whole), and every
/// problem `audit verify` finds on the copy (none).
#[derive(Debug, Clone, Serialize)]
pub struct TownMove {
    /// The schema the town's state was copied into.
    pub schema: String,
    /// Where the copy is: the server and database, without a password.
    pub database: String,
    /// Rows copied, all tables together.
    pub rows: u64,
    /// Evidence files copied.
    pub evidence_files: u64,
    /// The head of the SQLite state's audit log.
    pub source_head: AuditHead,
    /// The head of the copy's audit log.
    pub copy_head: AuditHead,
    /// What `audit verify` finds on the copy: its hash chain, its triggers, its task states.
    pub problems: Vec<String>,
}

impl TownMove {
    /// Whether the copy verifies and ends at the state's head.
    pub fn is_whole(&self) -> bool {
        self.problems.is_empty() && self.source_head == self.copy_head
    }
}

/// A schema name for a workspace folder's name: lower-case ASCII letters, digits and `_`
/// (anything else becomes `_`), starting with a letter (`town_` put before one that does
/// not), at most 63 bytes.
pub fn schema_for(folder: &str) -> String {
    let mut name: String =
        folder.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    if !name.starts_with(|c: char| c.is_ascii_lowercase()) || name.starts_with("pg_") {
        name = format!("town_{name}");
    }
    name.truncate(63);
    name
}

impl crate::Session {
    /// Copies this town's SQLite state, audit log and evidence included, into the schema
    /// `schema` of the PostgreSQL database at `url` (see [`fazhi_store::migrate_to_postgres`]),
    /// then verifies the copy as `fazhi audit verify` does and reads both heads. The SQLite state
    /// is only read. A fazhi built without the cargo feature `postgres` says so.
    pub fn move_to_postgres(&self, url: &str, schema: &str) -> Result<TownMove, crate::AppError> {
        #[cfg(feature = "postgres")]
        {
            use fazhi_store::prelude::*;
            let options = fazhi_store::OpenOptions { busy_timeout: self.workspace.config.busy_timeout };
            let evidence = self.store.evidence_folder();
            let sqlite = self.store.sqlite().ok_or_else(|| {
                crate::AppError::bad_input(format!(
                    "the state of this workspace is on PostgreSQL already ({})",
                    self.store.location().display()
                ))
            })?;
            let (copy, copied) = fazhi_store::migrate_to_postgres(sqlite, url, schema, &evidence, &options)?;
            let mut problems: Vec<String> = copy.verify_audit()?.iter().map(ToString::to_string).collect();
            problems.extend(copy.verify_state()?.iter().map(ToString::to_string));
            Ok(TownMove {
                schema: schema.to_string(),
                database: copy.location().display().to_string(),
                rows: copied.rows,
                evidence_files: copied.evidence_files,
                source_head: self.store.audit_head()?,
                copy_head: copy.audit_head()?,
                problems,
            })
        }
        #[cfg(not(feature = "postgres"))]
        {
            let _ = (url, schema);
            Err(crate::AppError::bad_input(crate::state_location::WITHOUT_POSTGRES))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::schema_for;

    #[test]
    fn folder_names_become_schema_names() {
        assert_eq!(schema_for("wangtuan-2024"), "wangtuan_2024");
        assert_eq!(schema_for("2024"), "town_2024");
        assert_eq!(schema_for("望疃镇"), "town____");
        assert_eq!(schema_for(&"a".repeat(80)).len(), 63);
    }
}
