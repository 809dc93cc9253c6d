use std::path::Path;
use std::sync::Arc;

use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use axum::Router;
use fazhi_app::{Access, County, SessionOptions};
use fazhi_core::CountyTown;
use tower::ServiceExt;

use crate::{Mount, WebApp, WebError};

/// A county's server: every town of `county.ron` under `/towns/KEY/`, each with its own
/// accounts, sessions and state (a browser signed in to one town is not signed in to another,
/// and a town's pages read and change only that town's state); the county office's own
/// workspace under `/office/`; and the county's pages — the overview of every town at `/`, the
/// figures side by side at `/figures` — for the office's people, who also read every town's
/// pages ([`crate::Role::County`]).
///
/// A town's pages are opened when first asked for, so that a county of many towns starts at
/// once and keeps open only the towns in use.
#[derive(Clone)]
pub struct CountySite {
    inner: Arc<Inner>,
}

struct Inner {
    county: County,
    office: Pages,
    towns: Vec<TownPages>,
}

/// An app and the router of its pages.
#[derive(Clone)]
struct Pages {
    app: WebApp,
    router: Router,
}

struct TownPages {
    town: CountyTown,
    pages: tokio::sync::OnceCell<Pages>,
}

impl CountySite {
    /// Reads `county.ron` at `start` or above and opens the county office's workspace for
    /// writing (each town is opened when first asked for); `options` as for [`WebApp::open`].
    pub fn open(start: &Path, options: &SessionOptions) -> Result<CountySite, WebError> {
        let county = County::discover(start, options)?;
        let office = county.config().office.clone().ok_or_else(|| {
            fazhi_app::AppError::bad_input(fazhi_core::tr!(
                "county.ron names no office: the county's server needs the county office's own workspace, \
                 whose people sign in (office: \"FOLDER\", a folder made with fazhi init)",
                "county.ron 未指定 office：县级网页需要县级机关自己的工作区供其人员登录（office: \"文件夹\"，可用 fazhi init 建立）"
            ))
        })?;
        let app = WebApp::open_at(&office.root, &county.session_options(Access::Write), Mount::office(), None)?;
        let office = Pages { router: crate::router(app.clone()), app };
        let towns = (county.config().towns.iter())
            .map(|town| TownPages { town: town.clone(), pages: tokio::sync::OnceCell::new() })
            .collect();
        Ok(CountySite { inner: Arc::new(Inner { county, office, towns }) })
    }

    /// The county as `county.ron` describes it.
    pub fn county(&self) -> &County {
        &self.inner.county
    }

    /// The county office's pages.
    pub fn office(&self) -> &WebApp {
        &self.inner.office.app
    }

    /// Answers `request`, whose path is `/office…`, with the county office's pages.
    pub(crate) async fn to_office(&self, request: Request) -> Response {
        forward(&self.inner.office.router, Mount::office().base(), request).await
    }

    /// Answers `request`, whose path is `/towns/KEY…`, with the pages of the town `key`
    /// (opened first if no one asked for them yet).
    pub(crate) async fn to_town(&self, key: &str, request: Request) -> Response {
        let Some(slot) = self.inner.towns.iter().find(|slot| slot.town.key == key) else {
            return WebError::NotFound.into_response();
        };
        let opened = slot.pages.get_or_try_init(|| self.open_town(&slot.town)).await;
        match opened {
            Ok(pages) => forward(&pages.router, Mount::town(key).base(), request).await,
            Err(err) => err.into_response(),
        }
    }

    async fn open_town(&self, town: &CountyTown) -> Result<Pages, WebError> {
        let (site, town) = (self.clone(), town.clone());
        tokio::task::spawn_blocking(move || {
            let options = site.inner.county.session_options(Access::Write);
            let office = Some(site.inner.office.app.clone());
            let app = WebApp::open_at(&town.root, &options, Mount::town(&town.key), office)?;
            Ok(Pages { router: crate::router(app.clone()), app })
        })
        .await
        .map_err(|err| WebError::Internal(format!("a worker thread failed: {err}")))?
    }
}

/// Answers `request` with `router`, its path taken without `base`.
async fn forward(router: &Router, base: &str, mut request: Request) -> Response {
    let full = request.uri().path_and_query().map_or("/", |pq| pq.as_str());
    let rest = full.strip_prefix(base).unwrap_or(full);
    let rest = if rest.is_empty() || rest.starts_with('?') { format!("/{rest}") } else { rest.to_string() };
    match rest.parse() {
        Ok(uri) => *request.uri_mut() = uri,
        Err(_) => return WebError::NotFound.into_response(),
    }
    match router.clone().oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}
