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
fn evidence_comes_back_under_its_names_and_nothing_is_overwritten() {
    let ws = Fixture::new("basic");
    let scans = tempfile::tempdir().unwrap();
    let (first, second) = (scans.path().join("a/签到表.pdf"), scans.path().join("b/签到表.pdf"));
    for (path, text) in [(&first, "%PDF-1.4 第一页\n"), (&second, "%PDF-1.4 补全的签到表\n")] {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let today = ["--today", "2024-11-25"];
    for args in [
        vec!["task", "start", "xuefa@2024-11"],
        vec!["task", "done", "xuefa@2024-11", "--evidence", first.to_str().unwrap()],
        vec!["task", "reopen", "xuefa@2024-11"],
        vec!["task", "done", "xuefa@2024-11", "--evidence", second.to_str().unwrap()],
    ] {
        let run = ws.run(&[&today[..], &args].concat());
        assert_eq!(run.code, 0, "{}", run.render());
    }
    let shown = ws.run(&[&today[..], &["task", "show", "xuefa@2024-11"]].concat());
    assert!(shown.stdout.contains("[evidence 签到表.pdf (application/pdf) sha256 "), "{}", shown.render());

    // Two files of one name: the second gets a number; both as handed in.
    let run = ws.run(&["task", "evidence", "xuefa@2024-11", "-o", "佐证"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert!(run.stdout.ends_with("2 file(s) written\n"), "{}", run.render());
    let out = ws.path().join("佐证");
    assert_eq!(std::fs::read(out.join("签到表.pdf")).unwrap(), std::fs::read(&first).unwrap());
    assert_eq!(std::fs::read(out.join("签到表-2.pdf")).unwrap(), std::fs::read(&second).unwrap());
    let json = ws.run(&["--json", "task", "evidence", "xuefa@2024-11", "-o", "json"]);
    let files: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(files[1]["file_name"], "签到表.pdf");
    assert_eq!(files[1]["media_type"], "application/pdf");

    // Again into the same folder: refused, the files there as they were.
    std::fs::write(out.join("签到表-2.pdf"), "mine").unwrap();
    let state = ws.state();
    let run = ws.run(&["task", "evidence", "xuefa@2024-11", "-o", "佐证"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(run.stderr.contains("签到表.pdf exists: fazhi does not overwrite files"), "{}", run.render());
    assert_eq!(std::fs::read_to_string(out.join("签到表-2.pdf")).unwrap(), "mine");
    assert_eq!(ws.state(), state);

    // An unknown task, a task without evidence, a kept copy that was changed.
    let run = ws.run(&["task", "evidence", "nothing@2024-11", "-o", "x"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(!ws.path().join("x").exists());
    let run = ws.run(&["task", "evidence", "quanze", "-o", "x"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, "quanze: no evidence was handed in\n"), "{}", run.render());
    let kept = std::fs::read_dir(ws.path().join(".fazhi/evidence")).unwrap().next().unwrap().unwrap().path();
    std::fs::write(&kept, "changed").unwrap();
    let run = ws.run(&["task", "evidence", "xuefa@2024-11", "-o", "after"]);
    assert_eq!(run.code, 1, "{}", run.render());
    assert!(run.stderr.contains("does not match its SHA-256"), "{}", run.render());
    assert!(!ws.path().join("after").exists(), "nothing written");
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
fn a_task_done_reopened_and_done_again_at_the_same_written_time_is_done_and_applied_once() {
    let ws = Fixture::new("basic");
    ws.edit(
        "history/2024.ron",
        "]",
        r#"    (task: "xuefa@2024-10", action: Reopen, at: "2024-10-29", by: "zhao_lei", note: "材料不全"),
    (task: "xuefa@2024-10", action: Done, at: "2024-10-28", by: "zhao_lei", note: "补全材料，按原日期办结"),
]"#,
    );
    let run = ws.run(&["--today", "2024-12-24", "--json", "task", "show", "xuefa@2024-10"]);
    assert_eq!(run.code, 0, "{}", run.render());
    let shown: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(shown["task"]["status"], "done", "{shown}");
    assert_eq!(shown["changes"][2]["source"], "history/2024.ron#xuefa@2024-10#done#2024-10-28#2", "{shown}");
    let log = ws.run(&["audit", "log"]);
    assert!(log.stdout.ends_with("5 entries\n"), "{}", log.stdout);
    let again = ws.state();
    ws.run(&["tasks"]);
    assert_eq!(ws.state(), again);
    let verify = ws.run(&["audit", "verify"]);
    assert_eq!(verify.code, 0, "{}", verify.render());
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
            .env("FAZHI_LANG", "en")
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

/// A checklist with a 30-day period that ends in 国庆 2025, a lead time and a working-day count
/// from the same day.
fn with_roll_checklist(ws: &Fixture) {
    let duty = |id: &str, title: &str, deadline: &str| {
        format!("        (id: \"{id}\", title: \"{title}\", module: \"roll\", unit: \"dangzhengban\", owner: \"zhao_lei\", deadline: {deadline}),\n")
    };
    let text = [
        "(\n    year: 2025,\n    events: [\n        (id: \"tongzhi\", name: \"县司法局通知\", date: \"2025-09-03\"),\n        (id: \"tingzheng\", name: \"听证会\", date: \"2025-10-13\"),\n    ],\n    duties: [\n".to_string(),
        duty("baosong", "收到通知后30日内报送", "AfterEvent(event: \"tongzhi\", days: 30)"),
        duty("tiqian", "通知后满30日方可实施", "AfterEvent(event: \"tongzhi\", days: 30, counting: LeadTime)"),
        duty("gongzuori", "通知后10个工作日内答复", "AfterEvent(event: \"tongzhi\", days: 10, working: true)"),
        duty("tingzheng-tongzhi", "听证会7日前通知当事人", "BeforeEvent(event: \"tingzheng\", days: 7)"),
        "    ],\n)\n".to_string(),
    ]
    .concat();
    std::fs::write(ws.path().join("checklist/roll.ron"), text).unwrap();
}

#[test]
fn a_calendar_day_deadline_landing_in_national_day_rolls_forward_and_says_why() {
    let ws = Fixture::new("basic");
    with_roll_checklist(&ws);
    // 30 days after 9/3 is Fri 10/3 (国庆节、中秋节, 10/1–10/8): due Thu 10/9. The lead time stays on
    // 10/3; 7 days before the hearing on 10/13 is 10/6, a holiday, and stays; the 10 working days
    // end on 9/17 as before.
    let run = ws.run(&["--today", "2025-09-20", "tasks", "--module", "roll"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = |id: &str| run.stdout.lines().find(|line| line.starts_with(id)).unwrap_or_default().to_string();
    assert!(line("baosong ").contains("2025-10-09*"), "{}", run.stdout);
    assert!(line("tiqian ").contains("2025-10-03 "), "{}", run.stdout);
    assert!(line("tingzheng-tongzhi ").contains("2025-10-06 "), "{}", run.stdout);
    assert!(line("gongzuori ").contains("2025-09-17 "), "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "* baosong: 10月3日为法定节假日（国庆节、中秋节），顺延至10月9日（《中华人民共和国民法典》第二百零三条）"
        ),
        "{}",
        run.stdout
    );
    assert_snapshot!(run.render());

    let show = ws.run(&["--today", "2025-09-20", "task", "show", "baosong"]);
    assert_snapshot!("task_show_rolled_forward", show.render());
    let show = ws.run(&["--today", "2025-09-20", "task", "show", "tingzheng-tongzhi"]);
    assert!(show.stdout.contains("counting:    提前或者最短期限，按日计算，不因法定休假日顺延"), "{}", show.stdout);
    assert!(!show.stdout.contains("moved:"), "{}", show.stdout);

    let json = ws.run(&["--today", "2025-09-20", "--json", "tasks", "--module", "roll"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let baosong = value.as_array().unwrap().iter().find(|task| task["id"] == "baosong").unwrap();
    assert_eq!(baosong["deadline"], "2025-10-09");
    assert_eq!(baosong["rolled_from"], "2025-10-03");
    assert!(baosong["deadline_moved"].as_str().unwrap().starts_with("10月3日为法定节假日"));
    let tiqian = value.as_array().unwrap().iter().find(|task| task["id"] == "tiqian").unwrap();
    assert!(tiqian.get("rolled_from").is_none() && tiqian.get("deadline_moved").is_none());
}
