use serde::Serialize;

/// An assembled report, ready to be rendered: every heading already numbered and every figure
/// already written into the text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Document {
    /// The title, e.g. "王团镇2024年法治政府建设工作报告".
    pub title: String,
    /// Paragraphs before the first part.
    pub preamble: Vec<String>,
    /// The numbered parts 一、二、三、…
    pub parts: Vec<Part>,
    /// Paragraphs after the last part: shortcomings and next year's plan, without headings.
    pub closing: Vec<String>,
    /// Shortcomings suggested by the modules' scripts from the data; not part of the user's
    /// text, shown apart (an appendix in Markdown and HTML, left out of the Word file).
    pub suggestions: Vec<String>,
    /// The head of the audit log when the report was made (`SEQ:HASH`, as `fazhi audit head`
    /// prints it), so that whoever receives the report can later prove the records it was made
    /// from were not rewritten. Printed at the end of the HTML and Word files, apart from the
    /// text; Markdown, the working text, leaves it out.
    pub audit_head: Option<String>,
}

/// A first-level part, e.g. "一、强化政治引领，把牢正确方向".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Part {
    /// The heading with its ordinal, e.g. "一、强化政治引领，把牢正确方向".
    pub heading: String,
    /// Paragraphs before the first sub-part.
    pub paragraphs: Vec<String>,
    /// The sub-parts （一）（二）…
    pub sub_parts: Vec<SubPart>,
}

/// A second-level part. Its heading runs in at the start of its first paragraph, as in
/// "（一）深学笃行习近平法治思想。镇党委、政府……".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SubPart {
    /// The heading with its ordinal, e.g. "（一）深学笃行习近平法治思想。".
    pub heading: String,
    /// The paragraphs; the heading runs in before the first (if there is none, the heading
    /// stands alone).
    pub paragraphs: Vec<String>,
}
