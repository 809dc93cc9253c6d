use std::path::{Path, PathBuf};

use fazhi_core::{Calendar, Notice, SourceFile};

use crate::AppError;

/// The State Council's holiday notice read for a workspace's `calendar.ron` (`fazhi calendar
/// import NOTICE.txt`): its year checked and merged into the file's text, ready to be written.
#[derive(Debug)]
pub struct CalendarImport {
    /// The notice as read.
    pub notice: Notice,
    /// The workspace's `calendar.ron`.
    pub target: PathBuf,
    /// The file's new text: the notice's year added, or replacing that year's entry, the rest
    /// of the file (comments included) as it was.
    pub text: String,
    /// Whether the file had the year already.
    pub replaced: bool,
    /// The statutory holidays the notice arranges none of (a notice pasted in part).
    pub missing: Vec<&'static str>,
}

impl CalendarImport {
    /// Reads the notice at `path` (named `shown` in errors; its year from its title, or `year`)
    /// for the workspace at `root`. Bad input, in the notice or in an existing `calendar.ron`, is
    /// an error with its position, and nothing is written.
    pub fn read(root: &Path, path: &Path, shown: &Path, year: Option<i32>) -> Result<CalendarImport, AppError> {
        let invalid = |problems| AppError::Invalid { problems };
        let source = SourceFile::read(path, shown).map_err(|problem| invalid(vec![problem]))?;
        let notice = Notice::parse(&source, year).map_err(invalid)?;
        let target = root.join("calendar.ron");
        // Read inside the workspace only: calendar.ron may be a link out of a received one.
        let existing = match std::fs::symlink_metadata(&target) {
            Ok(_) => {
                Some(SourceFile::read_in(root, Path::new("calendar.ron")).map_err(|problem| invalid(vec![problem]))?)
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
            Err(err) => return Err(AppError::bad_input(format!("cannot read {}: {err}", target.display()))),
        };
        let replaced = existing
            .as_ref()
            .and_then(|file| Calendar::parse(file).ok())
            .is_some_and(|calendar| calendar.years().contains(&notice.year));
        let text = match &existing {
            Some(file) => notice.merge_into(file).map_err(invalid)?,
            None => notice.calendar_ron(),
        };
        let missing = ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]
            .into_iter()
            .filter(|holiday| !notice.holidays.iter().any(|(name, _, _)| name.contains(holiday)))
            .collect();
        Ok(CalendarImport { notice, target, text, replaced, missing })
    }

    /// The days off the notice arranges, in all.
    pub fn days_off(&self) -> i64 {
        self.notice.holidays.iter().map(|(_, from, to)| (*to - *from).num_days() + 1).sum()
    }

    /// Writes the new `calendar.ron` through a temporary file in the same folder and a rename,
    /// so a failure leaves the old file whole.
    pub fn write(&self) -> Result<(), AppError> {
        crate::write_whole(&self.target, self.text.as_bytes())
    }
}
