//! Who is signed in: session cookies, their tokens, and the anti-forgery token of forms.

use axum::extract::FromRequestParts;
use axum::http::header::{COOKIE, LOCATION};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use fazhi_core::Person;
use sha2::{Digest, Sha256};

use crate::{links, Mount, Role, WebApp, WebError};

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
    /// Where the pages they are on are.
    pub site: Mount,
    /// Where they signed in: these pages, or on a county's server the county office's.
    pub signed_in_at: Mount,
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
            axum::http::Method::GET => app.link(parts.uri.path_and_query().map_or("/", |pq| pq.as_str())),
            _ => app.mount().home(),
        };
        match signed_in(app, &parts.headers).await.map_err(IntoResponse::into_response)? {
            Some(user) => Ok(user),
            None => Err(to_login(app, &parts.headers, &next)),
        }
    }
}

/// The person whose live session the request's cookie names, if any: a session of these
/// pages, or on a county's server one of the county office's, whose people read every town
/// ([`Role::County`]).
pub async fn signed_in(app: &WebApp, headers: &HeaderMap) -> Result<Option<SignedIn>, WebError> {
    if let Some(user) = own_session(app, headers).await? {
        return Ok(Some(user));
    }
    let Some(office) = app.office() else { return Ok(None) };
    Ok(own_session(office, headers).await?.map(|user| SignedIn {
        role: Role::County,
        site: app.mount().clone(),
        ..user
    }))
}

/// The person whose live session of `app` the request's cookie names, if any.
async fn own_session(app: &WebApp, headers: &HeaderMap) -> Result<Option<SignedIn>, WebError> {
    let Some(token) = cookie(headers, &app.mount().session_cookie()) else { return Ok(None) };
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
    let mount = app.mount();
    Ok(found.map(|(person, csrf)| {
        let role = Role::of(&person, &config);
        SignedIn { person, role, csrf, token_hash, site: mount.clone(), signed_in_at: mount.clone() }
    }))
}

/// To the sign-in page, coming back to `next` afterwards: a redirect, or for htmx a header
/// that makes it load the page whole.
fn to_login(app: &WebApp, headers: &HeaderMap, next: &str) -> Response {
    let location = format!("{}{}", app.link("/login"), links::query(&[("next", next)]));
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

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, on the paths of `mount`, `Secure` when
/// configured; `max_age` 0 removes the cookie.
pub fn set_cookie(mount: &Mount, name: &str, value: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let path = mount.cookie_path();
    let text = format!("{name}={value}; Path={path}; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}");
    HeaderValue::from_str(&text).expect("cookie values are hex")
}

/// Compares two tokens in time that does not depend on where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

/// Where to go after signing in: a path of the pages the session is good for (never another
/// host, nor another town's pages on a county's server; any page of the server for the county
/// office, whose session is good on every path).
pub fn safe_next(mount: &Mount, next: Option<&str>) -> String {
    let within = if mount.cookie_path() == "/" { "/".to_string() } else { mount.home() };
    match next {
        Some(next)
            if next.starts_with(&within) && !next.starts_with("//") && !next.contains('\\') && !next.contains("..") =>
        {
            next.to_string()
        }
        _ => mount.home(),
    }
}
