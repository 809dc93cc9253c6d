//! `fazhi ledger`: imports are all or nothing and once only, bad files are named by line and
//! column and change nothing, rows keep their source.

use insta::assert_snapshot;

use crate::support::Fixture;

const MORE: &str = "工单编号,受理日期,问题类别,状态,办理用时\nRX2024110108,2024-11-01,供暖,已处理,1\nRX2024111209,2024-11-12,道路,正在核实处理,\n";

#[test]
fn declared_files_are_imported_once_when_the_state_is_opened() {
    let ws = Fixture::new("report-town");
    assert_snapshot!(ws.run(&["ledger", "kinds"]).render());
    assert_snapshot!(ws.run(&["ledger", "list", "rexian_ticket", "--year", "2024"]).render());
    let state = ws.state();
    // Opening the state again imports nothing more.
    assert_eq!(ws.run(&["ledger", "list", "热线工单"]).code, 0);
    assert_eq!(ws.state(), state);
}

#[test]
fn importing_the_same_file_twice_adds_nothing_the_second_time() {
    let ws = Fixture::new("report-town");
    std::fs::write(ws.path().join("more.csv"), MORE).unwrap();
    let first = ws.run(&["ledger", "import", "rexian_ticket", "more.csv"]);
    assert_eq!(first.code, 0, "{}", first.render());
    assert_snapshot!(first.stdout, @"imported 2 of 2 row(s) of 热线工单 (rexian_ticket) from more.csv");
    let state = ws.state();
    let second = ws.run(&["ledger", "import", "rexian_ticket", "more.csv"]);
    assert_snapshot!(second.stdout, @"imported 0 of 2 row(s) of 热线工单 (rexian_ticket) from more.csv; 2 were recorded before");
    assert_eq!(ws.state(), state, "the second import wrote nothing");
    let rows = ws.run(&["--json", "ledger", "list", "rexian_ticket", "--year", "2024"]);
    let rows: serde_json::Value = serde_json::from_str(&rows.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 9);
    assert_eq!(rows[7]["source"], "more.csv");
    assert_eq!(rows[7]["source_row"], 2);
}

#[test]
fn a_bad_file_is_refused_whole_with_every_problem_located() {
    let ws = Fixture::new("report-town");
    ws.run(&["ledger", "kinds"]);
    let state = ws.state();
    let bad = "工单编号,受理日期,问题类别,办理状态\nRX1,2024-02-30,道路,已处理\nRX2,2024-03-01,道路,已完成\n,2024-03-02,道路,已处理\nRX4,2024-03-03,道路,已处理\n";
    std::fs::write(ws.path().join("bad.csv"), bad).unwrap();
    let run = ws.run(&["ledger", "import", "rexian_ticket", "bad.csv"]);
    assert_eq!(run.code, 2);
    assert_snapshot!(run.render());
    assert_eq!(ws.state(), state, "nothing of the file was stored");

    std::fs::write(ws.path().join("header.csv"), "编号,受理日期,办理状态\nRX1,2024-01-02,已处理\n").unwrap();
    let run = ws.run(&["ledger", "import", "rexian_ticket", "header.csv"]);
    assert_eq!(run.code, 2);
    assert_snapshot!(run.render());
    assert_eq!(ws.state(), state);
}

#[test]
fn gbk_files_from_excel_are_read() {
    let ws = Fixture::new("report-town");
    // "工单编号,受理日期,办理状态\nRX9,2024-05-06,已处理\n" in GBK, as Excel in China saves it.
    let mut gbk: Vec<u8> = vec![0xB9, 0xA4, 0xB5, 0xA5, 0xB1, 0xE0, 0xBA, 0xC5, b','];
    gbk.extend([0xCA, 0xDC, 0xC0, 0xED, 0xC8, 0xD5, 0xC6, 0xDA, b',']);
    gbk.extend([0xB0, 0xEC, 0xC0, 0xED, 0xD7, 0xB4, 0xCC, 0xAC, b'\n']);
    gbk.extend(b"RX9,2024-05-06,");
    gbk.extend([0xD2, 0xD1, 0xB4, 0xA6, 0xC0, 0xED, b'\n']);
    std::fs::write(ws.path().join("gbk.csv"), gbk).unwrap();
    let run = ws.run(&["ledger", "import", "rexian_ticket", "gbk.csv"]);
    assert_eq!(run.code, 0, "{}", run.render());
    let rows = ws.run(&["--json", "ledger", "list", "rexian_ticket"]);
    assert!(rows.stdout.contains("\"status\": \"已处理\"") && rows.stdout.contains("RX9"), "{}", rows.stdout);
}

#[test]
fn rows_added_by_hand_keep_their_source() {
    let ws = Fixture::new("report-town");
    let run = ws.run(&["ledger", "add", "rexian_ticket", "ticket_no=RX10", "受理日期=2024-12-01", "status=已处理"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_snapshot!(run.stdout, @"added 1 row of 热线工单 (rexian_ticket) for 2024");
    let state = ws.state();
    let bad = ws.run(&["ledger", "add", "rexian_ticket", "ticket_no=RX11", "received_on=明天", "status=已处理"]);
    assert_eq!(bad.code, 2);
    assert_snapshot!(bad.render());
    assert_eq!(ws.state(), state);
    let unknown = ws.run(&["ledger", "add", "no_such_kind", "a=b"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("unknown ledger kind \"no_such_kind\""), "{}", unknown.stderr);
}

#[test]
fn several_files_are_imported_in_one_go_all_or_nothing() {
    let ws = Fixture::new("report-town");
    std::fs::write(ws.path().join("more.csv"), MORE).unwrap();
    std::fs::write(ws.path().join("bad.csv"), "工单编号,受理日期,问题类别,办理状态\nRX1,2024-02-30,道路,已处理\n")
        .unwrap();
    ws.run(&["ledger", "kinds"]);
    let state = ws.state();
    let run = ws.run(&["ledger", "import", "rexian_ticket=more.csv", "rexian_ticket=bad.csv"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(run.stderr.contains("bad.csv:2:2:"), "{}", run.render());
    assert_eq!(ws.state(), state, "nothing of either file was stored");

    let run = ws.run(&["ledger", "import", "rexian_ticket=more.csv", "热线工单=more.csv"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_eq!(
        run.stdout,
        "imported 2 of 2 row(s) of 热线工单 (rexian_ticket) from more.csv\n\
         imported 0 of 2 row(s) of 热线工单 (rexian_ticket) from more.csv; 2 were recorded before\n"
    );
    let rows = ws.run(&["--json", "ledger", "list", "rexian_ticket", "--year", "2024"]);
    let rows: serde_json::Value = serde_json::from_str(&rows.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 9);

    let run = ws.run(&["ledger", "import", "rexian_ticket=more.csv", "patrol", "--map", "a=b"]);
    assert_eq!(run.code, 2, "{}", run.render());
    let run = ws.run(&["ledger", "import", "rexian_ticket=more.csv", "rexian_ticket=more.csv", "--map", "a=b"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(run.stderr.contains("--sheet and --map apply to one file"), "{}", run.render());
}

/// A module declaring the kinds `a-b` and `x612d62`, whose tables were once both named
/// `ledger_kind_x612d62`.
const LOOKALIKE_KINDS: &str = r#"(
    id: "lookalike",
    title: "两种台账",
    ledger_kinds: [
        (id: "a-b", name: "甲台账", fields: [(id: "code", label: "编号", type: "text"), (id: "year", label: "年度", type: "integer")]),
        (id: "x612d62", name: "乙台账", fields: [(id: "code", label: "编号", type: "text"), (id: "year", label: "年度", type: "integer")]),
    ],
)
"#;

#[test]
fn kinds_whose_table_names_once_collided_each_list_only_their_own_rows() {
    let ws = Fixture::new("toy-module");
    std::fs::create_dir(ws.path().join("rules/lookalike")).unwrap();
    std::fs::write(ws.path().join("rules/lookalike/module.ron"), LOOKALIKE_KINDS).unwrap();
    std::fs::write(ws.path().join("a.csv"), "编号,年度\nA1,2024\nA2,2024\n").unwrap();
    std::fs::write(ws.path().join("x.csv"), "编号,年度\nX1,2024\n").unwrap();
    for (kind, file) in [("a-b", "a.csv"), ("x612d62", "x.csv")] {
        let run = ws.run(&["ledger", "import", kind, file]);
        assert_eq!(run.code, 0, "{}", run.render());
    }
    let codes = |kind: &str| -> Vec<String> {
        let run = ws.run(&["--json", "ledger", "list", kind]);
        assert_eq!(run.code, 0, "{}", run.render());
        let rows: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        rows.as_array().unwrap().iter().map(|row| row["values"]["code"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(codes("a-b"), ["A1", "A2"]);
    assert_eq!(codes("x612d62"), ["X1"]);
}

#[test]
fn a_fifo_is_refused_as_a_ledger_file_without_waiting_for_it() {
    let ws = Fixture::new("report-town");
    let fifo = ws.path().join("pipe.csv");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    ws.run(&["ledger", "kinds"]);
    let state = ws.state();
    let run = ws
        .run_within(&["ledger", "import", "rexian_ticket", "pipe.csv"], std::time::Duration::from_secs(20))
        .expect("fazhi waited on the FIFO");
    assert_eq!(run.code, 2, "{}", run.render());
    assert_snapshot!(run.stderr, @"error: cannot read pipe.csv: it is not a regular file but a FIFO (named pipe)");
    assert_eq!(ws.state(), state);
}

#[test]
fn a_storage_file_that_is_not_a_database_is_refused_and_left_as_it_is() {
    for (content, reason) in
        [(&b""[..], "it is empty"), (&b"notes, not a database\n"[..], "it does not begin with the SQLite header")]
    {
        let ws = Fixture::new("toy-module");
        let config = std::fs::read_to_string(ws.path().join("fazhi.ron")).unwrap();
        std::fs::write(
            ws.path().join("fazhi.ron"),
            config.replace("year: 2024,", "year: 2024,\n    storage: \"notes.txt\","),
        )
        .unwrap();
        std::fs::write(ws.path().join("notes.txt"), content).unwrap();
        let run = ws.run(&["tasks"]);
        assert_eq!(run.code, 2, "{}", run.render());
        assert!(
            run.stderr.contains(&format!("[WS]/notes.txt is not a SQLite database ({reason})")),
            "{}",
            run.render()
        );
        assert_eq!(std::fs::read(ws.path().join("notes.txt")).unwrap(), content);
        assert!(!ws.path().join("notes.txt-wal").exists());
    }
}
