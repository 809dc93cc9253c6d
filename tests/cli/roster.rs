//! The officers' roster (`cadre`) read from org.ron (issue 18, part 4): the certificates a staff
//! list brought into org.ron count in the report without a second spreadsheet; a new version of
//! org.ron is a new revision of its rows; a kind that is no roster cannot be read from it.

use crate::support::Fixture;

#[test]
fn certificates_in_org_ron_are_the_roster_of_every_year_new_in_the_year_they_were_issued() {
    let ws = Fixture::new("second-town");
    let list = ws.run(&["ledger", "list", "cadre", "--year", "2024"]);
    assert_eq!(list.code, 0, "{}", list.render());
    // Every person of org.ron is a row of 2024 from org.ron; four hold a certificate that year.
    assert!(list.stdout.contains("7 row(s) of 干部执法证件台账 (cadre) in 2024"), "{}", list.stdout);
    assert!(list.stdout.contains("ZF2024015") && list.stdout.contains("org.ron"), "{}", list.stdout);
    let before = ws.run(&["report", "--year", "2024"]);
    assert!(before.stdout.contains("新增持证执法人员2人"), "{}", before.stdout);
    // 2023: two held (issued 2021 and 2022), the two of 2024 not yet.
    let earlier = ws.run(&["ledger", "list", "cadre", "--year", "2023"]);
    assert!(!earlier.stdout.contains("ZF2024015"), "{}", earlier.stdout);
    assert!(earlier.stdout.contains("ZF2022007"), "{}", earlier.stdout);

    // 刘洋 gets a certificate issued in 2024: org.ron's new version replaces its rows.
    ws.edit("org.ron",
        "roles: [\"执法队员\"]),\n        (id: \"he_min\"",
        "roles: [\"执法队员\"],\n         certificate: (number: \"ZF2024020\", expires: \"2030-12-31\", issued: \"2024-11-01\")),\n        (id: \"he_min\"",
    );
    let report = ws.run(&["report", "--year", "2024"]);
    assert_eq!(report.code, 0, "{}", report.render());
    assert!(report.stdout.contains("新增持证执法人员3人"), "{}", report.stdout);
    let history = ws.run(&["ledger", "list", "cadre", "--year", "2024", "--history"]);
    assert!(history.stdout.contains("已被 org.ron 第2版取代"), "{}", history.stdout);
    assert!(
        history.stdout.contains("7 row(s) of 干部执法证件台账 (cadre) in 2024, and 1 no longer counted"),
        "{}",
        history.stdout
    );
    let verify = ws.run(&["audit", "verify"]);
    assert_eq!(verify.code, 0, "{}", verify.render());
}

#[test]
fn a_kind_that_is_no_roster_cannot_be_read_from_org_ron_and_nothing_is_stored() {
    let ws = Fixture::new("second-town");
    // The first open imports every declared file; then org.ron is declared for a kind that is no roster.
    assert_eq!(ws.run(&["--today", "2024-12-31", "tasks"]).code, 0);
    let before = ws.state();
    assert!(!before.is_empty());
    ws.edit("fazhi.ron", "(kind: \"cadre\", file: \"org.ron\")", "(kind: \"meeting\", file: \"org.ron\")");
    let check = ws.run(&["check"]);
    assert_eq!(check.code, 2, "{}", check.render());
    assert!(
        check.stderr.contains("org.ron:1:1: the ledger kind 会议台账 (meeting) has no field \"year\""),
        "{}",
        check.render()
    );
    let report = ws.run(&["report", "--year", "2024"]);
    assert_eq!(report.code, 2, "{}", report.render());
    assert_eq!(ws.state(), before, "the state is as it was");
}

#[test]
fn a_certificate_issued_after_it_expires_is_refused_at_its_place_in_org_ron() {
    let ws = Fixture::new("second-town");
    ws.edit(
        "org.ron",
        "issued: \"2024-06-01\")),\n        (id: \"sun_qiang\"",
        "issued: \"2031-06-01\")),\n        (id: \"sun_qiang\"",
    );
    let check = ws.run(&["check"]);
    assert_eq!(check.code, 2, "{}", check.render());
    assert!(check.stderr.contains("the certificate is issued after it expires (2030-05-31)"), "{}", check.render());
    assert!(check.stderr.contains("org.ron:"), "{}", check.render());
}
