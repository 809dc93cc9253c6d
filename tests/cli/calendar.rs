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

#[test]
fn a_year_past_the_official_ones_is_provisional_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["calendar", "day", "2027-02-08"], dir.path());
    assert_eq!(run.code, 0, "{}", run.render());
    assert!(run.stdout.starts_with("2027-02-08 Mon: holiday (春节) — 暂定"), "{}", run.render());
    let run = run_in(dir.path(), &["--json", "calendar", "day", "2026-02-08"], dir.path());
    assert!(run.stdout.contains("\"provisional\": false"), "{}", run.render());
    let run = run_in(dir.path(), &["--json", "calendar", "day", "2027-02-08"], dir.path());
    assert!(run.stdout.contains("\"provisional\": true"), "{}", run.render());
}

#[test]
fn check_warns_once_about_a_provisional_year_and_import_ends_it() {
    let ws = Fixture::new("basic");
    let run = ws.run(&["--today", "2027-01-05", "check"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_eq!(
        run.stderr.matches("warning: the working-day calendar for 2027 is provisional").count(),
        1,
        "{}",
        run.render()
    );
    let notice = "国务院办公厅关于2027年部分节假日安排的通知\n\
                  一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n\
                  二、春节：2月5日（农历除夕、周五）至12日（周五）放假调休，共8天。2月14日（周日）上班。\n";
    std::fs::write(ws.path().join("notice.txt"), notice).unwrap();
    let run = ws.run(&["calendar", "import", "notice.txt"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert!(
        run.stdout.contains("2027: 2 holidays (11 days off) and 1 adjusted working days written to calendar.ron"),
        "{}",
        run.render()
    );
    assert!(run.stderr.contains("the notice arranges no 清明节、劳动节、端午节、中秋节、国庆节"), "{}", run.render());
    let run = ws.run(&["calendar", "day", "2027-02-14"]);
    assert_eq!(run.stdout, "2027-02-14 Sun: adjusted working day (春节 调休)\n", "{}", run.render());
    let run = ws.run(&["--today", "2027-01-05", "check"]);
    assert!(!run.stderr.contains("provisional"), "{}", run.render());
}

#[test]
fn calendar_import_reproduces_a_shipped_year_and_refuses_a_bad_line_leaving_the_file() {
    let ws = Fixture::new("basic");
    let notices = concat!(env!("CARGO_MANIFEST_DIR"), "/../fazhi-core/tests/notices/2026.txt");
    let run = ws.run(&["calendar", "import", notices]);
    assert_eq!(run.code, 0, "{}", run.render());
    let written = std::fs::read_to_string(ws.path().join("calendar.ron")).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    for day in ["2026-01-04", "2026-02-23", "2026-10-10"] {
        let with = ws.run(&["calendar", "day", day]).stdout;
        let stock = run_in(elsewhere.path(), &["calendar", "day", day], elsewhere.path());
        assert_eq!(with, stock.stdout);
    }
    std::fs::write(
        ws.path().join("bad.txt"),
        "国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日（周四）放假1天。\n",
    )
    .unwrap();
    let run = ws.run(&["calendar", "import", "bad.txt"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(
        run.stderr.contains("bad.txt:2:6: 1月1日 is a Friday in 2027, but the notice says 周四"),
        "{}",
        run.render()
    );
    assert_eq!(std::fs::read_to_string(ws.path().join("calendar.ron")).unwrap(), written);
    // --dry-run prints the entry and writes nothing.
    let run = ws.run(&["calendar", "import", "--dry-run", notices]);
    assert!(run.stdout.contains("(name: \"春节\", from: \"2026-02-15\", to: \"2026-02-23\")"), "{}", run.render());
    assert_eq!(std::fs::read_to_string(ws.path().join("calendar.ron")).unwrap(), written);
}

#[test]
fn a_review_counting_in_a_provisional_year_adds_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let example = include_str!("../../rules/examples/major_enforcement_decision.ron");
    std::fs::write(dir.path().join("case.ron"), example.replace("2024-", "2027-").replace("2025-", "2028-")).unwrap();
    let run = run_in(dir.path(), &["--json", "review", "case.ron"], dir.path());
    assert!(run.stdout.contains("\"rule\": \"calendar/provisional\""), "{}", run.render());
    assert!(run.stdout.contains("涉及2027年"), "{}", run.render());
    std::fs::write(dir.path().join("case.ron"), example).unwrap();
    let run = run_in(dir.path(), &["--json", "review", "case.ron"], dir.path());
    assert!(!run.stdout.contains("calendar/provisional"), "{}", run.render());
}
