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

/// `fazhi init [DIR] [--year YEAR] [--name NAME]`: a new workspace that passes `fazhi check`.
pub fn run(context: &Context, dir: Option<&Path>, year: Option<i32>, name: Option<&str>) -> Result<(), CliError> {
    let dir = match (dir, name) {
        (Some(dir), _) => context.path(dir),
        (None, Some(name)) => context.path(Path::new(name.trim())),
        (None, None) => {
            return Err(CliError::BadInput(tr!(
                "name the folder to create (`fazhi init DIR`) or the town (`fazhi init --name 龙溪镇`)",
                "请写明要新建的文件夹（`fazhi init 文件夹`）或乡镇名称（`fazhi init --name 龙溪镇`）"
            )))
        }
    };
    let dir = dir.as_path();
    if let Some(year) = year.filter(|year| !(1949..=2200).contains(year)) {
        return Err(CliError::BadInput(tr!(
            "--year {year} is not a plausible working year",
            "--year {year} 不是合理的工作年度"
        )));
    }
    let organisation = match name.map(str::trim) {
        Some("") => return Err(CliError::BadInput(tr!("--name is empty", "--name 为空"))),
        Some(name) if name.ends_with("政府") || name.ends_with('局') || name.ends_with("办公室") => {
            name.to_string()
        }
        Some(name) => format!("{name}人民政府"),
        None => "某某镇人民政府".to_string(),
    };
    if dir.join(WORKSPACE_FILE).exists() {
        let shown = dir.display();
        return Err(CliError::BadInput(tr!(
            "{shown} already holds a workspace ({WORKSPACE_FILE} exists)",
            "{shown} 已有工作区（{WORKSPACE_FILE} 已存在）"
        )));
    }
    let today = context
        .today_if_set()
        .unwrap_or_else(|| chrono::Utc::now().with_timezone(&chrono_tz::Asia::Shanghai).date_naive());
    let year = year.unwrap_or(today.year());
    // Monthly duties of the template start this month, or in January of another year.
    let month_start = if year == today.year() {
        today.with_day(1).expect("every month has a first day")
    } else {
        chrono::NaiveDate::from_ymd_opt(year, 1, 1).expect("a plausible year has a 1 January")
    };
    let today = if year == today.year() { today } else { month_start };
    let calendar = fazhi_core::Calendar::stock();
    let known = calendar.years();
    if !known.contains(&year) || !known.contains(&(year + 1)) {
        let next = year + 1;
        err!(
            "{}{}",
            crate::lang::warning(),
            tr!(
                "the working-day calendar does not know {year}–{next}; add them to calendar.ron",
                "工作日历没有 {year}–{next} 年；请加入 calendar.ron"
            )
        );
    }
    super::warn_provisional(&calendar, [today, today.with_month(12).and_then(|day| day.with_day(31)).unwrap_or(today)]);
    for (path, text) in TEMPLATE {
        let target = dir.join(path);
        let text = text
            .replace("{next_year}", &(year + 1).to_string())
            .replace("{year}", &year.to_string())
            .replace("{month_start}", &month_start.to_string())
            .replace("\"某某镇人民政府\"", &format!("{organisation:?}"));
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
    let (shown, duties) = (dir.display(), workspace.duties.len());
    out!(
        "{}",
        tr!(
            "created a workspace for {organisation} {year} in {shown}: {duties} duties; next: edit org.ron and \
             checklist/ (or `fazhi org import` and `fazhi checklist import` from your Excel files, \
             docs/adoption.md), then run `fazhi check`",
            "已在 {shown} 为{organisation}新建 {year} 年的工作区：{duties} 项职责；下一步：编辑 org.ron 和 checklist/\
             （或用 `fazhi org import`、`fazhi checklist import` 从 Excel 表导入，见 docs/adoption.md），然后运行 \
             `fazhi check`"
        )
    );
    Ok(())
}
