use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::{Diagnostic, SourceFile, WorkspaceError, WORKSPACE_FILE};

/// The file naming a county's towns, at the root of the county's folder.
pub const COUNTY_FILE: &str = "county.ron";

/// A county (`county.ron`): its name, its towns and where each town's workspace is, so that
/// the county's office sees every town at once (`fazhi county status`, `fazhi county report`).
///
/// ```ron
/// (
///     county: "怀远县",
///     towns: [
///         (name: "王团镇", folder: "wangtuan"),
///         (name: "龙溪镇", folder: "longxi"),
///     ],
/// )
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct CountyConfig {
    /// The county's folder.
    pub root: PathBuf,
    /// The county's name, e.g. 怀远县.
    pub county: String,
    /// The towns, in the file's order.
    pub towns: Vec<CountyTown>,
    /// The county's PostgreSQL database (`database: "postgres://…"`): each town's state in a
    /// schema of its own there, unless its `fazhi.ron` names another.
    pub database: Option<String>,
}

/// A town of a [`CountyConfig`].
#[derive(Debug, Clone, Serialize)]
pub struct CountyTown {
    /// The town's name as the county writes it, e.g. 王团镇.
    pub name: String,
    /// The town's workspace folder, as written (inside the county's folder).
    pub folder: PathBuf,
    /// The workspace folder, found.
    pub root: PathBuf,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "county.ron")]
struct CountyFile {
    county: String,
    towns: Vec<TownEntry>,
    #[serde(default)]
    database: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "town")]
struct TownEntry {
    name: String,
    folder: String,
}

impl CountyConfig {
    /// The folder holding `county.ron` at `start` or above it.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
        start.ancestors().find(|dir| dir.join(COUNTY_FILE).is_file()).map(Path::to_path_buf)
    }

    /// Reads and checks `county.ron` in `root`: every problem with its line and column (a
    /// nameless county or town, a town named twice or a folder given twice, a folder outside
    /// the county's folder or without a `fazhi.ron`).
    pub fn load(root: &Path) -> Result<CountyConfig, WorkspaceError> {
        let source = SourceFile::read_in(root, Path::new(COUNTY_FILE)).map_err(|d| WorkspaceError::Invalid(vec![d]))?;
        let file: CountyFile = source.parse_ron().map_err(|d| WorkspaceError::Invalid(vec![d]))?;
        let mut problems: Vec<Diagnostic> = Vec::new();
        let mut at = |offset: usize, message: String| problems.push(source.diagnostic_at(offset, message));
        let county = file.county.trim().to_string();
        if county.is_empty() || county.chars().any(char::is_control) {
            at(
                source.find_value_of("county").unwrap_or(0),
                "county: name the county on one line, e.g. \"怀远县\"".into(),
            );
        }
        if file.towns.is_empty() {
            at(source.find_value_of("towns").unwrap_or(0), "towns: name at least one town".into());
        }
        let mut names = HashSet::new();
        let mut folders = HashSet::new();
        let mut towns = Vec::new();
        let mut cursor = 0;
        for entry in file.towns {
            let offset = source.find_field(Some("name"), &entry.name, cursor).unwrap_or(cursor);
            cursor = offset + 1;
            let folder_at = source.find_field(Some("folder"), &entry.folder, offset).unwrap_or(offset);
            let name = entry.name.trim().to_string();
            if name.is_empty() || name.chars().any(char::is_control) {
                at(offset, "name: a town's name on one line, e.g. \"王团镇\"".into());
            } else if !names.insert(name.clone()) {
                at(offset, format!("the town \"{name}\" is named twice"));
            }
            let folder = PathBuf::from(&entry.folder);
            let root = match crate::resolve_inside(root, &folder) {
                Ok(found) => found,
                Err(outside) => {
                    at(folder_at, format!("folder: {outside}"));
                    continue;
                }
            };
            if !folders.insert(root.clone()) {
                at(folder_at, format!("the folder {} is given for two towns", folder.display()));
            } else if !root.join(WORKSPACE_FILE).is_file() {
                at(
                    folder_at,
                    format!("folder {}: no {WORKSPACE_FILE} in it (not a town's workspace)", folder.display()),
                );
            }
            towns.push(CountyTown { name, folder, root });
        }
        if let Some(url) = &file.database {
            if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
                at(
                    source.find_value_of("database").unwrap_or(0),
                    "database: a PostgreSQL address, postgres://…".into(),
                );
            }
        }
        if !problems.is_empty() {
            return Err(WorkspaceError::Invalid(problems));
        }
        Ok(CountyConfig { root: root.to_path_buf(), county, towns, database: file.database })
    }
}
