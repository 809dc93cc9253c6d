//! How values are written as text in the database, and read back.

use std::path::Path;

use chrono::NaiveDateTime;
use fazhi_core::Status;

use crate::StoreError;

/// How times are stored: ISO 8601 local time, fractional seconds only when there are any.
pub(crate) const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.f";

pub(crate) fn parse_status(path: &Path, item: &str, text: &str) -> Result<Status, StoreError> {
    text.parse().map_err(|_| StoreError::corrupt(path, format!("item \"{item}\" has the status `{text}`")))
}

pub(crate) fn parse_time(path: &Path, text: &str) -> Result<NaiveDateTime, StoreError> {
    // What fazhi writes, whole seconds: read without chrono's format machinery.
    if text.len() == 19 && text.as_bytes()[10] == b'T' {
        if let Ok(time) = fazhi_core::parse_date_time(text) {
            return Ok(time);
        }
    }
    NaiveDateTime::parse_from_str(text, TIME_FORMAT)
        .map_err(|_| StoreError::corrupt(path, format!("`{text}` is not a time fazhi writes")))
}
