//! Where an SMTP password file may be.
//!
//! `fazhi.ron` names the file (`mail: (password_file: …)`), and a received workspace's
//! `fazhi.ron` is untrusted: `password_file: "/etc/shadow"` would otherwise send that file as the
//! password. So a file named there must be inside the workspace or in the user's own
//! configuration folder, a regular file, and readable by its owner only. A file the user names
//! with the environment variable [`PASSWORD_FILE_VARIABLE`] is the user's own choice and is not
//! restricted by place.

use std::path::{Path, PathBuf};

use crate::{real_root, resolve_inside};

/// The environment variable naming a file that holds the SMTP password (the user's choice, so
/// any regular file).
pub const PASSWORD_FILE_VARIABLE: &str = "FAZHI_SMTP_PASSWORD_FILE";

/// The user's configuration folder for fazhi: `$XDG_CONFIG_HOME/fazhi`, else
/// `$HOME/.config/fazhi`; `None` without either variable.
pub fn config_folder() -> Option<PathBuf> {
    let absolute = |value: std::ffi::OsString| Some(PathBuf::from(value)).filter(|path| path.is_absolute());
    if let Some(base) = std::env::var_os("XDG_CONFIG_HOME").and_then(absolute) {
        return Some(base.join("fazhi"));
    }
    std::env::var_os("HOME").and_then(absolute).map(|home| home.join(".config").join("fazhi"))
}

/// Checks the password file `path` that `fazhi.ron` of the workspace at `root` names (relative
/// to `root`, or absolute) and returns where it really is: it must resolve inside the workspace
/// or inside [`config_folder`], and, if it exists, be a regular file that neither its group nor
/// others may read or write (mode `& 0o077 == 0`). A file that does not exist yet passes (sending
/// reports it). The error is one sentence saying what to do.
pub fn check_password_file(root: &Path, path: &Path) -> Result<PathBuf, String> {
    let real = match resolve_inside(root, path) {
        Ok(real) => real,
        Err(outside) => {
            let config = config_folder();
            match (outside.real(), &config) {
                (Some(real), Some(config)) if real.starts_with(real_root(config)) => real.to_path_buf(),
                _ => {
                    let config = config.map_or("~/.config/fazhi".to_string(), |c| c.display().to_string());
                    return Err(format!(
                        "password_file \"{}\" is refused: {outside}; keep the password file in the workspace or in \
                         your configuration folder {config}, or name it with the environment variable \
                         {PASSWORD_FILE_VARIABLE}",
                        path.display()
                    ));
                }
            }
        }
    };
    check_private_file(&real).map_err(|problem| format!("password_file \"{}\" {problem}", path.display()))?;
    Ok(real)
}

/// Refuses anything at `path` but a regular file its owner alone may read (as [`check_password_file`]
/// wants it): the reason, to follow the file's name. A missing file passes.
pub fn check_private_file(path: &Path) -> Result<(), String> {
    let Ok(metadata) = std::fs::metadata(path) else { return Ok(()) };
    if !metadata.is_file() {
        return Err(format!("is not a regular file but {}", crate::file_kind(&metadata.file_type())));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = metadata.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(format!(
                "may be read by others (mode {mode:04o}): make it readable by its owner only, e.g. chmod 600 {}",
                path.display()
            ));
        }
    }
    Ok(())
}

// Symbolic links and modes as Unix has them.
#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::{symlink, PermissionsExt};

    use super::*;

    #[test]
    fn only_private_files_in_the_workspace_pass() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let file = root.join("smtp-password");
        std::fs::write(&file, "pw\n").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(
            check_password_file(root, Path::new("smtp-password")).unwrap(),
            real_root(root).join("smtp-password")
        );
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = check_password_file(root, Path::new("smtp-password")).unwrap_err();
        assert!(err.contains("mode 0644"), "{err}");
        assert!(check_password_file(root, Path::new("missing")).is_ok());
        let err = check_password_file(root, Path::new("/etc/shadow")).unwrap_err();
        assert!(err.contains("/etc/shadow") && err.contains(PASSWORD_FILE_VARIABLE), "{err}");
        symlink("/etc/shadow", root.join("linked")).unwrap();
        assert!(check_password_file(root, Path::new("linked")).unwrap_err().contains("symbolic link"));
        std::fs::create_dir(root.join("folder")).unwrap();
        assert!(check_password_file(root, Path::new("folder")).unwrap_err().contains("not a regular file"));
    }
}
