//! Who is signed in: session cookies, their tokens, and the anti-forgery token of forms.

use axum::extract::FromRequestParts;
use axum::http::header::{COOKIE, LOCATION};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use fazhi_core::Person;
use sha2::{Digest, Sha256};

use crate::{links, Role, WebApp, WebError, SESSION_COOKIE};

/// The person a request comes from, found by the session cookie; a request without a live
/// session is sent to the sign-in page instead.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// The person, as in `org.ron`.
    pub person: Person,
    /// What they may do.
    pub role: Role,
    /// The anti-forgery token every form of theirs carries.
    pub csrf: String,
    /// The hash of their session's token.
    pub token_hash: String,
}

impl SignedIn {
    /// Refuses a form whose anti-forgery token is not this session's.
    pub fn check_csrf(&self, given: Option<&str>) -> Result<(), WebError> {
        match given {
            Some(given) if same(given, &self.csrf) => Ok(()),
            _ => Err(WebError::Csrf),
        }
    }
}

impl FromRequestParts<WebApp> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &WebApp) -> Result<Self, Self::Rejection> {
        // Back to the page asked for; after a form, to the dashboard (a form is not resent).
        let next = match parts.method {
            axum::http::Method::GET => parts.uri.path_and_query().map_or("/", |pq| pq.as_str()).to_string(),
            _ => "/".to_string(),
        };
        match signed_in(app, &parts.headers).await.map_err(IntoResponse::into_response)? {
            Some(user) => Ok(user),
            None => Err(to_login(&parts.headers, &next)),
        }
    }
}

/// The person whose live session the request's cookie names, if any.
pub async fn signed_in(app: &WebApp, headers: &HeaderMap) -> Result<Option<SignedIn>, WebError> {
    let Some(token) = cookie(headers, SESSION_COOKIE) else { return Ok(None) };
    let token_hash = token_hash(&token);
    let config = app.config().clone();
    let lookup = token_hash.clone();
    let found = app
        .read(move |view, store| {
            let Some(web) = store.web_session(&lookup, Utc::now()).map_err(fazhi_app::AppError::from)? else {
                return Ok(None);
            };
            Ok(view.person_by_id(&web.person).cloned().map(|person| (person, web.csrf_token)))
        })
        .await?;
    Ok(found.map(|(person, csrf)| {
        let role = Role::of(&person, &config);
        SignedIn { person, role, csrf, token_hash }
    }))
}

/// To the sign-in page, coming back to `next` afterwards: a redirect, or for htmx a header
/// that makes it load the page whole.
fn to_login(headers: &HeaderMap, next: &str) -> Response {
    let location = format!("/login{}", links::query(&[("next", next)]));
    let value = HeaderValue::from_str(&location).unwrap_or(HeaderValue::from_static("/login"));
    if headers.contains_key("hx-request") {
        return (StatusCode::UNAUTHORIZED, [("hx-redirect", value)]).into_response();
    }
    (StatusCode::SEE_OTHER, [(LOCATION, value)]).into_response()
}

/// The value of cookie `name`, if the request has it.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
        .filter(|value| !value.is_empty())
}

/// A new random token: 32 bytes from the operating system, as hex.
pub fn new_token() -> Result<String, WebError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|err| WebError::Internal(format!("no randomness: {err}")))?;
    Ok(hex::encode(bytes))
}

/// What the store keeps of a session token: its SHA-256.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, on every path, `Secure` when configured;
/// `max_age` 0 removes the cookie.
pub fn set_cookie(name: &str, value: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}");
    HeaderValue::from_str(&text).expect("cookie values are hex")
}

/// Compares two tokens in time that does not depend on where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

/// Where to go after signing in: a path of this site only (never another host).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(next) if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') => next.to_string(),
        _ => "/".to_string(),
    }
}
