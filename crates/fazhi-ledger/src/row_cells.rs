use std::borrow::Cow;

/// The cells of one row, as [`crate::columns::Columns::record`] reads them: a row of
/// delimited text has every cell, a row of a sheet only the cells it holds.
pub(crate) trait RowCells<'c> {
    /// The text of the cell in the 0-based column `j` (empty where the row has no cell), or
    /// a sentence saying why it has none (a spreadsheet error cell).
    fn cell(&self, j: usize) -> Result<Cow<'c, str>, String>;

    /// The 0-based columns, in order, where the row has a cell (which may be past the last
    /// column of the header).
    fn columns(&self) -> impl Iterator<Item = usize>;
}
