//! The certificate file of an office's own certificate authority (`mail: (ca_file: …)`).
//!
//! An office relay often presents a certificate its own CA issued, which no public root list
//! holds. `ca_file` names a PEM file whose certificates are trusted beside the public roots for
//! the connection to the SMTP server. The file is public material (never sent anywhere, only
//! read as certificates), so it may be anywhere, e.g. `/usr/local/share/ca-certificates/`; as a
//! received workspace's `fazhi.ron` is untrusted, it must be a regular file of a sane size
//! holding at least one PEM certificate, so that `/dev/zero` or a folder cannot be named.

use std::path::{Path, PathBuf};

/// The largest CA file read: a bundle of a few hundred certificates.
pub const CA_FILE_LIMIT: u64 = 1024 * 1024;

/// Checks the CA file `path` that `fazhi.ron` of the workspace at `root` names (relative to
/// `root`, or absolute) and returns its absolute path: a regular file of at most
/// [`CA_FILE_LIMIT`] bytes with a `-----BEGIN CERTIFICATE-----` block. The error is one
/// sentence saying what is wrong.
pub fn check_ca_file(root: &Path, path: &Path) -> Result<PathBuf, String> {
    let full = if path.is_absolute() { path.to_path_buf() } else { root.join(path) };
    let shown = path.display();
    let metadata = std::fs::metadata(&full).map_err(|err| format!("ca_file \"{shown}\" cannot be read: {}", err))?;
    if !metadata.is_file() {
        return Err(format!(
            "ca_file \"{shown}\" is not a regular file but {}",
            crate::file_kind(&metadata.file_type())
        ));
    }
    if metadata.len() > CA_FILE_LIMIT {
        return Err(format!(
            "ca_file \"{shown}\" is {} bytes, more than a certificate file holds (at most {CA_FILE_LIMIT})",
            metadata.len()
        ));
    }
    let bytes = std::fs::read(&full).map_err(|err| format!("ca_file \"{shown}\" cannot be read: {}", err))?;
    if !bytes.windows(CERTIFICATE_BEGIN.len()).any(|window| window == CERTIFICATE_BEGIN) {
        return Err(format!(
            "ca_file \"{shown}\" holds no PEM certificate (a block beginning with -----BEGIN CERTIFICATE-----)"
        ));
    }
    Ok(full)
}

const CERTIFICATE_BEGIN: &[u8] = b"-----BEGIN CERTIFICATE-----";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_pem_certificate_file_passes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("ca.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n").unwrap();
        assert_eq!(check_ca_file(root, Path::new("ca.pem")).unwrap(), root.join("ca.pem"));
        std::fs::write(root.join("key.pem"), "-----BEGIN PRIVATE KEY-----\n").unwrap();
        assert!(check_ca_file(root, Path::new("key.pem")).unwrap_err().contains("no PEM certificate"));
        assert!(check_ca_file(root, Path::new("missing.pem")).unwrap_err().contains("cannot be read"));
        assert!(check_ca_file(root, Path::new("/dev/zero")).unwrap_err().contains("not a regular file"));
        assert!(check_ca_file(root, Path::new(".")).unwrap_err().contains("not a regular file"));
    }
}
