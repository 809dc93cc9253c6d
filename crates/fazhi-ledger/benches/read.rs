//! How fast a large CSV ledger file is read: writes a file of 1,000,000 rows (or
//! `FAZHI_BENCH_ROWS`) of a kind with a date, a text with allowed values, an integer, a
//! number and a text, reads it three times and prints the median.
//!
//! Each read runs in a fresh process (this program run again with `FAZHI_BENCH_FILE` set),
//! as `fazhi` reads a file: a read after dropping the million records of the previous one
//! measures the memory allocator's recycling more than the reading.
//!
//! Run with `cargo bench -p fazhi-ledger`.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use fazhi_core::{FieldType, LedgerField, LedgerKind};
use fazhi_ledger::{read_ledger_file, ReadOptions};

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

const CATEGORIES: [&str; 5] = ["咨询", "投诉", "求助", "建议", "举报"];

fn kind() -> LedgerKind {
    LedgerKind {
        id: "hotline_ticket".to_string(),
        name: "12345工单".to_string(),
        date: Some("accepted_on".to_string()),
        fields: vec![
            field("accepted_on", "受理日期", FieldType::Date, true, &[]),
            field("category", "诉求类型", FieldType::Text, true, &CATEGORIES),
            field("days", "办理天数", FieldType::Integer, true, &[]),
            field("score", "满意度", FieldType::Number, true, &[]),
            field("note", "备注", FieldType::Text, false, &[]),
        ],
    }
}

/// Reads `path` once and prints the seconds it took and the rows read.
fn read_once(path: &Path) {
    let kind = kind();
    let start = Instant::now();
    let records = read_ledger_file(path, path, &kind, &ReadOptions::default(), &mut |_, _| {}).expect("a good file");
    let seconds = start.elapsed().as_secs_f64();
    println!("{seconds} {}", records.len());
    // Freeing the records is not reading them.
    std::process::exit(0);
}

fn main() {
    if let Some(path) = std::env::var_os("FAZHI_BENCH_FILE") {
        read_once(Path::new(&path));
    }
    let rows: usize = std::env::var("FAZHI_BENCH_ROWS").ok().and_then(|rows| rows.parse().ok()).unwrap_or(1_000_000);

    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("工单.csv");
    let mut file = BufWriter::new(std::fs::File::create(&path).expect("a temporary file"));
    writeln!(file, "受理日期,诉求类型,办理天数,满意度,备注").unwrap();
    for i in 0..rows {
        let note = if i % 3 == 0 { "" } else { "已回访，群众满意" };
        writeln!(
            file,
            "2024-{:02}-{:02},{},{},{}.{},{note}",
            i % 12 + 1,
            i % 28 + 1,
            CATEGORIES[i % CATEGORIES.len()],
            i % 15,
            80 + i % 20,
            i % 10
        )
        .unwrap();
    }
    file.flush().unwrap();
    drop(file);
    let size = std::fs::metadata(&path).unwrap().len();

    let mut times: Vec<f64> = (0..3)
        .map(|_| {
            let exe = std::env::current_exe().expect("this program");
            let output = Command::new(exe).env("FAZHI_BENCH_FILE", &path).output().expect("a run");
            let stdout = String::from_utf8_lossy(&output.stdout);
            let (seconds, read) = stdout.trim().split_once(' ').unwrap_or_else(|| panic!("a run failed: {stdout}"));
            assert_eq!(read.parse::<usize>().unwrap(), rows);
            seconds.parse::<f64>().unwrap()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let median = times[1];
    println!(
        "read {rows} CSV rows ({:.1} MB, 5 fields): {median:.3} s, {:.0} rows/s (median of 3 runs, each in a fresh process: {:.3} s, {:.3} s, {:.3} s)",
        size as f64 / 1e6,
        rows as f64 / median,
        times[0],
        times[1],
        times[2]
    );
}
