//! CSV (and tab-separated) ledger files.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

use encoding_rs::{DecoderResult, GB18030, UTF_16BE, UTF_16LE};
use fazhi_core::{LedgerKind, LedgerRecord};

use crate::columns::Columns;
use crate::problems::Problems;
use crate::row_cells::RowCells;
use crate::{LedgerError, ReadOptions};

/// How often progress is reported, in rows.
const PROGRESS_EVERY: usize = 1 << 16;

/// At most this many threads read one file.
const MAX_THREADS: usize = 8;

/// A file is read by several threads only in parts of at least this many bytes.
const MIN_PART: usize = 1 << 20;

/// A large file is read in parts of about this many bytes, handed over one by one.
const PART: usize = 8 << 20;

/// How many parts may be read ahead of the one the caller is taking, per reading thread: the
/// parts read but not yet taken are what a large file holds in memory.
const READ_AHEAD_PER_THREAD: usize = 1;

/// How many non-blank rows above the header (a title, notes) are looked past for it.
const HEADER_SEARCH: usize = 10;

/// Reads the delimited text file at `path`, handing its records to `batch` in file order as
/// parts are read; see [`crate::read_ledger_batches`].
pub(crate) fn read_text(
    path: &Path,
    shown: &Path,
    kind: &LedgerKind,
    options: &ReadOptions,
    progress: &mut dyn FnMut(u64, u64),
    batch: &mut dyn FnMut(Vec<LedgerRecord>) -> ControlFlow<()>,
    header_columns: &mut Vec<Option<usize>>,
) -> Result<usize, LedgerError> {
    let bytes = std::fs::read(path).map_err(|source| LedgerError::Io { path: path.to_path_buf(), source })?;
    let mut problems = Problems::new(shown);
    let text = match decode(&bytes) {
        Ok(text) => text,
        Err((line, column, message)) => {
            problems.add(line, column, message);
            return Err(problems.into_error());
        }
    };
    let total = text.len() as u64;
    progress(0, total);
    let first_line = text.lines().next().unwrap_or("");
    let tabs = path.extension().is_some_and(|extension| extension.eq_ignore_ascii_case("tsv"))
        || (first_line.contains('\t') && !first_line.contains(','));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(if tabs { b'\t' } else { b',' })
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();

    // The header: the first non-blank row, or a later one among the first few if only that
    // one names fields (a title row above the header, as spreadsheets often have).
    let mut above: Vec<(usize, csv::StringRecord)> = Vec::new();
    let mut header = None;
    // Where the last record read begins, to look for a quote that is never closed.
    let mut last_record = None;
    while header.is_none() && next(&mut reader, &mut record, 0, &mut problems) {
        last_record = record.position().map(|position| position.byte() as usize);
        if is_blank(&record) {
            continue;
        }
        let line = line_of(&record, text.as_bytes());
        if Columns::looks_like_header(kind, options, record.iter()) {
            header = Some((line, record.clone()));
        } else {
            above.push((line, record.clone()));
            if above.len() == HEADER_SEARCH {
                break;
            }
        }
    }
    let (line, header, above) = match header {
        Some((line, header)) => (line, header, Vec::new()),
        None if above.is_empty() => {
            let labels = kind.fields.iter().map(|field| field.label.as_str()).collect::<Vec<_>>().join(", ");
            problems.add(1, 1, format!("the file is empty: expected a header row naming the columns ({labels})"));
            return Err(problems.into_error());
        }
        None => {
            let (line, header) = above.remove(0);
            (line, header, above)
        }
    };
    let headers: Vec<String> = header.iter().map(str::to_string).collect();
    let mut columns = Columns::new(kind, options, &headers, line, 0, false, &mut problems);
    *header_columns = columns.field_columns();
    let delimiter = if tabs { b'\t' } else { b',' };
    let mut records = Vec::new();
    for (line, row) in &above {
        check_row(&mut columns, row, *line, delimiter, &mut problems, &mut records);
    }

    // The rest in parts read side by side, each from the start of a record, by a few threads
    // while this one hands the parts over in order (the caller stores one part while the
    // next ones are read). Only a few parts are read ahead of the one handed over, so that
    // the records of a large file are not all in memory at once.
    let start = reader.position().byte() as usize;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(MAX_THREADS);
    let size = text.len().saturating_sub(start);
    let cuts = split(text.as_bytes(), start, reader.position().line() as usize, threads.max(size / PART), delimiter);
    let parts: Vec<(Range<usize>, usize)> = cuts
        .iter()
        .enumerate()
        .map(|(k, &(from, line))| (from..cuts.get(k + 1).map_or(text.len(), |next| next.0), line))
        .collect();
    let done = AtomicU64::new(start as u64);
    let taken = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let ahead = threads * READ_AHEAD_PER_THREAD;
    let gate = Gate::new(ahead);
    let mut handed = 0;
    let mut failed = problems.len() > 0 || columns.has_strays();
    let mut hand_over = |records: Vec<LedgerRecord>, failed: bool| {
        if !failed && !records.is_empty() && !stop.load(Ordering::Relaxed) {
            handed += records.len();
            if batch(records).is_break() {
                stop.store(true, Ordering::Relaxed);
            }
        }
    };
    hand_over(records, failed);
    let mut read: Vec<Part> = Vec::with_capacity(parts.len());
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::channel::<(usize, Part)>();
        for _ in 0..threads.min(parts.len()) {
            let (sender, text, parts, columns) = (sender.clone(), &*text, &parts, &columns);
            let (done, taken, stop, gate) = (&done, &taken, &stop, &gate);
            scope.spawn(move || loop {
                let k = taken.fetch_add(1, Ordering::Relaxed);
                if k >= parts.len() || !gate.wait_for(k, stop) {
                    break;
                }
                let (bytes, line) = parts[k].clone();
                let mut part = Part {
                    bytes,
                    line,
                    columns: columns.clone(),
                    problems: Problems::new(shown),
                    records: Vec::new(),
                    last_record: None,
                };
                part.read(text, delimiter, done);
                if sender.send((k, part)).is_err() {
                    break;
                }
            });
        }
        drop(sender);
        let mut waiting: BTreeMap<usize, Part> = BTreeMap::new();
        for (k, part) in receiver {
            waiting.insert(k, part);
            // Once the caller has stopped the reading, the parts after are left unread.
            while let Some(mut part) = waiting.remove(&read.len()).filter(|_| !stop.load(Ordering::Relaxed)) {
                gate.open_below(read.len() + 1 + ahead);
                progress(done.load(Ordering::Relaxed), total);
                failed = failed || part.problems.len() > 0 || part.columns.has_strays();
                hand_over(std::mem::take(&mut part.records), failed);
                read.push(part);
            }
            if stop.load(Ordering::Relaxed) {
                gate.open_below(usize::MAX);
            }
        }
    });
    progress(total, total);
    Columns::report_strays(std::iter::once(&columns).chain(read.iter().map(|part| &part.columns)), &mut problems);
    let last_record = read.iter().rev().find_map(|part| part.last_record).or(last_record);
    for part in read {
        problems.absorb(part.problems);
    }
    // A quote that opens a cell and is never closed takes the rest of the file into that
    // cell, which csv reads without a word: the problems of that last record are its own
    // doing, and the quote is the problem.
    if let Some(start) = last_record.filter(|_| !stop.load(Ordering::Relaxed)) {
        if let Some((at, cell)) = open_quote(&text.as_bytes()[start..], delimiter) {
            let (record_line, _) = position_after(&text[..start]);
            let (line, column) = position_after(&text[..start + at]);
            problems.forget_from(record_line);
            problems.add(
                line,
                column,
                format!(
                    "the quote that opens cell {cell} is never closed, so the rest of the file is read as that \
                     one cell: close it with a second \", or remove it"
                ),
            );
        }
    }
    problems.finish(handed)
}

/// The byte offset in `text` (from the start of a record to the end of the file) of a quote
/// that opens a cell and is never closed, and the 1-based number of that cell in its row: as
/// csv reads quotes, a quote opens a cell only as its first character, `""` inside is a
/// quote, and the cell ends at the next lone quote.
fn open_quote(text: &[u8], delimiter: u8) -> Option<(usize, usize)> {
    let (mut i, mut cell, mut cell_start) = (0, 1, true);
    while let Some(&byte) = text.get(i) {
        if byte == b'"' && cell_start {
            let open = i;
            i += 1;
            loop {
                match text.get(i) {
                    None => return Some((open, cell)),
                    Some(b'"') if text.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => break,
                    Some(_) => i += 1,
                }
            }
            cell_start = false;
        } else if byte == delimiter {
            cell += 1;
            cell_start = true;
        } else if byte == b'\n' || byte == b'\r' {
            cell = 1;
            cell_start = true;
        } else {
            cell_start = false;
        }
        i += 1;
    }
    None
}

/// Which parts may be read: those below a limit the handing-over thread raises as it takes
/// parts.
struct Gate {
    below: Mutex<usize>,
    raised: Condvar,
}

impl Gate {
    fn new(below: usize) -> Gate {
        Gate { below: Mutex::new(below), raised: Condvar::new() }
    }

    /// Lets the parts below `limit` be read.
    fn open_below(&self, limit: usize) {
        let mut below = self.below.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if limit > *below {
            *below = limit;
            self.raised.notify_all();
        }
    }

    /// Waits until part `k` may be read; `false` if the reading was stopped meanwhile.
    fn wait_for(&self, k: usize, stop: &AtomicBool) -> bool {
        let mut below = self.below.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        while k >= *below && !stop.load(Ordering::Relaxed) {
            below = self.raised.wait(below).unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        !stop.load(Ordering::Relaxed)
    }
}

/// One part of the rows of a file, read on its own thread.
struct Part<'k, 'p> {
    /// Where the part is in the text.
    bytes: Range<usize>,
    /// The line it starts on.
    line: usize,
    columns: Columns<'k>,
    problems: Problems<'p>,
    records: Vec<LedgerRecord>,
    /// Where the last record read begins in the text.
    last_record: Option<usize>,
}

impl Part<'_, '_> {
    /// Reads the part of `text`, adding the bytes read to `done` every so often.
    fn read(&mut self, text: &str, delimiter: u8, done: &AtomicU64) {
        let part = &text.as_bytes()[self.bytes.clone()];
        let mut reader =
            csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(part);
        let mut record = csv::StringRecord::new();
        let (mut rows, mut reported) = (0, 0);
        while next(&mut reader, &mut record, self.line - 1, &mut self.problems) {
            let line = self.line - 1 + line_of(&record, part);
            self.last_record = record.position().map(|position| self.bytes.start + position.byte() as usize);
            check_row(&mut self.columns, &record, line, delimiter, &mut self.problems, &mut self.records);
            rows += 1;
            if rows % PROGRESS_EVERY == 0 {
                let at = record.position().map_or(0, |position| position.byte());
                done.fetch_add(at - reported, Ordering::Relaxed);
                reported = at;
            }
        }
        done.fetch_add(part.len() as u64 - reported, Ordering::Relaxed);
    }
}

/// Checks one row read at `line`: blank rows are skipped, a row with the wrong number of
/// cells is a problem, and each cell is parsed by its field.
fn check_row(
    columns: &mut Columns,
    record: &csv::StringRecord,
    line: usize,
    delimiter: u8,
    problems: &mut Problems,
    records: &mut Vec<LedgerRecord>,
) {
    if is_blank(record) {
        return;
    }
    let width = columns.width();
    if record.len() != width {
        let hint = if record.len() > width && delimiter == b',' {
            " (a value with a comma in it must be in double quotes)"
        } else {
            ""
        };
        problems.add(
            line,
            columns.number(record.len().min(width)),
            format!("the row has {} cells but the header has {width}{hint}", record.len()),
        );
        return;
    }
    if let Some(record) = columns.record(line, &record, problems) {
        records.push(record);
    }
}

/// A row of delimited text has every cell, up to its last.
impl<'c> RowCells<'c> for &'c csv::StringRecord {
    fn cell(&self, j: usize) -> Result<Cow<'c, str>, String> {
        Ok(Cow::Borrowed(self.get(j).unwrap_or("")))
    }

    fn columns(&self) -> impl Iterator<Item = usize> {
        0..self.len()
    }
}

/// Where to cut `text[start..]` (which begins on `line`) into up to `parts` parts of about
/// the same size, each beginning a record: `(byte, line)` of each part. Cuts are made after
/// line ends outside quoted cells; if a quote is used in a way a cut could misread (a quote
/// inside an unquoted cell, text after a closing quote), the text stays in one part.
fn split(text: &[u8], start: usize, line: usize, parts: usize, delimiter: u8) -> Vec<(usize, usize)> {
    let whole = vec![(start, line)];
    let size = text.len().saturating_sub(start);
    if parts < 2 || size < MIN_PART * 2 {
        return whole;
    }
    let parts = parts.min(size / MIN_PART);
    let mut cuts = whole.clone();
    let (mut i, mut line, mut field_start) = (start, line, true);
    for k in 1..parts {
        let target = start + size / parts * k;
        loop {
            let Some(&byte) = text.get(i) else { return cuts };
            if byte == b'"' {
                if !field_start {
                    return whole;
                }
                i += 1;
                loop {
                    match text.get(i) {
                        None => return whole,
                        Some(b'"') if text.get(i + 1) == Some(&b'"') => i += 2,
                        Some(b'"') => {
                            i += 1;
                            break;
                        }
                        Some(&byte) => {
                            line += usize::from(byte == b'\n');
                            i += 1;
                        }
                    }
                }
                match text.get(i) {
                    None => return cuts,
                    Some(&next) if next == delimiter || next == b'\r' || next == b'\n' => {}
                    Some(_) => return whole,
                }
                field_start = false;
                continue;
            }
            i += 1;
            field_start = byte == delimiter || byte == b'\r' || byte == b'\n';
            if byte == b'\n' {
                line += 1;
                if i >= target {
                    cuts.push((i, line));
                    break;
                }
            }
        }
    }
    cuts
}

/// Reads the next record into `record`; `false` at the end. A record that cannot be read is
/// a problem (and reading goes on with the next).
fn next(
    reader: &mut csv::Reader<&[u8]>,
    record: &mut csv::StringRecord,
    lines_before: usize,
    problems: &mut Problems,
) -> bool {
    loop {
        match reader.read_record(record) {
            Ok(more) => return more,
            Err(error) => {
                let line = lines_before + error.position().map_or(1, |position| position.line() as usize);
                let fatal =
                    !matches!(error.kind(), csv::ErrorKind::Utf8 { .. } | csv::ErrorKind::UnequalLengths { .. });
                problems.add(line, 1, format!("cannot read the row: {error}"));
                if fatal {
                    return false;
                }
            }
        }
    }
}

/// The 1-based line a record starts on.
///
/// `bytes` is the text the record was read from. After a record ended by CR LF (as Excel saves
/// CSV), csv has the next record begin at that LF, before the line it counts there: the record
/// is on the line after.
fn line_of(record: &csv::StringRecord, bytes: &[u8]) -> usize {
    record.position().map_or(1, |position| {
        let on_line_feed = usize::try_from(position.byte()).ok().and_then(|at| bytes.get(at)) == Some(&b'\n');
        position.line() as usize + usize::from(on_line_feed)
    })
}

/// Whether every cell of `record` is empty or spaces.
fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|cell| cell.trim().is_empty())
}

/// The text of a ledger file: UTF-8 (a byte-order mark is dropped), UTF-16 or UTF-32 with a
/// byte-order mark, or else GB18030 (GBK), which Excel in China writes. Otherwise the line,
/// column and message of a problem at the first byte that is neither.
fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, (usize, usize, String)> {
    const RESAVE: &str = "in Excel, save it again with \"Save As\" and the type 'CSV UTF-8(逗号分隔)'";
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest).map(Cow::Borrowed).map_err(|error| {
            let (line, column) = position_after(&String::from_utf8_lossy(&rest[..error.valid_up_to()]));
            let message =
                format!("the file starts as UTF-8 but byte 0x{:02X} is not UTF-8; {RESAVE}", rest[error.valid_up_to()]);
            (line, column, message)
        });
    }
    // UTF-32's marks before UTF-16's: UTF-32LE's begins with UTF-16LE's.
    for (bom, little) in [(b"\xFF\xFE\0\0", true), (b"\0\0\xFE\xFF", false)] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return decode_utf32(rest, little).map(Cow::Owned).map_err(|(line, column, problem)| {
                (line, column, format!("the file starts as UTF-32 but {problem}; {RESAVE}"))
            });
        }
    }
    for (bom, encoding) in [(b"\xFF\xFE", UTF_16LE), (b"\xFE\xFF", UTF_16BE)] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return encoding
                .decode_without_bom_handling_and_without_replacement(rest)
                .ok_or_else(|| (1, 1, format!("the file starts as UTF-16 but is not valid UTF-16; {RESAVE}")));
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Cow::Borrowed(text));
    }
    let mut decoder = GB18030.new_decoder_without_bom_handling();
    let capacity = decoder.max_utf8_buffer_length_without_replacement(bytes.len()).unwrap_or(bytes.len() * 3);
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        DecoderResult::InputEmpty => Ok(Cow::Owned(text)),
        DecoderResult::Malformed(bad, extra) => {
            let at = read - bad as usize - extra as usize;
            let (line, column) = position_after(&text);
            let message =
                format!("the file is neither UTF-8 nor GBK text (byte 0x{:02X} is neither); {RESAVE}", bytes[at]);
            Err((line, column, message))
        }
        DecoderResult::OutputFull => Err((1, 1, format!("the file is neither UTF-8 nor GBK text; {RESAVE}"))),
    }
}

/// UTF-32 text (after its byte-order mark), little-endian if `little`; else the line, column
/// and what is wrong at the first unit that is no character.
fn decode_utf32(bytes: &[u8], little: bool) -> Result<String, (usize, usize, String)> {
    let mut text = String::with_capacity(bytes.len() / 4);
    for unit in bytes.chunks(4) {
        let Ok(unit) = <[u8; 4]>::try_from(unit) else {
            let (line, column) = position_after(&text);
            return Err((line, column, "it ends inside a character".to_string()));
        };
        let n = if little { u32::from_le_bytes(unit) } else { u32::from_be_bytes(unit) };
        match char::from_u32(n) {
            Some(c) => text.push(c),
            None => {
                let (line, column) = position_after(&text);
                return Err((line, column, format!("0x{n:X} is no character")));
            }
        }
    }
    Ok(text)
}

/// The 1-based line and column just after `text`.
fn position_after(text: &str) -> (usize, usize) {
    let line = text.matches('\n').count() + 1;
    let column = text.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::{split, MIN_PART};

    #[test]
    fn parts_are_cut_after_a_line_end_outside_quotes() {
        let mut text = "a,b\n".to_string();
        while text.len() < 3 * MIN_PART / 2 {
            text.push_str("1,2\n");
        }
        // A quoted cell with a line end across the middle, where the text is to be cut.
        text.push_str("3,\"x\ny\"\n");
        let cut_at = text.len();
        while text.len() < 3 * MIN_PART {
            text.push_str("1,2\n");
        }
        let cuts = split(text.as_bytes(), 4, 2, 2, b',');
        let lines_before = text[..cut_at].matches('\n').count();
        assert_eq!(cuts, [(4, 2), (cut_at, lines_before + 1)]);
        assert!(text[cuts[1].0..].starts_with("1,2\n"));
    }

    #[test]
    fn a_stray_quote_keeps_the_text_whole() {
        let mut text = "a,b\n1,5\"x\n".to_string();
        while text.len() < 3 * MIN_PART {
            text.push_str("1,2\n");
        }
        assert_eq!(split(text.as_bytes(), 4, 2, 2, b','), [(4, 2)]);
    }
}
