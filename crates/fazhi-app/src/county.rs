//! A county's towns, opened one by one from `county.ron`.

use std::path::Path;

use fazhi_core::{CountyConfig, CountyTown};

use crate::{Access, AppError, Session, SessionOptions};

/// A county: its towns' workspaces, each opened as a [`Session`] of its own with the county's
/// options (its database, unless `FAZHI_DATABASE_URL` names another), for the county office's
/// view over all of them ([`County::status`], [`County::figures`]).
pub struct County {
    config: CountyConfig,
    options: SessionOptions,
}

impl County {
    /// Finds `county.ron` at `start` or above it and reads it; each town is opened with
    /// `options` (its date, and a database that overrides the county's).
    pub fn discover(start: &Path, options: &SessionOptions) -> Result<County, AppError> {
        let root = CountyConfig::discover(start).ok_or_else(|| {
            let (file, start) = (fazhi_core::COUNTY_FILE, start.display());
            AppError::bad_input(fazhi_core::tr!(
                "no {file} in {start} or any folder above it: a county's folder names its towns there",
                "{start} 及其上级文件夹中都没有 {file}：县级文件夹在其中列出各乡镇"
            ))
        })?;
        let config = CountyConfig::load(&root)?;
        let mut options = options.clone();
        if options.database.is_none() && !options.sqlite {
            options.database = config.database.clone();
        }
        Ok(County { config, options })
    }

    /// The county as `county.ron` describes it.
    pub fn config(&self) -> &CountyConfig {
        &self.config
    }

    /// Opens `town`'s workspace with the county's options and `access`.
    pub fn open_town(&self, town: &CountyTown, access: Access) -> Result<Session, AppError> {
        Session::open(&town.root, &self.session_options(access))
    }

    /// The options each town (and the county office's workspace) is opened with: the
    /// county's, with `access`.
    pub fn session_options(&self, access: Access) -> SessionOptions {
        SessionOptions { access, from_county: true, ..self.options.clone() }
    }
}
