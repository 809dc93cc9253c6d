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
