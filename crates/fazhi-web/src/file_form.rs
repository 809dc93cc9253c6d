//! A form that hands in one file with some text fields (a dossier, a ledger file): the file
//! saved under a safe name in a folder of its own, refused over its size limit.

use axum::extract::multipart::{Multipart, MultipartError};
use axum::http::StatusCode;

use fazhi_store::Evidence;

use crate::upload::{save, text, SavedFile};
use crate::WebError;

/// The form as posted.
#[derive(Debug, Default)]
pub struct FileForm {
    /// The anti-forgery token.
    pub csrf: Option<String>,
    /// Its other text fields, as `(name, value)`.
    pub fields: Vec<(String, String)>,
    /// The file, if one was chosen.
    pub file: Option<SavedFile>,
}

impl FileForm {
    /// Reads the form; the file is the part named `file_field`. A file over `limit` bytes is
    /// [`WebError::TooLarge`], and nothing of it stays on disk.
    pub async fn read(mut multipart: Multipart, file_field: &str, limit: usize) -> Result<FileForm, WebError> {
        let limit_mb = u32::try_from(limit.div_ceil(1024 * 1024)).unwrap_or(u32::MAX);
        let error = |err: MultipartError| {
            if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
                WebError::TooLarge { limit_mb }
            } else {
                WebError::BadRequest(format!("表单格式有误：{}", err.body_text()))
            }
        };
        let mut form = FileForm::default();
        while let Some(field) = multipart.next_field().await.map_err(error)? {
            let name = field.name().unwrap_or_default().to_string();
            if name == file_field {
                let file_name = field.file_name().map(Evidence::safe_name).unwrap_or_default();
                form.file = save(field, &file_name, limit, limit_mb, error).await?;
            } else if name == "csrf" {
                form.csrf = Some(text(field, error).await?);
            } else {
                let value = text(field, error).await?;
                form.fields.push((name, value));
            }
        }
        Ok(form)
    }

    /// The value of text field `name` (empty when not sent).
    pub fn field(&self, name: &str) -> &str {
        self.fields.iter().find(|(key, _)| key == name).map_or("", |(_, value)| value.as_str())
    }
}
