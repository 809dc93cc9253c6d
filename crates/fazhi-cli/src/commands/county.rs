//! `fazhi county …`: a county's office over all its towns (`county.ron`).

use std::path::PathBuf;

use clap::Subcommand;
use fazhi_app::{Access, County};
use fazhi_core::tr;

use super::print_json;
use crate::table::Table;
use crate::{CliError, Context};

/// `fazhi county …`
#[derive(Debug, Subcommand)]
pub enum CountyCommand {
    /// Every town at once: its light (红灯 overdue, 黄灯 due soon, 绿灯), overdue and due-soon
    /// tasks, legality reviews blocked and passed this year, workflow steps near or past a
    /// statutory limit, and its annual report's stage.
    Status {
        /// "Soon" means within this many days.
        #[arg(long, value_name = "DAYS", default_value_t = 7)]
        within: i64,
    },
    /// Every report figure of every town of YEAR side by side, with the county's totals where
    /// they add up: an Excel workbook and an HTML page.
    Report {
        /// The report year.
        #[arg(long)]
        year: i32,
        /// The folder to write them into (default: the county's folder).
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
    },
}

/// Runs `fazhi county …`.
pub fn run(context: &Context, command: &CountyCommand) -> Result<(), CliError> {
    let county = County::discover(context.start_dir(), &context.options(Access::Read))?;
    match command {
        CountyCommand::Status { within } => status(context, &county, *within),
        CountyCommand::Report { year, output } => report(context, &county, *year, output.as_deref()),
    }
}

fn status(context: &Context, county: &County, within: i64) -> Result<(), CliError> {
    if !(0..=366).contains(&within) {
        return Err(CliError::BadInput(format!("--within {within}: give 0 to 366 days")));
    }
    let status = county.status(within);
    if context.json {
        print_json(&status)?;
    } else {
        let mut table = Table::headed(&[
            ("TOWN", "乡镇"),
            ("LIGHT", "灯"),
            ("OVERDUE", "逾期"),
            ("DUE SOON", "即将到期"),
            ("OPEN", "未完成"),
            ("REVIEWS BLOCKED", "审查未通过"),
            ("REVIEWS PASSED", "审查通过"),
            ("NEAR LIMIT", "临近法定时限"),
            ("PAST LIMIT", "超过法定时限"),
            ("ANNUAL REPORT", "年度报告"),
        ]);
        for town in &status.towns {
            table.row(vec![
                town.name.clone(),
                town.light.label().to_string(),
                town.overdue.to_string(),
                town.due_soon.to_string(),
                town.open.to_string(),
                town.reviews_blocked.to_string(),
                town.reviews_passed.to_string(),
                town.near_limit.to_string(),
                town.past_limit.to_string(),
                town.annual_report.label().to_string(),
            ]);
        }
        crate::terminal::print(&table.render());
        let (name, today, towns, year) = (&status.county, status.today, status.towns.len(), status.report_year);
        out!(
            "{}",
            tr!(
                "{name}: {towns} town(s) on {today}; soon = within {within} days; annual report of {year}",
                "{name}：{towns} 个乡镇，{today}；即将到期指 {within} 天内；年度报告为 {year} 年度"
            )
        );
    }
    unreadable(status.towns.iter().filter_map(|town| town.problem.as_ref().map(|problem| (&town.name, problem))))
}

fn report(context: &Context, county: &County, year: i32, output: Option<&std::path::Path>) -> Result<(), CliError> {
    if !(1949..=2200).contains(&year) {
        return Err(CliError::BadInput(format!("--year {year} is not a plausible working year")));
    }
    let folder = match output {
        Some(dir) => context.path(dir),
        None => county.config().root.clone(),
    };
    if !folder.is_dir() {
        return Err(CliError::BadInput(format!("-o {}: not a folder", folder.display())));
    }
    let figures = county.figures(year);
    let xlsx = folder.join(format!("county-figures-{year}.xlsx"));
    let html = folder.join(format!("county-figures-{year}.html"));
    figures.write_xlsx(&xlsx)?;
    fazhi_app::write_whole(&html, figures.to_html().as_bytes())?;
    if context.json {
        print_json(&serde_json::json!({ "figures": figures, "xlsx": xlsx, "html": html }))?;
    } else {
        let (rows, towns) = (figures.rows.len(), figures.towns.len());
        let totals = figures.rows.iter().filter(|row| row.total.is_some()).count();
        let (xlsx, html) = (xlsx.display(), html.display());
        out!(
            "{}",
            tr!(
                "{rows} figure(s) of {towns} town(s) side by side, {totals} with a county total: {xlsx}, {html}",
                "{towns} 个乡镇的 {rows} 项数据已并列汇总（其中 {totals} 项有全县合计）：{xlsx}、{html}"
            )
        );
    }
    unreadable(figures.problems.iter().map(|(town, problem)| (town, problem)))
}

/// Each town that could not be read, said on stderr; a failure (exit 1) when there is one.
fn unreadable<'a>(problems: impl Iterator<Item = (&'a String, &'a String)>) -> Result<(), CliError> {
    let problems: Vec<String> = problems.map(|(town, problem)| format!("{town}: {problem}")).collect();
    if problems.is_empty() {
        return Ok(());
    }
    let count = problems.len();
    Err(CliError::Failed(format!(
        "{}\n{}",
        problems.join("\n"),
        tr!("{count} town(s) could not be read; the others were", "{count} 个乡镇无法读取；其余已完成")
    )))
}
