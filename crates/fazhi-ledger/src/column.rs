/// What one column of a ledger file holds, decided once from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Column {
    /// The field at this index of the kind's fields.
    Field(usize),
    /// Nothing read: ignored with `--map 'HEADER=-'`, or its header is a problem already.
    Ignored,
    /// No header: it must stay empty. `reported` once a value in it has been reported, so
    /// that a stray column gives one problem, not one per row.
    Unnamed {
        /// Whether a value in it has been reported.
        reported: bool,
    },
}
