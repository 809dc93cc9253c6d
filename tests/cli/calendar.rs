use insta::assert_snapshot;

use crate::support::{run_in, Fixture};

#[test]
fn working_days_count_the_adjusted_sunday_and_skip_national_day() {
    let dir = tempfile::tempdir().unwrap();
    let mut out = String::new();
    for args in [
        &["calendar", "between", "2024-09-27", "2024-10-08", "--working"][..],
        &["calendar", "add", "2024-09-27", "7", "--working"],
        &["calendar", "add", "2024-09-27", "7"],
        &["calendar", "day", "2024-09-29"],
        &["calendar", "day", "2024-10-03"],
        &["calendar", "day", "2025-10-08"],
        &["calendar", "day", "2026-11-28"],
        &["calendar", "add", "2026-12-25", "10", "--working"],
        &["calendar", "day", "2023-12-31"],
    ] {
        let run = run_in(dir.path(), args, dir.path());
        out.push_str(&format!("$ fazhi {}\n{}\n", args.join(" "), run.render()));
    }
    assert_snapshot!(out);
}

#[test]
fn a_workspace_calendar_adds_a_year() {
    let ws = Fixture::new("basic");
    std::fs::write(
        ws.path().join("calendar.ron"),
        "(years: [(year: 2027, holidays: [(name: \"元旦\", from: \"2027-01-01\", to: \"2027-01-03\")], workdays: [])])\n",
    )
    .unwrap();
    let run = ws.run(&["calendar", "add", "2026-12-31", "1", "--working"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, "2027-01-04\n"), "{}", run.render());
}
