//! Every example in the tables of `docs/rules-host-api.md` runs, as a rule script, and gives
//! the value the page says.

mod support;

use fazhi_core::Calendar;
use fazhi_rules::{Dossier, RulesError};

/// (example, expected) from every table row whose last two cells are code.
fn examples() -> Vec<(String, String)> {
    let page = std::fs::read_to_string(support::stock_rules().join("../docs/rules-host-api.md")).unwrap();
    let code = |cell: &str| {
        let cell = cell.trim();
        (cell.len() > 2 && cell.starts_with('`') && cell.ends_with('`') && cell.matches('`').count() == 2)
            .then(|| cell[1..cell.len() - 1].to_string())
    };
    page.lines()
        .filter(|line| line.starts_with('|') && !line.starts_with("|---"))
        .filter_map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split(" | ").collect();
            match cells.as_slice() {
                [.., example, expected] => Some((code(example)?, code(expected)?)),
                _ => None,
            }
        })
        .collect()
}

#[test]
fn every_documented_example_gives_the_documented_value() {
    let examples = examples();
    assert!(examples.len() >= 23, "only {} examples found", examples.len());
    let mut script = String::from("let failures = [];\n");
    for (i, (example, expected)) in examples.iter().enumerate() {
        script.push_str(&format!(
            "{{\n    let got = {example};\n    let want = {expected};\n    if type_of(got) != type_of(want) || !(got == want) {{\n        failures.push(`example {i}: {}: got ${{got}}`);\n    }}\n}}\n",
            example.replace('`', "'")
        ));
    }
    script.push_str("let found = [];\nfor failure in failures {\n    found.push(block(failure, \"docs/rules-host-api.md\"));\n}\nfound\n");

    // The examples run as the rule decision/review-time, with the stock decision parameters.
    let dir = tempfile::tempdir().unwrap();
    let manifest = std::fs::read_to_string(support::stock_rules().join("decision/module.ron")).unwrap();
    support::write_tree(
        &dir.path().join("rules"),
        &[("decision/module.ron", &manifest), ("decision/review-time.rhai", &script)],
    );
    let pack = support::load(Some(&dir.path().join("rules")));
    let dossier = Dossier::load(&support::stock_rules().join("examples/major_decision.ron")).unwrap();
    match pack.review(&dossier, &Calendar::stock()) {
        Ok(review) => {
            let failures: Vec<&str> = review.findings.iter().map(|finding| finding.message.as_str()).collect();
            assert!(failures.is_empty(), "examples that do not give the documented value:\n{}", failures.join("\n"));
        }
        Err(RulesError::Script { errors }) => panic!("an example fails: {}\n{script}", errors[0]),
        Err(err) => panic!("{err}"),
    }
}

#[test]
fn a_bad_date_given_to_a_host_function_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    support::write_tree(
        &dir.path().join("rules"),
        &[
            ("toy/module.ron", r#"(id: "toy", title: "玩具", reviews: ["major_decision"])"#),
            ("toy/dates.rhai", "let ok = days_between(\"2024-01-01\", \"2024-01-02\");\nlet bad = working_days_between(\"2024-02-30\", \"2024-03-01\");\n[]\n"),
        ],
    );
    let pack = support::load(Some(&dir.path().join("rules")));
    let dossier = Dossier::load(&support::stock_rules().join("examples/major_decision.ron")).unwrap();
    let Err(RulesError::Script { errors }) = pack.review(&dossier, &Calendar::stock()) else {
        panic!("expected an error")
    };
    assert_eq!(
        errors[0].to_string(),
        "rules/toy/dates.rhai:2:11: rule toy/dates: invalid date \"2024-02-30\": 2024-02 has no day 30"
    );
}

#[test]
fn in_a_list_gives_what_comparing_each_element_gives() {
    // `x in list` for a string `x` has its own implementation: it must agree with `==` on every
    // element, whatever the elements are, and work on constant lists (parameters).
    let script = r#"
fn member(list, x) {
    for item in list {
        if item == x {
            return true;
        }
    }
    false
}
let lists = [
    [],
    ["a", "b"],
    [1, 2.5, (), true, 'a', ["a"], #{a: 1}, "b"],
    ['x', "xy", 'y'],
    ["", " ", "法治"],
];
let found = [];
for (list, i) in lists {
    for x in ["a", "b", "x", "xy", "", "法治", "c"] {
        if (x in list) != member(list, x) || list.contains(x) != member(list, x) {
            found.push(block(`list ${i}, ${x}: in gives ${x in list}`, "test"));
        }
    }
}
if !("executive" in params.meeting_kinds) || "party" in params.meeting_kinds {
    found.push(block("in on a parameter list", "test"));
}
if !(dossier.kind in ["major_decision"]) {
    found.push(block("in on a dossier field", "test"));
}
found
"#;
    let dir = tempfile::tempdir().unwrap();
    let manifest = std::fs::read_to_string(support::stock_rules().join("decision/module.ron")).unwrap();
    support::write_tree(&dir.path().join("rules"), &[("decision/module.ron", &manifest), ("decision/in.rhai", script)]);
    let pack = support::load(Some(&dir.path().join("rules")));
    let dossier = Dossier::load(&support::stock_rules().join("examples/major_decision.ron")).unwrap();
    let review = pack.review(&dossier, &Calendar::stock()).unwrap();
    let failures: Vec<&str> = review.findings.iter().map(|finding| finding.message.as_str()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
