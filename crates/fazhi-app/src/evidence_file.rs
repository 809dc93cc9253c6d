use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use fazhi_store::Evidence;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{find_task, AppError, Session};

/// An evidence file of a task, written out under its original name by
/// [`Session::export_evidence`].
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceFile {
    /// Where it was written.
    pub path: PathBuf,
    /// The name it was handed in with, as kept.
    pub file_name: String,
    /// Its media type (kept with it, or guessed from its name for older evidence).
    pub media_type: String,
    /// The SHA-256 digest of its content, lower-case hex.
    pub sha256: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// The status change it was handed in with (its number).
    pub change: i64,
}

impl Session {
    /// Writes every evidence file of the checklist task `task` into `folder` (made when it is
    /// missing) under the name it was handed in with ([`Evidence::download_name`]), a name
    /// used twice getting `-2`, `-3`, … before its extension. Each copy is read and checked
    /// against its digest first: a missing or changed copy is [`AppError::Failed`] and nothing
    /// is written. A file already at a target is refused ([`AppError::BadInput`]: nothing is
    /// overwritten, nothing written); no file is written anywhere but directly in `folder`.
    pub fn export_evidence(&self, task: &str, folder: &Path) -> Result<Vec<EvidenceFile>, AppError> {
        let items = self.duty_items()?;
        let item = find_task(&items, task)?;
        let mut seen = BTreeSet::new();
        let mut kept: Vec<(i64, Evidence)> = Vec::new();
        for record in self.store().changes(&item.id)? {
            if let Some(evidence) = record.change.evidence {
                if seen.insert((evidence.sha256.clone(), evidence.file_name.clone())) {
                    kept.push((record.seq, evidence));
                }
            }
        }
        if kept.is_empty() {
            return Ok(Vec::new());
        }
        if let Ok(metadata) = std::fs::metadata(folder) {
            if !metadata.is_dir() {
                return Err(AppError::bad_input(format!("-o {}: not a folder", folder.display())));
            }
        }
        let mut names = BTreeSet::new();
        let mut planned = Vec::new();
        for (change, evidence) in kept {
            let name = unused_name(&evidence.download_name(), &mut names);
            let copy = self.store().evidence_folder().join(&evidence.sha256);
            let bytes = std::fs::read(&copy).map_err(|err| AppError::Failed {
                message: format!(
                    "the kept copy of {} ({}) cannot be read: {err}; `fazhi audit verify` checks the state",
                    evidence.file_name,
                    copy.display()
                ),
            })?;
            if hex::encode(Sha256::digest(&bytes)) != evidence.sha256 {
                return Err(AppError::Failed {
                    message: format!(
                        "the kept copy of {} ({}) does not match its SHA-256 {}: it was changed after it was handed in",
                        evidence.file_name,
                        copy.display(),
                        evidence.sha256
                    ),
                });
            }
            let path = folder.join(&name);
            // Only a plain name, so the file lands directly in the folder.
            debug_assert_eq!(Path::new(&name).components().count(), 1);
            if std::fs::symlink_metadata(&path).is_ok() {
                return Err(AppError::bad_input(format!(
                    "{} exists: fazhi does not overwrite files; choose another folder with -o",
                    path.display()
                )));
            }
            let file = EvidenceFile {
                path,
                file_name: evidence.file_name.clone(),
                media_type: evidence.media_type_or_guess().to_string(),
                sha256: evidence.sha256.clone(),
                bytes: bytes.len() as u64,
                change,
            };
            planned.push((file, bytes));
        }
        std::fs::create_dir_all(folder)
            .map_err(|err| AppError::bad_input(format!("cannot make the folder {}: {err}", folder.display())))?;
        let mut written: Vec<EvidenceFile> = Vec::new();
        for (file, bytes) in planned {
            // `create_new` refuses anything already there, a symbolic link included.
            let result =
                std::fs::OpenOptions::new().write(true).create_new(true).open(&file.path).and_then(|mut out| {
                    let wrote = out.write_all(&bytes).and_then(|()| out.sync_all());
                    if wrote.is_err() {
                        let _ = std::fs::remove_file(&file.path);
                    }
                    wrote
                });
            if let Err(err) = result {
                for done in &written {
                    let _ = std::fs::remove_file(&done.path);
                }
                return Err(AppError::bad_input(format!("cannot write {}: {err}", file.path.display())));
            }
            written.push(file);
        }
        Ok(written)
    }
}

/// `name`, or `name` with `-2`, `-3`, … before its extension when `taken` has it already
/// (compared without case, as Windows and macOS file systems do); the result is taken.
fn unused_name(name: &str, taken: &mut BTreeSet<String>) -> String {
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => (stem, format!(".{extension}")),
        _ => (name, String::new()),
    };
    let mut candidate = name.to_string();
    let mut n = 1;
    while !taken.insert(candidate.to_lowercase()) {
        n += 1;
        candidate = format!("{stem}-{n}{extension}");
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::unused_name;

    #[test]
    fn a_name_used_twice_gets_a_number() {
        let mut taken = Default::default();
        assert_eq!(unused_name("签到表.pdf", &mut taken), "签到表.pdf");
        assert_eq!(unused_name("签到表.pdf", &mut taken), "签到表-2.pdf");
        assert_eq!(unused_name("签到表.PDF", &mut taken), "签到表-3.PDF");
        assert_eq!(unused_name("README", &mut taken), "README");
        assert_eq!(unused_name("readme", &mut taken), "readme-2");
    }
}
