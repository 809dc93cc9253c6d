//! The routes: one module per page.

mod audit;
mod county;
mod dashboard;
mod flows;
mod ledger;
mod login;
mod report;
mod review;
mod task;
mod tasks;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use fazhi_core::Workspace;

pub use county::county_router;
pub(crate) use dashboard::warm;

use crate::auth::SignedIn;
use crate::templates::Layout;
use crate::{assets, security, WebApp, WebError};

/// Every page and asset of the web interface, with the security headers on every answer.
pub fn router(app: WebApp) -> Router {
    // A form carries at most one evidence file and a note; the body may be a little larger
    // than the file, and a larger one is refused while it is read.
    let body_limit = app.upload_limit() + 256 * 1024;
    Router::new()
        .route("/", get(dashboard::page))
        .route("/login", get(login::page).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/tasks", get(tasks::page))
        .route("/tasks/{id}", get(task::page))
        .route("/tasks/{id}/evidence/{sha256}", get(task::evidence))
        .route("/tasks/{id}/{action}", post(task::change).layer(DefaultBodyLimit::max(body_limit)))
        .route(
            "/review",
            get(review::page).post(review::submit_form).layer(DefaultBodyLimit::max(review::DOSSIER_LIMIT)),
        )
        .route(
            "/review/file",
            post(review::submit_file).layer(DefaultBodyLimit::max(review::DOSSIER_LIMIT + 64 * 1024)),
        )
        .route("/ledger", get(ledger::page))
        .route("/ledger/import", post(ledger::import).layer(DefaultBodyLimit::max(body_limit)))
        .route("/ledger/{kind}/{row}", get(ledger::row_page))
        .route("/ledger/{kind}/{row}/{action}", post(ledger::change))
        .route("/report", get(report::page))
        .route("/report/{file}", get(report::docx))
        .route("/flows", get(flows::list))
        .route("/flows/{id}", get(flows::page))
        .route("/flows/{id}/{step}/done", post(flows::done).layer(DefaultBodyLimit::max(body_limit)))
        .route("/audit", get(audit::page))
        .route("/assets/{name}", get(assets::serve))
        .fallback(|| async { WebError::NotFound })
        .layer(axum::middleware::from_fn(security::headers))
        .with_state(app)
}

/// The layout of a page of `user`'s.
fn layout(
    workspace: &Workspace,
    today: chrono::NaiveDate,
    user: &SignedIn,
    title: &str,
    active: &'static str,
) -> Layout {
    layout_of(&workspace.config.organisation, today, user, title, active)
}

/// The layout of a page of `user`'s in `organisation`.
fn layout_of(
    organisation: &str,
    today: chrono::NaiveDate,
    user: &SignedIn,
    title: &str,
    active: &'static str,
) -> Layout {
    Layout {
        title: title.to_string(),
        active,
        organisation: organisation.to_string(),
        user: user.person.name.clone(),
        role: user.role.label(),
        sees_audit: user.role.sees_audit(),
        reviews: user.role.reviews(),
        csrf: user.csrf.clone(),
        today: today.format("%Y-%m-%d").to_string(),
        base: user.site.base().to_string(),
        logout: user.signed_in_at.link("/logout"),
        county: user.site.in_county().then(|| "/".to_string()),
    }
}
