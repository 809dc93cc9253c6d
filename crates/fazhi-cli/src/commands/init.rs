use std::path::Path;

use chrono::Datelike;
use fazhi_core::{Workspace, WORKSPACE_FILE};

use crate::{CliError, Context};

/// The template's files: (path in the new workspace, text with `{year}`, `{next_year}` and
/// `{month_start}` to fill in).
const TEMPLATE: [(&str, &str); 3] = [
    (WORKSPACE_FILE, include_str!("../../template/fazhi.ron")),
    ("org.ron", include_str!("../../template/org.ron")),
    ("checklist/duties.ron", include_str!("../../template/checklist/duties.ron")),
];

/// `fazhi init DIR`: a new workspace that passes `fazhi check`.
pub fn run(context: &Context, dir: &Path) -> Result<(), CliError> {
    if dir.join(WORKSPACE_FILE).exists() {
        return Err(CliError::BadInput(format!(
            "{} already holds a workspace ({WORKSPACE_FILE} exists)",
            dir.display()
        )));
    }
    let today = context
        .today_if_set()
        .unwrap_or_else(|| chrono::Utc::now().with_timezone(&chrono_tz::Asia::Shanghai).date_naive());
    let year = today.year();
    let month_start = today.with_day(1).expect("every month has a first day");
    let calendar = fazhi_core::Calendar::stock();
    let known = calendar.years();
    if !known.contains(&year) || !known.contains(&(year + 1)) {
        err!("warning: the working-day calendar does not know {year}–{}; add them to calendar.ron", year + 1);
    }
    super::warn_provisional(&calendar, [today, today.with_month(12).and_then(|day| day.with_day(31)).unwrap_or(today)]);
    for (path, text) in TEMPLATE {
        let target = dir.join(path);
        let text = text
            .replace("{next_year}", &(year + 1).to_string())
            .replace("{year}", &year.to_string())
            .replace("{month_start}", &month_start.to_string());
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|err| CliError::BadInput(format!("cannot create {}: {err}", parent.display())))?;
        }
        std::fs::write(&target, text)
            .map_err(|err| CliError::BadInput(format!("cannot write {}: {err}", target.display())))?;
    }
    std::fs::write(dir.join(".gitignore"), ".fazhi/\n")
        .map_err(|err| CliError::BadInput(format!("cannot write .gitignore: {err}")))?;
    let workspace = Workspace::load(dir)?;
    out!(
        "created a workspace for {} in {}: {} duties; next: edit org.ron and checklist/, then run `fazhi check`",
        year,
        dir.display(),
        workspace.duties.len()
    );
    Ok(())
}
