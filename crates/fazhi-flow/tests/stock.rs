//! The stock workflows: valid against every organisation fazhi ships, and planned on the
//! working-day calendar.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use fazhi_core::Workspace;
use fazhi_flow::{Plan, WorkflowSet};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// The plan as a small table: id, earliest (and why), latest (and why).
fn table(plan: &Plan) -> String {
    let mut out = format!("{} from {}\n", plan.workflow, plan.start);
    for step in &plan.steps {
        out.push_str(&format!("{:<18} {}", step.id, step.earliest));
        if let Some(rule) = &step.earliest_rule {
            out.push_str(&format!("  ≥ {}", rule.rule));
        }
        if let Some(latest) = &step.latest {
            out.push_str(&format!("  ≤ {} ({})", latest.date, latest.rule));
            if let Some(moved) = &latest.moved {
                out.push_str(&format!(" [{moved}]"));
            }
        }
        if step.guarded {
            out.push_str("  [guarded]");
        }
        out.push('\n');
    }
    out
}

#[test]
fn the_stock_workflows_are_valid_without_an_organisation() {
    let set = WorkflowSet::stock().unwrap();
    let ids: Vec<&str> = set.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(ids, ["annual_report", "disclosure_request", "enforcement_case", "major_contract", "major_decision"]);
}

#[test]
fn the_stock_workflows_resolve_their_owners_in_every_shipped_organisation() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for root in
        [fixture("town"), fixture("minimal"), repo.join("examples/wangtuan-2024"), repo.join("tests/fixtures/basic")]
    {
        let workspace = Workspace::load(&root).unwrap_or_else(|err| panic!("{}: {err:?}", root.display()));
        let set = WorkflowSet::load(&workspace).unwrap_or_else(|err| panic!("{}: {err:?}", root.display()));
        assert_eq!(set.len(), 5);
        for workflow in set.iter() {
            for step in &workflow.steps {
                assert!(step.assignee(&workspace.org).is_some(), "{} {}", workflow.id, step.id);
            }
        }
    }
}

#[test]
fn the_major_decision_plan_counts_working_days_on_the_official_calendar() {
    let workspace = Workspace::load(&fixture("town")).unwrap();
    let set = WorkflowSet::load(&workspace).unwrap();
    let workflow = set.get("major_decision").unwrap();
    let plan = Plan::new(workflow, &workspace.calendar, date("2025-09-15")).unwrap();
    insta::assert_snapshot!("major_decision_from_2025_09_15", table(&plan));
    // Comments open on 15 September close no earlier than 15 October; the review then needs 7
    // working days (16, 17, 20–24 October), so the meeting is on 24 October at the earliest.
    let step = |id: &str| plan.steps.iter().find(|s| s.id == id).unwrap();
    assert_eq!(step("zhengqiu_jieshu").earliest, date("2025-10-15"));
    assert_eq!(step("jiti_taolun").earliest, date("2025-10-24"));

    // Opened on 25 August, the comments close on 24 September, and the 7 working days of
    // review run across 国庆: 25, 26, 28 (a worked Sunday), 29, 30 September, then 9 and 10
    // October after the 1–8 October holiday.
    let plan = Plan::new(workflow, &workspace.calendar, date("2025-08-25")).unwrap();
    insta::assert_snapshot!("major_decision_from_2025_08_25", table(&plan));
    assert_eq!(step_of(&plan, "hefaxing_shencha").earliest, date("2025-10-10"));
}

fn step_of<'p>(plan: &'p Plan, id: &str) -> &'p fazhi_flow::PlannedStep {
    plan.steps.iter().find(|s| s.id == id).unwrap()
}

#[test]
fn the_enforcement_plan_has_the_90_day_and_7_working_day_limits() {
    let workspace = Workspace::load(&fixture("town")).unwrap();
    let set = WorkflowSet::load(&workspace).unwrap();
    let plan = Plan::new(set.get("enforcement_case").unwrap(), &workspace.calendar, date("2025-09-22")).unwrap();
    insta::assert_snapshot!("enforcement_case_from_2025_09_22", table(&plan));
    let plan = Plan::new(set.get("annual_report").unwrap(), &workspace.calendar, date("2025-01-06")).unwrap();
    insta::assert_snapshot!("annual_report_from_2025_01_06", table(&plan));
}

#[test]
fn a_deadline_in_calendar_days_rolls_forward_and_a_minimum_does_not() {
    let text = r#"(
        id: "counting",
        name: "期间计算",
        steps: [
            (id: "a", name: "开始", owner: "党政办主任"),
            (
                id: "b",
                name: "期限届满",
                owner: "党政办主任",
                after: ["a"],
                timing: [NotAfter(days: 30, from: "a", basis: "《某条例》第一条")],
            ),
            (
                id: "c",
                name: "提前通知",
                owner: "党政办主任",
                after: ["a"],
                timing: [NotBefore(days: 30, from: "a"), NotAfter(days: 31, counting: LeadTime, from: "a")],
            ),
            (
                id: "d",
                name: "工作日",
                owner: "党政办主任",
                after: ["b", "c"],
                timing: [NotAfter(days: 5, counting: WorkingDays, from: "a")],
            ),
        ],
    )"#;
    let source = fazhi_core::SourceFile::new("workflows/counting.ron", text);
    let workflow = fazhi_flow::Workflow::parse(&source, fazhi_flow::WorkflowOrigin::Workspace, None).unwrap();
    let calendar = fazhi_core::Calendar::stock();
    let plan = Plan::new(&workflow, &calendar, date("2025-09-03")).unwrap();
    // 30 days after 9/3 is 10/3 (国庆节): a deadline in calendar days ends on 10/9; a minimum
    // (a lead time by default) and an explicit lead time stay where the count ends.
    let latest = step_of(&plan, "b").latest.clone().unwrap();
    assert_eq!((latest.date, latest.rolled_from), (date("2025-10-09"), Some(date("2025-10-03"))));
    assert_eq!(latest.moved.as_deref(), Some("10月3日为法定节假日（国庆节、中秋节），顺延至10月9日"));
    let c = step_of(&plan, "c");
    assert_eq!(c.earliest, date("2025-10-03"));
    assert_eq!(c.latest.as_ref().map(|bound| (bound.date, bound.rolled_from)), Some((date("2025-10-04"), None)));
    // Working days are counted as before: 4, 5, 8, 9, 10 September.
    assert_eq!(step_of(&plan, "d").latest.as_ref().map(|bound| bound.date), Some(date("2025-09-10")));
}
