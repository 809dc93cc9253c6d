//! Keeping what a workspace reads inside the workspace.
//!
//! Every file fazhi reads because a workspace names it (its definition files, rule scripts,
//! ledger files, dossiers, the report outline, a password file) is resolved here first:
//! [`resolve_inside`] follows every symbolic link on the way, as the operating system would,
//! and refuses a path that ends outside the workspace's folder.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};

use crate::OutsideWorkspace;

/// How many symbolic links one path may go through (as Linux's `MAXSYMLINKS`).
const MAX_LINKS: usize = 40;

/// One step of a path still to be resolved.
enum Step {
    /// The root folder (`/`), or a Windows prefix.
    Root(OsString),
    /// `..`
    Up,
    /// A name.
    Name(OsString),
}

fn steps(path: &Path) -> impl Iterator<Item = Step> + '_ {
    path.components().filter_map(|component| match component {
        Component::Prefix(prefix) => Some(Step::Root(prefix.as_os_str().to_os_string())),
        Component::RootDir => Some(Step::Root(std::path::MAIN_SEPARATOR_STR.into())),
        Component::CurDir => None,
        Component::ParentDir => Some(Step::Up),
        Component::Normal(name) => Some(Step::Name(name.to_os_string())),
    })
}

/// The real path of `root`, with every symbolic link resolved (`root` itself if it cannot be).
pub fn real_root(root: &Path) -> PathBuf {
    std::fs::canonicalize(root).unwrap_or_else(|_| std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf()))
}

/// Where `path` (relative to the workspace folder `root`, or absolute) really leads, every
/// symbolic link on the way followed; refused unless that is inside `root`. A path that does not
/// exist (or only partly) resolves as far as it exists and is checked the same way, so a
/// dangling link out of the workspace is refused too, and a missing file inside it is left for
/// the caller to report.
///
/// Links that stay inside the workspace are followed: `checklist/2024.ron → ../shared/2024.ron`
/// is fine. The error names the path as given and, for a link, the link and what it says.
pub fn resolve_inside(root: &Path, path: &Path) -> Result<PathBuf, OutsideWorkspace> {
    let real_root = real_root(root);
    let shown = shown(root, &real_root, path);
    let mut current = if path.is_absolute() { PathBuf::new() } else { real_root.clone() };
    let mut pending: VecDeque<Step> = steps(path).collect();
    let mut links = 0;
    // The first link inside the workspace that was followed, and what it says.
    let mut first_link: Option<(PathBuf, PathBuf)> = None;
    while let Some(step) = pending.pop_front() {
        match step {
            Step::Root(root) => current = PathBuf::from(root),
            Step::Up => {
                current.pop();
            }
            Step::Name(name) => {
                let next = current.join(&name);
                let is_link = std::fs::symlink_metadata(&next).is_ok_and(|m| m.file_type().is_symlink());
                let target = if is_link { std::fs::read_link(&next).ok() } else { None };
                match target {
                    Some(target) => {
                        links += 1;
                        if links > MAX_LINKS {
                            return Err(OutsideWorkspace::Loop { path: shown });
                        }
                        if first_link.is_none() && next.starts_with(&real_root) {
                            let link = next.strip_prefix(&real_root).unwrap_or(&next).to_path_buf();
                            first_link = Some((link, target.clone()));
                        }
                        // The link's own path goes on from its target, resolved from its folder.
                        let mut expanded: VecDeque<Step> = steps(&target).collect();
                        expanded.extend(pending.drain(..));
                        pending = expanded;
                    }
                    None => current = next,
                }
            }
        }
    }
    if current.starts_with(&real_root) {
        return Ok(current);
    }
    Err(match first_link {
        Some((link, target)) => OutsideWorkspace::Link { path: shown, link, target, real: current },
        None => OutsideWorkspace::Path { path: shown, real: current },
    })
}

/// Refuses anything at `path` but a regular file (following links), saying what it is; a path
/// that does not exist passes, for the caller's read to report.
pub(crate) fn regular_file(path: &Path) -> Result<(), String> {
    match std::fs::metadata(path) {
        Ok(metadata) if !metadata.is_file() => {
            Err(format!("cannot read the file: it is not a regular file but {}", file_kind(&metadata.file_type())))
        }
        _ => Ok(()),
    }
}

/// What a file that is not a regular file is, in words.
pub fn file_kind(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        } else if file_type.is_socket() {
            return "a socket";
        } else if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

/// `path` as shown in messages: relative to the workspace root when it lies under it.
fn shown(root: &Path, real_root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).or_else(|_| path.strip_prefix(real_root)).unwrap_or(path).to_path_buf()
}

// Symbolic links and modes as Unix has them.
#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::symlink;

    use super::*;

    #[test]
    fn paths_inside_resolve_and_paths_outside_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("ws");
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(root.join("ledger")).unwrap();
        std::fs::create_dir_all(root.join("shared")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("secret"), "x").unwrap();
        std::fs::write(root.join("shared/a.csv"), "x").unwrap();
        let real = real_root(&root);

        // Plain files, missing ones and links that stay inside.
        assert_eq!(resolve_inside(&root, Path::new("ledger/none.csv")).unwrap(), real.join("ledger/none.csv"));
        symlink("../shared/a.csv", root.join("ledger/a.csv")).unwrap();
        assert_eq!(resolve_inside(&root, Path::new("ledger/a.csv")).unwrap(), real.join("shared/a.csv"));
        symlink(real.join("shared"), root.join("linked")).unwrap();
        assert_eq!(resolve_inside(&root, Path::new("linked/a.csv")).unwrap(), real.join("shared/a.csv"));
        assert_eq!(resolve_inside(&root, &root.join("shared/a.csv")).unwrap(), real.join("shared/a.csv"));

        // A link to a file outside, a dangling one, a folder outside, `..` and an absolute path.
        symlink(outside.join("secret"), root.join("ledger/sh.csv")).unwrap();
        match resolve_inside(&root, Path::new("ledger/sh.csv")).unwrap_err() {
            OutsideWorkspace::Link { path, link, target, .. } => {
                assert_eq!(path, Path::new("ledger/sh.csv"));
                assert_eq!(link, Path::new("ledger/sh.csv"));
                assert_eq!(target, outside.join("secret"));
            }
            other => panic!("{other:?}"),
        }
        symlink("/nonexistent/fazhi", root.join("ledger/gone.csv")).unwrap();
        assert!(matches!(resolve_inside(&root, Path::new("ledger/gone.csv")), Err(OutsideWorkspace::Link { .. })));
        symlink(&outside, root.join("rules")).unwrap();
        let err = resolve_inside(&root, Path::new("rules/secret")).unwrap_err();
        assert!(matches!(&err, OutsideWorkspace::Link { link, .. } if link == Path::new("rules")), "{err:?}");
        assert!(err.to_string().contains("through the symbolic link rules →"), "{err}");
        assert!(matches!(resolve_inside(&root, Path::new("../outside/secret")), Err(OutsideWorkspace::Path { .. })));
        assert!(matches!(resolve_inside(&root, Path::new("/etc/passwd")), Err(OutsideWorkspace::Path { .. })));
        // Out of the workspace and back in through `..` is inside.
        assert!(resolve_inside(&root, Path::new("ledger/../../ws/shared/a.csv")).is_ok());

        // A loop.
        symlink("loop-b", root.join("loop-a")).unwrap();
        symlink("loop-a", root.join("loop-b")).unwrap();
        assert!(matches!(resolve_inside(&root, Path::new("loop-a")), Err(OutsideWorkspace::Loop { .. })));
    }
}
