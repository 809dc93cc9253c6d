//! Spreadsheet ledger files (XLSX, XLS, XLSB, ODS), through calamine.

use std::borrow::Cow;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Ods, Range, Reader, Sheets, Xls, Xlsb, Xlsx};
use fazhi_core::{LedgerKind, LedgerRecord};

use crate::columns::Columns;
use crate::file_format::FileFormat;
use crate::problems::Problems;
use crate::{LedgerError, ReadOptions};

/// How often progress is reported, in rows.
const PROGRESS_EVERY: usize = 1 << 16;

/// How many non-blank rows above the header (a title, notes) are looked past for it.
const HEADER_SEARCH: usize = 10;

/// Reads the workbook at `path`; see [`crate::read_ledger_file`].
pub(crate) fn read_workbook(
    path: &Path,
    shown: &Path,
    format: FileFormat,
    kind: &LedgerKind,
    options: &ReadOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Vec<LedgerRecord>, LedgerError> {
    let bytes = std::fs::read(path).map_err(|source| LedgerError::Io { path: path.to_path_buf(), source })?;
    let mut problems = Problems::new(shown);
    let mut workbook = match open(bytes, format) {
        Ok(workbook) => workbook,
        Err(error) => {
            problems.add(1, 1, format!("cannot read the workbook: {error}"));
            return Err(problems.into_error());
        }
    };
    let names = workbook.sheet_names();
    let name = match (&options.sheet, names.first()) {
        (Some(sheet), _) if names.contains(sheet) => sheet.clone(),
        (Some(sheet), _) => {
            problems.add(1, 1, format!("there is no sheet \"{sheet}\" (the sheets: {})", quoted(&names)));
            return Err(problems.into_error());
        }
        (None, Some(first)) => first.clone(),
        (None, None) => {
            problems.add(1, 1, "the workbook has no sheet".to_string());
            return Err(problems.into_error());
        }
    };
    let range = match workbook.worksheet_range(&name) {
        Ok(range) => range,
        Err(error) => {
            problems.add(1, 1, format!("cannot read sheet \"{name}\": {error}"));
            return Err(problems.into_error());
        }
    };
    let header = header_row(&range, kind, options);
    if !matches!(header, Some((_, true))) {
        // An empty sheet, or none of its first rows names a field: is the data elsewhere?
        let mut elsewhere = None;
        for other in names.iter().filter(|other| **other != name) {
            let Ok(other_range) = workbook.worksheet_range(other) else { continue };
            match header_row(&other_range, kind, options) {
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
                return Err(problems.into_error());
            }
            None if header.is_none() => {
                problems.add(1, 1, format!("sheet \"{name}\" is empty"));
                return Err(problems.into_error());
            }
            None => {}
        }
    }
    let Some((header, _)) = header else { unreachable!("an empty sheet is a problem above") };
    let (first_row, first_column) = range.start().map_or((0, 0), |(row, column)| (row as usize, column as usize));
    let headers: Vec<String> = range[header].iter().map(header_text).collect();
    let mut columns = Columns::new(kind, options, &headers, first_row + header + 1, first_column, true, &mut problems);

    let total = range.height().saturating_sub(header + 1);
    progress(0, total as u64);
    let mut records = Vec::new();
    for (done, (index, row)) in range.rows().enumerate().skip(header + 1).enumerate() {
        if done % PROGRESS_EVERY == 0 && done > 0 {
            progress(done as u64, total as u64);
        }
        if row.iter().all(is_blank) {
            continue;
        }
        if let Some(record) = columns.record(first_row + index + 1, |j| cell_text(&row[j]), &mut problems) {
            records.push(record);
        }
    }
    progress(total as u64, total as u64);
    Columns::report_strays([&columns], &mut problems);
    problems.finish(records)
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

/// The 0-based index in `range` of its header row, and whether it names a field: the first
/// non-blank row, or one of the next few if only that one names a field. `None` for an
/// empty sheet.
fn header_row(range: &Range<Data>, kind: &LedgerKind, options: &ReadOptions) -> Option<(usize, bool)> {
    let mut first = None;
    for (index, row) in range.rows().enumerate().filter(|(_, row)| !row.iter().all(is_blank)).take(HEADER_SEARCH) {
        let headers: Vec<String> = row.iter().map(header_text).collect();
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

/// The text of a header cell.
fn header_text(cell: &Data) -> String {
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
