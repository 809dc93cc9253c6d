//! Every stock rule has dossiers that pass it and dossiers that fail it, ruff-style:
//! `tests/fixtures/<rule id>/pass*.ron` must produce no finding of that rule, `fail*.ron` at
//! least one. The whole review of each fixture is snapshot-tested.

mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;

use fazhi_core::Calendar;
use fazhi_rules::Dossier;

/// rule id → fixture files, sorted.
fn fixture_files() -> BTreeMap<String, Vec<PathBuf>> {
    let mut by_rule: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for module in std::fs::read_dir(support::fixtures()).unwrap().flatten() {
        if !module.path().is_dir() {
            continue;
        }
        for rule in std::fs::read_dir(module.path()).unwrap().flatten() {
            let id = format!("{}/{}", module.file_name().to_string_lossy(), rule.file_name().to_string_lossy());
            let mut files: Vec<PathBuf> = std::fs::read_dir(rule.path())
                .unwrap()
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "ron" || ext == "json"))
                .collect();
            files.sort();
            by_rule.insert(id, files);
        }
    }
    by_rule
}

#[test]
fn every_stock_rule_has_a_passing_and_a_failing_dossier() {
    let pack = support::stock_pack();
    let fixtures = fixture_files();
    let mut missing = Vec::new();
    for module in pack.modules() {
        for rule in &module.rules {
            let files = fixtures.get(rule).cloned().unwrap_or_default();
            let named =
                |prefix: &str| files.iter().any(|file| file.file_name().unwrap().to_string_lossy().starts_with(prefix));
            if !named("pass") || !named("fail") {
                missing.push(rule.clone());
            }
        }
    }
    assert!(missing.is_empty(), "rules without a pass*.ron and a fail*.ron fixture: {missing:?}");
    for rule in fixtures.keys() {
        assert!(
            pack.modules().iter().any(|module| module.rules.contains(rule)),
            "fixtures for an unknown rule: {rule}"
        );
    }
}

#[test]
fn each_fixture_passes_or_fails_its_rule() {
    let pack = support::stock_pack();
    let calendar = Calendar::stock();
    let org = support::fixture_org();
    let mut wrong = Vec::new();
    for (rule, files) in fixture_files() {
        for file in files {
            let name = file.file_stem().unwrap().to_string_lossy().into_owned();
            let dossier = Dossier::load(&file).unwrap_or_else(|err| panic!("{err}: {:?}", err.diagnostics()));
            let review = pack
                .review_in(&dossier, &calendar, Some(&org))
                .unwrap_or_else(|err| panic!("{}: {err}", file.display()));
            let of_rule = review.findings.iter().filter(|finding| finding.rule == rule).count();
            let expected_fail = name.starts_with("fail");
            if expected_fail != (of_rule > 0) {
                wrong.push(format!("{rule}/{name}: {of_rule} finding(s) of the rule\n{}", support::render(&review)));
            }
            let snapshot = format!("{rule}/{name}").replace('/', "__");
            let header = std::fs::read_to_string(&file).unwrap().lines().next().unwrap_or_default().to_string();
            insta::assert_snapshot!(snapshot, format!("{header}\n{}", support::render(&review)));
        }
    }
    assert!(wrong.is_empty(), "fixtures that do not pass or fail their rule as named:\n{}", wrong.join("\n"));
}

#[test]
fn the_pass_fixtures_of_the_base_dossiers_have_no_finding_at_all() {
    let pack = support::stock_pack();
    let calendar = Calendar::stock();
    for rule in ["decision/hearing", "contract/term", "enforcement/service"] {
        let dossier = Dossier::load(&support::fixtures().join(rule).join("pass.ron")).unwrap();
        let review = pack.review(&dossier, &calendar).unwrap();
        assert!(review.findings.is_empty(), "{rule}/pass.ron:\n{}", support::render(&review));
    }
}
