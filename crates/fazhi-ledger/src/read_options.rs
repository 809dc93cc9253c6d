/// How to read a ledger file: which sheet of a workbook, and how headers that are not a
/// field's id, label or alias map to fields (`--map 'HEADER=FIELD'` on the command line).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The sheet of a workbook to read; `None` reads the first sheet. Ignored for CSV.
    pub sheet: Option<String>,
    /// `(header, field)` pairs: the column headed `header` holds the field `field` (its id or
    /// label), or, with `field` = `"-"`, is ignored. A mapping is looked at before the
    /// field's own id, label and aliases; a later pair for the same header wins.
    pub mapping: Vec<(String, String)>,
}

impl ReadOptions {
    /// What `mapping` says about `header` (trimmed): the field it names, or `"-"`.
    pub(crate) fn mapped(&self, header: &str) -> Option<&str> {
        let header = header.trim();
        self.mapping.iter().rev().find(|(from, _)| from.trim() == header).map(|(_, to)| to.trim())
    }
}
