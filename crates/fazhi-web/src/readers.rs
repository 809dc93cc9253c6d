use std::sync::Mutex;

use fazhi_app::StateLocation;
use fazhi_store::{OpenOptions, StateStore};

use crate::WebError;

/// Read-only connections to the state, for the requests that only read (who is signed in,
/// whether the tasks changed): SQLite's write-ahead log lets them read while the session writes,
/// and each sees every change committed before it starts reading. A connection is taken for
/// one request and given back; a few are kept open.
pub struct Readers {
    location: StateLocation,
    options: OpenOptions,
    idle: Mutex<Vec<Box<dyn StateStore>>>,
}

/// Connections kept open between requests; also how many requests read at once
/// ([`crate::WebApp`]), so that each finds one kept open.
pub(crate) const KEPT: usize = 8;

impl Readers {
    /// Connections to the state at `location`, opened when first needed.
    pub fn new(location: StateLocation, options: OpenOptions) -> Readers {
        Readers { location, options, idle: Mutex::new(Vec::new()) }
    }

    /// Runs `job` with a connection of its own.
    pub fn with<R>(&self, job: impl FnOnce(&dyn StateStore) -> Result<R, WebError>) -> Result<R, WebError> {
        let kept = self.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).pop();
        let store = match kept {
            Some(store) => store,
            None => self.location.open_read_only(&self.options).map_err(fazhi_app::AppError::from)?,
        };
        let result = job(store.as_ref());
        let mut idle = self.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if idle.len() < KEPT {
            idle.push(store);
        }
        result
    }
}
