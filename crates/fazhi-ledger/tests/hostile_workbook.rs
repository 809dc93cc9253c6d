//! Workbooks made to harm: a cell at the far corner of a sheet, a cell reference past it, a
//! zip bomb with honest and with lying sizes. Each must be refused (or read) quickly, with a
//! positioned problem, without a dense allocation of the sheet's rectangle and without a
//! panic. The files are written here, part by part, as a hostile tool would.
//!
//! A separate test binary from `read.rs`: before the fix the first of these aborted the
//! whole process ("memory allocation of 549755813888 bytes failed").

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fazhi_core::{FieldType, LedgerField, LedgerKind, LedgerRecord};
use fazhi_ledger::{read_ledger_file, LedgerError, ReadOptions};

fn field(id: &str, label: &str, field_type: FieldType) -> LedgerField {
    LedgerField {
        id: id.to_string(),
        label: label.to_string(),
        field_type,
        required: true,
        values: Vec::new(),
        aliases: Vec::new(),
    }
}

fn kind() -> LedgerKind {
    LedgerKind {
        id: "hotline_ticket".to_string(),
        name: "12345工单".to_string(),
        date: Some("accepted_on".to_string()),
        fields: vec![field("accepted_on", "受理日期", FieldType::Date), field("category", "诉求类型", FieldType::Text)],
    }
}

/// One part of a zip archive as written: `data` is stored (method 0) or raw deflate (8);
/// `size` is the uncompressed size the headers declare, honest or not.
struct Part {
    name: String,
    method: u16,
    data: Vec<u8>,
    crc: u32,
    size: u32,
}

impl Part {
    /// A part stored as it is, with its true size and checksum.
    fn stored(name: &str, text: &str) -> Part {
        Part {
            name: name.to_string(),
            method: 0,
            data: text.as_bytes().to_vec(),
            crc: crc32fast::hash(text.as_bytes()),
            size: text.len() as u32,
        }
    }
}

/// The bytes of a zip archive of `parts`: local headers, data, central directory, end record.
fn zip(parts: &[Part]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for part in parts {
        let offset = out.len() as u32;
        let header = |signature: u32, central: bool| {
            let mut h = Vec::new();
            h.extend(signature.to_le_bytes());
            if central {
                h.extend(20u16.to_le_bytes()); // made by
            }
            h.extend(20u16.to_le_bytes()); // needed
            h.extend(0x0800u16.to_le_bytes()); // UTF-8 names
            h.extend(part.method.to_le_bytes());
            h.extend(0u16.to_le_bytes()); // time
            h.extend(0x21u16.to_le_bytes()); // date: 1980-01-01
            h.extend(part.crc.to_le_bytes());
            h.extend((part.data.len() as u32).to_le_bytes());
            h.extend(part.size.to_le_bytes());
            h.extend((part.name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central {
                h.extend(0u16.to_le_bytes()); // comment
                h.extend(0u16.to_le_bytes()); // disk
                h.extend(0u16.to_le_bytes()); // internal attributes
                h.extend(0u32.to_le_bytes()); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(part.name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend(&part.data);
        central.extend(header(0x0201_4b50, true));
    }
    let (at, size) = (out.len() as u32, central.len() as u32);
    out.extend(central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((parts.len() as u16).to_le_bytes());
    out.extend((parts.len() as u16).to_le_bytes());
    out.extend(size.to_le_bytes());
    out.extend(at.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

/// The parts of a workbook of one sheet, "Sheet1", whose XML is `sheet` (a `Part` so that it
/// can be a bomb).
fn workbook_parts(sheet: Part) -> Vec<Part> {
    vec![
        Part::stored(
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
             <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
             <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
             <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
             <Override PartName=\"/xl/workbook.xml\" \
             ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
             <Override PartName=\"/xl/worksheets/sheet1.xml\" \
             ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>\
             </Types>",
        ),
        Part::stored(
            "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
             <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
             <Relationship Id=\"rId1\" \
             Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" \
             Target=\"xl/workbook.xml\"/></Relationships>",
        ),
        Part::stored(
            "xl/workbook.xml",
            &format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
                 <workbook xmlns=\"{MAIN}\" \
                 xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
                 <sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
            ),
        ),
        Part::stored(
            "xl/_rels/workbook.xml.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
             <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
             <Relationship Id=\"rId1\" \
             Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" \
             Target=\"worksheets/sheet1.xml\"/></Relationships>",
        ),
        sheet,
    ]
}

/// A cell holding the text `text` at `reference`.
fn cell(reference: &str, text: &str) -> String {
    format!("<c r=\"{reference}\" t=\"inlineStr\"><is><t>{text}</t></is></c>")
}

/// A sheet with the header 受理日期, 诉求类型, a good row, and `more` (rows) after them.
fn sheet_xml(more: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{MAIN}\"><sheetData>\
         <row r=\"1\">{}{}</row><row r=\"2\">{}{}</row>{more}</sheetData></worksheet>",
        cell("A1", "受理日期"),
        cell("B1", "诉求类型"),
        cell("A2", "2024-03-05"),
        cell("B2", "咨询"),
    )
}

/// Writes the workbook of `parts` as `name` in `dir`.
fn write(dir: &Path, name: &str, parts: &[Part]) -> PathBuf {
    let path = dir.join(name);
    std::fs::File::create(&path).unwrap().write_all(&zip(parts)).unwrap();
    path
}

/// Reads `path` (shown as `ledgers/` and its name), timing it.
fn read(path: &Path) -> (Result<Vec<LedgerRecord>, LedgerError>, Duration) {
    let shown = Path::new("ledgers").join(path.file_name().unwrap());
    let start = Instant::now();
    let result = read_ledger_file(path, &shown, &kind(), &ReadOptions::default(), &mut |_, _| {});
    (result, start.elapsed())
}

fn problems(result: Result<Vec<LedgerRecord>, LedgerError>) -> Vec<String> {
    match result {
        Err(LedgerError::Invalid { problems }) => problems.iter().map(ToString::to_string).collect(),
        Err(error) => panic!("expected problems, got {error}"),
        Ok(records) => panic!("expected problems, read {} records", records.len()),
    }
}

/// A raw deflate stream of `prefix`, `repeat` MiB of spaces, then `suffix`: each piece is
/// compressed on its own and flushed to a byte boundary, so that the MiB of spaces (about a
/// KiB compressed) can be repeated as it is.
fn deflated_spaces(prefix: &str, repeat: usize, suffix: &str) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    let piece = |data: &[u8], flush: FlushCompress| {
        let mut compress = Compress::new(Compression::best(), false);
        let mut out = Vec::with_capacity(data.len() + 1024);
        compress.compress_vec(data, &mut out, flush).unwrap();
        assert_eq!(compress.total_in(), data.len() as u64);
        out
    };
    let spaces = piece(&vec![b' '; 1 << 20], FlushCompress::Sync);
    let mut out = piece(prefix.as_bytes(), FlushCompress::Sync);
    for _ in 0..repeat {
        out.extend(&spaces);
    }
    out.extend(piece(suffix.as_bytes(), FlushCompress::Finish));
    out
}

#[test]
fn a_cell_at_the_last_cell_of_a_sheet_is_read_as_one_cell() {
    let dir = tempfile::tempdir().unwrap();
    let far = format!("<row r=\"1048576\">{}</row>", cell("XFD1048576", "x"));
    let path =
        write(dir.path(), "far.xlsx", &workbook_parts(Part::stored("xl/worksheets/sheet1.xml", &sheet_xml(&far))));
    let (result, took) = read(&path);
    assert_eq!(
        problems(result),
        [
            "ledgers/far.xlsx:1048576:1: column A (受理日期): a value is required",
            "ledgers/far.xlsx:1048576:2: column B (诉求类型): a value is required",
            "ledgers/far.xlsx:1048576:16384: column XFD has no header but holds \"x\": give it a header, or delete the column"
        ]
    );
    assert!(took < Duration::from_secs(2), "took {took:?}");

    // Without it, the sheet reads.
    let path =
        write(dir.path(), "near.xlsx", &workbook_parts(Part::stored("xl/worksheets/sheet1.xml", &sheet_xml(""))));
    assert_eq!(read(&path).0.unwrap().len(), 1);
}

#[test]
fn a_far_cell_in_every_row_costs_no_more_than_its_cells() {
    // 20,000 rows, each with its data and a blank cell at XFD: checking them is by the cells
    // they have, not by the sheet's 16,384 columns.
    let dir = tempfile::tempdir().unwrap();
    let mut rows = String::new();
    for row in 3..20_003 {
        rows.push_str(&format!(
            "<row r=\"{row}\">{}{}{}</row>",
            cell(&format!("A{row}"), "2024-03-06"),
            cell(&format!("B{row}"), "投诉"),
            cell(&format!("XFD{row}"), " ")
        ));
    }
    let path =
        write(dir.path(), "wide.xlsx", &workbook_parts(Part::stored("xl/worksheets/sheet1.xml", &sheet_xml(&rows))));
    let (result, took) = read(&path);
    assert_eq!(result.unwrap().len(), 20_001);
    assert!(took < Duration::from_secs(5), "took {took:?}");
}

#[test]
fn a_cell_reference_past_the_last_cell_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for reference in ["ZZZZZZZ99999999999", "XFE1", "A1048577"] {
        let far = format!("<row>{}</row>", cell(reference, "x"));
        let path =
            write(dir.path(), "past.xlsx", &workbook_parts(Part::stored("xl/worksheets/sheet1.xml", &sheet_xml(&far))));
        assert_eq!(
            problems(read(&path).0),
            ["ledgers/past.xlsx:1:1: sheet \"Sheet1\" has a cell past XFD1048576, the last cell of a worksheet: \
              the file is damaged; open it in the spreadsheet program and save it again"],
            "{reference}"
        );
    }
}

#[test]
fn a_zip_bomb_is_refused_by_its_declared_size_without_unpacking_it() {
    // About 1 MiB that unpacks to 1 GiB of spaces, with honest sizes.
    let dir = tempfile::tempdir().unwrap();
    let prefix = format!("<?xml version=\"1.0\"?><worksheet xmlns=\"{MAIN}\">");
    let data = deflated_spaces(&prefix, 1024, "<sheetData/></worksheet>");
    assert!(data.len() < 2 << 20, "{} bytes", data.len());
    let size = (prefix.len() + (1 << 30) + "<sheetData/></worksheet>".len()) as u32;
    let bomb = Part { name: "xl/worksheets/sheet1.xml".to_string(), method: 8, data, crc: 0, size };
    let path = write(dir.path(), "bomb.xlsx", &workbook_parts(bomb));
    let (result, took) = read(&path);
    assert_eq!(
        problems(result),
        ["ledgers/bomb.xlsx:1:1: the workbook unpacks to 1025 MiB (its part \"xl/worksheets/sheet1.xml\" to 1025 MiB), \
          more than the 512 MiB a ledger workbook may unpack to: it is not a ledger, or it must be split into several files"]
    );
    assert!(took < Duration::from_secs(2), "took {took:?}");
}

#[test]
fn a_zip_bomb_that_lies_about_its_size_is_stopped_at_the_size_it_declares() {
    // The same 1 GiB of spaces, declared as 4 KiB: unpacking stops after 4 KiB.
    let dir = tempfile::tempdir().unwrap();
    let prefix = format!("<?xml version=\"1.0\"?><worksheet xmlns=\"{MAIN}\">");
    let data = deflated_spaces(&prefix, 1024, "<sheetData/></worksheet>");
    let bomb = Part { name: "xl/worksheets/sheet1.xml".to_string(), method: 8, data, crc: 0, size: 4096 };
    let path = write(dir.path(), "liar.xlsx", &workbook_parts(bomb));
    let (result, took) = read(&path);
    let problems = problems(result);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("ledgers/liar.xlsx:1:1: cannot read sheet \"Sheet1\": "), "{problems:?}");
    assert!(problems[0].contains("larger than its declared uncompressed size"), "{problems:?}");
    assert!(took < Duration::from_secs(2), "took {took:?}");
}

#[test]
fn a_workbook_of_many_parts_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut parts = workbook_parts(Part::stored("xl/worksheets/sheet1.xml", &sheet_xml("")));
    for k in 0..10_001 {
        parts.push(Part::stored(&format!("junk/{k}.xml"), ""));
    }
    let path = write(dir.path(), "parts.xlsx", &parts);
    assert_eq!(
        problems(read(&path).0),
        ["ledgers/parts.xlsx:1:1: the workbook has 10006 parts, more than the 10000 a ledger workbook may have: \
          it is not a ledger, or it must be split into several files"]
    );
}
