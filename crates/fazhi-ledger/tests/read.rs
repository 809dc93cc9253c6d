//! Reading ledger files: good files in every encoding and format, and each kind of problem
//! with its exact diagnostic.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use fazhi_core::{FieldType, LedgerField, LedgerKind, LedgerRecord, LedgerValue};
use fazhi_ledger::{read_ledger_batches, read_ledger_file, LedgerError, ReadOptions};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn field(id: &str, label: &str, field_type: FieldType, required: bool, values: &[&str]) -> LedgerField {
    LedgerField {
        id: id.to_string(),
        label: label.to_string(),
        field_type,
        required,
        values: values.iter().map(|value| value.to_string()).collect(),
        aliases: Vec::new(),
    }
}

/// 12345工单: dated by 受理日期.
fn kind() -> LedgerKind {
    let mut status = field("status", "办理状态", FieldType::Text, true, &["已办结", "办理中"]);
    status.aliases.push("状态".to_string());
    LedgerKind {
        id: "hotline_ticket".to_string(),
        name: "12345工单".to_string(),
        date: Some("accepted_on".to_string()),
        fields: vec![
            field("accepted_on", "受理日期", FieldType::Date, true, &[]),
            field("category", "诉求类型", FieldType::Text, true, &["咨询", "投诉", "求助", "建议"]),
            status,
            field("domains", "涉及领域", FieldType::Tags, false, &["城建", "环保", "劳动", "教育"]),
            field("revisited", "是否回访", FieldType::Bool, false, &[]),
            field("days", "办理天数", FieldType::Integer, false, &[]),
            field("note", "备注", FieldType::Text, false, &[]),
        ],
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Reads `path`, shown in diagnostics as `ledgers/` and its file name.
fn read_path(path: &Path, options: &ReadOptions) -> Result<Vec<LedgerRecord>, LedgerError> {
    let shown = Path::new("ledgers").join(path.file_name().unwrap());
    read_ledger_file(path, &shown, &kind(), options, &mut |_, _| {})
}

fn read(name: &str) -> Result<Vec<LedgerRecord>, LedgerError> {
    read_path(&fixture(name), &ReadOptions::default())
}

/// The problems of a file that must not read, as `file:line:col: message`.
fn problems(result: Result<Vec<LedgerRecord>, LedgerError>) -> Vec<String> {
    match result {
        Err(LedgerError::Invalid { problems }) => problems.iter().map(ToString::to_string).collect(),
        Err(error) => panic!("expected problems, got {error}"),
        Ok(records) => panic!("expected problems, read {} records", records.len()),
    }
}

fn date(year: i32, month: u32, day: u32) -> LedgerValue {
    LedgerValue::Date(NaiveDate::from_ymd_opt(year, month, day).unwrap())
}

fn text(value: &str) -> LedgerValue {
    LedgerValue::Text(value.to_string())
}

/// A record of [`kind`] with `values` by field id.
fn record(row: usize, year: i32, values: Vec<(&str, LedgerValue)>) -> LedgerRecord {
    let kind = kind();
    let mut record = LedgerRecord { values: vec![None; kind.fields.len()], year, row };
    for (id, value) in values {
        let index = kind.fields.iter().position(|field| field.id == id).expect("a field of kind()");
        record.values[index] = Some(value);
    }
    record
}

/// The records of `good.csv` (and its BOM and GBK copies).
fn good_records() -> Vec<LedgerRecord> {
    vec![
        record(
            2,
            2024,
            vec![
                ("accepted_on", date(2024, 3, 5)),
                ("category", text("咨询")),
                ("status", text("已办结")),
                ("domains", LedgerValue::Tags(vec!["城建".to_string(), "环保".to_string()])),
                ("revisited", LedgerValue::Bool(true)),
                ("days", LedgerValue::Integer(3)),
                ("note", text("已回访")),
            ],
        ),
        record(
            3,
            2024,
            vec![
                ("accepted_on", date(2024, 3, 6)),
                ("category", text("投诉")),
                ("status", text("办理中")),
                ("domains", LedgerValue::Tags(vec!["劳动".to_string()])),
                ("revisited", LedgerValue::Bool(false)),
            ],
        ),
        record(
            4,
            2024,
            vec![
                ("accepted_on", date(2024, 12, 31)),
                ("category", text("求助")),
                ("status", text("已办结")),
                ("domains", LedgerValue::Tags(vec!["教育".to_string()])),
                ("revisited", LedgerValue::Bool(true)),
                ("days", LedgerValue::Integer(12)),
                ("note", text("含逗号,的备注")),
            ],
        ),
        record(
            7,
            2025,
            vec![
                ("accepted_on", date(2025, 1, 2)),
                ("category", text("建议")),
                ("status", text("已办结")),
                ("days", LedgerValue::Integer(0)),
            ],
        ),
    ]
}

#[test]
fn a_good_csv_with_chinese_headers_is_read() {
    assert_eq!(read("good.csv").unwrap(), good_records());
}

#[test]
fn progress_is_reported_in_bytes_for_csv() {
    let path = fixture("good.csv");
    let size = std::fs::metadata(&path).unwrap().len();
    let mut calls = Vec::new();
    read_ledger_file(&path, &path, &kind(), &ReadOptions::default(), &mut |done, total| calls.push((done, total)))
        .unwrap();
    assert_eq!(calls.first(), Some(&(0, size)));
    assert_eq!(calls.last(), Some(&(size, size)));
}

#[test]
fn a_byte_order_mark_is_dropped() {
    assert_eq!(read("bom.csv").unwrap(), good_records());
}

#[test]
fn gbk_is_read_like_utf8() {
    assert_eq!(read("gbk.csv").unwrap(), read("good.csv").unwrap());
}

#[test]
fn bytes_that_are_neither_utf8_nor_gbk_are_a_problem_at_the_first_bad_byte() {
    assert_eq!(
        problems(read("neither.csv")),
        ["ledgers/neither.csv:3:12: the file is neither UTF-8 nor GBK text (byte 0xFF is neither); \
             in Excel, save it again with \"Save As\" and the type 'CSV UTF-8(逗号分隔)'"]
    );
}

#[test]
fn utf32_with_a_byte_order_mark_is_read_like_utf8() {
    // UTF-32LE's mark begins like UTF-16LE's (FF FE): it was read as UTF-16, every other
    // character a NUL.
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(fixture("good.csv")).unwrap();
    for (name, bom, unit) in [
        ("le.csv", [0xFF, 0xFE, 0, 0], u32::to_le_bytes as fn(u32) -> [u8; 4]),
        ("be.csv", [0, 0, 0xFE, 0xFF], u32::to_be_bytes),
    ] {
        let mut bytes = bom.to_vec();
        bytes.extend(good.chars().flat_map(|c| unit(c as u32)));
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(read_path(&path, &ReadOptions::default()).unwrap(), good_records(), "{name}");

        // A unit that is no character is a problem where it is.
        let second_line = good.find('\n').unwrap() + 1;
        let at = 4 + 4 * good[..second_line + 3].chars().count();
        bytes[at..at + 4].copy_from_slice(&unit(0x11_0000));
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(
            problems(read_path(&path, &ReadOptions::default())),
            [format!(
                "ledgers/{name}:2:4: the file starts as UTF-32 but 0x110000 is no character; \
                 in Excel, save it again with \"Save As\" and the type 'CSV UTF-8(逗号分隔)'"
            )],
            "{name}"
        );
    }
}

#[test]
fn an_unterminated_quote_is_a_problem_where_it_opens() {
    // Before, the quote took the rest of the file into one cell, and the problem was the
    // cells it left: "the row has 2 cells but the header has 3".
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quote.csv");
    for (content, line, column, cell) in [
        (
            "受理日期,诉求类型,办理状态\n2024-03-05,咨询,已办结\n2024-03-06,\"投诉,办理中\n2024-03-07,求助,已办结\n",
            3,
            12,
            2,
        ),
        (
            "受理日期,诉求类型,办理状态\n2024-03-05,咨询,已办结\n2024-03-06,投诉,\"办理中\n2024-03-07,求助,已办结\n",
            3,
            15,
            3,
        ),
        ("受理日期,诉求类型,办理状态\n\"2024-03-05,咨询,已办结\n", 2, 1, 1),
    ] {
        std::fs::write(&path, content).unwrap();
        assert_eq!(
            problems(read_path(&path, &ReadOptions::default())),
            [format!(
                "ledgers/quote.csv:{line}:{column}: the quote that opens cell {cell} is never closed, so the rest of \
                 the file is read as that one cell: close it with a second \", or remove it"
            )],
            "{content}"
        );
    }
    // A quote closed where it should be is no problem, and a quote inside a cell is a character.
    std::fs::write(
        &path,
        "受理日期,诉求类型,办理状态,备注\n2024-03-05,咨询,已办结,\"说\"\"好\"\"\"\n2024-03-06,投诉,办理中,5\"\n",
    )
    .unwrap();
    assert_eq!(read_path(&path, &ReadOptions::default()).unwrap().len(), 2);
}

#[test]
fn a_tab_separated_txt_file_is_read() {
    let records = read("notes.txt").unwrap();
    assert_eq!(
        records,
        [record(
            2,
            2024,
            vec![("accepted_on", date(2024, 3, 5)), ("category", text("咨询")), ("status", text("已办结"))]
        )]
    );
}

#[test]
fn an_unknown_header_is_named_with_the_fields_and_the_map_hint() {
    assert_eq!(
        problems(read("wrong_header.csv")),
        ["ledgers/wrong_header.csv:1:4: column 4: unknown header \"来电人\" for 12345工单 \
             (its fields: 受理日期, 诉求类型, 办理状态, 涉及领域, 是否回访, 办理天数, 备注); \
             use --map '来电人=FIELD' to read it as one of them, or --map '来电人=-' to ignore it"]
    );
}

#[test]
fn a_bad_date_is_a_problem_at_its_cell() {
    assert_eq!(
        problems(read("bad_date.csv")),
        ["ledgers/bad_date.csv:3:1: column 1 (受理日期): invalid date \"2024-02-30\": 2024-02 has no day 30"]
    );
}

#[test]
fn a_value_outside_the_allowed_ones_is_a_problem() {
    assert_eq!(
        problems(read("bad_value.csv")),
        ["ledgers/bad_value.csv:2:3: column 3 (办理状态): \"已完成\" is not one of the allowed values (已办结、办理中)"]
    );
}

#[test]
fn a_missing_required_cell_is_a_problem() {
    assert_eq!(
        problems(read("missing_cell.csv")),
        ["ledgers/missing_cell.csv:2:2: column 2 (诉求类型): a value is required"]
    );
}

#[test]
fn a_missing_required_column_is_a_problem() {
    assert_eq!(
        problems(read("missing_column.csv")),
        ["ledgers/missing_column.csv:1:1: no column for 办理状态, which 12345工单 requires: \
             add a column headed \"办理状态\", or name the column that holds it with --map 'HEADER=status'"]
    );
}

#[test]
fn a_row_with_too_many_cells_is_a_problem() {
    assert_eq!(
        problems(read("too_many_cells.csv")),
        ["ledgers/too_many_cells.csv:3:4: the row has 4 cells but the header has 3 \
             (a value with a comma in it must be in double quotes)"]
    );
}

#[test]
fn every_problem_is_collected() {
    let result = read("three_bad.csv");
    assert_eq!(result.as_ref().unwrap_err().to_string(), "found 3 problems");
    assert_eq!(
        problems(result),
        [
            "ledgers/three_bad.csv:2:1: column 1 (受理日期): invalid date \"2024-13-01\": there is no month 13",
            "ledgers/three_bad.csv:3:4: column 4 (办理天数): \"两天\" is not a whole number",
            "ledgers/three_bad.csv:4:2: column 2 (诉求类型): \"来访\" is not one of the allowed values (咨询、投诉、求助、建议)",
        ]
    );
}

#[test]
fn problems_name_the_physical_line_with_crlf_line_ends_and_a_title_row_too() {
    // Excel saves CSV with CR LF; the header is line 1 (or 2 under a title), each row the line
    // it is on, in a large file read in parts as in a small one.
    let dir = tempfile::tempdir().unwrap();
    for (name, end, title, rows) in [
        ("crlf.csv", "\r\n", false, 5),
        ("lf.csv", "\n", false, 5),
        ("title.csv", "\r\n", true, 5),
        ("big.csv", "\r\n", false, 120_000),
    ] {
        let mut content = String::new();
        if title {
            content.push_str("12345工单台账");
            content.push_str(end);
        }
        content.push_str("受理日期,诉求类型,办理状态");
        content.push_str(end);
        let first = usize::from(title) + 2;
        let bad = [first, first + 2, first + rows - 2];
        for line in first..first + rows {
            content.push_str(if bad.contains(&line) {
                "2024-03-05,来访,已办结"
            } else {
                "2024-03-05,咨询,已办结"
            });
            content.push_str(end);
        }
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        let lines: Vec<String> = problems(read_path(&path, &ReadOptions::default()))
            .iter()
            .map(|problem| problem.split(':').nth(1).unwrap().to_string())
            .collect();
        let expected: Vec<String> = bad.iter().map(ToString::to_string).collect();
        assert_eq!(lines, expected, "{name}");
    }
}

#[test]
fn a_mapping_of_a_header_the_file_lacks_is_a_problem() {
    let options = ReadOptions { sheet: None, mapping: vec![("日期".to_string(), "受理日期".to_string())] };
    assert_eq!(
        problems(read_path(&fixture("three_bad.csv"), &options))[0],
        "ledgers/three_bad.csv:1:1: --map '日期=受理日期': the header row has no column \"日期\" \
         (its headers: 受理日期, 诉求类型, 办理状态, 办理天数)"
    );
}

#[test]
fn problems_are_capped_at_200_and_the_rest_counted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.csv");
    let mut content = "受理日期,诉求类型,办理状态\n".to_string();
    for _ in 0..250 {
        content.push_str("2024-03-05,来访,已办结\n");
    }
    std::fs::write(&path, content).unwrap();
    let problems = problems(read_path(&path, &ReadOptions::default()));
    assert_eq!(problems.len(), 201);
    assert_eq!(
        problems[200],
        "ledgers/many.csv:202:2: 50 more problems were left out (only the first 200 are shown); \
         fix these and read the file again"
    );
}

#[test]
fn a_mapping_renames_a_column_and_ignores_another() {
    let options = ReadOptions {
        sheet: None,
        mapping: vec![
            ("日期".to_string(), "accepted_on".to_string()),
            ("类型".to_string(), "诉求类型".to_string()),
            ("来电人".to_string(), "-".to_string()),
        ],
    };
    assert_eq!(
        read_path(&fixture("mapped.csv"), &options).unwrap(),
        [record(
            2,
            2024,
            vec![("accepted_on", date(2024, 3, 5)), ("category", text("咨询")), ("status", text("已办结"))]
        )]
    );
}

#[test]
fn a_mapping_to_no_field_is_a_problem() {
    let options = ReadOptions { sheet: None, mapping: vec![("来电人".to_string(), "caller".to_string())] };
    assert_eq!(
        problems(read_path(&fixture("wrong_header.csv"), &options)),
        ["ledgers/wrong_header.csv:1:4: column 4: --map '来电人=caller' names no field of 12345工单 \
             (its fields: 受理日期, 诉求类型, 办理状态, 涉及领域, 是否回访, 办理天数, 备注)"]
    );
}

#[test]
fn an_unsupported_extension_is_a_problem() {
    assert_eq!(
        problems(read_path(Path::new("台账.pdf"), &ReadOptions::default())),
        ["ledgers/台账.pdf:1:1: cannot read a \".pdf\" file as a ledger: \
             use a .csv, .tsv, .txt, .xlsx, .xlsm, .xlsb, .xls or .ods file"]
    );
}

#[test]
fn a_missing_file_is_an_io_error() {
    let error = read("no-such-file.csv").unwrap_err();
    assert!(matches!(error, LedgerError::Io { .. }), "{error}");
}

/// Writes a workbook: an empty first sheet `Sheet1` if `empty_first`, then the sheet 台账
/// with a title row, the header, a row with a real date cell and numbers, and a row with a
/// date as text.
fn workbook(dir: &Path, empty_first: bool) -> PathBuf {
    let path = dir.join("工单.xlsx");
    let mut workbook = Workbook::new();
    if empty_first {
        workbook.add_worksheet().set_name("Sheet1").unwrap();
    }
    let sheet = workbook.add_worksheet().set_name("台账").unwrap();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    sheet.write_string(0, 0, "2024年12345工单台账").unwrap();
    for (column, header) in ["受理日期", "诉求类型", "状态", "办理天数", "是否回访", "备注"].iter().enumerate()
    {
        sheet.write_string(1, column as u16, *header).unwrap();
    }
    sheet.write_datetime_with_format(2, 0, ExcelDateTime::from_ymd(2024, 3, 5).unwrap(), &date_format).unwrap();
    sheet.write_string(2, 1, "咨询").unwrap();
    sheet.write_string(2, 2, "已办结").unwrap();
    sheet.write_number(2, 3, 12.0).unwrap();
    sheet.write_boolean(2, 4, true).unwrap();
    sheet.write_number(2, 5, 2024.5).unwrap();
    sheet.write_string(3, 0, "2024/3/6").unwrap();
    sheet.write_string(3, 1, "投诉").unwrap();
    sheet.write_string(3, 2, "办理中").unwrap();
    sheet.write_number(3, 5, 100.0).unwrap();
    workbook.save(&path).unwrap();
    path
}

fn workbook_records() -> Vec<LedgerRecord> {
    vec![
        record(
            3,
            2024,
            vec![
                ("accepted_on", date(2024, 3, 5)),
                ("category", text("咨询")),
                ("status", text("已办结")),
                ("days", LedgerValue::Integer(12)),
                ("revisited", LedgerValue::Bool(true)),
                ("note", text("2024.5")),
            ],
        ),
        record(
            4,
            2024,
            vec![
                ("accepted_on", date(2024, 3, 6)),
                ("category", text("投诉")),
                ("status", text("办理中")),
                ("note", text("100")),
            ],
        ),
    ]
}

#[test]
fn a_good_xlsx_is_read_with_real_dates_and_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), false);
    let mut calls = Vec::new();
    let records =
        read_ledger_file(&path, &path, &kind(), &ReadOptions::default(), &mut |done, total| calls.push((done, total)))
            .unwrap();
    assert_eq!(records, workbook_records());
    assert_eq!(calls.first(), Some(&(0, 2)));
    assert_eq!(calls.last(), Some(&(2, 2)));
}

#[test]
fn xlsx_problems_name_the_row_and_the_column_letter() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("工单.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (column, header) in ["受理日期", "诉求类型", "办理状态"].iter().enumerate() {
        sheet.write_string(0, column as u16, *header).unwrap();
    }
    sheet.write_string(1, 0, "2024-03-05").unwrap();
    sheet.write_string(1, 1, "咨询").unwrap();
    sheet.write_string(1, 2, "已完成").unwrap();
    workbook.save(&path).unwrap();
    assert_eq!(
        problems(read_path(&path, &ReadOptions::default())),
        ["ledgers/工单.xlsx:2:3: column C (办理状态): \"已完成\" is not one of the allowed values (已办结、办理中)"]
    );
}

#[test]
fn xlsx_with_the_data_on_another_sheet_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), true);
    assert_eq!(
        problems(read_path(&path, &ReadOptions::default())),
        ["ledgers/工单.xlsx:1:1: sheet \"Sheet1\" is empty; the data seems to be on sheet \"台账\": use --sheet 台账"]
    );
}

#[test]
fn xlsx_with_the_sheet_given_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), true);
    let options = ReadOptions { sheet: Some("台账".to_string()), mapping: Vec::new() };
    assert_eq!(read_path(&path, &options).unwrap(), workbook_records());
}

#[test]
fn an_unknown_sheet_lists_the_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), true);
    let options = ReadOptions { sheet: Some("汇总".to_string()), mapping: Vec::new() };
    assert_eq!(
        problems(read_path(&path, &options)),
        ["ledgers/工单.xlsx:1:1: there is no sheet \"汇总\" (the sheets: \"Sheet1\", \"台账\")"]
    );
}

#[test]
fn a_large_file_read_in_parts_keeps_lines_order_and_problems() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    let mut content = "受理日期,诉求类型,办理状态,备注,\n".to_string();
    let (mut line, mut lines, mut expected) = (2, Vec::new(), Vec::new());
    for i in 0..60_000 {
        let status = if i == 10 || i == 59_000 { "已完成" } else { "已办结" };
        let note = if i % 997 == 0 { "\"第一行\n第二行\"".to_string() } else { format!("备注{i}") };
        let stray = match i {
            40_000 => "x",
            50_000 => "y",
            _ => "",
        };
        content.push_str(&format!("2024-03-05,咨询,{status},{note},{stray}\n"));
        match i {
            10 | 59_000 => expected.push(format!(
                "ledgers/big.csv:{line}:3: column 3 (办理状态): \"已完成\" is not one of the allowed values (已办结、办理中)"
            )),
            40_000 => expected.push(format!(
                "ledgers/big.csv:{line}:5: column 5 has no header but holds \"x\": give it a header, or delete the column"
            )),
            _ => {}
        }
        lines.push(line);
        line += if i % 997 == 0 { 2 } else { 1 };
    }
    std::fs::write(&path, &content).unwrap();
    assert!(content.len() > 2 << 20, "big enough to be read in parts");

    let mut calls = Vec::new();
    let shown = Path::new("ledgers/big.csv");
    let result =
        read_ledger_file(&path, shown, &kind(), &ReadOptions::default(), &mut |done, total| calls.push((done, total)));
    assert_eq!(problems(result), expected);
    assert!(calls.windows(2).all(|pair| pair[0].0 <= pair[1].0), "progress only goes forward");
    assert_eq!(calls.last(), Some(&(content.len() as u64, content.len() as u64)));

    // Without the bad rows and the stray cells, every row is read, in order, with its line.
    let good: String = content.replace("已完成", "已办结").replace(",x\n", ",\n").replace(",y\n", ",\n");
    std::fs::write(&path, good).unwrap();
    let records = read_ledger_file(&path, shown, &kind(), &ReadOptions::default(), &mut |_, _| {}).unwrap();
    assert_eq!(records.len(), 60_000);
    assert_eq!(records.iter().map(|record| record.row).collect::<Vec<_>>(), lines);
    assert_eq!(records[997].get(&kind(), "note"), Some(&text("第一行\n第二行")));

    // In batches: the same records in the same order, handed over part by part.
    let mut batches: Vec<Vec<LedgerRecord>> = Vec::new();
    let handed = read_ledger_batches(&path, shown, &kind(), &ReadOptions::default(), &mut |_, _| {}, &mut |batch| {
        batches.push(batch);
        ControlFlow::Continue(())
    })
    .unwrap();
    assert!(batches.len() > 1, "a file of several MiB comes in parts");
    assert_eq!(handed, 60_000);
    assert_eq!(batches.concat(), records);

    // A problem in the last rows: the parts before it may have been handed over, the parts
    // from it on are not, and the result is the problem.
    let late: String =
        std::fs::read_to_string(&path).unwrap().replacen("2024-03-05,咨询,已办结", "2024-03-05,咨询,已完成", 1);
    let late = {
        let cut = late.len() - 200;
        let (head, tail) = late.split_at(late[..cut].rfind('\n').unwrap() + 1);
        let head = head.replacen("2024-03-05,咨询,已完成", "2024-03-05,咨询,已办结", 1);
        format!("{head}{}", tail.replacen("2024-03-05,咨询,已办结", "2024-03-05,咨询,已完成", 1))
    };
    std::fs::write(&path, late).unwrap();
    let mut handed_rows = Vec::new();
    let result = read_ledger_batches(&path, shown, &kind(), &ReadOptions::default(), &mut |_, _| {}, &mut |batch| {
        handed_rows.extend(batch.iter().map(|record| record.row));
        ControlFlow::Continue(())
    });
    assert!(matches!(result, Err(LedgerError::Invalid { ref problems }) if problems.len() == 1));
    assert!(handed_rows.len() < 60_000, "the part with the problem is not handed over");
    assert_eq!(handed_rows, lines[..handed_rows.len()], "what was handed over is the first rows, in order");

    // The caller can stop the reading: the parts after the one it took are not read.
    let mut taken = Vec::new();
    let stopped = read_ledger_batches(&path, shown, &kind(), &ReadOptions::default(), &mut |_, _| {}, &mut |batch| {
        taken.push(batch.len());
        ControlFlow::Break(())
    });
    assert_eq!(taken.len(), 1);
    assert_eq!(stopped.unwrap(), taken[0]);
}

#[test]
fn two_columns_for_one_field_are_a_problem() {
    assert_eq!(
        problems(read("two_columns.csv")),
        ["ledgers/two_columns.csv:1:4: column 4 (\"状态\") and column 3 (\"办理状态\") both hold 办理状态; \
             use --map '状态=-' to ignore one of them"]
    );
}

#[test]
fn a_title_row_above_the_header_is_passed_over() {
    assert_eq!(
        read("title_row.csv").unwrap(),
        [record(
            3,
            2024,
            vec![("accepted_on", date(2024, 3, 5)), ("category", text("咨询")), ("status", text("已办结"))]
        )]
    );
}

#[test]
fn a_column_without_a_header_must_stay_empty() {
    assert_eq!(
        problems(read("unnamed_column.csv")),
        ["ledgers/unnamed_column.csv:3:4: column 4 has no header but holds \"张三\": give it a header, or delete the column"]
    );
}
