use calamine::Data;

use crate::cell_refused::CellRefused;

/// The cells of one sheet that hold a value, as they are: never the dense rectangle from its
/// first to its last cell, so that one cell at `XFD1048576` is one cell, not 17 billion.
#[derive(Debug, Default)]
pub(crate) struct SparseSheet {
    /// `(row, column, value)`, 0-based, in row then column order, each position once.
    cells: Vec<SheetCell>,
}

/// A cell with a value: its 0-based row and column, and the value.
pub(crate) type SheetCell = (u32, u32, Data);

/// The last row and column of a worksheet, 0-based (its last cell is `XFD1048576`).
const LAST: (u32, u32) = ((1 << 20) - 1, (1 << 14) - 1);

/// At most this many cells with a value are read from one sheet: a million rows of ten
/// columns.
pub(crate) const MAX_CELLS: usize = 10_000_000;

impl SparseSheet {
    /// Adds the cell at the 0-based `(row, column)`: an empty cell is passed over; `Err` if
    /// the cell is past the last cell of a worksheet or the sheet has `max_cells` already.
    pub(crate) fn add(&mut self, (row, column): (u32, u32), value: Data, max_cells: usize) -> Result<(), CellRefused> {
        if row > LAST.0 || column > LAST.1 {
            return Err(CellRefused::PastTheLastCell);
        }
        if matches!(value, Data::Empty) {
            return Ok(());
        }
        if self.cells.len() >= max_cells {
            return Err(CellRefused::TooManyCells(row, column));
        }
        self.cells.push((row, column, value));
        Ok(())
    }

    /// Puts the cells in row and column order, keeping the last value given for a position
    /// (as a spreadsheet program reads a cell written twice). Call once all are added.
    pub(crate) fn finish(mut self) -> SparseSheet {
        // Stable, and linear for cells already in order, as spreadsheet programs write them.
        self.cells.sort_by_key(|&(row, column, _)| (row, column));
        self.cells.dedup_by(|later, earlier| {
            let same = (later.0, later.1) == (earlier.0, earlier.1);
            if same {
                std::mem::swap(&mut later.2, &mut earlier.2);
            }
            same
        });
        self
    }

    /// The rows that have a cell, in order: the 0-based row and its cells, `(row, column,
    /// value)` in column order.
    pub(crate) fn rows(&self) -> impl Iterator<Item = (u32, &[SheetCell])> {
        self.cells.chunk_by(|a, b| a.0 == b.0).map(|row| (row[0].0, row))
    }

    /// The 0-based first row and first column that have a cell; `(0, 0)` for an empty sheet.
    pub(crate) fn start(&self) -> (u32, u32) {
        let row = self.cells.first().map_or(0, |cell| cell.0);
        let column = self.cells.iter().map(|cell| cell.1).min().unwrap_or(0);
        (row, column)
    }

    /// The 0-based last row that has a cell; 0 for an empty sheet.
    pub(crate) fn last_row(&self) -> u32 {
        self.cells.last().map_or(0, |cell| cell.0)
    }
}

#[cfg(test)]
mod tests {
    use calamine::Data;

    use super::SparseSheet;
    use crate::cell_refused::CellRefused;

    #[test]
    fn cells_are_put_in_order_and_the_last_value_of_a_position_is_kept() {
        let mut sheet = SparseSheet::default();
        for (position, value) in [((2, 0), "c"), ((0, 1), "b"), ((0, 0), "a"), ((2, 0), "d")] {
            sheet.add(position, Data::String(value.to_string()), 10).unwrap();
        }
        sheet.add((5, 5), Data::Empty, 10).unwrap();
        let sheet = sheet.finish();
        let rows: Vec<(u32, Vec<String>)> =
            sheet.rows().map(|(row, cells)| (row, cells.iter().map(|cell| cell.2.to_string()).collect())).collect();
        assert_eq!(rows, [(0, vec!["a".to_string(), "b".to_string()]), (2, vec!["d".to_string()])]);
        assert_eq!((sheet.start(), sheet.last_row()), ((0, 0), 2));
    }

    #[test]
    fn cells_are_bounded_in_number_and_position() {
        let mut sheet = SparseSheet::default();
        sheet.add((1_048_575, 16_383), Data::Int(1), 2).unwrap();
        assert_eq!(sheet.add((1_048_576, 0), Data::Int(1), 2), Err(CellRefused::PastTheLastCell));
        assert_eq!(sheet.add((0, 16_384), Data::Int(1), 2), Err(CellRefused::PastTheLastCell));
        sheet.add((0, 0), Data::Int(1), 2).unwrap();
        assert_eq!(sheet.add((3, 4), Data::Int(1), 2), Err(CellRefused::TooManyCells(3, 4)));
    }
}
