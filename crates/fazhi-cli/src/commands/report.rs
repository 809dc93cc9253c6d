//! `fazhi report`: the year-end report (法治政府建设年度报告) from the ledger, the modules'
//! report scripts and the workspace's outline, as Markdown, HTML or Word; `--check` runs the
//! figure checks only.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use fazhi_report::Report;

use super::print_json;
use crate::{CliError, Context};

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Markdown.
    Md,
    /// One standalone, printable HTML file.
    Html,
    /// A Word file in the official layout (GB/T 9704).
    Docx,
}

/// `fazhi report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The year reported on (default: the workspace's year).
    #[arg(long)]
    pub year: Option<i32>,
    /// The output format (default: from the extension of -o, else md).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write to FILE instead of standard output (required for docx).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only run the figure checks: print every warning, exit 1 if there is any.
    #[arg(long)]
    pub check: bool,
}

/// Builds the report.
pub fn run(context: &Context, args: &ReportArgs) -> Result<(), CliError> {
    let workspace = context.workspace()?;
    let year = args.year.unwrap_or(workspace.config.year);
    // A bad outline is refused before the state is opened (and, for a new workspace, made).
    fazhi_app::report_outline(&workspace.root, year)?;
    let session = context.read_session()?;
    let format = match (args.format, &args.output) {
        (Some(format), _) => format,
        (None, Some(path)) => match path.extension().and_then(|e| e.to_str()).map(str::to_lowercase).as_deref() {
            Some("html" | "htm") => Format::Html,
            Some("docx") => Format::Docx,
            _ => Format::Md,
        },
        (None, None) => Format::Md,
    };
    if format == Format::Docx && args.output.is_none() && !args.check && !context.json {
        return Err(CliError::BadInput(tr!(
            "a Word file needs -o FILE.docx",
            "Word 文件须用 -o 文件.docx 指定写入位置"
        )));
    }
    let report = session.report(year)?;
    if context.json {
        print_json(&report)?;
        return check_outcome(args, &report);
    }
    if args.check {
        for warning in &report.warnings {
            out!("{}{warning}", crate::lang::warning());
        }
        let checks: usize = report.modules.iter().map(|module| module.checks.len()).sum();
        let figures: usize = report.modules.iter().map(|module| module.figures.len()).sum();
        if report.warnings.is_empty() {
            let modules = report.modules.len();
            out!(
                "{}",
                tr!(
                    "{figures} figure(s) from {modules} module(s), {checks} check(s): all hold",
                    "{modules} 个模块的 {figures} 个数字、{checks} 项核对：全部成立"
                )
            );
        }
        return check_outcome(args, &report);
    }
    for warning in &report.warnings {
        err!("{}{warning}", crate::lang::warning());
    }
    let bytes = match format {
        Format::Md => fazhi_report::render_markdown(&report.document).into_bytes(),
        Format::Html => fazhi_report::render_html(&report.document).into_bytes(),
        Format::Docx => fazhi_report::render_docx(&report.document).map_err(anyhow::Error::from)?,
    };
    match &args.output {
        Some(path) => {
            let path = context.path(path);
            fazhi_app::write_whole(&path, &bytes)?;
            let (shown, warnings) = (path.display(), report.warnings.len());
            err!("{}", tr!("wrote {shown} ({warnings} warning(s))", "已写入 {shown}（{warnings} 条警告）"));
        }
        None => {
            use std::io::Write;
            std::io::stdout().write_all(&bytes).map_err(anyhow::Error::from)?;
        }
    }
    Ok(())
}

fn check_outcome(args: &ReportArgs, report: &Report) -> Result<(), CliError> {
    if args.check && !report.warnings.is_empty() {
        let warnings = report.warnings.len();
        return Err(CliError::Failed(tr!(
            "{warnings} warning(s) about the report's figures",
            "报告的数字有 {warnings} 条警告"
        )));
    }
    Ok(())
}
