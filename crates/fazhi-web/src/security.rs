//! The headers every answer carries.

use axum::extract::Request;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

/// Scripts, styles, images and fonts only from this site (no inline script, no `eval`), forms
/// posted only here, and no framing.
pub const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; \
     frame-ancestors 'none'";

/// Adds the security headers; pages (not assets) are not kept in any cache.
pub async fn headers(request: Request, next: Next) -> Response {
    let is_asset = request.uri().path().starts_with("/assets/");
    let from_htmx = request.headers().contains_key("hx-request");
    let mut response = next.run(request).await;
    let status = response.status();
    let headers = response.headers_mut();
    // An error page asked for by htmx (a refused button) replaces the page's main part: the
    // fragment the form expected is not in it. A refused change (422) is the task's page itself.
    if from_htmx && status.is_client_error() && status != axum::http::StatusCode::UNPROCESSABLE_ENTITY {
        headers.insert("hx-retarget", HeaderValue::from_static("#main"));
        headers.insert("hx-reselect", HeaderValue::from_static("#main"));
        headers.insert("hx-reswap", HeaderValue::from_static("outerHTML"));
    }
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY_VALUE));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    if !is_asset {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
