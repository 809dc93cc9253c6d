use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use fazhi_app::{Access, Session, SessionOptions};
use fazhi_core::{parse_date, Workspace};

use crate::cli::Cli;
use crate::CliError;

/// The environment variable naming the PostgreSQL database of the state (every command, and
/// `fazhi migrate --to`'s default).
pub const DATABASE_VARIABLE: &str = "FAZHI_DATABASE_URL";

/// What every command needs: where it runs, what day it is, how to print.
pub struct Context {
    /// The folder the command runs in (`-C DIR`, else the current one): the workspace is
    /// looked for there, and relative paths given on the command line are read from there.
    dir: PathBuf,
    today: Option<NaiveDate>,
    /// The PostgreSQL database to keep the state in (`FAZHI_DATABASE_URL`), instead of what
    /// `fazhi.ron` names.
    database: Option<String>,
    /// Print JSON instead of text.
    pub json: bool,
}

impl Context {
    /// Reads the global options.
    pub fn new(cli: &Cli) -> Result<Context, CliError> {
        let today = cli
            .today
            .as_deref()
            .map(|text| parse_date(text).map_err(|message| CliError::BadInput(format!("--today: {message}"))))
            .transpose()?;
        let dir = match &cli.directory {
            Some(dir) if !dir.is_dir() => {
                return Err(CliError::BadInput(format!("-C {}: not a folder", dir.display())));
            }
            Some(dir) => dir.clone(),
            None => PathBuf::from("."),
        };
        let database = std::env::var(DATABASE_VARIABLE).ok().filter(|url| !url.trim().is_empty());
        Ok(Context { dir, today, database, json: cli.json })
    }

    /// Where the workspace is looked for.
    pub fn start_dir(&self) -> &Path {
        &self.dir
    }

    /// A path given on the command line, as seen from the folder the command runs in (like
    /// `git -C`).
    pub fn path(&self, given: &Path) -> PathBuf {
        if given.is_absolute() || self.dir == Path::new(".") {
            given.to_path_buf()
        } else {
            self.dir.join(given)
        }
    }

    /// Finds the workspace's root.
    pub fn root(&self) -> Result<PathBuf, CliError> {
        Ok(Workspace::discover(&self.dir)?)
    }

    /// Finds and loads the workspace's definitions (without its state).
    pub fn workspace(&self) -> Result<Workspace, CliError> {
        Ok(Workspace::load(&self.root()?)?)
    }

    /// The date given with `--today`, if any.
    pub fn today_if_set(&self) -> Option<NaiveDate> {
        self.today
    }

    /// The session options of this command.
    pub fn options(&self, access: Access) -> SessionOptions {
        SessionOptions {
            today: self.today,
            instant: None,
            access,
            leave_out_broken_checklists: false,
            database: self.database.clone(),
            sqlite: false,
            from_county: false,
        }
    }

    /// Opens the workspace to read and write: see [`Session::open`].
    pub fn session(&self) -> Result<Session, CliError> {
        Ok(Session::open(&self.root()?, &self.options(Access::Write))?)
    }

    /// Opens the workspace to read and write, leaving out checklist files with problems (for
    /// `remind`: one broken file must not silence everyone else's reminders). Say what was left
    /// out with [`crate::commands::left_out`].
    pub fn available_session(&self) -> Result<Session, CliError> {
        let options = SessionOptions { leave_out_broken_checklists: true, ..self.options(Access::Write) };
        Ok(Session::open(&self.root()?, &options)?)
    }

    /// Opens the workspace to read, leaving out checklist files with problems (for `tasks` and
    /// `remind --dry-run`).
    pub fn available_read_session(&self) -> Result<Session, CliError> {
        let options = SessionOptions { leave_out_broken_checklists: true, ..self.options(Access::Read) };
        Ok(Session::open(&self.root()?, &options)?)
    }

    /// Opens the workspace's SQLite state to read, whatever `fazhi.ron` or
    /// `FAZHI_DATABASE_URL` name (the state `fazhi migrate` moves).
    pub fn sqlite_read_session(&self) -> Result<Session, CliError> {
        let options = SessionOptions { database: None, sqlite: true, ..self.options(Access::Read) };
        Ok(Session::open(&self.root()?, &options)?)
    }

    /// The PostgreSQL database of `FAZHI_DATABASE_URL`, if set.
    pub fn database(&self) -> Option<&str> {
        self.database.as_deref()
    }

    /// Opens the workspace to read: a read-only state is read as it is.
    pub fn read_session(&self) -> Result<Session, CliError> {
        Ok(Session::open(&self.root()?, &self.options(Access::Read))?)
    }
}
