use std::path::PathBuf;

use crate::Diagnostic;

/// Why a workspace could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    /// No `fazhi.ron` in the folder or any folder above it.
    #[error("{}", crate::tr!("no fazhi.ron in {} or any folder above it; create a workspace with `fazhi init DIR` or pass -C DIR", "{} 及其上级文件夹中都没有 fazhi.ron；请用 `fazhi init 文件夹` 新建工作区，或用 -C 指定", start.display()))]
    NotFound {
        /// Where the search started.
        start: PathBuf,
    },
    /// The workspace's files have problems; all of them are listed.
    #[error("the workspace has {} problem(s)", .0.len())]
    Invalid(Vec<Diagnostic>),
}
