//! Every kind of bad input: a clear message naming where, exit 2, and the state unchanged.

use insta::assert_snapshot;

use crate::support::{run_in, Fixture};

/// The basic fixture with one file replaced by `text`.
fn with_file(path: &str, text: &str) -> Fixture {
    let ws = Fixture::new("basic");
    let target = ws.path().join(path);
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::write(target, text).unwrap();
    ws
}

/// The basic fixture's file `path` with `from` replaced by `to` (which must occur).
fn edited(path: &str, from: &str, to: &str) -> Fixture {
    let text = std::fs::read_to_string(Fixture::new("basic").path().join(path)).unwrap();
    assert!(text.contains(from), "{from:?} not in {path}");
    with_file(path, &text.replacen(from, to, 1))
}

fn check(ws: &Fixture) -> String {
    let run = ws.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.render());
    run.render()
}

#[test]
fn malformed_ron() {
    let ws = edited(
        "org.ron",
        "(id: \"sifasuo\", name: \"司法所\", leader: \"sun_li\"),",
        "(id: \"sifasuo\", name: \"司法所\" leader: \"sun_li\"),",
    );
    assert_snapshot!(check(&ws));
}

#[test]
fn valid_ron_of_the_wrong_shape() {
    let ws = edited("checklist/2024.ron", "owner: \"li_qiang\",", "ownr: \"li_qiang\",");
    assert_snapshot!(check(&ws));
    let ws = edited("fazhi.ron", "year: 2024,", "year: \"2024\",");
    assert_snapshot!("valid_ron_of_the_wrong_shape_type", check(&ws));
    let ws = with_file("checklist/extra.ron", "[1, 2, 3]\n");
    assert_snapshot!("valid_ron_of_the_wrong_shape_list", check(&ws));
}

#[test]
fn unknown_references_are_all_reported_with_positions() {
    let ws = Fixture::new("basic");
    let path = ws.path().join("checklist/2024.ron");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replacen(
            "unit: \"zhifa\",\n            owner: \"qian_hong\",",
            "unit: \"zhifa-x\",\n            owner: \"nobody\",",
            1,
        )
        .replacen("cooperating: [\"sifasuo\"]", "cooperating: [\"paichusuo\"]", 1)
        .replacen("AfterDuty(duty: \"quanze\"", "AfterDuty(duty: \"quanze-2\"", 1)
        .replacen("AfterEvent(event: \"county-meeting\"", "AfterEvent(event: \"county\"", 1);
    std::fs::write(&path, text).unwrap();
    let org = ws.path().join("org.ron");
    let text = std::fs::read_to_string(&org).unwrap().replacen("leader: \"sun_li\"", "leader: \"sun\"", 1);
    std::fs::write(&org, text).unwrap();
    assert_snapshot!(check(&ws));
}

#[test]
fn duplicate_ids() {
    let ws = with_file(
        "checklist/2025.ron",
        "(\n    year: 2025,\n    duties: [\n        (id: \"quanze\", title: \"重复\", module: \"enforcement\", unit: \"zhifa\", owner: \"li_qiang\", deadline: On(\"2025-01-10\")),\n    ],\n)\n",
    );
    let org = ws.path().join("org.ron");
    let text = std::fs::read_to_string(&org).unwrap().replacen(
        "    ],\n)",
        "        (id: \"sun_li\", name: \"孙力\", unit: \"sifasuo\", email: \"sunli2@example.org\"),\n    ],\n)",
        1,
    );
    std::fs::write(&org, text).unwrap();
    assert_snapshot!(check(&ws));
}

#[test]
fn impossible_dates() {
    let ws = edited("checklist/2024.ron", "On(\"2024-12-20\")", "On(\"2024-02-30\")");
    let org = ws.path().join("org.ron");
    let text = std::fs::read_to_string(&org).unwrap().replacen("2026-06-30", "2026-06-31", 1);
    std::fs::write(&org, text).unwrap();
    let list = ws.path().join("checklist/2024.ron");
    let text = std::fs::read_to_string(&list).unwrap().replacen("date: \"2025-03-14\"", "date: \"2025/3-14\"", 1);
    std::fs::write(&list, text).unwrap();
    assert_snapshot!(check(&ws));
}

#[test]
fn dates_outside_the_calendar() {
    // 2027–2100 are provisional years (see calendar.rs); 2101 is beyond the festival table.
    let ws = edited("checklist/2024.ron", "On(\"2024-12-20\")", "On(\"2101-12-20\")");
    assert_snapshot!(check(&ws));
    // A calendar.ron adding 2101 makes it known, without a rebuild.
    std::fs::write(
        ws.path().join("calendar.ron"),
        "(years: [(year: 2101, holidays: [(name: \"元旦\", from: \"2101-01-01\", to: \"2101-01-01\")], workdays: [])])\n",
    )
    .unwrap();
    let run = ws.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.render());
}

#[test]
fn a_relative_deadline_loop() {
    let ws = with_file(
        "checklist/loop.ron",
        r#"(
    duties: [
        (id: "a", title: "甲", module: "m", unit: "zhifa", owner: "li_qiang", deadline: AfterDuty(duty: "b", days: 1)),
        (id: "b", title: "乙", module: "m", unit: "zhifa", owner: "li_qiang", deadline: AfterDuty(duty: "c", days: 1)),
        (id: "c", title: "丙", module: "m", unit: "zhifa", owner: "li_qiang", deadline: AfterDuty(duty: "a", days: 1)),
        (id: "d", title: "丁", module: "m", unit: "zhifa", owner: "li_qiang", deadline: AfterDuty(duty: "xuefa", days: 1)),
    ],
)
"#,
    );
    assert_snapshot!(check(&ws));
}

#[test]
fn bad_recurrences_time_zone_and_history() {
    let ws = edited("checklist/2024.ron", "Cron(\"0 0 9 * * Mon\")", "Cron(\"0 9 * * 1\")");
    let text = std::fs::read_to_string(ws.path().join("checklist/2024.ron")).unwrap().replacen(
        "Quarterly(month: 3",
        "Quarterly(month: 4",
        1,
    );
    std::fs::write(ws.path().join("checklist/2024.ron"), text).unwrap();
    std::fs::write(ws.path().join("fazhi.ron"), "(organisation: \"测试镇\", year: 2024, time_zone: \"Asia/Beijing\", history: [\"history/2024.ron\", \"history/missing.ron\"])\n").unwrap();
    std::fs::write(
        ws.path().join("history/2024.ron"),
        r#"[
    (task: "quanze", action: Done, at: "2024-12-18", by: "li_qiang"),
    (task: "quanze", action: Start, at: "2024-12-19", by: "li_qiang"),
    (task: "xuefa@2024-13", action: Done, at: "2024-12-18", by: "zhao_lei"),
    (task: "xuefa@2024-10", action: Done, at: "2024-10-32", by: "nobody"),
]
"#,
    )
    .unwrap();
    assert_snapshot!(check(&ws));
}

#[test]
fn a_bad_calendar_file() {
    let ws = with_file(
        "calendar.ron",
        "(years: [(year: 2027, holidays: [(name: \"元旦\", from: \"2027-01-01\", to: \"2027-02-30\")], workdays: [])])\n",
    );
    assert_snapshot!(check(&ws));
}

#[test]
fn check_json_lists_the_problems() {
    let ws = edited("checklist/2024.ron", "owner: \"li_qiang\",", "owner: \"nobody\",");
    let run = ws.run(&["--json", "check"]);
    assert_eq!(run.code, 2);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["ok"], false);
    assert_eq!(value["problems"][0]["file"], "checklist/2024.ron");
    assert!(value["problems"][0]["message"].as_str().unwrap().contains("nobody"));
}

/// Runs a state-changing command that must fail with exit 2 and leave the state as it was.
fn refused(ws: &Fixture, args: &[&str]) -> String {
    ws.run(&["tasks"]); // the state exists, history applied
    let before = ws.state();
    let run = ws.run(args);
    assert_eq!(run.code, 2, "{}", run.render());
    assert_eq!(before, ws.state(), "the state changed");
    run.render()
}

#[test]
fn evidence_that_does_not_exist() {
    let ws = Fixture::new("basic");
    assert_snapshot!(refused(&ws, &["task", "done", "xuefa@2024-11", "--evidence", "no-such-file.pdf"]));
}

#[test]
fn an_illegal_status_change() {
    let ws = Fixture::new("basic");
    assert_snapshot!(refused(&ws, &["task", "start", "quanze"]));
    assert_snapshot!("an_illegal_status_change_reopen", refused(&ws, &["task", "reopen", "xuefa@2024-11"]));
}

#[test]
fn an_unknown_task_or_person() {
    let ws = Fixture::new("basic");
    assert_snapshot!(refused(&ws, &["task", "done", "xuefa"]));
    assert_snapshot!("an_unknown_task_plain", refused(&ws, &["task", "done", "no-such-task"]));
    assert_snapshot!("an_unknown_person", refused(&ws, &["task", "done", "quanze-gongshi", "--by", "王五"]));
}

#[test]
fn a_read_only_workspace() {
    use std::os::unix::fs::PermissionsExt;
    let ws = Fixture::new("basic");
    ws.run(&["tasks"]);
    let before = ws.state();
    let db = ws.path().join(".fazhi/state.db");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    let run = ws.run(&["task", "done", "xuefa@2024-11"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert_snapshot!(run.render());
    // Reading still works.
    let run = ws.run(&["--today", "2024-12-24", "tasks", "--overdue"]);
    assert_eq!(run.code, 0, "{}", run.render());
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(before, ws.state());
}

#[test]
fn a_database_locked_by_another_process() {
    let ws = Fixture::new("basic");
    ws.run(&["tasks"]);
    let before = ws.state();
    let holder = rusqlite::Connection::open(ws.path().join(".fazhi/state.db")).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE; INSERT INTO meta(key, value) VALUES ('lock-test', 'x');").unwrap();
    let run = ws.run(&["task", "done", "xuefa@2024-11"]);
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    assert_eq!(run.code, 2, "{}", run.render());
    assert_snapshot!(run.render());
    assert_eq!(before, ws.state());
}

#[test]
fn no_workspace_and_bad_options() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["tasks"], dir.path());
    assert_eq!(run.code, 2);
    assert_snapshot!(run.render());
    let ws = Fixture::new("basic");
    let run = ws.run(&["--today", "2024-02-30", "tasks"]);
    assert_eq!(run.code, 2);
    assert_snapshot!("bad_today", run.render());
    let run = ws.run(&["tasks", "--due-within", "soon"]);
    assert_eq!(run.code, 2);
    assert_snapshot!("bad_duration", run.render());
    let run = ws.run(&["tasks", "--status", "late"]);
    assert_eq!(run.code, 2);
    assert_snapshot!("bad_status", run.render());
    let run = ws.run(&["frobnicate"]);
    assert_eq!(run.code, 2);
}
