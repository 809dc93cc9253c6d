use std::fmt;

use serde::Serialize;

/// Something in a built report to look at: a figure check that failed, a figure with no
/// supporting rows, a placeholder with no figure. `message` says it all; `rows` lists the
/// ledger rows behind it (`file:row`), where there are any to name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportWarning {
    /// What kind of warning: `sum`, `rate`, `no_rows`, `placeholder`, `section`, `markup`
    /// (Markdown the outline's dialect does not have, left out), or `character` (one the Word
    /// file cannot hold, left out of it).
    pub kind: &'static str,
    /// What is wrong, naming the figures.
    pub message: String,
    /// The ledger rows behind it, as `file:row`.
    pub rows: Vec<String>,
    /// The figures it concerns (`module.figure`), so that it can be shown beside the
    /// paragraphs that write them ([`crate::Report::paragraph_figures`]); a placeholder that
    /// names no figure is given as written (`{{x.y}}`), as it stays in the text.
    #[serde(skip)]
    pub figures: Vec<String>,
}

impl fmt::Display for ReportWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
