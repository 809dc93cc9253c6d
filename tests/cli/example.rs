//! The example workspace is itself a test.

use insta::assert_snapshot;

use crate::support::Fixture;

#[test]
fn the_example_passes_check() {
    let ws = Fixture::example("wangtuan-2024");
    let run = ws.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_snapshot!(run.render());
}

#[test]
fn overdue_on_2025_03_20() {
    let ws = Fixture::example("wangtuan-2024");
    let run = ws.run(&["--today", "2025-03-20", "tasks", "--overdue"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_snapshot!(run.render());
}

#[test]
fn at_least_forty_duties_each_with_its_basis() {
    let ws = Fixture::example("wangtuan-2024");
    let run = ws.run(&["--json", "tasks", "--all"]);
    let tasks: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    let mut duties: Vec<&str> = tasks.iter().map(|t| t["duty"].as_str().unwrap()).collect();
    duties.sort();
    duties.dedup();
    assert!(duties.len() >= 40, "{} duties", duties.len());
    for file in ["checklist/2024.ron", "checklist/2025.ron"] {
        let text = std::fs::read_to_string(ws.path().join(file)).unwrap();
        assert_eq!(
            text.matches("title:").count(),
            text.matches("basis:").count(),
            "{file}: every duty names its basis"
        );
    }
}

#[test]
fn the_recorded_enforcement_case_has_its_open_step_in_tasks() {
    let ws = Fixture::example("wangtuan-2024");
    let run = ws.run(&["--today", "2025-03-20", "--json", "tasks", "--owner", "yang_hua"]);
    assert_eq!(run.code, 0, "{}", run.render());
    let tasks: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    let step = tasks.iter().find(|t| t["id"] == "wz-2025-03/jueding").expect("the open step is a task");
    assert_eq!(step["deadline"], "2025-05-27");
    assert_eq!(step["title"], "作出处罚决定：对马某在禁牧封育区违规放牧行为的行政处罚");
    // Started once: a second run adds nothing to the audit log.
    let before = ws.run(&["audit", "log"]).stdout;
    ws.run(&["--today", "2025-03-20", "tasks"]);
    assert_eq!(before, ws.run(&["audit", "log"]).stdout);
    let run = ws.run(&["--today", "2025-03-20", "flow", "status", "wz-2025-03"]);
    assert_snapshot!(run.render());
}
