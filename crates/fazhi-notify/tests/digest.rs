//! What a reader sees: escalations (督办) apart from their own overdue items, one line per item,
//! and a weekly digest that does not look like the daily reminder.

use std::path::PathBuf;

use chrono::NaiveDate;
use fazhi_core::{Item, Status, Workspace};
use fazhi_notify::{digests, plan, Digest, StockPolicy, UnitDigestPolicy};

fn example() -> Workspace {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/wangtuan-2024");
    Workspace::load(&root).expect("the example loads")
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 25).unwrap()
}

/// Two items of 党政办 overdue by one working day: one owned by its leader, one by a member.
fn items(workspace: &Workspace) -> (Vec<Item>, String) {
    let unit = workspace.org.unit("dangzhengban").unwrap();
    let leader = unit.leader.clone().unwrap();
    let member = workspace.org.people.iter().find(|p| p.unit == unit.id && p.id != leader).unwrap().id.clone();
    let template = workspace.duties.first().map(|d| d.id.clone()).unwrap();
    let item = |id: &str, owner: &str| Item {
        id: id.to_string(),
        duty: template.clone(),
        title: format!("事项 {id}"),
        module: "leadership".to_string(),
        unit: unit.id.clone(),
        owner: owner.to_string(),
        cooperating: Vec::new(),
        deadline: Some(NaiveDate::from_ymd_opt(2025, 3, 24).unwrap()),
        rolled_from: None,
        status: Status::Todo,
        completed_at: None,
    };
    (vec![item("own", &leader), item("member", &member)], leader)
}

fn digest_of<'a>(all: &[Digest<'a>], person: &str) -> Digest<'a> {
    all.iter().find(|d| d.recipient.id == person).cloned().unwrap()
}

#[test]
fn a_leader_sees_their_own_item_once_and_the_escalation_in_its_own_section() {
    let workspace = example();
    let (items, leader) = items(&workspace);
    let planned = plan(&items, &workspace.org, &workspace.calendar, today(), &StockPolicy::default()).unwrap();
    let (all, problems) = digests(&planned, &workspace);
    assert!(problems.is_empty());
    let digest = digest_of(&all, &leader);
    assert_eq!(digest.notices.len(), 2, "one line per item: {:?}", digest.notices);
    let subject = digest.subject(&workspace, today());
    assert!(
        subject.contains("法治工作提醒") && subject.contains("逾期 1 项") && subject.contains("督办 1 项"),
        "{subject}"
    );
    let text = digest.text(&workspace, today());
    assert_eq!(text.matches("（own）").count(), 1, "{text}");
    assert!(text.contains("【逾期】1 项") && text.contains("【督办】1 项"), "{text}");
    let escalation = &text[text.find("【督办】").unwrap()..];
    assert!(escalation.contains("（member）") && !escalation.contains("（own）"), "{text}");
    assert!(text.contains("每人每天汇总一封"));
    assert!(digest.html(&workspace, today()).contains("<h3>督办（1 项）</h3>"));
}

#[test]
fn the_weekly_digest_has_its_own_subject_and_footer() {
    let workspace = example();
    let (items, leader) = items(&workspace);
    let planned = plan(&items, &workspace.org, &workspace.calendar, today(), &UnitDigestPolicy::default()).unwrap();
    let (all, _) = digests(&planned, &workspace);
    let digest = digest_of(&all, &leader);
    let subject = digest.subject(&workspace, today());
    assert!(subject.contains("本单位法治工作周报") && !subject.contains("法治工作提醒"), "{subject}");
    let text = digest.text(&workspace, today());
    assert!(text.contains("每周一封") && !text.contains("每人每天汇总一封"), "{text}");
    assert!(digest.html(&workspace, today()).contains("每周一封"));
}
