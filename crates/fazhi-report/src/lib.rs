//! fazhi's year-end report (法治政府建设年度报告): figures computed from the ledger by the
//! modules' report scripts, the workspace's outline with placeholders, figure checks, and
//! output as Markdown, HTML and Word (GB/T 9704 layout). See `docs/report.md`.
//!
//! [`Report::build`] runs every module's report script over the ledger of a store (aggregates
//! in SQL), checks the figures ([`ReportWarning`]) and assembles a [`Document`], which the
//! renderers write out.
#![warn(missing_docs)]

mod document;
mod figure_checks;
mod ordinal;
mod outline;
mod render;
mod render_error;
mod report;
mod report_error;
mod report_warning;
mod store_ledger;
mod word_text;

pub use document::{Document, Section};
pub use render::{render_docx, render_html, render_markdown};
pub use render_error::RenderError;
pub use report::{Report, ReportInput};
pub use report_error::ReportError;
pub use report_warning::ReportWarning;
