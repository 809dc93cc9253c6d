//! The example dossiers of `rules/examples/` give the verdicts and citations documented in
//! their README; the JSON form of a review is snapshot-tested (it is what `fazhi review --json`
//! prints).

mod support;

use fazhi_core::Calendar;
use fazhi_rules::{Dossier, Severity, Verdict};

#[test]
fn the_examples_give_the_documented_verdicts() {
    let pack = support::stock_pack();
    let calendar = Calendar::stock();
    let review = |name: &str| {
        let dossier = Dossier::load(&support::stock_rules().join("examples").join(name)).unwrap();
        pack.review(&dossier, &calendar).unwrap()
    };

    let decision = review("major_decision.ron");
    assert_eq!(decision.verdict, Verdict::Blocked);
    assert_eq!(decision.findings.len(), 1);
    let finding = &decision.findings[0];
    assert_eq!(finding.rule, "decision/review-time");
    assert_eq!(finding.severity, Severity::Block);
    assert_eq!(finding.basis, "《重大行政决策程序暂行条例》第二十六条");
    assert_eq!(finding.field.as_deref(), Some("legality_review.answered"));
    assert!(finding.message.starts_with("合法性审查时间为3个工作日"), "{}", finding.message);

    let contract = review("major_contract.ron");
    assert_eq!(contract.verdict, Verdict::Blocked);
    assert_eq!(contract.findings.iter().map(|f| f.rule.as_str()).collect::<Vec<_>>(), ["contract/collective-decision"]);

    let enforcement = review("major_enforcement_decision.ron");
    assert_eq!(enforcement.verdict, Verdict::Passed);
    assert_eq!(enforcement.count(Severity::Info), 1);
    assert!(enforcement.findings[0].message.ends_with("即不晚于2024-06-25"));

    assert_eq!(review("major_decision.json").findings, decision.findings);

    let request = review("disclosure_request.ron");
    assert_eq!(request.verdict, Verdict::Passed, "{}", support::render(&request));
    assert!(request.findings.is_empty(), "{}", support::render(&request));
}

#[test]
fn a_review_as_json() {
    let pack = support::stock_pack();
    let dossier = Dossier::load("../../rules/examples/major_decision.ron".as_ref()).unwrap();
    let review = pack.review(&dossier, &Calendar::stock()).unwrap();
    insta::assert_snapshot!(serde_json::to_string_pretty(&review).unwrap());
}
