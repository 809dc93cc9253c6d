//! Reminder planning by the stock policy on the official 2025 calendar.

mod support;

use fazhi_core::{Calendar, Status};
use fazhi_notify::{plan, NoticeKind, Recipient, StockPolicy};
use support::{date, item, org};

/// The notices of one item on `today`, as (kind, recipient).
fn notices(deadline: &str, today: &str) -> Vec<(NoticeKind, String)> {
    let items = [item("x", date(deadline), Status::Todo)];
    let org = org();
    let plan = plan(&items, &org, &Calendar::stock(), date(today), &StockPolicy::default()).unwrap();
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    plan.notices.iter().map(|n| (n.kind, n.recipient.to_string())).collect()
}

#[test]
fn the_owner_hears_7_3_and_1_working_days_before_and_on_the_day() {
    // Deadline Fri 2025-03-28. 7 working days before: Wed 03-19; 3: Tue 03-25; 1: Thu 03-27.
    let deadline = "2025-03-28";
    let mut heard = Vec::new();
    let mut day = date("2025-03-10");
    while day <= date(deadline) {
        for (kind, to) in notices(deadline, &day.to_string()) {
            assert_eq!(to, "li_si");
            heard.push((day.to_string(), kind));
        }
        day = day.succ_opt().unwrap();
    }
    assert_eq!(
        heard,
        [
            ("2025-03-19".to_string(), NoticeKind::DueSoon { working_days_left: 7 }),
            ("2025-03-25".to_string(), NoticeKind::DueSoon { working_days_left: 3 }),
            ("2025-03-27".to_string(), NoticeKind::DueSoon { working_days_left: 1 }),
            ("2025-03-28".to_string(), NoticeKind::DueToday),
        ]
    );
}

#[test]
fn working_days_before_skip_the_national_day_holiday() {
    // Deadline Thu 2025-10-09; 10-01..10-08 are holidays, Sat 10-11 is worked.
    // 1 working day before: Tue 09-30 (the next working day is 10-09 itself).
    assert_eq!(notices("2025-10-09", "2025-09-30"), [(NoticeKind::DueSoon { working_days_left: 1 }, "li_si".into())]);
    // 3 before: the worked Sunday 09-28 (09-29, 09-30, 10-09); Fri 09-26 has 4 left.
    assert_eq!(notices("2025-10-09", "2025-09-28"), [(NoticeKind::DueSoon { working_days_left: 3 }, "li_si".into())]);
    assert!(notices("2025-10-09", "2025-09-26").is_empty());
    // Nothing during the holiday.
    assert!(notices("2025-10-09", "2025-10-03").is_empty());
}

#[test]
fn overdue_every_working_day_and_escalation_weekly() {
    // Deadline Fri 2025-03-14. First working day overdue: Mon 03-17.
    let deadline = "2025-03-14";
    let mut owner_days = Vec::new();
    let mut leader_days = Vec::new();
    let mut day = date("2025-03-15");
    while day <= date("2025-04-03") {
        for (kind, to) in notices(deadline, &day.to_string()) {
            match kind {
                NoticeKind::Overdue { .. } => owner_days.push(day.to_string()),
                NoticeKind::Escalation { working_days_overdue } => {
                    assert_eq!(to, "zhang_san");
                    leader_days.push((day.to_string(), working_days_overdue));
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        day = day.succ_opt().unwrap();
    }
    // Every working day from 03-17, no weekends.
    assert_eq!(owner_days.len(), 14);
    assert!(!owner_days.contains(&"2025-03-22".to_string()));
    assert_eq!(
        leader_days,
        [("2025-03-17".to_string(), 1), ("2025-03-24".to_string(), 6), ("2025-03-31".to_string(), 11)]
    );
}

#[test]
fn closed_items_and_items_without_deadline_are_quiet() {
    let mut items =
        vec![item("done", date("2025-03-14"), Status::Done), item("cancelled", date("2025-03-14"), Status::Cancelled)];
    let mut open = item("open", date("2025-03-14"), Status::Doing);
    open.deadline = None;
    items.push(open);
    let org = org();
    let plan = plan(&items, &org, &Calendar::stock(), date("2025-03-17"), &StockPolicy::default()).unwrap();
    assert!(plan.notices.is_empty());
}

#[test]
fn a_unit_without_leader_and_a_deadline_outside_the_calendar_are_problems() {
    let mut org = org();
    org.units[0].leader = None;
    let items = [item("late", date("2025-03-14"), Status::Todo), item("far", date("2101-01-01"), Status::Todo)];
    let planned = plan(&items, &org, &Calendar::stock(), date("2025-03-17"), &StockPolicy::default()).unwrap();
    assert_eq!(planned.notices.len(), 1);
    assert_eq!(planned.notices[0].role, Recipient::Owner);
    assert_eq!(planned.problems.len(), 2);
    assert!(planned.problems[0].message.contains("no leader"), "{:?}", planned.problems);
    assert_eq!(planned.problems[1].item, "far");
    // Today outside the calendar fails as a whole.
    assert!(plan(&items, &org, &Calendar::stock(), date("2101-01-01"), &StockPolicy::default()).is_err());
}

#[test]
fn policy_parameters_come_from_module_params() {
    let policy = StockPolicy::from_params(|name| match name {
        "remind_before_working_days" => Some(vec![5, 2]),
        "escalate_after" => Some(vec![3]),
        "escalate_every" => Some(vec![0]),
        _ => None,
    })
    .unwrap();
    assert_eq!(policy.before, [2, 5]);
    let items = [item("x", date("2025-03-14"), Status::Todo)];
    let org = org();
    let calendar = Calendar::stock();
    let kinds = |today: &str| -> Vec<NoticeKind> {
        plan(&items, &org, &calendar, date(today), &policy).unwrap().notices.iter().map(|n| n.kind).collect()
    };
    assert_eq!(kinds("2025-03-07"), [NoticeKind::DueSoon { working_days_left: 5 }]);
    assert!(kinds("2025-03-13").is_empty());
    assert_eq!(kinds("2025-03-17"), [NoticeKind::Overdue { working_days_overdue: 1 }]);
    assert_eq!(
        kinds("2025-03-19"),
        [NoticeKind::Overdue { working_days_overdue: 3 }, NoticeKind::Escalation { working_days_overdue: 3 }]
    );
    assert_eq!(kinds("2025-03-26"), [NoticeKind::Overdue { working_days_overdue: 8 }]);
    let bad = StockPolicy::from_params(|name| (name == "remind_before_working_days").then(|| vec![-1]));
    assert!(bad.unwrap_err().to_string().contains("remind_before_working_days"));
}

#[test]
fn reasons_and_keys_name_what_and_why() {
    let items = [item("x@2025-03", date("2025-03-14"), Status::Todo)];
    let org = org();
    let plan = plan(&items, &org, &Calendar::stock(), date("2025-03-17"), &StockPolicy::default()).unwrap();
    assert_eq!(plan.notices[0].reason().to_string(), "责任人：完成时限 2025-03-14，已逾期 1 个工作日");
    assert_eq!(plan.notices[0].key(date("2025-03-17")), "x@2025-03|overdue|li_si|2025-03-17");
    assert_eq!(plan.notices[1].key(date("2025-03-17")), "x@2025-03|escalation|zhang_san|2025-03-17");
}

#[test]
fn the_weekly_unit_digest_goes_to_the_leader_under_its_own_keys() {
    let items = [
        item("late", date("2025-03-14"), Status::Todo),
        item("today", date("2025-03-17"), Status::Todo),
        item("soon", date("2025-03-24"), Status::Doing),
        item("later", date("2025-03-25"), Status::Todo),
        item("done", date("2025-03-14"), Status::Done),
    ];
    let org = org();
    let today = date("2025-03-17");
    let planned = plan(&items, &org, &Calendar::stock(), today, &fazhi_notify::UnitDigestPolicy::default()).unwrap();
    let got: Vec<(&str, NoticeKind, &str)> =
        planned.notices.iter().map(|n| (n.item.id.as_str(), n.kind, n.recipient)).collect();
    assert_eq!(
        got,
        [
            ("late", NoticeKind::Overdue { working_days_overdue: 1 }, "zhang_san"),
            ("today", NoticeKind::DueToday, "zhang_san"),
            ("soon", NoticeKind::DueSoon { working_days_left: 5 }, "zhang_san"),
        ]
    );
    assert_eq!(planned.notices[0].key(today), "late|unit_overdue|zhang_san|2025-03-17");
}
