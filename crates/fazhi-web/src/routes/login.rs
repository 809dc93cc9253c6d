//! Signing in and out.

use axum::extract::{Query, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{AppendHeaders, IntoResponse, Response};
use axum::Form;
use chrono::{DateTime, Utc};
use fazhi_app::SignIn;
use fazhi_store::WebSession;
use serde::Deserialize;

use crate::auth::{cookie, new_token, safe_next, same, set_cookie, signed_in, token_hash, SignedIn};
use crate::templates::{render, LoginPage};
use crate::{ClientAddress, WebApp, WebError};

#[derive(Deserialize)]
pub struct NextParam {
    next: Option<String>,
}

/// The sign-in form, with a fresh anti-forgery token in a cookie and in the form; someone
/// signed in already goes on to where they were going.
pub async fn page(
    State(app): State<WebApp>,
    headers: HeaderMap,
    Query(params): Query<NextParam>,
) -> Result<Response, WebError> {
    let next = safe_next(app.mount(), params.next.as_deref());
    if signed_in(&app, &headers).await?.is_some() {
        return Ok((StatusCode::SEE_OTHER, [(LOCATION, next)]).into_response());
    }
    let organisation = app.read(|view, _| Ok(view.organisation().to_string())).await?;
    login_form(&app, organisation, String::new(), None, next, StatusCode::OK)
}

fn login_form(
    app: &WebApp,
    organisation: String,
    login: String,
    error: Option<String>,
    next: String,
    status: StatusCode,
) -> Result<Response, WebError> {
    let csrf = new_token()?;
    let base = app.mount().base().to_string();
    let page = LoginPage { organisation, login, error, csrf: csrf.clone(), next, base };
    let mount = app.mount();
    let cookie = set_cookie(mount, &mount.login_cookie(), &csrf, 3600, app.config().secure_cookie);
    Ok((status, [(SET_COOKIE, cookie)], render(&page)).into_response())
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    csrf: Option<String>,
    next: Option<String>,
}

/// Checks the password; a good one opens a session (a new random token in an HttpOnly cookie,
/// its hash in the state, ending after `web.session_hours`). Sign-ins from an address with too
/// many failures lately are refused before anything is checked ([`crate::LoginThrottle`]).
pub async fn submit(
    State(app): State<WebApp>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, WebError> {
    let expected = cookie(&headers, &app.mount().login_cookie());
    match (&form.csrf, &expected) {
        (Some(given), Some(expected)) if same(given, expected) => {}
        _ => return Err(WebError::Csrf),
    }
    let next = safe_next(app.mount(), form.next.as_deref());
    if let Some(until) = address.and_then(|address| app.throttle().blocked(address, Utc::now())) {
        let organisation = app.read(|view, _| Ok(view.organisation().to_string())).await?;
        return address_blocked(&app, organisation, form.login, next, until);
    }
    let token = new_token()?;
    let csrf = new_token()?;
    let hours = i64::from(app.config().session_hours);
    let (login, password) = (form.login.clone(), form.password);
    let stored_hash = token_hash(&token);
    let (organisation, outcome) = app
        .run(move |session| {
            let organisation = session.workspace().config.organisation.clone();
            let outcome = session.sign_in(&login, &password)?;
            if let SignIn::Accepted { person } = &outcome {
                let now = Utc::now();
                let web = WebSession {
                    token_hash: stored_hash,
                    person: person.clone(),
                    csrf_token: csrf,
                    created_at: now,
                    expires_at: now + chrono::Duration::hours(hours),
                };
                let store = session.store_mut();
                store.close_expired_web_sessions(now).map_err(fazhi_app::AppError::from)?;
                store.open_web_session(&web).map_err(fazhi_app::AppError::from)?;
            }
            Ok((organisation, outcome))
        })
        .await?;
    let secure = app.config().secure_cookie;
    let mount = app.mount();
    if !matches!(outcome, SignIn::Accepted { .. }) {
        let blocked = address.and_then(|address| app.throttle().failed(address, Utc::now()));
        if let (Some(until), SignIn::Refused) = (blocked, &outcome) {
            return address_blocked(&app, organisation, form.login, next, until);
        }
    }
    match outcome {
        SignIn::Accepted { .. } => Ok((
            StatusCode::SEE_OTHER,
            AppendHeaders([
                (SET_COOKIE, set_cookie(mount, &mount.session_cookie(), &token, hours * 3600, secure)),
                (SET_COOKIE, set_cookie(mount, &mount.login_cookie(), "", 0, secure)),
            ]),
            [(LOCATION, next)],
        )
            .into_response()),
        SignIn::Refused => {
            let error = "姓名（编号）或密码不正确。".to_string();
            login_form(&app, organisation, form.login, Some(error), next, StatusCode::UNAUTHORIZED)
        }
        SignIn::Locked { until } => {
            let until = until.with_timezone(&app.time_zone()).format("%H:%M");
            let error = format!("连续登录失败次数过多，账户已暂时锁定，请于 {until} 后再试或联系管理员。");
            login_form(&app, organisation, form.login, Some(error), next, StatusCode::TOO_MANY_REQUESTS)
        }
    }
}

/// The sign-in form again, saying that sign-ins from this address are refused until `until`.
fn address_blocked(
    app: &WebApp,
    organisation: String,
    login: String,
    next: String,
    until: DateTime<Utc>,
) -> Result<Response, WebError> {
    let until = until.with_timezone(&app.time_zone()).format("%H:%M");
    let error = format!("从本机登录失败的次数过多，已暂停从本机登录，请于 {until} 后再试或联系管理员。");
    login_form(app, organisation, login, Some(error), next, StatusCode::TOO_MANY_REQUESTS)
}

#[derive(Deserialize)]
pub struct LogoutForm {
    csrf: Option<String>,
}

/// Ends the session.
pub async fn logout(
    State(app): State<WebApp>,
    user: SignedIn,
    Form(form): Form<LogoutForm>,
) -> Result<Response, WebError> {
    user.check_csrf(form.csrf.as_deref())?;
    let hash = user.token_hash.clone();
    app.run(move |session| Ok(session.store_mut().close_web_session(&hash).map_err(fazhi_app::AppError::from)?))
        .await?;
    let mount = app.mount();
    let cookie = set_cookie(mount, &mount.session_cookie(), "", 0, app.config().secure_cookie);
    Ok((StatusCode::SEE_OTHER, [(SET_COOKIE, cookie)], [(LOCATION, app.link("/login"))]).into_response())
}
