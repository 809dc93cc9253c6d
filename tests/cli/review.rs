//! Legality review from the command line: the stock rule pack on the example dossiers, a
//! module dropped into a workspace, bad dossiers, and the review of a workflow instance.

use insta::assert_snapshot;

use crate::support::{run_in, Fixture};

fn repo_file(path: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
        .canonicalize()
        .unwrap()
        .display()
        .to_string()
}

#[test]
fn the_example_dossiers_get_their_verdicts_and_citations() {
    let dir = tempfile::tempdir().unwrap();
    let mut out = String::new();
    for (file, code) in [
        ("rules/examples/major_decision.ron", 1),
        ("rules/examples/major_decision.json", 1),
        ("rules/examples/major_contract.ron", 1),
        ("rules/examples/major_enforcement_decision.ron", 0),
    ] {
        let path = repo_file(file);
        let run = run_in(dir.path(), &["review", &path], dir.path());
        assert_eq!(run.code, code, "{file}: {}", run.render());
        out.push_str(&format!("$ fazhi review {file}\n{}\n", run.render().replace(&path, file)));
    }
    assert_snapshot!(out);
}

#[test]
fn review_json_names_the_rule_the_basis_and_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["--json", "review", &repo_file("rules/examples/major_decision.ron")], dir.path());
    assert_eq!(run.code, 1);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let finding = &value["findings"][0];
    assert_eq!(finding["rule"], "decision/review-time");
    assert_eq!(finding["severity"], "block");
    assert_eq!(finding["basis"], "《重大行政决策程序暂行条例》第二十六条");
    assert_eq!(finding["field"], "legality_review.answered");
}

#[test]
fn a_module_dropped_into_a_workspace_is_used_by_modules_check_and_review() {
    let ws = Fixture::new("toy-module");
    let run = ws.run(&["modules"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_snapshot!(run.render());
    let run = ws.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.render());
    let late = ws.run(&["review", "decisions/cungui-late.ron"]);
    assert_eq!(late.code, 1, "{}", late.render());
    assert_snapshot!("toy_module_blocks_a_late_review", late.render());
    let ok = ws.run(&["review", "decisions/cungui-ok.ron"]);
    assert_eq!(ok.code, 0, "{}", ok.render());
}

#[test]
fn a_broken_module_or_dossier_is_bad_input_with_its_position() {
    let ws = Fixture::new("toy-module");
    std::fs::write(ws.path().join("rules/toy/broken.rhai"), "let x = ;\n").unwrap();
    let run = ws.run(&["check"]);
    assert_eq!(run.code, 2);
    assert_snapshot!(run.render());

    let ws = Fixture::new("toy-module");
    std::fs::write(
        ws.path().join("decisions/bad.ron"),
        "(kind: \"major_decision\", id: \"x\", title: \"坏日期\", stage: \"draft\", public_comment: (opened: \"2024-02-30\"))\n",
    )
    .unwrap();
    let run = ws.run(&["review", "decisions/bad.ron"]);
    assert_eq!(run.code, 2);
    assert_snapshot!("a_bad_dossier", run.render());
    let run = ws.run(&["review", "decisions/none.ron"]);
    assert_eq!(run.code, 2);
}

#[test]
fn review_flow_reviews_an_instances_dossier() {
    let ws = Fixture::new("toy-module");
    let dossier = repo_file("rules/examples/major_decision.ron");
    let run =
        ws.run(&["--today", "2024-07-15", "flow", "start", "major_decision", "wt-2024-jc-03", "--data", &dossier]);
    assert_eq!(run.code, 0, "{}", run.render());
    let run = ws.run(&["review", "--flow", "wt-2024-jc-03"]);
    assert_eq!(run.code, 1, "{}", run.render());
    assert!(run.stdout.contains("decision/review-time"), "{}", run.stdout);
    let run = ws.run(&["review", "--flow", "no-such-instance"]);
    assert_eq!(run.code, 2);
}
