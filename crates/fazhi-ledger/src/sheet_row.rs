use std::borrow::Cow;

use calamine::Data;

use crate::row_cells::RowCells;
use crate::sparse_sheet::SheetCell;

/// One row of a [`crate::sparse_sheet::SparseSheet`]: the cells it has, `(row, column,
/// value)` in column order, with columns counted from the sheet's first column.
pub(crate) struct SheetRow<'a> {
    /// The row's cells.
    pub(crate) cells: &'a [SheetCell],
    /// The 0-based first column of the sheet, column 0 of [`RowCells`].
    pub(crate) first_column: u32,
    /// How a cell is read as text.
    pub(crate) text: fn(&Data) -> Result<Cow<'_, str>, String>,
}

impl<'a> RowCells<'a> for SheetRow<'a> {
    fn cell(&self, j: usize) -> Result<Cow<'a, str>, String> {
        let column = u32::try_from(j).ok().and_then(|j| j.checked_add(self.first_column));
        match column.and_then(|column| self.cells.binary_search_by_key(&column, |cell| cell.1).ok()) {
            Some(at) => (self.text)(&self.cells[at].2),
            None => Ok(Cow::Borrowed("")),
        }
    }

    fn columns(&self) -> impl Iterator<Item = usize> {
        self.cells.iter().map(|cell| (cell.1 - self.first_column) as usize)
    }
}
