//! Modules are plugins: adding a module is adding a folder `rules/<module>/` to a workspace,
//! with no Rust change. A workspace module adds to the stock ones, or replaces the stock module
//! of the same id; every manifest and script problem is reported, all together.

mod support;

use std::path::Path;

use fazhi_core::{Calendar, SourceFile};
use fazhi_rules::{Dossier, ModuleOrigin, ParamValue, RulePack, Severity, Verdict};

const TOY_MODULE: &str = r#"// A county's extra check on major decisions, and its own dossier kind.
(
    id: "county-extra",
    title: "县级补充审查",
    description: "县司法局要求的补充审查事项",
    reviews: ["major_decision", "village_rule"],
    params: {
        "max_title_chars": 20,
        "villages": ["王团村", "北村"],
        "ratio": 0.5,
        "strict": true,
    },
    ledger_kinds: [
        (
            id: "village_rule_record",
            name: "村规民约备案",
            date: "filed_on",
            fields: [
                (id: "village", label: "村", type: "text"),
                (id: "filed_on", label: "备案日期", type: "date"),
                (id: "articles", label: "条数", type: "integer"),
            ],
        ),
    ],
    duty_templates: [
        (id: "village-rule-review", title: "村规民约合法性审查", basis: "《中华人民共和国村民委员会组织法》第二十七条"),
    ],
    reminder_script: "remind.rhai",
    report_script: "report.rhai",
)
"#;

/// Checks titles of major decisions, or village rules (a kind of its own) by village.
const TOY_RULE: &str = r#"
import "county-extra/text" as text;

if dossier.kind == "major_decision" {
    if text::too_long(dossier.title, params.max_title_chars) {
        return [info(`决策名称超过${params.max_title_chars}个字`, "县司法局通知", "title")];
    }
    return [];
}
if !(dossier.village in params.villages) {
    return [warn(`${dossier.village}不在本县名录中`, "县司法局通知", "village")];
}
let filed = dossier.filed_on;
let days = working_days_between(filed, dossier.reviewed_on);
if days > 5 {
    return [block(`村规民约备案后${days}个工作日才审查`, "县司法局通知", "reviewed_on")];
}
[]
"#;

/// How many modules are built in.
const STOCK_MODULES: usize = 12;

fn toy_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    support::write_tree(
        &dir.path().join("rules"),
        &[
            ("county-extra/module.ron", TOY_MODULE),
            ("county-extra/title-length.rhai", TOY_RULE),
            ("county-extra/lib/text.rhai", "fn too_long(text, max) {\n    text.len() > max\n}\n"),
            ("county-extra/remind.rhai", "let days = params.max_title_chars;\n"),
            ("county-extra/report.rhai", "`${params.ratio}`\n"),
            ("county-extra/README.md", "notes are ignored\n"),
            ("notes/readme.txt", "a folder without module.ron and without scripts is ignored\n"),
        ],
    );
    dir
}

#[test]
fn a_module_dropped_into_a_workspace_is_picked_up() {
    let dir = toy_workspace();
    let pack = support::load(Some(&dir.path().join("rules")));
    let ids: Vec<&str> = pack.modules().iter().map(|module| module.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "contract",
            "decision",
            "disclosure",
            "disputes",
            "enforcement",
            "legal_adviser",
            "meetings",
            "publicity",
            "reminders",
            "study",
            "supervision",
            "training",
            "county-extra"
        ]
    );

    let module = pack.module("county-extra").unwrap();
    assert_eq!(module.origin, ModuleOrigin::Workspace);
    assert_eq!(module.title, "县级补充审查");
    assert_eq!(module.dir, Path::new("rules/county-extra"));
    assert_eq!(module.reviews, ["major_decision", "village_rule"]);
    assert_eq!(module.rules, ["county-extra/title-length"]);
    assert_eq!(module.libraries, ["county-extra/text"]);
    assert_eq!(module.params["max_title_chars"], ParamValue::Int(20));
    assert_eq!(module.params["ratio"], ParamValue::Float(0.5));
    assert_eq!(
        module.params["villages"],
        ParamValue::List(vec![ParamValue::Text("王团村".into()), ParamValue::Text("北村".into())])
    );
    assert_eq!(module.ledger_kinds[0].field("filed_on").unwrap().field_type, fazhi_core::FieldType::Date);
    assert_eq!(module.duty_templates[0].id, "village-rule-review");
    assert_eq!(module.reminder_script.as_deref(), Some("remind.rhai"));
    assert_eq!(module.report_script.as_deref(), Some("report.rhai"));
    assert_eq!(
        pack.kinds(),
        ["disclosure_request", "major_contract", "major_decision", "major_enforcement_decision", "village_rule"]
    );

    // Its rule joins the stock rules for major decisions…
    let calendar = Calendar::stock();
    let decision = Dossier::load(&support::fixtures().join("decision/hearing/pass.ron")).unwrap();
    let review = pack.review(&decision, &calendar).unwrap();
    assert_eq!(review.modules, ["decision", "county-extra"]);
    assert_eq!(review.rules_run, 15);
    assert_eq!(review.findings.len(), 0, "{}", support::render(&review));
    let long = decision.path().to_path_buf();
    let text = std::fs::read_to_string(&long).unwrap().replace(
        "王团镇农村生活垃圾治理收费实施方案",
        "王团镇关于进一步加强和改进农村生活垃圾分类治理收费工作的实施方案",
    );
    let review = pack.review(&Dossier::parse(SourceFile::new("long.ron", text)).unwrap(), &calendar).unwrap();
    assert_eq!(review.findings.len(), 1);
    assert_eq!((review.findings[0].severity, review.findings[0].module.as_str()), (Severity::Info, "county-extra"));

    // …and reviews a kind of its own, in RON or JSON.
    let village = |name: &str, text: &str| Dossier::parse(SourceFile::new(name, text.to_string())).unwrap();
    let ron = r#"(kind: "village_rule", id: "cgmy-1", title: "王团村村规民约", village: "王团村", filed_on: "2024-09-27", reviewed_on: "2024-10-11")"#;
    let review = pack.review(&village("v.ron", ron), &calendar).unwrap();
    assert_eq!(review.verdict, Verdict::Blocked);
    assert_eq!(review.findings[0].message, "村规民约备案后6个工作日才审查");
    let json = r#"{"kind": "village_rule", "id": "cgmy-2", "title": "北村村规民约", "village": "北村", "filed_on": "2024-09-27", "reviewed_on": "2024-10-08"}"#;
    assert_eq!(pack.review(&village("v.json", json), &calendar).unwrap().verdict, Verdict::Passed);
    let elsewhere = r#"(kind: "village_rule", id: "cgmy-3", title: "南村村规民约", village: "南村", filed_on: "2024-09-27", reviewed_on: "2024-09-30")"#;
    assert_eq!(pack.review(&village("v.ron", elsewhere), &calendar).unwrap().verdict, Verdict::Warnings);

    // Without the workspace, the kind is unknown.
    assert!(support::stock_pack().review(&village("v.ron", ron), &calendar).is_err());
}

#[test]
fn a_workspace_module_replaces_the_stock_module_of_the_same_id() {
    // A province with a higher threshold for collective decisions copies the stock module and
    // changes one parameter.
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("rules/contract");
    std::fs::create_dir_all(&target).unwrap();
    for entry in std::fs::read_dir(support::stock_rules().join("contract")).unwrap().flatten() {
        std::fs::copy(entry.path(), target.join(entry.file_name())).unwrap();
    }
    let manifest = std::fs::read_to_string(target.join("module.ron")).unwrap();
    std::fs::write(
        target.join("module.ron"),
        manifest.replace("\"major_contract_threshold\": 500000", "\"major_contract_threshold\": 2000000"),
    )
    .unwrap();

    let calendar = Calendar::stock();
    let example = Dossier::load(&support::stock_rules().join("examples/major_contract.ron")).unwrap();
    assert_eq!(support::stock_pack().review(&example, &calendar).unwrap().verdict, Verdict::Blocked);
    let pack = support::load(Some(&dir.path().join("rules")));
    let module = pack.module("contract").unwrap();
    assert_eq!(module.origin, ModuleOrigin::Override);
    assert_eq!(module.dir, Path::new("rules/contract"));
    assert_eq!(module.params["major_contract_threshold"], ParamValue::Int(2_000_000));
    assert_eq!(pack.modules().len(), STOCK_MODULES);
    assert_eq!(pack.review(&example, &calendar).unwrap().verdict, Verdict::Passed);
}

#[test]
fn an_absent_workspace_rules_folder_means_the_stock_modules() {
    let dir = tempfile::tempdir().unwrap();
    let pack = support::load(Some(&dir.path().join("rules")));
    assert_eq!(pack.modules().len(), STOCK_MODULES);
    assert!(pack.modules().iter().all(|module| module.origin == ModuleOrigin::Stock));
    assert_eq!(pack.module("decision").unwrap().dir, Path::new("rules/decision (built in)"));
    assert_eq!(pack.module("decision").unwrap().rules.len(), 14);
    assert_eq!(pack.module("disclosure").unwrap().rules.len(), 4);
    assert_eq!(pack.module("contract").unwrap().rules.len(), 7);
    assert_eq!(pack.module("enforcement").unwrap().rules.len(), 11);
}

#[test]
fn every_problem_of_every_module_is_reported_together() {
    let dir = tempfile::tempdir().unwrap();
    support::write_tree(
        &dir.path().join("rules"),
        &[
            // The id differs from the folder; a parameter name scripts cannot write; a
            // ledger field of an unknown type; a reminder script that does not exist.
            (
                "alpha/module.ron",
                "(\n    id: \"alfa\",\n    title: \"甲\",\n    params: { \"max-days\": 3 },\n    ledger_kinds: [(id: \"x\", name: \"X\", date: \"when\", fields: [(id: \"on\", label: \"日期\", type: \"date\")])],\n    reminder_script: \"missing.rhai\",\n)\n",
            ),
            ("alpha/ok.rhai", "[]\n"),
            // An unknown field in the manifest.
            ("beta/module.ron", "(id: \"beta\", title: \"乙\", colour: \"red\")\n"),
            // A script with a syntax error; a script in a folder that is neither the module
            // folder nor lib/.
            ("gamma/module.ron", "(id: \"gamma\", title: \"丙\", reviews: [\"major_decision\"])\n"),
            ("gamma/broken.rhai", "let x = ;\n"),
            ("gamma/extra/stray.rhai", "[]\n"),
            // Scripts without a manifest.
            ("delta/orphan.rhai", "[]\n"),
            // A ledger kind declared twice, across modules.
            ("epsilon/module.ron", "(id: \"epsilon\", title: \"戊\", ledger_kinds: [(id: \"shared\", name: \"一\", fields: [(id: \"year\", label: \"年度\", type: \"integer\")])])\n"),
            // A ledger field of an unknown type.
            ("eta/module.ron", "(id: \"eta\", title: \"庚\", ledger_kinds: [(id: \"y\", name: \"Y\", fields: [(id: \"when\", label: \"时间\", type: \"time\")])])\n"),
            ("zeta/module.ron", "(id: \"zeta\", title: \"己\", ledger_kinds: [(id: \"shared\", name: \"二\", fields: [(id: \"year\", label: \"年度\", type: \"integer\")])])\n"),
            // A figure labelled twice, and a label that is no text.
            ("theta/module.ron", "(\n    id: \"theta\",\n    title: \"辛\",\n    figure_labels: {\n        \"cases\": \"案件数\",\n        \"cases\": \"案件总数\",\n        \"fines\": \" \",\n    },\n)\n"),
        ],
    );
    let err = RulePack::load(Some(&dir.path().join("rules"))).expect_err("the modules are invalid");
    let problems: Vec<String> = err.diagnostics().iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(problems.join("\n"));
}

#[test]
fn the_workspace_dossiers_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(support::fixtures().join("decision/hearing/pass.ron")).unwrap();
    support::write_tree(
        dir.path(),
        &[
            ("decisions/good.ron", &base),
            ("decisions/bad-date.ron", &base.replace("\"2024-07-31\"", "\"2024-07-32\"")),
            ("decisions/unknown.json", r#"{"kind": "village_rule", "id": "x", "title": "y"}"#),
            ("decisions/notes.txt", "not a dossier"),
        ],
    );
    let problems: Vec<String> =
        support::stock_pack().check_dossiers(dir.path()).iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "decisions/bad-date.ron:8:53: field `public_comment.closed`: invalid date \"2024-07-32\": 2024-07 has no day 32",
            "decisions/unknown.json:1:10: no rule module reviews dossiers of kind \"village_rule\"",
        ]
    );
    assert!(support::stock_pack().check_dossiers(&dir.path().join("nowhere")).is_empty());
    assert_eq!(RulePack::check_workspace(dir.path()).len(), 2);
    support::write_tree(dir.path(), &[("rules/toy/module.ron", "(id: \"toy\", title: \"\")")]);
    let problems: Vec<String> = RulePack::check_workspace(dir.path()).iter().map(ToString::to_string).collect();
    assert_eq!(problems, ["rules/toy/module.ron:1:20: the module needs a title"]);
}
