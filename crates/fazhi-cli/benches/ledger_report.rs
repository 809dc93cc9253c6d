//! Whole-process figures for the ledger and the year-end report: `fazhi ledger import` of
//! N CSV rows spread over every stock ledger kind, then `fazhi report` over them.
//!
//! `cargo bench -p fazhi-cli --bench ledger_report` (N = 1,000,000; `FAZHI_BENCH_ROWS` sets
//! another). Rows are generated from the kinds' declarations (`fazhi ledger kinds --json`), so
//! every value is valid and dated in 2024. Prints seconds and rows per second.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn fazhi(dir: &Path, args: &[&str]) -> (Duration, String) {
    run(dir, args, true)
}

/// Runs fazhi in `dir`; with `must_succeed`, a failure stops the benchmark.
fn run(dir: &Path, args: &[&str], must_succeed: bool) -> (Duration, String) {
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_fazhi")).arg("-C").arg(dir).args(args).output().expect("run fazhi");
    let elapsed = started.elapsed();
    assert!(
        output.status.success() || !must_succeed,
        "fazhi {args:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (elapsed, String::from_utf8_lossy(&output.stdout).into_owned())
}

/// A small deterministic generator (xorshift).
struct Random(u64);

impl Random {
    fn next(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound.max(1)
    }
}

fn cell(field: &serde_json::Value, row: usize, random: &mut Random) -> String {
    let values: Vec<&str> =
        field["values"].as_array().map(|v| v.iter().filter_map(|v| v.as_str()).collect()).unwrap_or_default();
    let pick = |random: &mut Random| values[random.next(values.len() as u64) as usize].to_string();
    match field["type"].as_str().unwrap_or("text") {
        _ if field["id"] == "year" => "2024".to_string(),
        "integer" => random.next(100).to_string(),
        "number" => format!("{}.5", random.next(1000)),
        "date" => {
            let day = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(random.next(366));
            day.to_string()
        }
        "bool" => if random.next(2) == 0 { "是" } else { "否" }.to_string(),
        "tags" if !values.is_empty() => {
            let first = pick(random);
            let second = pick(random);
            if first == second {
                first
            } else {
                format!("{first}、{second}")
            }
        }
        _ if !values.is_empty() => pick(random),
        _ => format!("记录{row}"),
    }
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn main() {
    let rows: usize = std::env::var("FAZHI_BENCH_ROWS").ok().and_then(|n| n.parse().ok()).unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = dir.path().join("town");
    let status = Command::new(env!("CARGO_BIN_EXE_fazhi")).arg("init").arg(&root).output().expect("fazhi init");
    assert!(status.status.success(), "fazhi init failed");
    let (_, kinds) = fazhi(&root, &["--json", "ledger", "kinds"]);
    let kinds: Vec<serde_json::Value> = serde_json::from_str(&kinds).expect("kinds as JSON");
    let per_kind = rows / kinds.len();
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let mut files = Vec::new();
    for kind in &kinds {
        let fields = kind["kind"]["fields"].as_array().expect("fields");
        let mut text = String::new();
        let header: Vec<&str> = fields.iter().map(|field| field["label"].as_str().unwrap()).collect();
        text.push_str(&header.join(","));
        text.push('\n');
        for row in 0..per_kind {
            let cells: Vec<String> = fields.iter().map(|field| cell(field, row, &mut random)).collect();
            let _ = writeln!(text, "{}", cells.join(","));
        }
        let id = kind["kind"]["id"].as_str().unwrap().to_string();
        let file = root.join(format!("{id}.csv"));
        std::fs::write(&file, text).expect("write the CSV");
        files.push((id, file));
    }
    let total = per_kind * kinds.len();
    println!("ledger and report benchmark: {total} rows over {} kinds ({per_kind} each)", kinds.len());

    let mut import = Duration::ZERO;
    for (kind, file) in &files {
        import += fazhi(&root, &["ledger", "import", kind, file.to_str().unwrap()]).0;
    }
    println!(
        "  ledger import, {total} CSV rows: {:.2} s ({:.0} rows/s, {} processes)",
        import.as_secs_f64(),
        total as f64 / import.as_secs_f64(),
        files.len()
    );
    let (again, _) = fazhi(&root, &["ledger", "import", &files[0].0, files[0].1.to_str().unwrap()]);
    println!("  the same file again (adds nothing): {:.2} s for {per_kind} rows", again.as_secs_f64());

    let runs: Vec<Duration> = (0..3).map(|_| fazhi(&root, &["report", "--year", "2024"]).0).collect();
    println!("  fazhi report --year 2024 over {total} rows: {:.2} s (median of 3)", median(runs).as_secs_f64());
    let runs: Vec<Duration> = (0..3).map(|_| run(&root, &["report", "--check", "--year", "2024"], false).0).collect();
    println!("  fazhi report --check: {:.2} s (median of 3)", median(runs).as_secs_f64());
}
