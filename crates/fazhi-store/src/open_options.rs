use std::time::Duration;

/// How to open a [`Store`](crate::Store).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenOptions {
    /// How long to wait for another process that is writing before giving up with
    /// [`StoreError::Locked`](crate::StoreError::Locked). Default: 5 seconds.
    pub busy_timeout: Duration,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions { busy_timeout: Duration::from_secs(5) }
    }
}
