//! Each stock workflow walked end to end on a fixture instance: refused early and out-of-order
//! completions, skipped guarded steps, review gates that block, open steps as items.

use fazhi_store::prelude::*;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use fazhi_core::Workspace;
use fazhi_flow::{
    Completion, Dossier, Engine, FieldReview, FlowError, GateFinding, GateSeverity, InstanceStatus, Refusal,
    StartRequest, StepState, WorkflowSet,
};
use fazhi_store::{OpenOptions, Store};

struct Setup {
    workspace: Workspace,
    workflows: WorkflowSet,
    store: Store,
    _dir: tempfile::TempDir,
}

fn setup() -> Setup {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/town");
    let workspace = Workspace::load(&root).unwrap();
    let workflows = WorkflowSet::load(&workspace).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("state.db"), &OpenOptions::default()).unwrap();
    Setup { workspace, workflows, store, _dir: dir }
}

fn noon(date: &str) -> NaiveDateTime {
    date.parse::<NaiveDate>().unwrap().and_hms_opt(12, 0, 0).unwrap()
}

fn today() -> NaiveDate {
    "2025-12-31".parse().unwrap()
}

fn start(engine: &Engine, store: &mut Store, workflow: &str, id: &str, dossier: &str, on: &str) -> InstanceStatus {
    let request = StartRequest {
        workflow: workflow.to_string(),
        id: id.to_string(),
        dossier: Dossier::parse(format!("decisions/{id}.ron"), dossier).unwrap(),
        started: on.parse().unwrap(),
        by: None,
        at: noon(on),
    };
    engine.start(store, &request).unwrap()
}

fn complete(engine: &Engine, store: &mut Store, instance: &str, step: &str, on: &str) -> Result<(), FlowError> {
    let completion = Completion {
        instance: instance.to_string(),
        step: step.to_string(),
        at: noon(on),
        by: None,
        note: None,
        evidence: None,
        source: None,
    };
    engine.complete(store, &completion).map(|_| ())
}

/// One line per step: id, state and what matters about it.
fn render(status: &InstanceStatus) -> String {
    let mut out = format!("{} ({}) finished: {}\n", status.id, status.workflow, status.finished);
    for step in &status.steps {
        let mut line = format!("{:<18} {:<8}", step.id, step.state.as_str());
        match &step.state {
            StepState::Done { at, late } => {
                line.push_str(&format!(" {}{}", at.date(), if *late { " LATE" } else { "" }))
            }
            StepState::Waiting { on } => line.push_str(&format!(" on {}", on.join(", "))),
            StepState::Blocked { gate } => line.push_str(&format!(" by {gate}")),
            StepState::Skipped => line.push_str(&format!(" ({})", step.guard.as_deref().unwrap_or(""))),
            StepState::Open => {}
        }
        if let Some(bound) = &step.not_before {
            line.push_str(&format!(" ≥{}", bound.date));
        }
        if let Some(bound) = &step.deadline {
            line.push_str(&format!(" ≤{}", bound.date));
        }
        for finding in &step.findings {
            line.push_str(&format!(" [{} {}]", finding.severity, finding.rule));
        }
        if let Some(assignee) = &step.assignee {
            line.push_str(&format!(" @{}", assignee.person));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

const DECISION: &str = r#"(
    kind: "major_decision",
    id: "jc-2025-01",
    title: "测试镇农村生活垃圾治理收费实施方案",
    stage: "draft",
    expert_argumentation: (required: true, experts: []),
    risk_assessment: (required: false),
    touches_market: false,
)"#;

const DECISION_REVIEWED: &str = r#"(
    kind: "major_decision",
    id: "jc-2025-01",
    title: "测试镇农村生活垃圾治理收费实施方案",
    stage: "reviewed",
    expert_argumentation: (required: true, experts: []),
    risk_assessment: (required: false),
    touches_market: false,
    legality_review: (sent: "2025-10-17", answered: "2025-10-28", conclusion: "lawful"),
)"#;

fn legality_review() -> FieldReview {
    FieldReview::default().require(
        "legality_review.conclusion",
        GateFinding {
            rule: "decision.legality-review".to_string(),
            severity: GateSeverity::Block,
            message: "决策草案未经合法性审查".to_string(),
            basis: Some("《重大行政决策程序暂行条例》第二十五条".to_string()),
            path: None,
        },
    )
}

#[test]
fn a_major_decision_goes_from_launch_to_archive() {
    let Setup { workspace, workflows, mut store, _dir } = setup();
    let review = legality_review();
    let engine = Engine::new(&workspace, &workflows, today()).with_gate(&review);
    let store = &mut store;
    let id = "jc-2025-01";
    start(&engine, store, "major_decision", id, DECISION, "2025-09-15");
    let mut log = String::new();
    let mut snap = |store: &Store, title: &str| {
        log.push_str(&format!("## {title}\n{}\n", render(&engine.status(store, id).unwrap())));
    };
    snap(store, "started");

    // Out of order: the comment period cannot close before it opened.
    let err = complete(&engine, store, id, "zhengqiu_jieshu", "2025-10-20").unwrap_err();
    assert!(matches!(err, FlowError::Refused(Refusal::Waiting { .. })), "{err}");
    assert_eq!(
        err.to_string(),
        "cannot complete step 意见征集结束 (zhengqiu_jieshu): it waits for 公开征求意见 (zhengqiu_yijian)"
    );

    complete(&engine, store, id, "qidong", "2025-09-15").unwrap();
    complete(&engine, store, id, "zhengqiu_yijian", "2025-09-15").unwrap();
    // Refused early completion: the comment period is at least 30 days.
    let err = complete(&engine, store, id, "zhengqiu_jieshu", "2025-10-10").unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot complete step 意见征集结束 (zhengqiu_jieshu) on 2025-10-10: not before 2025-10-15 \
         (at least 30 days after 公开征求意见 (zhengqiu_yijian) on 2025-09-15, \
         《重大行政决策程序暂行条例》第十五条（公开征求意见的期限一般不少于30日）)"
    );
    complete(&engine, store, id, "zhengqiu_jieshu", "2025-10-15").unwrap();
    complete(&engine, store, id, "zhuanjia_lunzheng", "2025-09-30").unwrap();
    // Skipped guarded steps: no hearing, no risk assessment, no fair-competition review.
    let err = complete(&engine, store, id, "fengxian_pinggu", "2025-10-15").unwrap_err();
    assert_eq!(
        err.to_string(),
        "step 风险评估 (fengxian_pinggu) does not apply to this instance: its guard (risk_assessment.required = true) is false"
    );
    complete(&engine, store, id, "yijian_huizong", "2025-10-16").unwrap();
    complete(&engine, store, id, "songshen", "2025-10-17").unwrap();
    complete(&engine, store, id, "falv_guwen", "2025-10-20").unwrap();
    snap(store, "sent for legality review");

    // The review gate blocks while the dossier has no review conclusion; the decision waits.
    let err = complete(&engine, store, id, "hefaxing_shencha", "2025-10-28").unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot complete review gate 合法性审查 (hefaxing_shencha): the review has blocking findings: \
         [decision.legality-review] 决策草案未经合法性审查 (《重大行政决策程序暂行条例》第二十五条)"
    );
    let err = complete(&engine, store, id, "jiti_taolun", "2025-10-28").unwrap_err();
    assert!(matches!(err, FlowError::Refused(Refusal::Waiting { .. })), "{err}");

    let reviewed = Dossier::parse("decisions/jc-2025-01.ron", DECISION_REVIEWED).unwrap();
    engine.update_data(store, id, &reviewed, "na_li", noon("2025-10-28")).unwrap();
    // 7 working days after 17 October is 28 October.
    let err = complete(&engine, store, id, "hefaxing_shencha", "2025-10-27").unwrap_err();
    assert!(err.to_string().contains("not before 2025-10-28"), "{err}");
    assert!(err.to_string().contains("第二十六条"), "{err}");
    complete(&engine, store, id, "hefaxing_shencha", "2025-10-28").unwrap();

    // A finding that appears after the gate passed closes the decision again (Art. 25).
    engine
        .update_data(
            store,
            id,
            &Dossier::parse("decisions/jc-2025-01.ron", DECISION).unwrap(),
            "na_li",
            noon("2025-10-29"),
        )
        .unwrap();
    snap(store, "review withdrawn");
    let err = complete(&engine, store, id, "jiti_taolun", "2025-10-29").unwrap_err();
    assert!(matches!(err, FlowError::Refused(Refusal::Blocked { .. })), "{err}");
    engine.update_data(store, id, &reviewed, "na_li", noon("2025-10-29")).unwrap();

    complete(&engine, store, id, "jiti_taolun", "2025-10-29").unwrap();
    complete(&engine, store, id, "dangwei_baogao", "2025-10-30").unwrap();
    complete(&engine, store, id, "gongbu", "2025-11-03").unwrap();
    complete(&engine, store, id, "guidang", "2025-11-04").unwrap();
    snap(store, "archived");
    let status = engine.status(store, id).unwrap();
    assert!(status.finished);
    assert!(engine.open_items(store).unwrap().is_empty());
    assert!(store.verify_audit().unwrap().is_empty());
    insta::assert_snapshot!(log);
}

const CASE: &str = r#"(
    kind: "major_enforcement_decision",
    id: "测综执罚〔2025〕3号",
    title: "对某养殖场未按规定处置畜禽粪污行为的行政处罚",
    stage: "investigating",
    party: (name: "同心县某养殖专业合作社", kind: "organisation"),
    filing_date: "2025-09-01",
    penalty: (kinds: ["fine"], fine_amount: 50000),
    legal_review_triggers: ["major_public_interest"],
    hearing: (notified: true, notified_on: "2025-09-10"),
    social_impact: true,
)"#;

#[test]
fn an_enforcement_case_goes_from_filing_to_archive_with_its_time_limits() {
    let Setup { workspace, workflows, mut store, _dir } = setup();
    let engine = Engine::new(&workspace, &workflows, today());
    let store = &mut store;
    let id = "zf-2025-03";
    start(&engine, store, "enforcement_case", id, CASE, "2025-09-01");
    complete(&engine, store, id, "lian", "2025-09-01").unwrap();
    complete(&engine, store, id, "diaocha", "2025-09-05").unwrap();
    complete(&engine, store, id, "gaozhi", "2025-09-10").unwrap();
    // A 50 000 yuan fine on an organisation is below the hearing threshold: no hearing.
    let err = complete(&engine, store, id, "tingzheng", "2025-09-20").unwrap_err();
    assert!(matches!(err, FlowError::Refused(Refusal::Skipped { .. })), "{err}");

    // The legal review is open, and the decision's 90-day limit shows on the items.
    let items = engine.open_items(store).unwrap();
    let summary: Vec<String> =
        items.iter().map(|item| format!("{} {:?} {} {}", item.id, item.deadline, item.owner, item.title)).collect();
    assert_eq!(
        summary,
        ["zf-2025-03/fazhi_shenhe None zhang_peng 法制审核：对某养殖场未按规定处置畜禽粪污行为的行政处罚"]
    );
    complete(&engine, store, id, "fazhi_shenhe", "2025-09-22").unwrap();
    let items = engine.open_items(store).unwrap();
    assert_eq!(items[0].id, "zf-2025-03/jueding");
    // 90 days after filing on 1 September is Sun 30 November: the period rolls forward to Monday
    // 1 December (《民法典》第二百零三条).
    assert_eq!(items[0].deadline, Some("2025-12-01".parse().unwrap()), "90 days after filing on 1 September");
    assert_eq!(items[0].rolled_from, Some("2025-11-30".parse().unwrap()));
    let status = engine.status(store, id).unwrap();
    let deadline = status.step("jueding").unwrap().deadline.clone().unwrap();
    assert_eq!(deadline.moved.as_deref(), Some("11月30日为休息日（星期日），顺延至12月1日"));
    assert!(deadline
        .explain()
        .ends_with("; 11月30日为休息日（星期日），顺延至12月1日（《中华人民共和国民法典》第二百零三条）"));
    assert_eq!(items[0].module, "enforcement");

    complete(&engine, store, id, "jueding", "2025-09-26").unwrap();
    // 7 working days after 26 September, across 国庆, is 13 October: 28 (a worked Sunday), 29, 30
    // September, 9, 10, 11 (a worked Saturday) and 13 October. Served on the 14th: late.
    let completion = Completion {
        instance: id.to_string(),
        step: "songda".to_string(),
        at: noon("2025-10-14"),
        by: Some("李静".to_string()),
        note: Some("邮寄送达".to_string()),
        evidence: None,
        source: None,
    };
    let done = engine.complete(store, &completion).unwrap();
    assert_eq!(done.late.as_ref().map(|bound| bound.date), Some("2025-10-13".parse().unwrap()));
    assert_eq!(done.opened, ["处罚决定公示 (gongshi)", "执行 (zhixing)"]);
    complete(&engine, store, id, "gongshi", "2025-10-14").unwrap();
    complete(&engine, store, id, "zhixing", "2025-10-20").unwrap();
    // Reopening a step whose successor is done is refused.
    let err = engine.reopen(store, id, "songda", None, None, noon("2025-10-21")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot reopen step 送达处罚决定书 (songda): 处罚决定公示 (gongshi) after it is done; reopen that first"
    );
    complete(&engine, store, id, "guidang", "2025-10-21").unwrap();
    let status = engine.status(store, id).unwrap();
    assert!(status.finished);
    insta::assert_snapshot!(render(&status));
    let changes = store.changes("zf-2025-03/songda").unwrap();
    assert_eq!(changes[0].change.by, "li_jing");
    assert_eq!(changes[0].change.note.as_deref(), Some("邮寄送达"));
}

const CONTRACT: &str = r#"(
    kind: "major_contract",
    id: "ht-2025-02",
    title: "测试镇垃圾清运服务合同",
    category: "contract",
    stage: "review",
    amount: 300000,
)"#;

#[test]
fn a_contract_below_the_threshold_skips_the_collective_decision() {
    let Setup { workspace, workflows, mut store, _dir } = setup();
    let engine = Engine::new(&workspace, &workflows, today());
    let store = &mut store;
    let id = "ht-2025-02";
    start(&engine, store, "major_contract", id, CONTRACT, "2025-06-02");
    complete(&engine, store, id, "niding", "2025-06-03").unwrap();
    // Not before the step it follows was done.
    let err = complete(&engine, store, id, "xiangduifang", "2025-06-02").unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot complete step 审查相对方主体资格和资质 (xiangduifang) on 2025-06-02: 起草合同文本 (niding) before it was only done on 2025-06-03"
    );
    complete(&engine, store, id, "xiangduifang", "2025-06-05").unwrap();
    complete(&engine, store, id, "falv_yijian", "2025-06-09").unwrap();
    let status = engine.status(store, id).unwrap();
    assert_eq!(status.step("jiti_jueding").unwrap().state, StepState::Skipped);
    assert_eq!(status.step("qianding").unwrap().state, StepState::Open, "signing follows the skipped step");
    complete(&engine, store, id, "qianding", "2025-06-10").unwrap();
    // A date after today is refused.
    let err = complete(&engine, store, id, "guidang", "2026-01-05").unwrap_err();
    assert_eq!(err.to_string(), "cannot record 2026-01-05 as the date: it is after today (2025-12-31)");
    complete(&engine, store, id, "guidang", "2025-06-11").unwrap();
    let err = complete(&engine, store, id, "guidang", "2025-06-12").unwrap_err();
    assert_eq!(err.to_string(), "step 归档 (guidang) is already done (on 2025-06-11)");
    let status = engine.status(store, id).unwrap();
    assert!(status.finished);
    insta::assert_snapshot!(render(&status));
}

#[test]
fn the_annual_report_is_due_before_the_first_of_april() {
    let Setup { workspace, workflows, mut store, _dir } = setup();
    let engine = Engine::new(&workspace, &workflows, today());
    let store = &mut store;
    let id = "report-2024";
    let data = r#"(kind: "annual_report", id: "2024", title: "测试镇2024年法治政府建设工作报告", year: 2024)"#;
    start(&engine, store, "annual_report", id, data, "2025-01-06");
    for (step, on) in [
        ("shouji", "2025-01-20"),
        ("qicao", "2025-02-14"),
        ("falv_shenhe", "2025-02-21"),
        ("dangwei_shenyi", "2025-03-05"),
    ] {
        complete(&engine, store, id, step, on).unwrap();
    }
    let items = engine.open_items(store).unwrap();
    let due: Vec<(String, Option<NaiveDate>, String)> =
        items.into_iter().map(|item| (item.id, item.deadline, item.owner)).collect();
    let march_31 = Some("2025-03-31".parse().unwrap());
    assert_eq!(
        due,
        [
            ("report-2024/baosong".to_string(), march_31, "na_li".to_string()),
            ("report-2024/gongkai".to_string(), march_31, "li_jing".to_string()),
        ]
    );
    complete(&engine, store, id, "baosong", "2025-03-20").unwrap();
    complete(&engine, store, id, "gongkai", "2025-04-02").unwrap();
    complete(&engine, store, id, "guidang", "2025-04-03").unwrap();
    let status = engine.status(store, id).unwrap();
    assert!(status.finished);
    insta::assert_snapshot!(render(&status));
}

#[test]
fn starting_checks_the_workflow_the_id_and_the_dossier() {
    let Setup { workspace, workflows, mut store, _dir } = setup();
    let engine = Engine::new(&workspace, &workflows, today());
    let request = |workflow: &str, id: &str, dossier: &str| StartRequest {
        workflow: workflow.to_string(),
        id: id.to_string(),
        dossier: Dossier::parse("d.ron", dossier).unwrap(),
        started: "2025-09-01".parse().unwrap(),
        by: None,
        at: noon("2025-09-01"),
    };
    let errors: Vec<String> = [
        request("nope", "a", CONTRACT),
        request("major_contract", "a b", CONTRACT),
        request("major_decision", "a", CONTRACT),
    ]
    .iter()
    .map(|r| engine.start(&mut store, r).unwrap_err().to_string())
    .collect();
    assert_eq!(
        errors,
        [
            "unknown workflow \"nope\" (known: annual_report, disclosure_request, enforcement_case, major_contract, major_decision)",
            "instance id \"a b\" may only contain ASCII letters, digits, '-' and '_'",
            "d.ron:2:11: workflow \"major_decision\" takes a \"major_decision\" dossier, but this one is of kind \"major_contract\"",
        ]
    );
    engine.start(&mut store, &request("major_contract", "a", CONTRACT)).unwrap();
    let err = engine.start(&mut store, &request("major_contract", "a", CONTRACT)).unwrap_err();
    assert_eq!(err.to_string(), "a workflow instance \"a\" exists already");
    let err = Dossier::parse("bad.ron", "(kind: \"x\",, )").unwrap_err();
    assert_eq!(err.to_string(), "bad.ron:1:12: Expected identifier");
}

const DISCLOSURE_REQUEST: &str = r#"(
    kind: "disclosure_request",
    id: "gk-2025-02",
    title: "申请公开某村2024年土地征收补偿款发放明细",
    stage: "received",
    applicant: (name: "马某", kind: "person"),
    received_on: "2025-09-03",
    correction: (notified_on: "2025-09-08", items: "请明确村名和年度", due: "2025-09-22", corrected_on: "2025-09-15"),
    third_party: (name: "某村民委员会", consulted_on: "2025-09-17"),
    extension: (approved_by: "纳丽", approved_on: "2025-10-20", notified_on: "2025-10-20", days: 10),
)"#;

#[test]
fn a_disclosure_request_counts_its_reply_period_from_the_correction_without_the_consultation() {
    let Setup { workspace, workflows, mut store, _dir } = setup();
    let engine = Engine::new(&workspace, &workflows, today());
    let store = &mut store;
    let id = "gk-2025-02";
    start(&engine, store, "disclosure_request", id, DISCLOSURE_REQUEST, "2025-09-03");
    complete(&engine, store, id, "dengji", "2025-09-03").unwrap();
    // The correction notice is due within 7 working days of the receipt: 12 September.
    let status = engine.status(store, id).unwrap();
    assert_eq!(status.step("buzheng").unwrap().deadline.as_ref().map(|b| b.date), Some("2025-09-12".parse().unwrap()));
    complete(&engine, store, id, "buzheng", "2025-09-08").unwrap();
    complete(&engine, store, id, "buzheng_shoudao", "2025-09-15").unwrap();
    // 20 working days from the corrected request on 15 September, across 国庆 (9/28 and 10/11 are
    // worked): 17 October.
    let items = engine.open_items(store).unwrap();
    let due = |items: &[fazhi_core::Item], step: &str| {
        items.iter().find(|item| item.id == format!("{id}/{step}")).and_then(|item| item.deadline)
    };
    assert_eq!(due(&items, "dafu"), None, "the reply waits for the consultation and the extension");
    let status = engine.status(store, id).unwrap();
    assert_eq!(
        status.step("dafu").unwrap().state,
        StepState::Waiting {
            on: vec![
                "第三方提出意见（或期限届满） (disanfang_yijian)".to_string(),
                "延长答复期限 (yanchang)".to_string(),
            ]
        }
    );
    assert_eq!(due(&items, "yanchang"), Some("2025-10-17".parse().unwrap()));

    // The consultation from 17 to 30 September (9 working days: 18, 19, 22–26, 28, 29, 30 → 10)
    // is not counted.
    complete(&engine, store, id, "zhengqiu", "2025-09-17").unwrap();
    complete(&engine, store, id, "disanfang_yijian", "2025-09-30").unwrap();
    complete(&engine, store, id, "yanchang", "2025-10-16").unwrap();
    let status = engine.status(store, id).unwrap();
    let deadline = status.step("dafu").unwrap().deadline.clone().unwrap();
    // 17 October + 10 paused + 10 extended working days: 31 October, then 14 November.
    assert_eq!(deadline.date, "2025-11-14".parse().unwrap(), "{}", deadline.explain());
    assert_eq!(
        deadline.rule,
        "within 20 working days after 收到补正的申请 (buzheng_shoudao) on 2025-09-15, not counting 10 working days \
         from 书面征求第三方意见 (zhengqiu) on 2025-09-17 to 第三方提出意见（或期限届满） (disanfang_yijian) on \
         2025-09-30, extended by 10 working days (延长答复期限 (yanchang))"
    );
    let items = engine.open_items(store).unwrap();
    assert_eq!(due(&items, "dafu"), Some("2025-11-14".parse().unwrap()));
    complete(&engine, store, id, "dafu", "2025-11-14").unwrap();
    complete(&engine, store, id, "guidang", "2025-11-17").unwrap();
    let status = engine.status(store, id).unwrap();
    assert!(status.finished);
    insta::assert_snapshot!(render(&status));
}

#[test]
fn a_disclosure_request_without_correction_or_consultation_is_due_in_20_working_days() {
    let Setup { workspace, workflows, mut store, _dir } = setup();
    let engine = Engine::new(&workspace, &workflows, "2025-09-20".parse().unwrap());
    let store = &mut store;
    let plain = r#"(kind: "disclosure_request", id: "gk-2025-03", title: "申请公开2025年镇财政预算", stage: "received",
        applicant: (name: "马某", kind: "person"), received_on: "2025-09-03")"#;
    start(&engine, store, "disclosure_request", "gk-2025-03", plain, "2025-09-03");
    complete(&engine, store, "gk-2025-03", "dengji", "2025-09-03").unwrap();
    let items = engine.open_items(store).unwrap();
    let ids: Vec<(&str, Option<NaiveDate>)> = items.iter().map(|item| (item.id.as_str(), item.deadline)).collect();
    // The guarded steps are skipped; the reply counts from the receipt: 30 September.
    assert_eq!(ids, [("gk-2025-03/dafu", Some("2025-09-30".parse().unwrap()))]);
}
