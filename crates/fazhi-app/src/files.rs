//! Files named by a person (on the command line, in a form) and files a job writes.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use fazhi_core::Workspace;

use crate::AppError;

/// A file named on the command line: as given when it lies outside the workspace (the user's
/// own choice), but resolved and kept inside when it lies in it (a path in a received
/// workspace may be a symbolic link out of it, as any file the workspace names).
pub fn given_file(workspace: &Workspace, path: &Path) -> Result<PathBuf, AppError> {
    given_file_in(&workspace.root, path)
}

/// [`given_file`] for the workspace folder `root`.
pub fn given_file_in(root: &Path, path: &Path) -> Result<PathBuf, AppError> {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let real_root = fazhi_core::real_root(&root);
    if !absolute.starts_with(&root) && !absolute.starts_with(&real_root) {
        return Ok(path.to_path_buf());
    }
    fazhi_core::resolve_inside(&root, &absolute).map_err(|outside| AppError::bad_input(outside.to_string()))
}

/// Checks an evidence file before anything is changed: it exists and is a regular file (a
/// FIFO would block the copy, a device never end it); the store refuses the rest.
pub fn check_evidence(path: &Path) -> Result<(), AppError> {
    match std::fs::metadata(path) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            Err(AppError::bad_input(format!("evidence file {} does not exist", path.display())))
        }
        Err(err) => Err(AppError::bad_input(format!("cannot read the evidence file {}: {err}", path.display()))),
        Ok(metadata) if !metadata.is_file() => Err(AppError::bad_input(format!(
            "evidence file {} is not a regular file but {}: hand in the document itself",
            path.display(),
            fazhi_core::file_kind(&metadata.file_type())
        ))),
        Ok(_) => Ok(()),
    }
}

/// Writes `bytes` to `path` whole or not at all: into a new file beside it, then renamed over
/// it, so that a full disk or a killed process never leaves half a file (nor spoils the old
/// one). Something at `path` that is not a regular file (`/dev/stdout`, a FIFO) is written
/// directly; a symbolic link is written through, to the file it names.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), AppError> {
    let cannot = |err: std::io::Error| AppError::bad_input(format!("cannot write {}: {err}", path.display()));
    let target = match std::fs::metadata(path) {
        Ok(metadata) if !metadata.is_file() => {
            return std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .and_then(|mut file| file.write_all(bytes))
                .map_err(cannot);
        }
        Ok(_) => std::fs::canonicalize(path).map_err(cannot)?,
        Err(_) => path.to_path_buf(),
    };
    let name = target.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let folder = target.parent().filter(|folder| !folder.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::File::create_new(&temporary)
        .and_then(|mut file| file.write_all(bytes).and_then(|()| file.sync_all()))
        .and_then(|()| std::fs::rename(&temporary, &target));
    if let Err(err) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(cannot(err));
    }
    Ok(())
}
