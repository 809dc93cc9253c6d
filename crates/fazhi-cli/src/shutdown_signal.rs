//! What stops `fazhi serve` and `fazhi web`: on Unix SIGINT (Ctrl-C), SIGTERM (systemd, `kill`)
//! and SIGHUP (the terminal closed); elsewhere (Windows) Ctrl-C or Ctrl-Break.

use std::io;

/// The stop signals, listened for from [`ShutdownSignal::listen`] on (inside a tokio runtime),
/// so that one arriving before [`ShutdownSignal::received`] is awaited is not lost.
pub struct ShutdownSignal {
    #[cfg(unix)]
    signals: [tokio::signal::unix::Signal; 3],
    #[cfg(not(unix))]
    ctrl_c: tokio::signal::windows::CtrlC,
    #[cfg(not(unix))]
    ctrl_break: tokio::signal::windows::CtrlBreak,
}

impl ShutdownSignal {
    /// Starts listening; an error when the operating system refuses the handlers.
    #[cfg(unix)]
    pub fn listen() -> io::Result<ShutdownSignal> {
        use tokio::signal::unix::{signal, SignalKind};
        Ok(ShutdownSignal {
            signals: [
                signal(SignalKind::interrupt())?,
                signal(SignalKind::terminate())?,
                signal(SignalKind::hangup())?,
            ],
        })
    }

    /// Starts listening; an error when the operating system refuses the handlers.
    #[cfg(not(unix))]
    pub fn listen() -> io::Result<ShutdownSignal> {
        Ok(ShutdownSignal {
            ctrl_c: tokio::signal::windows::ctrl_c()?,
            ctrl_break: tokio::signal::windows::ctrl_break()?,
        })
    }

    /// Waits for the first stop signal.
    pub async fn received(self) {
        #[cfg(unix)]
        {
            let [mut interrupt, mut terminate, mut hangup] = self.signals;
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
                _ = hangup.recv() => {}
            }
        }
        #[cfg(not(unix))]
        {
            let (mut ctrl_c, mut ctrl_break) = (self.ctrl_c, self.ctrl_break);
            tokio::select! {
                _ = ctrl_c.recv() => {}
                _ = ctrl_break.recv() => {}
            }
        }
    }
}
