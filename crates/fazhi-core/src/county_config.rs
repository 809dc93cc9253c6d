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
///     office: "xianban",
///     listen: "127.0.0.1:8080",
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
    /// The county office's own workspace (`office: "xianban"`: its people, their passwords
    /// and their own duties), whose people sign in to the county's server and read every town.
    pub office: Option<CountyTown>,
    /// Where the county's server listens (`listen: "127.0.0.1:8080"`) unless told otherwise.
    pub listen: Option<String>,
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
    /// The town's key in the county server's addresses (`/towns/KEY/`): its folder's last
    /// name in lower-case letters, digits, `-` and `_`.
    pub key: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "county.ron")]
struct CountyFile {
    county: String,
    towns: Vec<TownEntry>,
    #[serde(default)]
    database: Option<String>,
    #[serde(default)]
    office: Option<String>,
    #[serde(default)]
    listen: Option<String>,
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
        let mut keys = HashSet::new();
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
            let key = key_of(&root);
            if !folders.insert(root.clone()) {
                at(folder_at, format!("the folder {} is given for two towns", folder.display()));
            } else if !root.join(WORKSPACE_FILE).is_file() {
                at(
                    folder_at,
                    format!("folder {}: no {WORKSPACE_FILE} in it (not a town's workspace)", folder.display()),
                );
            } else if !keys.insert(key.clone()) {
                at(
                    folder_at,
                    format!("folder {}: another town's folder has the same last name \"{key}\" (the town's address on the county's server): rename one", folder.display()),
                );
            }
            towns.push(CountyTown { name, folder, root, key });
        }
        let office = match &file.office {
            None => None,
            Some(written) => {
                let folder_at = source.find_value_of("office").unwrap_or(0);
                let folder = PathBuf::from(written);
                match crate::resolve_inside(root, &folder) {
                    Err(outside) => {
                        at(folder_at, format!("office: {outside}"));
                        None
                    }
                    Ok(found) if folders.contains(&found) => {
                        at(
                            folder_at,
                            format!(
                                "office: {} is a town's folder; the county office keeps a workspace of its own",
                                folder.display()
                            ),
                        );
                        None
                    }
                    Ok(found) if !found.join(WORKSPACE_FILE).is_file() => {
                        at(folder_at, format!("office {}: no {WORKSPACE_FILE} in it (make the county office's workspace there with fazhi init)", folder.display()));
                        None
                    }
                    Ok(found) => {
                        Some(CountyTown { name: county.clone(), folder, key: "office".to_string(), root: found })
                    }
                }
            }
        };
        if let Some(listen) = &file.listen {
            let port = listen.rsplit_once(':').map(|(host, port)| (host, port.parse::<u16>()));
            if !matches!(port, Some((host, Ok(_))) if !host.is_empty()) {
                at(
                    source.find_value_of("listen").unwrap_or(0),
                    format!("listen: \"{listen}\" is not an address and port, e.g. \"127.0.0.1:8080\""),
                );
            }
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
        Ok(CountyConfig {
            root: root.to_path_buf(),
            county,
            towns,
            database: file.database,
            office,
            listen: file.listen,
        })
    }
}

impl CountyConfig {
    /// Reads `source` as a `county.ron`, its shape only (no folder is looked at).
    pub(crate) fn parse_shape(source: &SourceFile) -> Result<(), crate::Diagnostic> {
        source.parse_ron::<CountyFile>().map(drop)
    }

    /// The database of the county whose `county.ron` (in a folder above `workspace`) names
    /// `workspace` as one of its towns or as its office: every command run in a town's folder
    /// keeps the state where the county's server keeps it. `None` when no `county.ron` above
    /// names it, or the county names no database; a `county.ron` that cannot be read is an error
    /// (with its line and column), never taken as "no database".
    pub fn database_for(workspace: &Path) -> Result<Option<String>, WorkspaceError> {
        let Some(parent) = workspace.parent() else { return Ok(None) };
        let Some(root) = CountyConfig::discover(parent) else { return Ok(None) };
        let source =
            SourceFile::read_in(&root, Path::new(COUNTY_FILE)).map_err(|d| WorkspaceError::Invalid(vec![d]))?;
        let file: CountyFile = source.parse_ron().map_err(|d| WorkspaceError::Invalid(vec![d]))?;
        let real = |path: &Path| std::fs::canonicalize(path).ok();
        let Some(this) = real(workspace) else { return Ok(None) };
        let folders = file.towns.iter().map(|town| town.folder.as_str()).chain(file.office.as_deref());
        let named = folders
            .filter_map(|folder| crate::resolve_inside(&root, Path::new(folder)).ok())
            .any(|found| real(&found).as_ref() == Some(&this));
        Ok(if named { file.database } else { None })
    }
}

/// A town's key in the county server's addresses: its folder's last name, every character but
/// ASCII letters, digits, `-` and `_` made `_`, in lower case.
fn key_of(root: &Path) -> String {
    let name = root.file_name().unwrap_or_default().to_string_lossy();
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c.to_ascii_lowercase() } else { '_' })
        .collect()
}
