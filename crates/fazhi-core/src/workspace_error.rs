use std::path::PathBuf;

use crate::Diagnostic;

/// Why a workspace could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    /// No `fazhi.ron` in the folder or any folder above it.
    #[error("no fazhi.ron in {} or any folder above it; create a workspace with `fazhi init DIR` or pass -C DIR", start.display())]
    NotFound {
        /// Where the search started.
        start: PathBuf,
    },
    /// The workspace's files have problems; all of them are listed.
    #[error("the workspace has {} problem(s)", .0.len())]
    Invalid(Vec<Diagnostic>),
}
