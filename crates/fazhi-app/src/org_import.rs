use std::path::{Path, PathBuf};

use fazhi_core::{
    derive_id, org_ron_with, Certificate, Diagnostic, FieldType, IdStyle, LedgerField, LedgerKind, LedgerValue, Org,
    Person, SourceFile, Unit, Workspace,
};
use fazhi_ledger::{LedgerError, ReadOptions};
use serde::Serialize;

use crate::AppError;

/// (id, header, other headers read, type).
const COLUMNS: [(&str, &str, &[&str], FieldType); 8] = [
    ("name", "姓名", &["名字", "人员", "人员姓名"], FieldType::Text),
    ("unit", "单位", &["科室", "部门", "所在单位", "单位/科室", "所在科室", "工作单位"], FieldType::Text),
    ("roles", "职务", &["职位", "岗位", "角色", "职务/岗位"], FieldType::Text),
    ("email", "邮箱", &["电子邮箱", "邮件", "Email", "E-mail", "email"], FieldType::Text),
    ("mobile", "手机", &["手机号", "手机号码", "联系电话", "电话"], FieldType::Text),
    ("certificate", "执法证号", &["执法证件号", "执法证编号", "执法证件号码", "证件号码"], FieldType::Text),
    ("expires", "有效期至", &["有效期", "证件有效期", "执法证有效期"], FieldType::Text),
    ("issued", "发证日期", &["发证时间", "取证时间", "取证日期", "领证日期", "办证日期"], FieldType::Text),
];

/// Titles that lead a unit: the first person of a new unit whose 职务 ends with one leads it.
const LEADING: [&str; 11] = ["书记", "镇长", "乡长", "主任", "所长", "队长", "站长", "局长", "科长", "部长", "负责人"];

/// A staff list (人员.xlsx: 姓名, 单位/科室, 职务, 邮箱, 手机, 执法证号, 有效期至) read for org.ron
/// (`fazhi org import`): units and people with derived ids, ready to be written.
#[derive(Debug, Serialize)]
pub struct OrgImport {
    /// The workspace's org.ron.
    pub target: PathBuf,
    /// Its new text.
    #[serde(skip)]
    pub text: String,
    /// The units added.
    pub units: Vec<Unit>,
    /// The people added.
    pub people: Vec<Person>,
    /// People of the list org.ron has already (by name), left as they are.
    pub unchanged: Vec<String>,
    /// The rows left out (with `skip_bad`): every problem found in them.
    pub skipped: Vec<Diagnostic>,
}

impl OrgImport {
    /// Reads the staff list at `path` (named `shown` in problems) for `workspace`: each person
    /// org.ron does not have by name is added, with their unit if it is new (led by the first
    /// of its people whose 职务 is a leading one: 主任, 所长, 书记, …). With `replace`, org.ron
    /// is written anew from the list alone. Every cell that cannot be read is a problem at its
    /// row and column; with any, nothing is to be written unless `skip_bad` leaves the rows out.
    ///
    /// # Errors
    ///
    /// [`AppError::Invalid`] with every problem; [`AppError::BadInput`] if the file cannot be read.
    pub fn read(
        workspace: &Workspace,
        path: &Path,
        shown: &Path,
        read: &ReadOptions,
        replace: bool,
        skip_bad: bool,
    ) -> Result<OrgImport, AppError> {
        let kind = LedgerKind {
            id: "staff_list".to_string(),
            name: "人员名单".to_string(),
            date: None,
            fields: COLUMNS
                .iter()
                .map(|(id, label, aliases, field_type)| LedgerField {
                    id: id.to_string(),
                    label: label.to_string(),
                    field_type: *field_type,
                    required: *id == "name" || *id == "unit",
                    values: Vec::new(),
                    aliases: aliases.iter().map(|alias| alias.to_string()).collect(),
                })
                .collect(),
        };
        let table = fazhi_ledger::read_table(path, shown, &kind, read).map_err(|err| match err {
            LedgerError::Invalid { problems } => AppError::Invalid { problems },
            other => AppError::bad_input(other.to_string()),
        })?;
        let existing = if replace { Org::default() } else { workspace.org.clone() };
        let mut units: Vec<Unit> = Vec::new();
        let mut people: Vec<Person> = Vec::new();
        let mut unchanged = Vec::new();
        let mut skipped = Vec::new();
        for record in &table.records {
            let text = |id: &str| match record.get(&kind, id) {
                Some(LedgerValue::Text(text)) => Some(text.trim().to_string()).filter(|text| !text.is_empty()),
                _ => None,
            };
            let problem = |id: &str, message: String| {
                let index = COLUMNS.iter().position(|(field, ..)| *field == id).expect("a column");
                Diagnostic {
                    file: shown.to_path_buf(),
                    line: record.row,
                    column: table.column(index),
                    message: {
                        let (cell, label) = (table.cell_name(index, record.row), COLUMNS[index].1);
                        fazhi_core::tr!("{cell} {label}: {message}", "{cell} {label}：{message}")
                    },
                }
            };
            let name = text("name").unwrap_or_default();
            if existing.person(&name).is_some() || people.iter().any(|person| person.name == name) {
                unchanged.push(name);
                continue;
            }
            let mut problems = Vec::new();
            let email = text("email").unwrap_or_default();
            let plausible = email.split_once('@').is_some_and(|(user, domain)| {
                !user.is_empty() && domain.contains('.') && !email.contains(char::is_whitespace)
            });
            if !email.is_empty() && !plausible {
                problems.push(problem(
                    "email",
                    fazhi_core::tr!("\"{email}\" is not an email address", "“{email}”不是邮箱地址"),
                ));
            }
            let mut date =
                |column: &str, label: &str| match text(column).map(|cell| date_field(column, label).parse(&cell)) {
                    Some(Ok(Some(LedgerValue::Date(date)))) => Some(date),
                    Some(Err(message)) => {
                        let message =
                            message.trim_start_matches(&format!("{label}: ")).trim_start_matches(&format!("{label}："));
                        problems.push(problem(column, message.to_string()));
                        None
                    }
                    _ => None,
                };
            let expires = date("expires", "有效期至");
            let issued = date("issued", "发证日期");
            if let (Some(issued), Some(expires)) = (issued, expires) {
                if issued > expires {
                    problems.push(problem(
                        "issued",
                        fazhi_core::tr!(
                            "issued on {issued}, after it expires ({expires})",
                            "发证日期 {issued} 晚于有效期（{expires}）"
                        ),
                    ));
                }
            }
            let expiry_bad = text("expires").is_some() && expires.is_none();
            let certificate = match (text("certificate"), expires) {
                (Some(number), Some(expires)) => Some(Certificate { number, expires, issued }),
                (None, None) => None,
                (_, None) if expiry_bad => None,
                (Some(_), None) => {
                    problems.push(problem(
                        "expires",
                        fazhi_core::tr!("the certificate's expiry date is required", "须填写执法证的有效期"),
                    ));
                    None
                }
                (None, Some(_)) => {
                    problems.push(problem(
                        "certificate",
                        fazhi_core::tr!("an expiry date without a certificate number", "有有效期，却没有执法证号"),
                    ));
                    None
                }
            };
            if !problems.is_empty() {
                skipped.extend(problems);
                continue;
            }
            let unit_name = text("unit").unwrap_or_default();
            let unit = match existing.unit(&unit_name).or_else(|| units.iter().find(|unit| unit.name == unit_name)) {
                Some(unit) => unit.id.clone(),
                None => {
                    let id = derive_id(&unit_name, IdStyle::Unit, "unit", &|id| {
                        existing.units.iter().any(|unit| unit.id == id) || units.iter().any(|unit| unit.id == id)
                    });
                    units.push(Unit { id: id.clone(), name: unit_name.clone(), leader: None });
                    id
                }
            };
            let roles: Vec<String> = text("roles")
                .map(|roles| {
                    roles
                        .split(['、', '，', ',', '；', ';', '/'])
                        .map(str::trim)
                        .filter(|role| !role.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            let id = derive_id(&name, IdStyle::Person, "person", &|id| {
                existing.people.iter().any(|person| person.id == id) || people.iter().any(|person| person.id == id)
            });
            if let Some(new_unit) =
                units.iter_mut().find(|candidate| candidate.id == unit && candidate.leader.is_none())
            {
                if roles.iter().any(|role| LEADING.iter().any(|title| role.ends_with(title))) {
                    new_unit.leader = Some(id.clone());
                }
            }
            people.push(Person { id, name, unit, email, mobile: text("mobile"), roles, certificate });
        }
        if !skipped.is_empty() && !skip_bad {
            return Err(AppError::Invalid { problems: skipped });
        }
        let current = if replace {
            "// 责任单位与人员，由 `fazhi org import` 从人员名单导入。\n(\n    units: [\n    ],\n    people: [\n    ],\n)\n".to_string()
        } else {
            SourceFile::read_in(&workspace.root, Path::new("org.ron"))
                .map_err(|problem| AppError::Invalid { problems: vec![problem] })?
                .text
        };
        let text = org_ron_with(&current, &units, &people).ok_or_else(|| {
            AppError::bad_input("cannot find the lists `units: [...]` and `people: [...]` in org.ron")
        })?;
        Ok(OrgImport { target: workspace.root.join("org.ron"), text, units, people, unchanged, skipped })
    }

    /// Writes org.ron through a temporary file and a rename, then loads the workspace: should
    /// it not load (a checklist naming someone the new org.ron lacks), the old org.ron is put
    /// back and the problems are the error.
    pub fn write(&self) -> Result<(), AppError> {
        let root = self.target.parent().unwrap_or(Path::new(".")).to_path_buf();
        let old = std::fs::read(&self.target).ok();
        crate::write_whole(&self.target, self.text.as_bytes())?;
        match Workspace::load(&root) {
            Ok(_) => Ok(()),
            Err(err) => {
                if let Some(old) = old {
                    let _ = crate::write_whole(&self.target, &old);
                }
                Err(err.into())
            }
        }
    }
}

/// A date field, to read a certificate's dates as ledger dates are read (2027-06-30,
/// 2027年6月30日).
fn date_field(id: &str, label: &str) -> LedgerField {
    LedgerField {
        id: id.to_string(),
        label: label.to_string(),
        field_type: FieldType::Date,
        required: false,
        values: Vec::new(),
        aliases: Vec::new(),
    }
}
