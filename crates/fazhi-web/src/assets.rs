//! The files the pages load, compiled into the binary: the page works with no internet.

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use crate::WebError;

/// htmx 2.0.11 (minified, from the npm package `htmx.org`; Zero-Clause BSD, see
/// `assets/htmx-LICENSE.txt`).
pub const HTMX: &[u8] = include_bytes!("../assets/htmx-2.0.11.min.js");
/// The one style sheet.
pub const CSS: &[u8] = include_bytes!("../assets/fazhi.css");
/// The page's own script (the print button).
pub const SCRIPT: &[u8] = include_bytes!("../assets/fazhi.js");
/// The icon.
pub const FAVICON: &[u8] = include_bytes!("../assets/favicon.svg");

/// The asset `name` (`/assets/NAME`), cached for a day.
pub async fn serve(Path(name): Path<String>) -> Result<Response, WebError> {
    let (body, kind) = match name.as_str() {
        "htmx.min.js" => (HTMX, "text/javascript; charset=utf-8"),
        "fazhi.js" => (SCRIPT, "text/javascript; charset=utf-8"),
        "fazhi.css" => (CSS, "text/css; charset=utf-8"),
        "favicon.svg" => (FAVICON, "image/svg+xml"),
        _ => return Err(WebError::NotFound),
    };
    Ok(([(CONTENT_TYPE, kind), (CACHE_CONTROL, "public, max-age=86400")], body).into_response())
}
