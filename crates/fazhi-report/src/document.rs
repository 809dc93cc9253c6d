use serde::Serialize;

/// An assembled report, ready to be rendered: every heading already numbered and every figure
/// already written into the text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Document {
    /// The title, e.g. "王团镇2024年法治政府建设工作报告".
    pub title: String,
    /// Paragraphs before the first part.
    pub preamble: Vec<String>,
    /// The numbered parts 一、二、三、… (level 1), each with its sections of the levels below.
    pub parts: Vec<Section>,
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

/// A numbered section of the report at one of the three levels of GB/T 9704: "一、" (level 1,
/// 黑体, on its own line), "（一）" (level 2, 楷体) and "1." (level 3, 仿宋 bold). A heading of
/// level 2 or 3 either runs in at the start of its first paragraph, as in
/// "（一）深学笃行习近平法治思想。镇党委、政府……", or stands on its own line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// 1, 2 or 3.
    pub level: u8,
    /// The heading with its ordinal, e.g. "一、强化政治引领，把牢正确方向".
    pub heading: String,
    /// Whether the heading runs in at the start of the first paragraph (never for level 1; a
    /// section without paragraphs has its heading alone either way).
    pub run_in: bool,
    /// Paragraphs before the first section below.
    pub paragraphs: Vec<String>,
    /// The sections of the next level: （一）（二）… in a part, 1. 2. … in a （一）.
    pub sections: Vec<Section>,
}

impl Section {
    /// A section of `level` with its numbered `heading` and nothing in it yet.
    pub fn new(level: u8, heading: impl Into<String>, run_in: bool) -> Section {
        Section {
            level,
            heading: heading.into(),
            run_in: run_in && level > 1,
            paragraphs: Vec::new(),
            sections: Vec::new(),
        }
    }

    /// The section and every section below it, in reading order.
    pub fn walk(&self) -> Vec<&Section> {
        let mut all = vec![self];
        for section in &self.sections {
            all.extend(section.walk());
        }
        all
    }
}
