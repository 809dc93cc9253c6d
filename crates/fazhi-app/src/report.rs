//! The report jobs of a session.

use fazhi_core::SourceFile;
use fazhi_report::{Report, ReportInput};

use crate::{AppError, Session};

impl Session {
    /// Builds the year-end report of `year` from the ledger and the checklist: the figures of
    /// every module's report script, placed in the workspace's outline for the year (or one
    /// made from the modules).
    pub fn report(&self, year: i32) -> Result<Report, AppError> {
        let root = &self.workspace.root;
        let rules_dir = root.join("rules");
        let outline = report_outline(root, year)?;
        let store = self.read_only_store()?;
        // The head the report carries: what was recorded when it was made (none before anything was).
        let audit_head = Some(store.audit_head()?).filter(|head| head.seq > 0);
        let input = ReportInput {
            year,
            organisation: &self.workspace.config.organisation,
            org: Some(&self.workspace.org),
            pack: self.pack(),
            rules_dir: Some(&rules_dir),
            outline: outline.as_ref(),
            audit_head: audit_head.as_ref(),
        };
        Ok(Report::build(&input, store)?)
    }

    /// The scheduler's `ReportDraft` job: the report of `year` as a Word file and Markdown in
    /// `.fazhi/reports/`, for the office to finish by hand. Returns what it wrote.
    pub fn draft_report(&self, year: i32) -> Result<String, AppError> {
        let report = self.report(year)?;
        let folder = self.workspace.root.join(".fazhi/reports");
        std::fs::create_dir_all(&folder)
            .map_err(|err| AppError::bad_input(format!("cannot create {}: {err}", folder.display())))?;
        let stem = format!("{year}年法治政府建设工作报告（草稿）");
        let docx = fazhi_report::render_docx(&report.document).map_err(AppError::internal)?;
        for (extension, bytes) in [("docx", docx), ("md", fazhi_report::render_markdown(&report.document).into_bytes())]
        {
            let path = folder.join(format!("{stem}.{extension}"));
            crate::write_whole(&path, &bytes)?;
        }
        Ok(format!(
            "the {year} report drafted in .fazhi/reports/{stem}.docx and .md, with {} warning(s){}",
            report.warnings.len(),
            report.warnings.iter().map(|warning| format!("; {warning}")).collect::<String>()
        ))
    }
}

/// The report outline of `year` in the workspace at `root`, if it has one, read inside the
/// workspace (a link out of it is refused). Read it before opening a session to refuse a bad
/// outline without touching the state.
pub fn report_outline(root: &std::path::Path, year: i32) -> Result<Option<SourceFile>, AppError> {
    match Report::find_outline(root, year) {
        Some(path) => {
            let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            Ok(Some(
                SourceFile::read_in(root, &shown)
                    .map_err(|diagnostic| AppError::Invalid { problems: vec![diagnostic] })?,
            ))
        }
        None => Ok(None),
    }
}
