use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use fazhi_app::{Session, SessionOptions};
use fazhi_core::{SystemClock, WebConfig};

use crate::WebError;

/// The web interface over one workspace: one [`Session`] opened once and shared by every
/// request (one at a time; each runs on a blocking worker thread), reopened when the day
/// changes so that "today" stays today.
#[derive(Clone)]
pub struct WebApp {
    inner: Arc<Inner>,
}

struct Inner {
    root: PathBuf,
    options: SessionOptions,
    config: WebConfig,
    session: Mutex<Session>,
}

impl WebApp {
    /// Opens the workspace at `root` for writing (see [`Session::open`]); `options.today`
    /// fixes the date (for tests), otherwise the real clock is used.
    pub fn open(root: &Path, options: &SessionOptions) -> Result<WebApp, WebError> {
        let session = Session::open(root, options)?;
        let config = session.workspace().config.web.clone();
        let inner = Inner { root: root.to_path_buf(), options: options.clone(), config, session: Mutex::new(session) };
        Ok(WebApp { inner: Arc::new(inner) })
    }

    /// The web settings of `fazhi.ron` (as when the app was opened).
    pub fn config(&self) -> &WebConfig {
        &self.inner.config
    }

    /// The largest evidence upload accepted, in bytes.
    pub(crate) fn upload_limit(&self) -> usize {
        self.inner.config.upload_limit_mb as usize * 1024 * 1024
    }

    /// Runs `job` with the session on a blocking worker thread.
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
