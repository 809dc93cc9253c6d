//! The forms that change a task: multipart, with an optional evidence file kept under a safe
//! name and refused over the size limit.

use std::io::Write;
use std::path::PathBuf;

use axum::extract::multipart::{Field, Multipart, MultipartError};
use axum::http::StatusCode;

use fazhi_store::Evidence;

use crate::WebError;

/// A task form as posted.
#[derive(Debug, Default)]
pub struct ChangeForm {
    /// The anti-forgery token.
    pub csrf: Option<String>,
    /// The note, if one was written.
    pub note: Option<String>,
    /// The evidence file, saved in a folder of its own that goes away with the form.
    pub evidence: Option<SavedFile>,
}

/// An uploaded file saved under a safe name.
#[derive(Debug)]
pub struct SavedFile {
    /// The file.
    pub path: PathBuf,
    _folder: tempfile::TempDir,
}

/// The longest note accepted, in bytes.
pub(crate) const MAX_TEXT_BYTES: usize = 64 * 1024;

impl ChangeForm {
    /// Reads the form; a file over `limit` bytes (or a body over axum's limit) is
    /// [`WebError::TooLarge`], and nothing of it stays on disk.
    pub async fn read(mut multipart: Multipart, limit: usize) -> Result<ChangeForm, WebError> {
        let limit_mb = u32::try_from(limit / (1024 * 1024)).unwrap_or(u32::MAX);
        let too_large = |err: MultipartError| {
            if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
                WebError::TooLarge { limit_mb }
            } else {
                WebError::BadRequest(format!("表单格式有误：{}", err.body_text()))
            }
        };
        let mut form = ChangeForm::default();
        while let Some(field) = multipart.next_field().await.map_err(too_large)? {
            match field.name().unwrap_or_default() {
                "csrf" => form.csrf = Some(text(field, too_large).await?),
                "note" => form.note = Some(text(field, too_large).await?).filter(|note| !note.trim().is_empty()),
                "evidence" => {
                    let name = field.file_name().map(Evidence::safe_name).unwrap_or_default();
                    form.evidence = save(field, &name, limit, limit_mb, too_large).await?;
                }
                _ => {}
            }
        }
        Ok(form)
    }
}

pub(crate) async fn text(field: Field<'_>, error: impl Fn(MultipartError) -> WebError) -> Result<String, WebError> {
    let text = field.text().await.map_err(error)?;
    if text.len() > MAX_TEXT_BYTES {
        return Err(WebError::BadRequest("说明过长（至多 64 KiB）".to_string()));
    }
    Ok(text)
}

/// Saves the file of `field` as `name` in a new temporary folder; `None` when no file was
/// chosen (an empty part without a name).
pub(crate) async fn save(
    mut field: Field<'_>,
    name: &str,
    limit: usize,
    limit_mb: u32,
    error: impl Fn(MultipartError) -> WebError,
) -> Result<Option<SavedFile>, WebError> {
    let internal = |err: std::io::Error| WebError::Internal(format!("cannot save an upload: {err}"));
    let folder = tempfile::Builder::new().prefix("fazhi-upload-").tempdir().map_err(internal)?;
    let name = if name.is_empty() { "证据文件".to_string() } else { name.to_string() };
    let path = folder.path().join(&name);
    let mut file = std::fs::File::create(&path).map_err(internal)?;
    let mut size = 0usize;
    while let Some(chunk) = field.chunk().await.map_err(&error)? {
        size += chunk.len();
        if size > limit {
            return Err(WebError::TooLarge { limit_mb });
        }
        file.write_all(&chunk).map_err(internal)?;
    }
    file.sync_all().map_err(internal)?;
    if size == 0 && field.file_name().is_none_or(str::is_empty) {
        return Ok(None);
    }
    Ok(Some(SavedFile { path, _folder: folder }))
}
