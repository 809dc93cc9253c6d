//! Bad dossiers: a missing field, a wrong type, an impossible date, an unknown field or value,
//! a syntax error, a date outside the calendar. Each is a clear error naming the file, the
//! field, the line and the column — never a script failure — and the pack goes on.

mod support;

use fazhi_core::{Calendar, SourceFile};
use fazhi_rules::{Dossier, DossierError, RulesError, Verdict};

fn base() -> String {
    std::fs::read_to_string(support::fixtures().join("decision/hearing/pass.ron")).unwrap()
}

/// The single problem of a dossier that must not parse, as `FILE:LINE:COLUMN: message`.
fn problem(path: &str, text: String) -> String {
    let err = Dossier::parse(SourceFile::new(path, text)).expect_err("the dossier is invalid");
    let DossierError::Invalid { file, problems } = &err;
    assert_eq!(file.to_str(), Some(path));
    assert_eq!(problems.len(), 1, "{problems:?}");
    problems[0].to_string()
}

#[test]
fn a_missing_required_field_is_named() {
    let text = base().replace("    title: \"王团镇农村生活垃圾治理收费实施方案\",\n", "");
    assert_eq!(problem("decisions/x.ron", text), "decisions/x.ron:23:1: missing field `title`");
    let text = base().replace("(held: true, materials_sent", "(materials_sent");
    assert_eq!(problem("decisions/x.ron", text), "decisions/x.ron:9:63: field `hearing`: missing field `held`");
}

#[test]
fn a_value_of_the_wrong_type_is_named() {
    let text = base().replace("touches_market: true", "touches_market: \"yes\"");
    assert_eq!(problem("decisions/x.ron", text), "decisions/x.ron:18:20: field `touches_market`: expected boolean");
    let text = base().replace("(name: \"李静\", signed: true)", "(name: \"李静\", signed: 1)");
    assert_eq!(
        problem("decisions/x.ron", text),
        "decisions/x.ron:13:68: field `expert_argumentation.experts[1].signed`: expected boolean"
    );
}

#[test]
fn an_impossible_date_is_named() {
    let text = base().replace("closed: \"2024-07-31\"", "closed: \"2024-02-30\"");
    assert_eq!(
        problem("decisions/x.ron", text),
        "decisions/x.ron:8:53: field `public_comment.closed`: invalid date \"2024-02-30\": 2024-02 has no day 30"
    );
    let text = base().replace("closed: \"2024-07-31\"", "closed: \"31.07.2024\"");
    assert!(problem("decisions/x.ron", text)
        .ends_with("invalid date \"31.07.2024\": expected YYYY-MM-DD (or YYYY/M/D, YYYY.M.D, YYYY年M月D日)"));
    // The other spellings of a date are dates.
    let text = base().replace("closed: \"2024-07-31\"", "closed: \"2024年7月31日\"");
    assert!(Dossier::parse(SourceFile::new("decisions/x.ron", text)).is_ok());
}

#[test]
fn unknown_fields_and_values_list_the_known_ones() {
    let text = base().replace("    unit:", "    colour: \"red\",\n    unit:");
    let message = problem("decisions/x.ron", text);
    assert!(
        message.starts_with("decisions/x.ron:7:5: unknown field `colour`, expected one of: `kind`, `id`"),
        "{message}"
    );
    let text = base().replace("stage: \"archived\"", "stage: \"finished\"");
    assert_eq!(
        problem("decisions/x.ron", text),
        "decisions/x.ron:6:13: field `stage`: unknown value \"finished\", expected one of: \"draft\", \"decided\", \"published\", \"archived\""
    );
}

#[test]
fn syntax_errors_have_their_position() {
    let text = base().replace("stage: \"archived\",", "stage: \"archived\"");
    assert_eq!(problem("decisions/x.ron", text), "decisions/x.ron:7:5: expected comma");
    assert_eq!(
        problem("decisions/x.ron", format!("{} junk", base())),
        "decisions/x.ron:24:2: Non-whitespace trailing characters"
    );
}

#[test]
fn json_dossiers_are_read_by_extension() {
    let json = std::fs::read_to_string(support::stock_rules().join("examples/major_decision.json")).unwrap();
    let dossier = Dossier::parse(SourceFile::new("decisions/x.json", json.clone())).unwrap();
    let ron = Dossier::load(&support::stock_rules().join("examples/major_decision.ron")).unwrap();
    let pack = support::stock_pack();
    let calendar = Calendar::stock();
    let (from_json, from_ron) = (pack.review(&dossier, &calendar).unwrap(), pack.review(&ron, &calendar).unwrap());
    assert_eq!(from_json.findings, from_ron.findings);
    assert_eq!(from_json.verdict, Verdict::Blocked);

    let bad = json.replace("\"touches_market\": true", "\"touches_market\": 1");
    assert_eq!(
        problem("decisions/x.json", bad),
        "decisions/x.json:36:21: field `touches_market`: invalid type: integer `1`, expected a boolean"
    );
    let bad = json.replace("2024-10-08\", \"conclusion", "2024-10-32\", \"conclusion");
    assert_eq!(
        problem("decisions/x.json", bad),
        "decisions/x.json:30:69: field `legality_review.answered`: invalid date \"2024-10-32\": 2024-10 has no day 32"
    );
    assert_eq!(
        problem("decisions/x.json", json.replace("\"stage\": \"draft\",", "\"stage\": \"draft\"")),
        "decisions/x.json:6:3: expected `,` or `}`"
    );
}

#[test]
fn a_file_that_cannot_be_read_is_an_error() {
    let err = Dossier::load("no/such/dossier.ron".as_ref()).unwrap_err();
    assert!(err.to_string().starts_with("no/such/dossier.ron: the dossier has 1 problem(s)"));
    assert!(err.diagnostics()[0].message.starts_with("cannot read the file"));
}

#[test]
fn a_date_outside_the_calendar_is_a_dossier_error_not_a_script_error() {
    let pack = support::stock_pack();
    let calendar = Calendar::stock();
    let dossier =
        Dossier::parse(SourceFile::new("decisions/x.ron", base().replace("2024-09-02", "2023-09-02"))).unwrap();
    let Err(RulesError::OutsideCalendar { problems }) = pack.review(&dossier, &calendar) else {
        panic!("expected a calendar error")
    };
    assert_eq!(
        problems[0].to_string(),
        "decisions/x.ron:16:29: field `legality_review.sent`: 2023-09-02 is outside the working-day calendar, which knows the years 2024–2026, 2027–2100 (provisional); add the year to calendar.ron"
    );
    // A date the rules only compare (not count in working days) may lie anywhere.
    let contract = std::fs::read_to_string(support::fixtures().join("contract/term/pass.ron")).unwrap();
    let contract =
        Dossier::parse(SourceFile::new("c.ron", contract.replace("to: \"2027-05-31\"", "to: \"2035-05-31\""))).unwrap();
    assert_eq!(pack.review(&contract, &calendar).unwrap().verdict, Verdict::Passed);
    // And the pack goes on.
    assert_eq!(
        pack.review(&Dossier::parse(SourceFile::new("ok.ron", base())).unwrap(), &calendar).unwrap().verdict,
        Verdict::Passed
    );
}

#[test]
fn a_kind_no_module_reviews_is_an_error() {
    let dossier =
        Dossier::parse(SourceFile::new("decisions/x.ron", base().replace("major_decision", "major_thing"))).unwrap();
    assert_eq!(dossier.kind(), "major_thing");
    let err = support::stock_pack().review(&dossier, &Calendar::stock()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "decisions/x.ron:3:11: no rule module reviews dossiers of kind \"major_thing\" (kinds with rules: disclosure_request, major_contract, major_decision, major_enforcement_decision)"
    );
    let err = Dossier::parse(SourceFile::new("decisions/x.ron", base().replace("    kind: \"major_decision\",\n", "")))
        .unwrap_err();
    assert_eq!(err.diagnostics()[0].to_string(), "decisions/x.ron:23:1: missing field `kind`");
}

#[test]
fn the_dossier_accessors() {
    let dossier = Dossier::load(&support::stock_rules().join("examples/major_enforcement_decision.ron")).unwrap();
    assert_eq!(dossier.kind(), "major_enforcement_decision");
    assert_eq!(dossier.id(), "王综执罚〔2024〕12号");
    assert_eq!(dossier.title(), "对某养殖场未按规定处置畜禽粪污行为的行政处罚");
    assert!(dossier.path().ends_with("major_enforcement_decision.ron"));
}
