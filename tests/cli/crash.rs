//! A first open, a ledger revision or a correction killed at any instant leaves a state from
//! which the next command produces exactly the complete result: nothing of the recorded
//! history, instances, ledger files or corrections is lost or applied twice.

use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::Fixture;

/// The number of audit entries and the task list after the example's first open.
fn outcome(ws: &Fixture) -> (usize, String) {
    let tasks = ws.run(&["--today", "2025-03-20", "--json", "tasks"]);
    assert_eq!(tasks.code, 0, "{}", tasks.render());
    let log = ws.run(&["--json", "audit", "log"]);
    assert_eq!(log.code, 0, "{}", log.render());
    let entries: Vec<serde_json::Value> = serde_json::from_str(&log.stdout).unwrap();
    let verify = ws.run(&["audit", "verify"]);
    assert_eq!(verify.code, 0, "{}", verify.render());
    (entries.len(), tasks.stdout)
}

#[test]
fn a_first_open_killed_at_any_point_is_completed_by_the_next_command() {
    let complete = outcome(&Fixture::example("wangtuan-2024"));
    // The first open of the example takes a few hundred milliseconds on a test machine; kill it
    // at 24 points spread over that time (and past it: a finished one must be left alone).
    for point in 0..24u64 {
        let ws = Fixture::example("wangtuan-2024");
        let mut child = Command::new(env!("CARGO_BIN_EXE_fazhi"))
            .args(["-C", ws.path().to_str().unwrap(), "--today", "2025-03-20", "tasks"])
            .env("FAZHI_LANG", "en")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(point * point / 2 + point * 4));
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(outcome(&ws), complete, "killed after {} ms", point * point / 2 + point * 4);
    }
}

/// A hotline ledger of `n` tickets for the report-town fixture; in `version` 2, every third
/// ticket is handled (a changed row) and every seventh left out.
fn tickets(n: usize, version: u8) -> String {
    let mut csv = String::from("工单编号,受理日期,问题类别,办理状态,办理用时\n");
    for i in 0..n {
        if version == 2 && i % 7 == 3 {
            continue;
        }
        let handled = i % 2 == 0 || (version == 2 && i % 3 == 0);
        let (status, hours) =
            if handled { ("已处理", format!("{}", 1 + i % 9)) } else { ("正在核实处理", String::new()) };
        let category = ["供暖", "道路", "噪音", "物业", "用水"][i % 5];
        csv.push_str(&format!("RX{i:08},2024-{:02}-{:02},{category},{status},{hours}\n", 1 + i % 12, 1 + i % 28));
    }
    csv
}

/// What the state says of the hotline ledger: its current rows, how many rows it keeps in
/// all, the number of audit entries; and that the audit log verifies.
fn hotline(ws: &Fixture) -> (String, usize, usize) {
    let current = ws.run(&["--json", "ledger", "list", "rexian_ticket"]);
    assert_eq!(current.code, 0, "{}", current.render());
    let history = ws.run(&["--json", "ledger", "list", "rexian_ticket", "--history"]);
    assert_eq!(history.code, 0, "{}", history.render());
    let history: Vec<serde_json::Value> = serde_json::from_str(&history.stdout).unwrap();
    let log = ws.run(&["--json", "audit", "log"]);
    let entries: Vec<serde_json::Value> = serde_json::from_str(&log.stdout).unwrap();
    let verify = ws.run(&["audit", "verify"]);
    assert_eq!(verify.code, 0, "{}", verify.render());
    (current.stdout, history.len(), entries.len())
}

/// Runs `fazhi -C WS ARGS…` and kills it after `after`.
fn kill_after(ws: &Fixture, args: &[&str], after: Duration) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args([&["-C", ws.path().to_str().unwrap()], args].concat())
        .env("NO_COLOR", "1")
        .env("FAZHI_LANG", "en")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(after);
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn a_ledger_revision_killed_at_any_point_is_completed_by_the_next_command() {
    let base = Fixture::new("report-town");
    let csv = base.path().join("ledger/hotline.csv");
    std::fs::write(&csv, tickets(6000, 1)).unwrap();
    assert_eq!(base.run(&["ledger", "kinds"]).code, 0);
    // The clerk's new version of the file: a third of the rows changed, a seventh gone.
    std::fs::write(&csv, tickets(6000, 2)).unwrap();
    let reference = base.duplicate();
    let started = std::time::Instant::now();
    assert_eq!(reference.run(&["ledger", "kinds"]).code, 0);
    let took = started.elapsed();
    let complete = hotline(&reference);
    // Every row stays; the changed ones are there twice, old and new.
    let changed = (0..6000).filter(|i| i % 7 != 3 && i % 2 == 1 && i % 3 == 0).count();
    assert_eq!(complete.1, 6000 + changed);
    // Kill the open that applies the revision at 24 points over its run (and past its end).
    for point in 0..24u32 {
        let ws = base.duplicate();
        kill_after(&ws, &["ledger", "kinds"], took * point / 20);
        assert_eq!(hotline(&ws), complete, "killed at {point}/20 of {took:?}");
    }
}

#[test]
fn a_correction_killed_at_any_point_is_all_or_nothing() {
    let base = Fixture::new("report-town");
    assert_eq!(base.run(&["ledger", "kinds"]).code, 0);
    let correct = ["ledger", "correct", "rexian_ticket", "2024-4", "status=已处理", "hours=5", "--reason", "已回访"];
    let reference = base.duplicate();
    let started = std::time::Instant::now();
    let run = reference.run(&correct);
    assert_eq!(run.code, 0, "{}", run.render());
    let took = started.elapsed();
    let complete = hotline(&reference);
    for point in 0..24u32 {
        let ws = base.duplicate();
        let before = ws.state();
        kill_after(&ws, &correct, took * point / 20);
        // Either nothing of it was kept, and the correction made again completes it, or all.
        if ws.state() == before {
            let again = ws.run(&correct);
            assert_eq!(again.code, 0, "killed at {point}/20 of {took:?}: {}", again.render());
        }
        assert_eq!(hotline(&ws), complete, "killed at {point}/20 of {took:?}");
    }
}

/// The number of audit entries and the overdue tasks of a generated workspace; and that the
/// audit log verifies.
fn generated_outcome(ws: &Fixture) -> (usize, String) {
    let tasks = ws.run(&["--today", "2024-10-15", "--json", "tasks", "--overdue"]);
    assert_eq!(tasks.code, 0, "{}", tasks.render());
    let verify = ws.run(&["--json", "audit", "verify"]);
    assert_eq!(verify.code, 0, "{}", verify.render());
    let head = ws.run(&["--json", "audit", "head"]);
    assert_eq!(head.code, 0, "{}", head.render());
    let head: serde_json::Value = serde_json::from_str(&head.stdout).unwrap();
    // The indexes of the status changes, set aside while the history was written, are there
    // as they were made (the triggers are checked by `audit verify`).
    let conn = rusqlite::Connection::open(ws.path().join(".fazhi/state.db")).unwrap();
    let mut indexes: Vec<String> = conn
        .prepare(
            "SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'status_change' AND sql IS NOT NULL",
        )
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    indexes.sort();
    assert_eq!(
        indexes,
        [
            "CREATE INDEX status_change_item ON status_change (item, seq)",
            "CREATE UNIQUE INDEX status_change_source ON status_change (source)"
        ]
    );
    (head["seq"].as_u64().unwrap() as usize, tasks.stdout)
}

#[test]
fn a_first_open_of_a_long_history_applied_in_bulk_killed_at_any_point_is_completed_by_the_next_command() {
    // 12,000 tasks and about 10,600 recorded changes: enough for the history to be applied in
    // bulk, its indexes and guards set aside and made again within the transaction.
    let base = tempfile::tempdir().unwrap();
    let generated = fazhi_bench::generate(&fazhi_bench::WorkspaceSpec::new(12_000, 7, 2024), base.path()).unwrap();
    assert!(generated.changes >= 10_000, "{} changes", generated.changes);
    let whole = Fixture::copy_of(base.path());
    let started = std::time::Instant::now();
    let first = whole.run(&["--today", "2024-10-15", "tasks", "--overdue"]);
    let took = started.elapsed();
    assert_eq!(first.code, 0, "{}", first.render());
    let complete = generated_outcome(&whole);
    assert!(complete.0 >= generated.changes, "{} entries for {} changes", complete.0, generated.changes);
    // Killed at 12 points over the time the first open took (and once past it).
    for point in 0..12u32 {
        let ws = Fixture::copy_of(base.path());
        let after = took * point / 11 + Duration::from_millis(5);
        kill_after(&ws, &["--today", "2024-10-15", "tasks", "--overdue"], after);
        assert_eq!(generated_outcome(&ws), complete, "killed after {after:?} of {took:?}");
    }
}
