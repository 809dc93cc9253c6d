//! A first open killed at any instant leaves a state from which the next command produces
//! exactly the complete result: nothing of the recorded history, instances or ledger files is
//! lost or applied twice.

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
