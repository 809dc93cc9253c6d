//! fazhi's year-end report (法治政府建设年度报告): figures computed from the ledger by the
//! modules' report scripts, the workspace's narrative with placeholders, figure checks, and
//! output as Markdown, HTML and Word (GB/T 9704 layout).
#![warn(missing_docs)]

mod document;

pub use document::{Document, Part, SubPart};
