//! The stock reminder script (`rules/reminders/remind.rhai`) plans exactly what the Rust
//! [`StockPolicy`] plans, and a workspace that overrides the module's params changes the plan.

mod support;

use chrono::{NaiveDate, TimeDelta};
use fazhi_core::{Calendar, Item, Org, Status};
use fazhi_notify::{plan, NoticeKind, ReminderPolicy, ScriptPolicy, StockPolicy};
use fazhi_rules::RulePack;
use support::{date, item, org};

/// One item per day from `first` to `last`.
fn items(first: &str, last: &str) -> Vec<Item> {
    let (first, last) = (date(first), date(last));
    let mut items = Vec::new();
    let mut day = first;
    while day <= last {
        items.push(item(&format!("d{day}"), day, Status::Todo));
        day += TimeDelta::days(1);
    }
    items
}

/// Today's plan by `policy`, as sorted (item, kind, recipient).
fn planned(
    items: &[Item],
    org: &Org,
    today: NaiveDate,
    policy: &dyn ReminderPolicy,
) -> Vec<(String, NoticeKind, String)> {
    let plan = plan(items, org, &Calendar::stock(), today, policy).unwrap();
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    let mut notices: Vec<(String, NoticeKind, String)> =
        plan.notices.iter().map(|n| (n.item.id.clone(), n.kind, n.recipient.to_string())).collect();
    notices.sort();
    notices
}

#[test]
fn the_stock_script_plans_exactly_what_the_stock_policy_plans() {
    let script = ScriptPolicy::stock().unwrap();
    let stock = StockPolicy::default();
    let org = org();
    // Deadlines around the 2024 Mid-Autumn and National Day holidays (with worked weekends), the
    // 2025 New Year and Spring Festival, Qingming and May Day; every day from well before to
    // well after.
    let items = items("2024-08-20", "2025-06-10");
    let mut today = date("2024-09-01");
    let mut days = 0;
    let mut notices = 0;
    let mut kinds = std::collections::BTreeSet::new();
    while today <= date("2025-05-31") {
        let expected = planned(&items, &org, today, &stock);
        let actual = planned(&items, &org, today, &script);
        assert_eq!(actual, expected, "on {today}");
        assert!(script.take_errors().is_empty());
        notices += expected.len();
        kinds.extend(expected.iter().map(|(_, kind, _)| kind.name()));
        days += 1;
        today += TimeDelta::days(1);
    }
    assert_eq!(days, 273);
    assert!(notices > 10_000, "{notices}");
    assert_eq!(kinds.len(), 4, "{kinds:?}");
}

#[test]
fn the_stock_script_follows_the_stock_policy_with_other_params() {
    let dir = tempfile::tempdir().unwrap();
    let module = dir.path().join("rules/reminders");
    std::fs::create_dir_all(&module).unwrap();
    std::fs::write(module.join("remind.rhai"), include_str!("../../../rules/reminders/remind.rhai")).unwrap();
    std::fs::write(
        module.join("module.ron"),
        r#"(
    id: "reminders",
    title: "截止提醒",
    params: {
        "before_working_days": [10, 2],
        "on_the_day": false,
        "overdue_every_working_days": 3,
        "escalate_after_working_days": 2,
        "escalate_every_working_days": 0,
    },
    reminder_script: "remind.rhai",
)"#,
    )
    .unwrap();
    let rules = dir.path().join("rules");
    let pack = RulePack::load(Some(&rules)).unwrap();
    let script = ScriptPolicy::from_pack(&pack, Some(&rules)).unwrap().unwrap();
    let stock =
        StockPolicy { before: vec![2, 10], on_the_day: false, overdue_every: 3, escalate_after: 2, escalate_every: 0 };
    let org = org();
    let items = items("2024-09-10", "2024-11-10");
    let mut today = date("2024-09-01");
    while today <= date("2024-11-30") {
        assert_eq!(planned(&items, &org, today, &script), planned(&items, &org, today, &stock), "on {today}");
        today += TimeDelta::days(1);
    }
    assert!(script.take_errors().is_empty());
}

#[test]
fn a_workspace_overriding_the_params_changes_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let module = dir.path().join("rules/reminders");
    std::fs::create_dir_all(&module).unwrap();
    std::fs::write(module.join("remind.rhai"), include_str!("../../../rules/reminders/remind.rhai")).unwrap();
    let stock_manifest = include_str!("../../../rules/reminders/module.ron");
    let manifest = stock_manifest.replace("[7, 3, 1]", "[5]");
    assert_ne!(manifest, stock_manifest);
    std::fs::write(module.join("module.ron"), manifest).unwrap();
    let rules = dir.path().join("rules");
    let pack = RulePack::load(Some(&rules)).unwrap();
    let overridden = ScriptPolicy::from_pack(&pack, Some(&rules)).unwrap().unwrap();
    assert_eq!(overridden.script_path(), "rules/reminders/remind.rhai");
    let stock = ScriptPolicy::stock().unwrap();
    assert!(stock.script_path().ends_with("(built in)"));

    // Deadline Fri 2025-03-28: 7 working days before is Wed 03-19, 5 is Fri 03-21, 3 is Tue
    // 03-25, 1 is Thu 03-27.
    let org = org();
    let one = [item("x", date("2025-03-28"), Status::Todo)];
    let on = |today: &str, policy: &dyn ReminderPolicy| planned(&one, &org, date(today), policy).len();
    assert_eq!((on("2025-03-19", &stock), on("2025-03-19", &overridden)), (1, 0));
    assert_eq!((on("2025-03-21", &stock), on("2025-03-21", &overridden)), (0, 1));
    assert_eq!((on("2025-03-25", &stock), on("2025-03-25", &overridden)), (1, 0));
    assert_eq!((on("2025-03-27", &stock), on("2025-03-27", &overridden)), (1, 0));
    assert_eq!((on("2025-03-28", &stock), on("2025-03-28", &overridden)), (1, 1));
    let planned_5 = planned(&one, &org, date("2025-03-21"), &overridden);
    assert_eq!(planned_5[0].1, NoticeKind::DueSoon { working_days_left: 5 });

    // Everywhere else it plans what the stock policy with the same parameter plans.
    let five = StockPolicy { before: vec![5], ..StockPolicy::default() };
    let items = items("2025-01-01", "2025-03-31");
    let mut today = date("2025-01-01");
    while today <= date("2025-03-31") {
        assert_eq!(planned(&items, &org, today, &overridden), planned(&items, &org, today, &five), "on {today}");
        today += TimeDelta::days(1);
    }
    assert!(overridden.take_errors().is_empty());
}

#[test]
fn a_failing_reminder_script_is_reported_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let module = dir.path().join("rules/reminders");
    std::fs::create_dir_all(&module).unwrap();
    std::fs::write(
        module.join("remind.rhai"),
        "fn remind(deadline, params) {\n    let x = deadline.no_such_field;\n    []\n}\n",
    )
    .unwrap();
    std::fs::write(
        module.join("module.ron"),
        "(id: \"reminders\", title: \"截止提醒\", reminder_script: \"remind.rhai\")",
    )
    .unwrap();
    let rules = dir.path().join("rules");
    let pack = RulePack::load(Some(&rules)).unwrap();
    let policy = ScriptPolicy::from_pack(&pack, Some(&rules)).unwrap().unwrap();
    let org = org();
    let items = [item("x", date("2025-03-28"), Status::Todo)];
    assert!(planned(&items, &org, date("2025-03-21"), &policy).is_empty());
    let errors = policy.take_errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let error = &errors[0];
    assert_eq!(error.script, std::path::Path::new("rules/reminders/remind.rhai"));
    assert_eq!(error.line, 2, "{error}");
}
