use std::path::PathBuf;

/// Why a path read from a workspace was refused: it leads out of the workspace's folder.
///
/// A workspace may come from someone else (a county template, a colleague's copy), so what its
/// files name is untrusted: fazhi reads only files inside it, whatever a symbolic link or a
/// `..` in a path says (see `docs/security.md`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutsideWorkspace {
    /// A symbolic link (the path itself or a folder on its way) leads out of the workspace.
    #[error("{}", link_message(path, link, target, real))]
    Link {
        /// The path as given (relative to the workspace root where possible).
        path: PathBuf,
        /// The symbolic link that leads out, relative to the workspace root.
        link: PathBuf,
        /// What the link says, as written in it.
        target: PathBuf,
        /// Where the path leads in the end.
        real: PathBuf,
    },
    /// The path itself names a place outside the workspace (absolute, or through `..`).
    #[error(
        "{} is outside the workspace (it leads to {}): fazhi reads only files inside the workspace",
        path.display(),
        real.display()
    )]
    Path {
        /// The path as given.
        path: PathBuf,
        /// Where it leads.
        real: PathBuf,
    },
    /// Symbolic links that never end (a loop), or too many of them.
    #[error("{}: too many levels of symbolic links", path.display())]
    Loop {
        /// The path as given.
        path: PathBuf,
    },
}

impl OutsideWorkspace {
    /// Where the path leads, when that is known (not for a loop).
    pub fn real(&self) -> Option<&std::path::Path> {
        match self {
            OutsideWorkspace::Link { real, .. } | OutsideWorkspace::Path { real, .. } => Some(real),
            OutsideWorkspace::Loop { .. } => None,
        }
    }
}

fn link_message(
    path: &std::path::Path,
    link: &std::path::Path,
    target: &std::path::Path,
    real: &std::path::Path,
) -> String {
    let reads = "fazhi reads only files inside the workspace";
    if path == link {
        if target == real {
            format!("{} is a symbolic link to {}, outside the workspace: {reads}", link.display(), target.display())
        } else {
            format!(
                "{} is a symbolic link to {} (that is {}), outside the workspace: {reads}",
                link.display(),
                target.display(),
                real.display()
            )
        }
    } else {
        format!(
            "{} leads to {}, outside the workspace, through the symbolic link {} → {}: {reads}",
            path.display(),
            real.display(),
            link.display(),
            target.display()
        )
    }
}
