//! A county's `county.ron`, naming towns generated beside it.

use std::fmt::Write as _;
use std::path::Path;

use crate::BenchError;

/// Writes `root/county.ron` for the county `county` with `towns` (each its name and its
/// folder inside `root`) and, when given, the county's PostgreSQL database.
pub fn write_county_ron(
    root: &Path,
    county: &str,
    towns: &[(String, String)],
    database: Option<&str>,
) -> Result<(), BenchError> {
    let mut text = format!("(\n    county: \"{county}\",\n    towns: [\n");
    for (name, folder) in towns {
        let _ = writeln!(text, "        (name: \"{name}\", folder: \"{folder}\"),");
    }
    text.push_str("    ],\n");
    if let Some(url) = database {
        let _ = writeln!(text, "    database: \"{url}\",");
    }
    text.push_str(")\n");
    let path = root.join(fazhi_core::COUNTY_FILE);
    std::fs::write(&path, text).map_err(BenchError::io(&path))
}
