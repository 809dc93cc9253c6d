use std::path::{Path, PathBuf};

use fazhi_core::{LedgerKind, Workspace};
use fazhi_ledger::ReadOptions;
use fazhi_rules::RulePack;
use sha2::{Digest, Sha256};

use crate::AppError;

/// A ledger file to import: its kind, where it is and how it is shown, its sha256 (how an
/// import recognises a file imported before), how to read it.
#[derive(Debug, Clone)]
pub struct LedgerSource {
    /// The kind's id.
    pub kind: String,
    /// The file.
    pub file: PathBuf,
    /// The file as shown and recorded: relative to the workspace when inside it.
    pub shown: PathBuf,
    /// The sha256 of its bytes, hex.
    pub sha256: String,
    /// The sheet and column mapping.
    pub options: ReadOptions,
    /// Whether the file is the workspace's own org.ron, whose rows are made from its people
    /// and their certificates (the officers' roster, [`crate::org_roster`]) when it is imported,
    /// rather than read as a table.
    pub from_org: bool,
}

impl LedgerSource {
    /// The file `file` of `workspace` read as the kind named `kind` (its id or name) of
    /// `pack`; refused when the kind is unknown or the file is not a regular file that can be
    /// read. The workspace's own org.ron (shown as `org.ron`) gives the officers' roster of its
    /// people and their certificates ([`crate::org_roster`]).
    pub fn new(
        workspace: &Workspace,
        pack: &RulePack,
        kind: &str,
        file: PathBuf,
        shown: PathBuf,
        options: ReadOptions,
    ) -> Result<LedgerSource, AppError> {
        let kind = find_kind(pack, kind)?;
        let sha256 = file_sha256(&file, &shown)?;
        let from_org = crate::org_roster::is_org_ron(workspace, &file);
        Ok(LedgerSource { kind: kind.id.clone(), file, shown, sha256, options, from_org })
    }

    /// The file at `file` as shown for `workspace`: relative to its root when inside it.
    pub fn shown_path(workspace: &Workspace, file: &Path) -> PathBuf {
        let absolute = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
        let root = std::fs::canonicalize(&workspace.root).unwrap_or_else(|_| workspace.root.clone());
        absolute.strip_prefix(&root).map(Path::to_path_buf).unwrap_or(absolute)
    }
}

/// The ledger kind with id or name `id` among the modules of `pack`.
pub fn find_kind<'a>(pack: &'a RulePack, id: &str) -> Result<&'a LedgerKind, AppError> {
    let kinds: Vec<&LedgerKind> = pack.modules().iter().flat_map(|module| &module.ledger_kinds).collect();
    kinds.iter().copied().find(|kind| kind.id == id || kind.name == id).ok_or_else(|| {
        let known: Vec<String> = kinds.iter().map(|kind| format!("{} ({})", kind.id, kind.name)).collect();
        AppError::bad_input(format!("unknown ledger kind \"{id}\" (kinds: {})", known.join(", ")))
    })
}

/// The sha256 of a file's bytes (hex).
fn file_sha256(file: &Path, shown: &Path) -> Result<String, AppError> {
    regular_file(file, shown).map_err(AppError::bad_input)?;
    let bytes =
        std::fs::read(file).map_err(|err| AppError::bad_input(format!("cannot read {}: {err}", shown.display())))?;
    Ok(hex::encode(Sha256::digest(&bytes)))
}

/// Refuses a ledger file that is not a regular file (a FIFO would block the import forever
/// on opening it, a device would be read without end), before opening it.
pub(crate) fn regular_file(file: &Path, shown: &Path) -> Result<(), String> {
    let metadata = std::fs::metadata(file).map_err(|err| format!("cannot read {}: {err}", shown.display()))?;
    if metadata.is_file() {
        return Ok(());
    }
    let what = if metadata.is_dir() { "a folder" } else { file_type_name(&metadata.file_type()) };
    Err(format!("cannot read {}: it is not a regular file but {what}", shown.display()))
}

#[cfg(unix)]
fn file_type_name(file_type: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        "a FIFO (named pipe)"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_char_device() || file_type.is_block_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn file_type_name(_: &std::fs::FileType) -> &'static str {
    "a special file"
}
