use chrono::{DateTime, NaiveDate, Utc};

use crate::Access;

/// How a [`crate::Session`] is opened.
#[derive(Debug, Clone, Default)]
pub struct SessionOptions {
    /// The effective date of the session (`--today`): what is due, overdue and recorded is
    /// judged as on this day, at 09:00 in the workspace's zone. `None`: the real clock.
    pub today: Option<NaiveDate>,
    /// The session's instant, fixed (a job's firing): its day in the workspace's zone is the
    /// effective date. Takes precedence over `today`.
    pub instant: Option<DateTime<Utc>>,
    /// Read and write, or only read.
    pub access: Access,
    /// Open even when checklist files have problems, leaving those files out (see
    /// [`fazhi_core::Workspace::load_available`]): for listing tasks and reminding, so that one
    /// broken file does not silence everyone else. Commands that change something leave this
    /// off and refuse a broken file.
    pub leave_out_broken_checklists: bool,
    /// A PostgreSQL database to keep the state in, instead of the one `fazhi.ron` names or its
    /// SQLite file (the CLI's `FAZHI_DATABASE_URL`): see [`crate::StateLocation`].
    pub database: Option<String>,
    /// Open the SQLite file whatever `fazhi.ron` and `database` name (the state to move to
    /// PostgreSQL).
    pub sqlite: bool,
    /// Opened by its county ([`crate::County`]), which put its own database (if it names one)
    /// in `database` already: the `county.ron` above is not read again for each town.
    pub from_county: bool,
}
