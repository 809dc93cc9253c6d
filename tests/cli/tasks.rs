use insta::assert_snapshot;

use crate::support::Fixture;

#[test]
fn check_passes_on_a_valid_workspace() {
    let ws = Fixture::new("basic");
    assert_snapshot!(ws.run(&["check"]).render());
}

#[test]
fn tasks_lists_open_tasks_least_time_left_first() {
    let ws = Fixture::new("basic");
    assert_snapshot!(ws.run(&["--today", "2024-12-24", "tasks"]).render());
}

#[test]
fn tasks_overdue() {
    let ws = Fixture::new("basic");
    assert_snapshot!(ws.run(&["--today", "2024-12-24", "tasks", "--overdue"]).render());
}

#[test]
fn tasks_due_within_includes_overdue() {
    let ws = Fixture::new("basic");
    assert_snapshot!(ws.run(&["--today", "2024-12-24", "tasks", "--due-within", "7d"]).render());
}

#[test]
fn tasks_filters_combine() {
    let ws = Fixture::new("basic");
    let run = ws.run(&[
        "--today",
        "2024-12-24",
        "tasks",
        "--unit",
        "综合执法办公室",
        "--status",
        "doing",
        "--status",
        "done",
    ]);
    assert_snapshot!(run.render());
    let run = ws.run(&["--today", "2024-12-24", "tasks", "--owner", "zhao_lei", "--module", "leadership", "--all"]);
    assert_snapshot!("tasks_filters_owner_module_all", run.render());
}

#[test]
fn tasks_json() {
    let ws = Fixture::new("basic");
    let run = ws.run(&["--today", "2024-12-24", "--json", "tasks", "--overdue"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_snapshot!(serde_json::to_string_pretty(&value).unwrap());
}

#[test]
fn a_relative_deadline_counts_from_completion_on_the_working_day_calendar() {
    let ws = Fixture::new("basic");
    // quanze was done on 2024-12-18 (history); 7 working days later is 2024-12-27.
    let run = ws.run(&["--today", "2024-12-24", "task", "show", "quanze-gongshi"]);
    assert_snapshot!(run.render());
}

#[test]
fn a_task_goes_through_its_life_with_notes_evidence_and_history() {
    let ws = Fixture::new("basic");
    let evidence = ws.path().join("签到表.txt");
    std::fs::write(&evidence, "党委会议会前学法签到表\n").unwrap();
    let evidence = evidence.to_str().unwrap();
    let mut out = String::new();
    for args in [
        &["task", "start", "xuefa@2024-11", "--note", "已安排学法内容"][..],
        &["task", "done", "xuefa@2024-11", "--evidence", evidence, "--by", "孙丽"],
        &["task", "reopen", "xuefa@2024-11", "--note", "签到表缺页"],
        &["task", "cancel", "xuefa@2024-11", "--note", "会议取消"],
        &["task", "show", "xuefa@2024-11"],
    ] {
        let run = ws.run(&[&["--today", "2024-11-25"], args].concat());
        out.push_str(&format!("$ fazhi {}\n{}\n", args.join(" ").replace(evidence, "签到表.txt"), run.render()));
    }
    assert_snapshot!(out);
}

#[test]
fn show_json_has_the_changes() {
    let ws = Fixture::new("basic");
    let run = ws.run(&["--today", "2024-12-24", "--json", "task", "show", "quanze"]);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["task"]["status"], "done");
    assert_eq!(value["changes"][0]["note"], "基本17项、配合14项、交回17项");
    assert_eq!(value["changes"][0]["source"], "history/2024.ron#quanze#done#2024-12-18");
}

#[test]
fn recorded_history_is_applied_once() {
    let ws = Fixture::new("basic");
    ws.run(&["tasks"]);
    let first = ws.state();
    ws.run(&["tasks"]);
    assert_eq!(first, ws.state());
    let log = ws.run(&["audit", "log"]);
    assert!(log.stdout.ends_with("3 entries\n"), "{}", log.stdout);
}

#[test]
fn tasks_sees_every_status_change_made_since_it_last_listed() {
    let ws = Fixture::new("basic");
    let line = |task: &str| {
        let run = ws.run(&["--today", "2024-12-24", "tasks", "--all"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let found = run.stdout.lines().find(|line| line.starts_with(task)).map(str::to_string);
        found.unwrap_or_else(|| panic!("{task} not listed:\n{}", run.stdout))
    };
    let change = |action: &str| {
        let run = ws.run(&["--today", "2024-12-24", "task", action, "xuefa@2024-11"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    };
    assert!(line("xuefa@2024-11").contains("overdue"));
    assert!(ws.path().join(".fazhi/cache/states.bin").is_file());
    // Each listing after a change reads only the changes since the one before.
    change("done");
    let done = line("xuefa@2024-11");
    assert!(done.contains(" done "), "{done}");
    change("reopen");
    assert!(line("xuefa@2024-11").contains("overdue"));
    change("cancel");
    let cancelled = line("xuefa@2024-11");
    assert!(cancelled.contains(" cancelled "), "{cancelled}");
    // Without the snapshot, the states are read in full: the same list.
    let kept = ws.run(&["--today", "2024-12-24", "tasks", "--all"]).stdout;
    std::fs::remove_file(ws.path().join(".fazhi/cache/states.bin")).unwrap();
    assert_eq!(ws.run(&["--today", "2024-12-24", "tasks", "--all"]).stdout, kept);
}

/// `fazhi tasks | head`: a reader that closes the pipe before the listing is written ends the
/// command quietly (SIGPIPE, as Unix tools do), never with a panic and exit 101.
#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_listing_quietly() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};
    let ws = crate::support::Fixture::example("wangtuan-2024");
    for _ in 0..3 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_fazhi"))
            .args(["-C", ws.path().to_str().unwrap(), "--today", "2025-03-20", "tasks", "--status", "done"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader is gone before anything is written
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_ne!(output.status.code(), Some(101), "{stderr}");
        assert!(
            output.status.success() || output.status.signal() == Some(libc_sigpipe()),
            "{:?} {stderr}",
            output.status
        );
    }
}

#[cfg(unix)]
fn libc_sigpipe() -> i32 {
    13 // SIGPIPE on Linux and the BSDs
}
