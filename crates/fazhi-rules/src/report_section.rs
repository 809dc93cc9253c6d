use serde::Serialize;

/// A module's own text for the report: a title and paragraphs with its figures written in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportSection {
    /// The title, without an ordinal, e.g. "深化信息公开".
    pub title: String,
    /// The paragraphs.
    pub paragraphs: Vec<String>,
}
