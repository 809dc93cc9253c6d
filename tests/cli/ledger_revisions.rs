//! Ledger revisions and corrections: a new version of a file replaces the rows it contributed
//! before, a row is voided or corrected with who and why, and every figure counts current rows
//! only.

use insta::assert_snapshot;

use crate::support::Fixture;

/// A town's own module for its 法治培训 ledger: sessions and attendees.
const TRAINING_MODULE: &str = r#"(
    id: "training",
    title: "法治培训",
    ledger_kinds: [
        (
            id: "training",
            name: "法治培训台账",
            date: "held_on",
            fields: [
                (id: "held_on", label: "培训日期", type: "date"),
                (id: "title", label: "培训名称", type: "text"),
                (id: "attendees", label: "参训人数", type: "integer"),
            ],
        ),
    ],
    report_script: "report.rhai",
)
"#;

const TRAINING_REPORT: &str = r#"// 法治培训：场次和参训人次。
fn report(year, params) {
    let sessions = count("training");
    let attendees = sum("training", "attendees");
    #{
        figures: #{ sessions: sessions, attendees: attendees },
        section: #{ title: "开展法治培训", paragraphs: [`全年开展法治培训${sessions}场，参训人员${attendees}人次。`] },
    }
}
"#;

/// Six sessions, 120 attendees; the 民法典 lecture had 23, not 22.
const TRAINING_CSV: &str = "培训日期,培训名称,参训人数
2024-03-19,综合执法业务培训,9
2024-05-10,民法典专题讲座,22
2024-06-18,行政处罚法适用培训,10
2024-08-07,镇村干部法治培训班,45
2024-09-19,行政执法文书规范专题培训,10
2024-11-15,行政执法规范化业务培训,24
";

/// The example workspace with a training ledger of its own: the module, the file declared in
/// fazhi.ron, and a sentence of the report outline with its figures.
fn example_with_training() -> Fixture {
    let ws = Fixture::example("wangtuan-2024");
    std::fs::create_dir_all(ws.path().join("rules/training")).unwrap();
    std::fs::write(ws.path().join("rules/training/module.ron"), TRAINING_MODULE).unwrap();
    std::fs::write(ws.path().join("rules/training/report.rhai"), TRAINING_REPORT).unwrap();
    std::fs::write(ws.path().join("ledger/training.csv"), TRAINING_CSV).unwrap();
    let config = std::fs::read_to_string(ws.path().join("fazhi.ron")).unwrap();
    let declared = "        (kind: \"street_stall\", file: \"ledger/street_stall.csv\"),\n";
    assert!(config.contains(declared));
    let config =
        config.replace(declared, &format!("{declared}        (kind: \"training\", file: \"ledger/training.csv\"),\n"));
    std::fs::write(ws.path().join("fazhi.ron"), config).unwrap();
    let outline = ws.path().join("report/2024.md");
    let mut text = std::fs::read_to_string(&outline).unwrap();
    text.push_str("\n全年开展法治培训{{training.sessions}}场，参训人员{{training.attendees}}人次。\n");
    std::fs::write(&outline, text).unwrap();
    ws
}

/// The sentence of the report with the training figures.
fn training_sentence(ws: &Fixture) -> String {
    let run = ws.run(&["report", "--year", "2024"]);
    assert_eq!(run.code, 0, "{}", run.render());
    run.stdout.lines().find(|line| line.starts_with("全年开展法治培训")).expect("the training sentence").to_string()
}

#[test]
fn the_clerk_who_corrects_22_to_23_attendees_in_the_csv_sees_121_in_the_report() {
    let ws = example_with_training();
    assert_eq!(training_sentence(&ws), "全年开展法治培训6场，参训人员120人次。");
    let csv = ws.path().join("ledger/training.csv");
    std::fs::write(&csv, TRAINING_CSV.replace("民法典专题讲座,22", "民法典专题讲座,23")).unwrap();
    // Not 7场 / 143人次: the corrected file replaces the rows it contributed before.
    assert_eq!(training_sentence(&ws), "全年开展法治培训6场，参训人员121人次。");
    let check = ws.run(&["report", "--check"]);
    assert_eq!(check.code, 0, "{}", check.render());
    assert_snapshot!(ws.run(&["ledger", "list", "training", "--history"]).stdout, @r"
    行号    培训日期    培训名称                  参训人数  来源                   状态
    2024-1  2024-03-19  综合执法业务培训          9         ledger/training.csv:2  当前
    2024-2  2024-05-10  民法典专题讲座            22        ledger/training.csv:3  已被 ledger/training.csv 第2版取代
    2024-3  2024-06-18  行政处罚法适用培训        10        ledger/training.csv:4  当前
    2024-4  2024-08-07  镇村干部法治培训班        45        ledger/training.csv:5  当前
    2024-5  2024-09-19  行政执法文书规范专题培训  10        ledger/training.csv:6  当前
    2024-6  2024-11-15  行政执法规范化业务培训    24        ledger/training.csv:7  当前
    2024-7  2024-05-10  民法典专题讲座            23        ledger/training.csv:3  当前
    6 row(s) of 法治培训台账 (training), and 1 no longer counted
    ");
    let current = ws.run(&["--json", "ledger", "list", "training"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&current.stdout).unwrap();
    assert_eq!(rows.len(), 6);
    assert!(rows.iter().all(|row| row.get("superseded").is_none()));
    assert!(ws.run(&["ledger", "kinds"]).stdout.contains("2024: 6"));
    // The revision is one audit entry, and the log is intact.
    let log = ws.run(&["--json", "audit", "log"]);
    let entries: Vec<serde_json::Value> = serde_json::from_str(&log.stdout).unwrap();
    let last = entries.last().unwrap();
    assert_eq!((last["action"].as_str(), last["subject"].as_str()), (Some("ledger.import"), Some("training")));
    let detail: serde_json::Value = serde_json::from_str(last["detail"].as_str().unwrap()).unwrap();
    assert_eq!(
        (detail["revision"].as_i64(), detail["added"].as_i64(), detail["superseded"].as_i64()),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(ws.run(&["audit", "verify"]).code, 0);
    // Opened again, the file is not read again.
    let state = ws.state();
    assert_eq!(ws.run(&["ledger", "kinds"]).code, 0);
    assert_eq!(ws.state(), state);
}

#[test]
fn a_file_imported_again_by_name_with_new_content_is_a_revision_and_rows_added_by_hand_stay() {
    let ws = Fixture::new("report-town");
    let more = "工单编号,受理日期,问题类别,状态,办理用时\nRX2024110108,2024-11-01,供暖,已处理,1\nRX2024111209,2024-11-12,道路,正在核实处理,\n";
    std::fs::write(ws.path().join("more.csv"), more).unwrap();
    assert_eq!(ws.run(&["ledger", "import", "rexian_ticket", "more.csv"]).code, 0);
    let add = ws.run(&["ledger", "add", "rexian_ticket", "ticket_no=RX10", "受理日期=2024-12-01", "status=已处理"]);
    assert_eq!(add.code, 0, "{}", add.render());
    // The second ticket was handled after all; the first is dropped from the file.
    std::fs::write(
        ws.path().join("more.csv"),
        "工单编号,受理日期,问题类别,状态,办理用时\nRX2024111209,2024-11-12,道路,已处理,3\n",
    )
    .unwrap();
    let run = ws.run(&["ledger", "import", "rexian_ticket", "more.csv"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_snapshot!(run.stdout, @"imported 1 of 1 row(s) of 热线工单 (rexian_ticket) from more.csv; revision 2 of the file: 2 row(s) of its earlier version no longer counted");
    let list = ws.run(&["ledger", "list", "rexian_ticket", "--year", "2024"]);
    assert_snapshot!(list.stdout, @r"
    行号     工单编号      受理日期    问题类别  办理状态      办理用时  来源
    2024-1   RX2024010201  2024-01-02  供暖      已处理        3.5       ledger/hotline.csv:3
    2024-2   RX2024011502  2024-01-15  道路      已处理        12        ledger/hotline.csv:4
    2024-3   RX2024022003  2024-02-20  噪音      已处理                  ledger/hotline.csv:5
    2024-4   RX2024031104  2024-03-11  物业      正在核实处理            ledger/hotline.csv:6
    2024-5   RX2024040805  2024-04-08  道路      已处理        6         ledger/hotline.csv:7
    2024-6   RX2024061806  2024-06-18  用水      已处理        2         ledger/hotline.csv:8
    2024-7   RX2024091207  2024-09-12  环境卫生  正在核实处理            ledger/hotline.csv:9
    2024-10  RX10          2024-12-01            已处理                  ledger add
    2024-11  RX2024111209  2024-11-12  道路      已处理        3         more.csv:2
    9 row(s) of 热线工单 (rexian_ticket) in 2024
    ");
    let history = ws.run(&["--json", "ledger", "list", "rexian_ticket", "--history"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&history.stdout).unwrap();
    let replaced: Vec<&serde_json::Value> = rows.iter().filter(|row| row.get("superseded").is_some()).collect();
    assert_eq!(replaced.len(), 2);
    assert!(replaced.iter().all(|row| row["superseded"]["cause"] == "revision" && row["superseded"]["revision"] == 2));
    // The report counts the current rows: 8 tickets, 7 handled.
    let report = ws.run(&["report", "--year", "2024"]);
    assert!(report.stdout.contains("全镇接到12345便民热线反映问题9件，"), "{}", report.stdout);
    assert!(report.stdout.contains("已处理7件，正在核实处理2件"), "{}", report.stdout);
}

#[test]
fn a_row_is_voided_and_corrected_with_who_and_why_in_the_audit_log() {
    let ws = Fixture::new("report-town");
    let before = ws.run(&["report", "--year", "2024"]);
    assert!(before.stdout.contains("反映问题7件，已处理5件，正在核实处理2件"), "{}", before.stdout);
    let run = ws.run(&[
        "ledger",
        "correct",
        "rexian_ticket",
        "2024-4",
        "办理状态=已处理",
        "hours=5",
        "--reason",
        "已电话回访，办结",
    ]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_snapshot!(run.stdout, @"corrected row 2024-4 of 热线工单 (rexian_ticket): 办理状态 正在核实处理 → 已处理，办理用时 （空） → 5; the corrected row is 2024-8 (audit #2)");
    let run = ws.run(&["ledger", "void", "rexian_ticket", "2024-7", "--reason", "重复工单", "--by", "孙丽"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_snapshot!(run.stdout, @"voided row 2024-7 of 热线工单 (rexian_ticket) (audit #3)");
    let after = ws.run(&["report", "--year", "2024"]);
    assert!(after.stdout.contains("反映问题6件，已处理6件，正在核实处理0件"), "{}", after.stdout);
    assert_eq!(ws.run(&["report", "--check"]).code, 0);

    let log = ws.run(&["--json", "audit", "log"]);
    let entries: Vec<serde_json::Value> = serde_json::from_str(&log.stdout).unwrap();
    let (correct, void) = (&entries[1], &entries[2]);
    assert_eq!(correct["action"], "ledger.correct");
    assert_eq!(void["action"], "ledger.void");
    assert_eq!(void["actor"], "sun_li");
    let detail = |entry: &serde_json::Value| -> serde_json::Value {
        serde_json::from_str(entry["detail"].as_str().unwrap()).unwrap()
    };
    assert_eq!(
        detail(correct),
        serde_json::json!({
            "row": "2024-4", "id": (2024_i64 << 40) + 3, "reason": "已电话回访，办结", "replacement": "2024-8",
            "changes": { "status": ["正在核实处理", "已处理"], "hours": [null, 5.0] },
        })
    );
    assert_eq!(detail(void), serde_json::json!({ "row": "2024-7", "id": (2024_i64 << 40) + 6, "reason": "重复工单" }));
    assert_eq!(ws.run(&["audit", "verify"]).code, 0);

    let history = ws.run(&["ledger", "list", "rexian_ticket", "--year", "2024", "--history"]);
    assert_snapshot!(history.stdout.replace(&correct["actor"].as_str().unwrap().to_string(), "[USER]"), @r"
    行号    工单编号      受理日期    问题类别  办理状态      办理用时  来源                  状态
    2024-1  RX2024010201  2024-01-02  供暖      已处理        3.5       ledger/hotline.csv:3  当前
    2024-2  RX2024011502  2024-01-15  道路      已处理        12        ledger/hotline.csv:4  当前
    2024-3  RX2024022003  2024-02-20  噪音      已处理                  ledger/hotline.csv:5  当前
    2024-4  RX2024031104  2024-03-11  物业      正在核实处理            ledger/hotline.csv:6  已更正为2024-8（[USER]：已电话回访，办结）
    2024-8  RX2024031104  2024-03-11  物业      已处理        5         ledger/hotline.csv:6  当前
    2024-5  RX2024040805  2024-04-08  道路      已处理        6         ledger/hotline.csv:7  当前
    2024-6  RX2024061806  2024-06-18  用水      已处理        2         ledger/hotline.csv:8  当前
    2024-7  RX2024091207  2024-09-12  环境卫生  正在核实处理            ledger/hotline.csv:9  已作废（sun_li：重复工单）
    6 row(s) of 热线工单 (rexian_ticket) in 2024, and 2 no longer counted
    ");

    // The file changed elsewhere later: the correction and the void stay in force.
    let csv = ws.path().join("ledger/hotline.csv");
    let mut text = std::fs::read_to_string(&csv).unwrap();
    text.push_str("RX2024120108,2024-12-01,道路,已处理,1\n");
    std::fs::write(&csv, text).unwrap();
    let later = ws.run(&["report", "--year", "2024"]);
    assert!(later.stdout.contains("反映问题7件，已处理7件，正在核实处理0件"), "{}", later.stdout);
}

#[test]
fn a_bad_correction_exits_2_and_changes_nothing() {
    let ws = Fixture::new("report-town");
    assert_eq!(ws.run(&["ledger", "void", "rexian_ticket", "2024-7", "--reason", "重复工单"]).code, 0);
    let state = ws.state();
    let cases: &[(&[&str], &str)] = &[
        (
            &["ledger", "correct", "rexian_ticket", "2024-99", "hours=1", "--reason", "x"],
            "rexian_ticket has no row 2024-99",
        ),
        (
            &["ledger", "correct", "rexian_ticket", "2023-2", "hours=1", "--reason", "x"],
            "rexian_ticket has no row 2023-2",
        ),
        (
            &["ledger", "correct", "rexian_ticket", "第三行", "hours=1", "--reason", "x"],
            "row \"第三行\": name a row by its number",
        ),
        (
            &["ledger", "correct", "rexian_ticket", "2024-7", "hours=1", "--reason", "x"],
            "row 2024-7 of rexian_ticket is no longer counted: it was voided",
        ),
        (&["ledger", "void", "rexian_ticket", "2024-7", "--reason", "x"], "is no longer counted"),
        (
            &["ledger", "correct", "rexian_ticket", "2024-2", "minutes=1", "--reason", "x"],
            "热线工单: no field \"minutes\"",
        ),
        (
            &["ledger", "correct", "rexian_ticket", "2024-2", "hours=半天", "--reason", "x"],
            "办理用时: \"半天\" is not a number",
        ),
        (
            &["ledger", "correct", "rexian_ticket", "2024-2", "received_on=明天", "--reason", "x"],
            "受理日期: invalid date \"明天\"",
        ),
        (
            &["ledger", "correct", "rexian_ticket", "2024-2", "status=办完了", "--reason", "x"],
            "办理状态: \"办完了\" is not one of the allowed values",
        ),
        (&["ledger", "correct", "rexian_ticket", "2024-2", "ticket_no=", "--reason", "x"], "工单编号 is required"),
        (
            &["ledger", "correct", "rexian_ticket", "2024-2", "hours=12", "--reason", "x"],
            "row 2024-2 already has these values",
        ),
        (&["ledger", "correct", "rexian_ticket", "2024-2", "hours", "--reason", "x"], "\"hours\": write FIELD=VALUE"),
        (&["ledger", "correct", "rexian_ticket", "2024-2", "hours=1", "--reason", " "], "--reason: say why"),
        (
            &["ledger", "correct", "rexian_ticket", "2024-2", "hours=1", "--reason", "x", "--by", "nobody"],
            "--by: unknown person \"nobody\"",
        ),
        (
            &["ledger", "correct", "no_such_kind", "2024-2", "hours=1", "--reason", "x"],
            "unknown ledger kind \"no_such_kind\"",
        ),
        (&["ledger", "correct", "rexian_ticket", "2024-2", "hours=1"], "--reason"),
        (&["ledger", "void", "rexian_ticket", "2024-2"], "--reason"),
    ];
    for (args, message) in cases {
        let run = ws.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.render());
        assert!(run.stderr.contains(message), "{args:?}: {}", run.render());
        assert_eq!(ws.state(), state, "{args:?} changed the state");
    }
}
