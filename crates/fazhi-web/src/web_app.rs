use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{NaiveDate, Utc};
use chrono_tz::Tz;
use fazhi_app::{Session, SessionOptions};
use fazhi_core::{SystemClock, WebConfig};
use fazhi_store::{OpenOptions, StateStore};

use crate::{LoginThrottle, Mount, Readers, View, WebError};

/// The web interface over one workspace.
///
/// Every change goes through one [`Session`], opened once and shared (one change at a time,
/// each on a blocking worker thread), reopened when the day changes so that "today" stays
/// today. What only reads does not wait for it: who is signed in is read on a read-only
/// connection of its own ([`Readers`]), and the tasks from a [`View`] shared by every request
/// and made again when the audit log's head (which every change moves) or the day is no longer
/// the one it was made on — checked on every request, so that a change is seen by the next
/// request, whoever made it (this server, the command line, the daemon).
#[derive(Clone)]
pub struct WebApp {
    inner: Arc<Inner>,
}

struct Inner {
    root: PathBuf,
    mount: Mount,
    /// On a county's server, the county office's app, whose people read this town's pages.
    office: Option<WebApp>,
    options: SessionOptions,
    config: WebConfig,
    time_zone: Tz,
    session: Mutex<Session>,
    readers: Readers,
    view: Mutex<Option<Arc<View>>>,
    /// Held while a view is made, so that it is made once.
    making: Mutex<()>,
    /// Taken by each request that reads, for the while it reads on a worker thread: the
    /// requests beyond these wait their turn without a thread, instead of each taking a
    /// thread (and a new connection to the state) of its own — with 200 requests at once, the
    /// threads started and their fresh memory were most of the server's work.
    reading: tokio::sync::Semaphore,
    throttle: LoginThrottle,
}

impl WebApp {
    /// Opens the workspace at `root` for writing (see [`Session::open`]); `options.today`
    /// fixes the date (for tests), otherwise the real clock is used.
    pub fn open(root: &Path, options: &SessionOptions) -> Result<WebApp, WebError> {
        WebApp::open_at(root, options, Mount::root(), None)
    }

    /// [`WebApp::open`], its pages at `mount` of their server; on a county's server, the people
    /// signed in to `office` (the county office's own app) read these pages too.
    pub fn open_at(
        root: &Path,
        options: &SessionOptions,
        mount: Mount,
        office: Option<WebApp>,
    ) -> Result<WebApp, WebError> {
        let session = Session::open(root, options)?;
        let workspace = session.workspace();
        let config = workspace.config.web.clone();
        let store_options = OpenOptions { busy_timeout: workspace.config.busy_timeout };
        let readers = Readers::new(session.state_location().clone(), store_options);
        let inner = Inner {
            root: root.to_path_buf(),
            mount,
            office,
            options: options.clone(),
            time_zone: workspace.config.time_zone,
            throttle: LoginThrottle::new(&config),
            config,
            session: Mutex::new(session),
            readers,
            view: Mutex::new(None),
            making: Mutex::new(()),
            reading: tokio::sync::Semaphore::new(crate::readers::KEPT),
        };
        Ok(WebApp { inner: Arc::new(inner) })
    }

    /// The web settings of `fazhi.ron` (as when the app was opened).
    pub fn config(&self) -> &WebConfig {
        &self.inner.config
    }

    /// Where the pages are on their server.
    pub fn mount(&self) -> &Mount {
        &self.inner.mount
    }

    /// The county office's app whose people read these pages, on a county's server.
    pub(crate) fn office(&self) -> Option<&WebApp> {
        self.inner.office.as_ref()
    }

    /// The path `path` of these pages ([`Mount::link`]).
    pub(crate) fn link(&self, path: &str) -> String {
        self.inner.mount.link(path)
    }

    /// The workspace's time zone (as when the app was opened).
    pub(crate) fn time_zone(&self) -> Tz {
        self.inner.time_zone
    }

    /// The throttle of failed sign-ins by address.
    pub(crate) fn throttle(&self) -> &LoginThrottle {
        &self.inner.throttle
    }

    /// The largest evidence upload accepted, in bytes.
    pub(crate) fn upload_limit(&self) -> usize {
        self.inner.config.upload_limit_mb as usize * 1024 * 1024
    }

    /// Runs `job` with the session on a blocking worker thread: for changes (and what reads
    /// more than the view holds).
    pub(crate) async fn run<R, F>(&self, job: F) -> Result<R, WebError>
    where
        R: Send + 'static,
        F: FnOnce(&mut Session) -> Result<R, WebError> + Send + 'static,
    {
        let app = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut session = app.session()?;
            job(&mut session)
        })
        .await
        .map_err(|err| WebError::Internal(format!("a worker thread failed: {err}")))?
    }

    /// Runs `job` on a blocking worker thread with the current view and a read-only
    /// connection to the state, without waiting for the session (unless the view must be made
    /// again); at most [`crate::readers::KEPT`] requests at once, the others waiting their turn.
    pub(crate) async fn read<R, F>(&self, job: F) -> Result<R, WebError>
    where
        R: Send + 'static,
        F: FnOnce(&View, &dyn StateStore) -> Result<R, WebError> + Send + 'static,
    {
        let _turn = (self.inner.reading.acquire().await)
            .map_err(|err| WebError::Internal(format!("the readers are closed: {err}")))?;
        let app = self.clone();
        tokio::task::spawn_blocking(move || {
            app.inner.readers.with(|store| {
                let view = app.view(store)?;
                job(&view, store)
            })
        })
        .await
        .map_err(|err| WebError::Internal(format!("a worker thread failed: {err}")))?
    }

    /// The view of the state as it is now: the one kept if its day and audit head are the
    /// state's (read on `store`), else a new one.
    fn view(&self, store: &dyn StateStore) -> Result<Arc<View>, WebError> {
        let today = self.today();
        let head = store.audit_head().map_err(fazhi_app::AppError::from)?;
        let current = |view: &Option<Arc<View>>| {
            view.as_ref()
                .filter(|view| view.board().today() == today && view.board().head().seq == head.seq)
                .filter(|view| view.board().head().hash == head.hash)
                .cloned()
        };
        if let Some(view) = current(&self.kept_view()) {
            return Ok(view);
        }
        let _making = self.inner.making.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // Made by another request while this one waited.
        if let Some(view) = current(&self.kept_view()) {
            return Ok(view);
        }
        let session = self.session()?;
        let view = Arc::new(View::new(&session, session.task_board()?, self.inner.mount.clone()));
        drop(session);
        *self.inner.view.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(view.clone());
        Ok(view)
    }

    fn kept_view(&self) -> Option<Arc<View>> {
        self.inner.view.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    /// The day the pages judge deadlines on: the fixed one, else today on the real clock in the
    /// workspace's zone.
    fn today(&self) -> NaiveDate {
        let options = &self.inner.options;
        match (options.instant, options.today) {
            (Some(instant), _) => instant.with_timezone(&self.inner.time_zone).date_naive(),
            (None, Some(today)) => today,
            (None, None) => Utc::now().with_timezone(&self.inner.time_zone).date_naive(),
        }
    }

    /// The session, reopened first when its day is over (on the real clock).
    fn session(&self) -> Result<MutexGuard<'_, Session>, WebError> {
        // A job that panicked left nothing half-written in the state (every change is one
        // transaction), so the session is still good to use.
        let mut session = self.inner.session.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let fixed = self.inner.options.today.is_some() || self.inner.options.instant.is_some();
        if !fixed && session.today() != session.workspace().today(&SystemClock) {
            *session = Session::open(&self.inner.root, &self.inner.options)?;
        }
        Ok(session)
    }
}
