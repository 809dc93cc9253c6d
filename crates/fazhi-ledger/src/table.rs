use fazhi_core::LedgerRecord;

use crate::column_letters;

/// A table read by [`crate::read_table`]: its rows, and where each field's column is.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The rows with a value, in file order, each with its line (CSV) or row (workbook).
    pub records: Vec<LedgerRecord>,
    /// For each field of the kind, in its order: the 1-based column holding it, if any.
    pub columns: Vec<Option<usize>>,
    /// Whether the file is a workbook, whose columns are named by letter.
    pub letters: bool,
}

impl Table {
    /// The 1-based column of the field at `index` of the kind (1 if it has none).
    pub fn column(&self, index: usize) -> usize {
        self.columns.get(index).copied().flatten().unwrap_or(1)
    }

    /// How the cell of the field at `index` in `row` is named to a person: `E3` (a cell of a
    /// workbook, or of a CSV file as a spreadsheet shows it).
    pub fn cell_name(&self, index: usize, row: usize) -> String {
        format!("{}{row}", column_letters(self.column(index)))
    }
}
