//! Spreadsheet ledger files (XLSX, XLS, XLSB, ODS), through calamine.

use std::borrow::Cow;
use std::io::{Cursor, Read};
use std::panic::AssertUnwindSafe;
use std::path::Path;

use calamine::{Data, Ods, Reader, Sheets, Xls, Xlsb, Xlsx, XlsxError};
use fazhi_core::{LedgerKind, LedgerRecord};

use crate::cell_refused::CellRefused;
use crate::columns::Columns;
use crate::file_format::FileFormat;
use crate::problems::Problems;
use crate::sheet_row::SheetRow;
use crate::sparse_sheet::{SheetCell, SparseSheet, MAX_CELLS};
use crate::zip_bounds;
use crate::{LedgerError, ReadOptions};

/// How often progress is reported, in rows.
const PROGRESS_EVERY: usize = 1 << 16;

/// How many non-blank rows above the header (a title, notes) are looked past for it.
const HEADER_SEARCH: usize = 10;

/// Reads the workbook at `path`; see [`crate::read_ledger_file`].
///
/// A sheet is read by the cells it has (never as the dense rectangle from its first to its
/// last cell), at most [`MAX_CELLS`] of them, none past `XFD1048576`; a zipped workbook may
/// unpack to at most [`zip_bounds::MAX_UNPACKED`] bytes. Anything past those bounds is a
/// problem at 1:1, found before the memory or the time it would take is spent.
pub(crate) fn read_workbook(
    path: &Path,
    shown: &Path,
    format: FileFormat,
    kind: &LedgerKind,
    options: &ReadOptions,
    progress: &mut dyn FnMut(u64, u64),
    header_columns: &mut Vec<Option<usize>>,
) -> Result<Vec<LedgerRecord>, LedgerError> {
    let io = |source| LedgerError::Io { path: path.to_path_buf(), source };
    let mut problems = Problems::new(shown);
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > zip_bounds::MAX_UNPACKED {
        let mib = 1 << 20;
        problems.add(
            1,
            1,
            format!(
                "the workbook is {} MiB, more than the {} MiB a ledger workbook may be: split it into several files",
                size.div_ceil(mib),
                zip_bounds::MAX_UNPACKED / mib
            ),
        );
        return Err(problems.into_error());
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(zip_bounds::MAX_UNPACKED).read_to_end(&mut bytes).map_err(io)?;
    if format != FileFormat::Xls {
        if let Err(problem) = zip_bounds::check(&bytes) {
            problems.add(1, 1, problem);
            return Err(problems.into_error());
        }
    }
    // The spreadsheet reader is not ours: should it panic on a file made to harm, the file is
    // a problem like any other, not the end of the program.
    let read = std::panic::catch_unwind(AssertUnwindSafe(|| {
        read_sheets(bytes, format, kind, options, progress, &mut problems, header_columns)
    }));
    match read {
        Ok(Some(records)) => problems.finish(records),
        Ok(None) => Err(problems.into_error()),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|what| what.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no reason given".to_string());
            let mut problems = Problems::new(shown);
            problems.add(1, 1, format!("cannot read the workbook: the spreadsheet reader failed on it ({what})"));
            Err(problems.into_error())
        }
    }
}

/// Reads the records of the sheet `options` names (or the first) in the workbook in `bytes`,
/// adding every problem to `problems`; `None` if a problem stops the reading.
fn read_sheets(
    bytes: Vec<u8>,
    format: FileFormat,
    kind: &LedgerKind,
    options: &ReadOptions,
    progress: &mut dyn FnMut(u64, u64),
    problems: &mut Problems,
    header_columns: &mut Vec<Option<usize>>,
) -> Option<Vec<LedgerRecord>> {
    let mut workbook = match open(bytes, format) {
        Ok(workbook) => workbook,
        Err(error) => {
            problems.add(1, 1, format!("cannot read the workbook: {error}"));
            return None;
        }
    };
    let names = workbook.sheet_names();
    let name = match (&options.sheet, names.first()) {
        (Some(sheet), _) if names.contains(sheet) => sheet.clone(),
        (Some(sheet), _) => {
            problems.add(1, 1, format!("there is no sheet \"{sheet}\" (the sheets: {})", quoted(&names)));
            return None;
        }
        (None, Some(first)) => first.clone(),
        (None, None) => {
            problems.add(1, 1, "the workbook has no sheet".to_string());
            return None;
        }
    };
    let sheet = match read_sheet(&mut workbook, &name, MAX_CELLS) {
        Ok(sheet) => sheet,
        Err((line, column, problem)) => {
            problems.add(line, column, problem);
            return None;
        }
    };
    let header = header_row(&sheet, kind, options);
    if !matches!(header, Some((_, true))) {
        // An empty sheet, or none of its first rows names a field: is the data elsewhere?
        let mut elsewhere = None;
        for other in names.iter().filter(|other| **other != name) {
            let Ok(other_sheet) = read_sheet(&mut workbook, other, MAX_CELLS) else { continue };
            match header_row(&other_sheet, kind, options) {
                Some((_, true)) => {
                    elsewhere = Some(other);
                    break;
                }
                Some(_) if header.is_none() && elsewhere.is_none() => elsewhere = Some(other),
                _ => {}
            }
        }
        let what = if header.is_none() {
            "is empty".to_string()
        } else {
            format!("has no header row naming the fields of {}", kind.name)
        };
        match elsewhere {
            Some(other) => {
                problems.add(
                    1,
                    1,
                    format!(
                        "sheet \"{name}\" {what}; the data seems to be on sheet \"{other}\": use --sheet {}",
                        shell_word(other)
                    ),
                );
                return None;
            }
            None if header.is_none() => {
                problems.add(1, 1, format!("sheet \"{name}\" is empty"));
                return None;
            }
            None => {}
        }
    }
    let Some((header, _)) = header else { unreachable!("an empty sheet is a problem above") };
    let (_, first_column) = sheet.start();
    let rows: Vec<(u32, &[SheetCell])> = sheet.rows().collect();
    let (header_row, header_cells) = rows[header];
    // The header's columns: from the sheet's first column to the header's last non-blank
    // cell. A value further right is in a column without a header, as is one under a blank
    // header cell.
    let last = header_cells.iter().rev().find(|cell| !is_blank(&cell.2)).map_or(first_column, |cell| cell.1);
    let header_row_cells = SheetRow { cells: header_cells, first_column, text: cell_text };
    let headers: Vec<String> =
        (0..=(last - first_column) as usize).map(|j| header_text(&header_row_cells, j)).collect();
    let mut columns =
        Columns::new(kind, options, &headers, header_row as usize + 1, first_column as usize, true, problems);
    *header_columns = columns.field_columns();

    let total = sheet.last_row().saturating_sub(header_row) as usize;
    progress(0, total as u64);
    let mut records = Vec::new();
    for (done, &(row, cells)) in rows[header + 1..].iter().enumerate() {
        if done % PROGRESS_EVERY == 0 && done > 0 {
            progress((row - header_row - 1) as u64, total as u64);
        }
        if cells.iter().all(|cell| is_blank(&cell.2)) {
            continue;
        }
        let cells = SheetRow { cells, first_column, text: cell_text };
        if let Some(record) = columns.record(row as usize + 1, &cells, problems) {
            records.push(record);
        }
    }
    progress(total as u64, total as u64);
    Columns::report_strays([&columns], problems);
    Some(records)
}

/// The cells of sheet `name`, at most `max_cells` with a value, read one by one: `Err` with
/// the line, column and sentence of the problem if the sheet cannot be read or holds a cell
/// past the bounds.
fn read_sheet(
    workbook: &mut Sheets<Cursor<Vec<u8>>>,
    name: &str,
    max_cells: usize,
) -> Result<SparseSheet, (usize, usize, String)> {
    let unreadable = |error: &dyn std::fmt::Display| (1, 1, format!("cannot read sheet \"{name}\": {error}"));
    let mut sheet = SparseSheet::default();
    let mut add = |position: (u32, u32), value: Data| {
        sheet.add(position, value, max_cells).map_err(|refused| match refused {
            CellRefused::PastTheLastCell => (
                1,
                1,
                format!(
                    "sheet \"{name}\" has a cell past XFD1048576, the last cell of a worksheet: the file is damaged; \
                     open it in the spreadsheet program and save it again"
                ),
            ),
            CellRefused::TooManyCells(row, column) => (
                row as usize + 1,
                column as usize + 1,
                format!(
                    "sheet \"{name}\" has more than {max_cells} cells with a value, more than a ledger file may \
                     hold: split it into several files"
                ),
            ),
        })
    };
    match workbook {
        Sheets::Xlsx(xlsx) => {
            let mut reader = match xlsx.worksheet_cells_reader(name) {
                Ok(reader) => reader,
                // A chart sheet: no cells.
                Err(XlsxError::NotAWorksheet(_)) => return Ok(SparseSheet::default()),
                Err(error) => return Err(unreadable(&error)),
            };
            while let Some(cell) = reader.next_cell().map_err(|error| unreadable(&error))? {
                add(cell.get_position(), cell.get_value().clone().into())?;
            }
        }
        Sheets::Xlsb(xlsb) => {
            let mut reader = xlsb.worksheet_cells_reader(name).map_err(|error| unreadable(&error))?;
            while let Some(cell) = reader.next_cell().map_err(|error| unreadable(&error))? {
                add(cell.get_position(), cell.get_value().clone().into())?;
            }
        }
        // XLS and ODS have no reader cell by cell: calamine reads their sheets whole.
        other => {
            let range = other.worksheet_range(name).map_err(|error| unreadable(&error))?;
            let (first_row, first_column) = range.start().unwrap_or((0, 0));
            for (row, column, value) in range.used_cells() {
                add((first_row + row as u32, first_column + column as u32), value.clone())?;
            }
        }
    }
    Ok(sheet.finish())
}

/// The workbook in `bytes`, read as `format`.
fn open(bytes: Vec<u8>, format: FileFormat) -> Result<Sheets<Cursor<Vec<u8>>>, String> {
    let cursor = Cursor::new(bytes);
    match format {
        FileFormat::Xlsx => Xlsx::new(cursor).map(Sheets::Xlsx).map_err(|error| error.to_string()),
        FileFormat::Xlsb => Xlsb::new(cursor).map(Sheets::Xlsb).map_err(|error| error.to_string()),
        FileFormat::Xls => Xls::new(cursor).map(Sheets::Xls).map_err(|error| error.to_string()),
        FileFormat::Ods => Ods::new(cursor).map(Sheets::Ods).map_err(|error| error.to_string()),
        FileFormat::Text => Err("not a workbook".to_string()),
    }
}

/// The 0-based index among `sheet`'s rows of its header row, and whether it names a field:
/// the first non-blank row, or one of the next few if only that one names a field. `None`
/// for an empty sheet.
fn header_row(sheet: &SparseSheet, kind: &LedgerKind, options: &ReadOptions) -> Option<(usize, bool)> {
    let mut first = None;
    let rows = sheet.rows().enumerate().filter(|(_, (_, cells))| !cells.iter().all(|cell| is_blank(&cell.2)));
    for (index, (_, cells)) in rows.take(HEADER_SEARCH) {
        let headers: Vec<String> = cells.iter().map(|cell| header_text_of(&cell.2)).collect();
        if Columns::looks_like_header(kind, options, headers.iter().map(String::as_str)) {
            return Some((index, true));
        }
        first.get_or_insert(index);
    }
    first.map(|index| (index, false))
}

/// Whether a cell is empty or spaces.
fn is_blank(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(text) => text.trim().is_empty(),
        _ => false,
    }
}

/// The text of the header cell in the 0-based column `j` of `row`.
fn header_text(row: &SheetRow, j: usize) -> String {
    let column = row.first_column as usize + j;
    match row.cells.binary_search_by_key(&column, |cell| cell.1 as usize) {
        Ok(at) => header_text_of(&row.cells[at].2),
        Err(_) => String::new(),
    }
}

/// The text of a header cell.
fn header_text_of(cell: &Data) -> String {
    match cell_text(cell) {
        Ok(text) => text.into_owned(),
        Err(_) => cell.to_string(),
    }
}

/// The text of a cell as [`fazhi_core::LedgerField::parse`] reads it: dates as
/// `YYYY-MM-DD`, whole numbers without `.0`, booleans as 是/否; an error cell is a problem.
fn cell_text(cell: &Data) -> Result<Cow<'_, str>, String> {
    Ok(match cell {
        Data::Empty => Cow::Borrowed(""),
        Data::String(text) => Cow::Borrowed(text),
        Data::Int(n) => Cow::Owned(n.to_string()),
        Data::Float(n) => Cow::Owned(number_text(*n)),
        Data::Bool(yes) => Cow::Borrowed(if *yes { "是" } else { "否" }),
        Data::DateTime(date) if date.is_duration() => Cow::Owned(number_text(date.as_f64())),
        Data::DateTime(date) => {
            let (year, month, day, ..) = date.to_ymd_hms_milli();
            Cow::Owned(format!("{year:04}-{month:02}-{day:02}"))
        }
        Data::DateTimeIso(text) => {
            // `2024-03-05T09:30:00` → `2024-03-05`; a time alone stays as it is.
            let date = text.split('T').next().unwrap_or(text);
            Cow::Borrowed(if date.len() == 10 && date.as_bytes()[4] == b'-' { date } else { text })
        }
        Data::DurationIso(text) => Cow::Borrowed(text),
        Data::Error(error) => return Err(format!("the cell holds the spreadsheet error {error}")),
    })
}

/// A number as a person writes it: `12`, not `12.0`.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Sheet names quoted and listed.
fn quoted(names: &[String]) -> String {
    names.iter().map(|name| format!("\"{name}\"")).collect::<Vec<_>>().join(", ")
}

/// `name` as one word of a shell command: as it is if it is letters, digits, `_`, `-` and
/// `.` only, else in single quotes.
fn shell_word(name: &str) -> String {
    if !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || "_-.".contains(c)) {
        name.to_string()
    } else {
        format!("'{}'", name.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use calamine::{Reader, Sheets, Xlsx};

    use super::read_sheet;

    #[test]
    fn a_sheet_with_more_cells_than_it_may_have_is_refused_at_the_first_cell_too_many() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        for (row, column) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
            sheet.write_number(row, column, 1.0).unwrap();
        }
        let bytes = workbook.save_to_buffer().unwrap();
        let mut workbook = Sheets::Xlsx(Xlsx::new(Cursor::new(bytes)).unwrap());
        let name = workbook.sheet_names()[0].clone();
        assert_eq!(read_sheet(&mut workbook, &name, 4).unwrap().rows().count(), 2);
        assert_eq!(
            read_sheet(&mut workbook, &name, 3).unwrap_err(),
            (
                2,
                2,
                "sheet \"Sheet1\" has more than 3 cells with a value, more than a ledger file may hold: \
                 split it into several files"
                    .to_string()
            )
        );
    }
}
