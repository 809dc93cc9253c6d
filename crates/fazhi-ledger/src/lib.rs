//! fazhi's ledger files: CSV and XLSX rows read and checked against a ledger kind.
//!
//! [`read_ledger_file`] reads one file of rows of a [`LedgerKind`] (12345工单, 行政执法案件,
//! …) as people keep them in spreadsheets: the header row names the columns by the fields'
//! labels (or ids, aliases, or `--map` given in [`ReadOptions`]), and every cell is parsed by
//! its field. Every problem is collected, each with its line or row and column, and a file
//! with any problem gives no record at all, so that an import is all or nothing.
#![warn(missing_docs)]

use std::ops::ControlFlow;
use std::path::Path;

use fazhi_core::{LedgerKind, LedgerRecord};

mod cell_refused;
mod column;
mod columns;
mod fast_hasher;
mod file_format;
mod ledger_error;
mod problems;
mod read_options;
mod read_text;
mod read_workbook;
mod row_cells;
mod sheet_row;
mod sparse_sheet;
mod table;
mod zip_bounds;

pub use columns::column_letters;
pub use ledger_error::LedgerError;
pub use read_options::ReadOptions;
pub use table::Table;

use file_format::FileFormat;
use problems::Problems;

/// Reads the ledger file at `path` as rows of `kind`, in file order.
///
/// The format is told by the extension (in any case):
///
/// - `.csv`, `.txt` and `.tsv` are delimited text: comma-separated, or tab-separated for
///   `.tsv` and when the first line has tabs and no comma. The text is UTF-8 (with or without
///   a byte-order mark), UTF-16 or UTF-32 with a byte-order mark, or GBK/GB18030 as Excel in China
///   saves it. Diagnostics give the file's 1-based line and the 1-based number of the cell in
///   the row as the column. A large file (several MiB) is read in parts by several threads.
/// - `.xlsx`, `.xlsm`, `.xlsb`, `.xls` and `.ods` are workbooks: the first sheet is read, or
///   `options.sheet`. Diagnostics give the 1-based spreadsheet row and column, and messages
///   name the column by its letter. Date cells are read as `YYYY-MM-DD`, whole numbers
///   without `.0`, booleans as 是/否. A sheet is read by the cells it holds, at most
///   10,000,000 with a value and none past `XFD1048576`; a zipped workbook may unpack to at
///   most 512 MiB. Past those bounds the file is a problem, found before the memory is spent.
///
/// Any other extension is a problem at 1:1. The header is the first non-blank row, or one of
/// the next few if only that one names a field (a title row above the header is passed
/// over); each header is matched to a field through `options.mapping`, then the fields' id,
/// label and aliases. Blank rows are skipped; [`LedgerRecord::row`] is the line or row read.
///
/// `shown` is how the file is named in diagnostics (e.g. relative to the workspace).
/// `progress(done, total)` is called at the start, every 65,536 rows and at the end: for
/// delimited text `done` and `total` count bytes (of the decoded text), for workbooks rows
/// of the sheet below the header.
///
/// # Errors
///
/// [`LedgerError::Io`] if the file cannot be read, [`LedgerError::Invalid`] with every
/// problem found (capped at 200) if anything in it is wrong.
pub fn read_ledger_file(
    path: &Path,
    shown: &Path,
    kind: &LedgerKind,
    options: &ReadOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Vec<LedgerRecord>, LedgerError> {
    let mut records = Vec::new();
    read_ledger_batches(path, shown, kind, options, progress, &mut |mut batch| {
        records.append(&mut batch);
        ControlFlow::Continue(())
    })?;
    Ok(records)
}

/// Reads the ledger file at `path` like [`read_ledger_file`], handing the records to `batch`
/// as they are read: in file order, a large delimited file in parts of a few MiB read side by
/// side while the caller takes the previous part (a workbook in one batch). Returns how many
/// records were handed over.
///
/// Once a problem is found no further batch is handed over, and the result is the error: the
/// caller must then discard the records it was given (an import rolls back). `batch` can stop
/// the reading early by returning [`ControlFlow::Break`].
///
/// # Errors
///
/// As [`read_ledger_file`].
pub fn read_ledger_batches(
    path: &Path,
    shown: &Path,
    kind: &LedgerKind,
    options: &ReadOptions,
    progress: &mut dyn FnMut(u64, u64),
    batch: &mut dyn FnMut(Vec<LedgerRecord>) -> ControlFlow<()>,
) -> Result<usize, LedgerError> {
    read_batches(path, shown, kind, options, progress, batch, &mut Vec::new())
}

/// Reads a table that is not a ledger — a checklist (任务清单), a staff list — from a CSV or
/// workbook file, exactly as [`read_ledger_file`] reads a ledger file (the same encodings,
/// header search, `--map`, bounds and positioned problems). `kind` describes its columns: a
/// kind with neither a `date` nor a `year` field, whose records all have year 0. The result
/// also tells which column holds each field, so that the caller can place the problems it
/// finds in a cell's value.
///
/// # Errors
///
/// As [`read_ledger_file`].
pub fn read_table(path: &Path, shown: &Path, kind: &LedgerKind, options: &ReadOptions) -> Result<Table, LedgerError> {
    let mut records = Vec::new();
    let mut columns = Vec::new();
    let mut batch = |mut batch: Vec<LedgerRecord>| {
        records.append(&mut batch);
        ControlFlow::Continue(())
    };
    read_batches(path, shown, kind, options, &mut |_, _| {}, &mut batch, &mut columns)?;
    let letters = FileFormat::of(path).is_some_and(|format| format != FileFormat::Text);
    Ok(Table { records, columns, letters })
}

fn read_batches(
    path: &Path,
    shown: &Path,
    kind: &LedgerKind,
    options: &ReadOptions,
    progress: &mut dyn FnMut(u64, u64),
    batch: &mut dyn FnMut(Vec<LedgerRecord>) -> ControlFlow<()>,
    columns: &mut Vec<Option<usize>>,
) -> Result<usize, LedgerError> {
    match FileFormat::of(path) {
        Some(FileFormat::Text) => read_text::read_text(path, shown, kind, options, progress, batch, columns),
        Some(format) => {
            let records = read_workbook::read_workbook(path, shown, format, kind, options, progress, columns)?;
            let count = records.len();
            let _ = batch(records);
            Ok(count)
        }
        None => {
            let what = match path.extension() {
                Some(extension) => format!("a \".{}\" file", extension.to_string_lossy()),
                None => "a file without an extension".to_string(),
            };
            let mut problems = Problems::new(shown);
            problems.add(1, 1, format!("cannot read {what} as a ledger: use a {} file", FileFormat::EXTENSIONS));
            Err(problems.into_error())
        }
    }
}
