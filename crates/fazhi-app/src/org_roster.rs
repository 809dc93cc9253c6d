//! The officers' roster (`cadre`) read from org.ron: `(kind: "cadre", file: "org.ron")` in
//! fazhi.ron's `ledger`, so that the certificates a staff list brought into org.ron are not
//! entered a second time in a roster spreadsheet.

use std::path::Path;

use chrono::Datelike;
use fazhi_core::{Diagnostic, LedgerKind, LedgerRecord, Person, Workspace};

/// The file name that, as a declared ledger file, means the roster of the workspace's org.ron.
pub(crate) const ORG_FILE: &str = "org.ron";

/// Whether `file` is the workspace's own org.ron (by its real path: not a file of that name
/// elsewhere, an upload say).
pub(crate) fn is_org_ron(workspace: &Workspace, file: &Path) -> bool {
    let org_ron = std::fs::canonicalize(workspace.root.join(ORG_FILE)).ok();
    org_ron.is_some() && std::fs::canonicalize(file).ok() == org_ron
}

/// The rows of `kind` (the officers' roster) that org.ron gives: for every year from the one
/// before the first certificate's issue year (or before the workspace's year) to the
/// workspace's year, one row per person: 年度, 姓名, 单位, 职务 (the roles), 执法人员 (a certificate
/// or a role naming 执法), 持有执法证件 (a certificate held in that year), 执法证号, 证件有效期至,
/// 发证日期. A certificate without an issue date counts as held from before the first year, so it
/// is never "new" (`new_in_year`); one with an issue date is new in that year. Only the fields
/// the kind has are filled; a kind without `year` and `name` cannot be read from org.ron.
pub(crate) fn roster_records(workspace: &Workspace, kind: &LedgerKind) -> Result<Vec<LedgerRecord>, Diagnostic> {
    let at = |message: String| Diagnostic { file: ORG_FILE.into(), line: 1, column: 1, message };
    for needed in ["year", "name"] {
        if !kind.fields.iter().any(|field| field.id == needed) {
            return Err(at(format!(
                "the ledger kind {} ({}) has no field \"{needed}\", so it cannot be read from org.ron \
                 (only an officers' roster such as cadre can)",
                kind.name, kind.id
            )));
        }
    }
    let last = workspace.config.year;
    let first_issued = workspace
        .org
        .people
        .iter()
        .filter_map(|person| person.certificate.as_ref()?.issued.map(|issued| issued.year()))
        .min()
        .unwrap_or(last);
    let first = first_issued.min(last) - 1;
    let mut records = Vec::new();
    for year in first..=last {
        for person in &workspace.org.people {
            let cells = cells(workspace, person, year);
            let cells: Vec<(String, String)> = cells
                .into_iter()
                .filter(|(field, _)| kind.fields.iter().any(|known| known.id == *field))
                .map(|(field, value)| (field.to_string(), value))
                .collect();
            let record = kind.record(&cells, 0).map_err(|problems| {
                at(format!("person \"{}\" as a row of {}: {}", person.id, kind.id, problems.join("; ")))
            })?;
            records.push(record);
        }
    }
    Ok(records)
}

/// A person's cells of the roster of `year`, by field id.
fn cells(workspace: &Workspace, person: &Person, year: i32) -> Vec<(&'static str, String)> {
    let yes_no = |yes: bool| if yes { "是" } else { "否" }.to_string();
    let unit = workspace.org.unit(&person.unit).map_or(person.unit.clone(), |unit| unit.name.clone());
    let certificate = person.certificate.as_ref();
    let enforcement = certificate.is_some() || person.roles.iter().any(|role| role.contains("执法"));
    let mut cells = vec![
        ("year", year.to_string()),
        ("name", person.name.clone()),
        ("unit", unit),
        ("post", person.roles.join("、")),
        ("enforcement_staff", yes_no(enforcement)),
        ("certified", yes_no(certificate.is_some_and(|certificate| certificate.held_in(year)))),
    ];
    if let Some(certificate) = certificate.filter(|certificate| certificate.held_in(year)) {
        cells.push(("certificate_no", certificate.number.clone()));
        cells.push(("expires", certificate.expires.to_string()));
        if let Some(issued) = certificate.issued {
            cells.push(("issued", issued.to_string()));
        }
    }
    cells
}
