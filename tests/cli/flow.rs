//! `fazhi flow`: workflows, their instances walked step by step, plans, pictures, and the open
//! steps in `fazhi tasks`.

use insta::assert_snapshot;

use crate::support::Fixture;

/// Runs each command (with `--today`) and collects `$ fazhi …` and what it printed.
fn session(ws: &Fixture, steps: &[(&str, &[&str])]) -> String {
    let mut out = String::new();
    for (today, args) in steps {
        let run = ws.run(&[&["--today", today], *args].concat());
        out.push_str(&format!("$ fazhi --today {today} {}\n{}\n", args.join(" "), run.render()));
    }
    out
}

#[test]
fn the_workflows_are_the_stock_ones_and_the_workspaces_own() {
    let ws = Fixture::new("flow-town");
    assert_snapshot!(ws.run(&["flow", "workflows"]).render());
}

#[test]
fn the_major_decision_plan_counts_working_days_across_national_day() {
    let ws = Fixture::new("flow-town");
    // From 15 September the comment period ends on 15 October, after 国庆; the review's 7
    // working days are 16, 17 and 20–24 October.
    assert_snapshot!(
        "plan_major_decision_2025_09_15",
        ws.run(&["flow", "plan", "major_decision", "--start", "2025-09-15"]).render()
    );
    // From 25 August they run across 国庆: 25, 26, 28 (a worked Sunday), 29, 30 September, 9, 10 October.
    assert_snapshot!(
        "plan_major_decision_2025_08_25",
        ws.run(&["flow", "plan", "major_decision", "--start", "2025-08-25"]).render()
    );
    assert_snapshot!(
        "plan_enforcement_case",
        ws.run(&["flow", "plan", "enforcement_case", "--start", "2025-09-22"]).render()
    );
    let run = ws.run(&["--json", "flow", "plan", "annual_report", "--start", "2025-01-06"]);
    let plan: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(plan["steps"][4]["latest"]["date"], "2025-03-31");
}

#[test]
fn a_major_decision_is_walked_from_launch_to_archive() {
    let ws = Fixture::new("flow-town");
    let out = session(
        &ws,
        &[
            ("2025-09-15", &["flow", "start", "major_decision", "jc-2025-01", "--data", "decisions/jc-2025-01.ron"]),
            ("2025-09-15", &["flow", "done", "jc-2025-01", "qidong"]),
            ("2025-09-15", &["flow", "done", "jc-2025-01", "zhengqiu_yijian", "--note", "在政府网站公开征求意见"]),
            // Refused: the comment period is at least 30 days.
            ("2025-10-10", &["flow", "done", "jc-2025-01", "zhengqiu_jieshu"]),
            // Refused: a guarded step that does not apply.
            ("2025-10-10", &["flow", "done", "jc-2025-01", "fengxian_pinggu"]),
            ("2025-10-10", &["flow", "done", "jc-2025-01", "zhuanjia_lunzheng", "--at", "2025-09-30"]),
            ("2025-10-15", &["flow", "done", "jc-2025-01", "zhengqiu_jieshu"]),
            ("2025-10-16", &["flow", "done", "jc-2025-01", "yijian_huizong"]),
            ("2025-10-17", &["flow", "done", "jc-2025-01", "songshen"]),
            ("2025-10-20", &["flow", "status", "jc-2025-01"]),
            ("2025-10-20", &["tasks", "--due-within", "30d"]),
            ("2025-10-20", &["tasks", "--owner", "何平"]),
            // Refused: 7 working days of review from 17 October end on 28 October.
            ("2025-10-27", &["flow", "done", "jc-2025-01", "hefaxing_shencha"]),
            // Refused: the decision cannot be taken before the legality review.
            ("2025-10-27", &["flow", "done", "jc-2025-01", "jiti_taolun"]),
            ("2025-10-28", &["flow", "done", "jc-2025-01", "hefaxing_shencha", "--by", "何平"]),
            ("2025-10-28", &["flow", "done", "jc-2025-01", "falv_guwen"]),
            ("2025-10-29", &["flow", "done", "jc-2025-01", "jiti_taolun"]),
            ("2025-10-30", &["flow", "done", "jc-2025-01", "dangwei_baogao"]),
            ("2025-11-03", &["flow", "done", "jc-2025-01", "gongbu"]),
            ("2025-11-04", &["flow", "done", "jc-2025-01", "guidang"]),
            ("2025-11-04", &["flow", "status", "jc-2025-01"]),
            ("2025-11-04", &["flow", "list"]),
        ],
    );
    assert_snapshot!(out);
    let audit = ws.run(&["audit", "verify"]);
    assert_eq!(audit.code, 0, "{}", audit.render());
}

#[test]
fn an_enforcement_case_skips_the_hearing_and_keeps_its_time_limits() {
    let ws = Fixture::new("flow-town");
    let out = session(
        &ws,
        &[
            ("2025-09-01", &["flow", "start", "enforcement_case", "zf-2025-03", "--data", "decisions/zf-2025-03.ron"]),
            ("2025-09-01", &["flow", "done", "zf-2025-03", "lian"]),
            ("2025-09-05", &["flow", "done", "zf-2025-03", "diaocha"]),
            ("2025-09-10", &["flow", "done", "zf-2025-03", "gaozhi"]),
            ("2025-09-20", &["flow", "done", "zf-2025-03", "tingzheng"]),
            ("2025-09-22", &["flow", "done", "zf-2025-03", "fazhi_shenhe"]),
            ("2025-09-22", &["tasks", "--module", "enforcement"]),
            ("2025-09-26", &["flow", "done", "zf-2025-03", "jueding"]),
            // 7 working days from 26 September, across 国庆, end on 13 October.
            ("2025-10-14", &["flow", "status", "zf-2025-03"]),
            ("2025-10-14", &["flow", "done", "zf-2025-03", "songda", "--by", "李静", "--note", "邮寄送达"]),
            ("2025-10-14", &["flow", "reopen", "zf-2025-03", "lian"]),
            ("2025-10-14", &["flow", "graph", "--instance", "zf-2025-03", "--format", "dot"]),
        ],
    );
    assert_snapshot!(out);
}

#[test]
fn a_contract_an_annual_report_and_a_local_workflow_are_walked_through() {
    let ws = Fixture::new("flow-town");
    let mut steps: Vec<(&str, Vec<&str>)> = vec![
        ("2025-06-02", vec!["flow", "start", "major_contract", "ht-2025-02", "--data", "decisions/ht-2025-02.ron"]),
        ("2025-01-06", vec!["flow", "start", "annual_report", "report-2024", "--data", "decisions/report-2024.ron"]),
    ];
    for (step, on) in [("niding", "2025-06-03"), ("xiangduifang", "2025-06-05"), ("falv_yijian", "2025-06-09")] {
        steps.push((on, vec!["flow", "done", "ht-2025-02", step]));
    }
    steps.push(("2025-06-09", vec!["flow", "status", "ht-2025-02"]));
    for (step, on) in [("qianding", "2025-06-10"), ("guidang", "2025-06-11")] {
        steps.push((on, vec!["flow", "done", "ht-2025-02", step]));
    }
    for (step, on) in [
        ("shouji", "2025-01-20"),
        ("qicao", "2025-02-14"),
        ("falv_shenhe", "2025-02-21"),
        ("dangwei_shenyi", "2025-03-05"),
    ] {
        steps.push((on, vec!["flow", "done", "report-2024", step]));
    }
    steps.push(("2025-03-25", vec!["tasks", "--module", "report"]));
    for (step, on) in [("baosong", "2025-03-20"), ("gongkai", "2025-03-28"), ("guidang", "2025-04-03")] {
        steps.push(("2025-04-03", vec!["flow", "done", "report-2024", step, "--at", on]));
    }
    steps.push((
        "2025-09-26",
        vec!["flow", "start", "disclosure_application", "ysq-2025-07", "--data", "decisions/ysq-2025-07.ron"],
    ));
    steps.push(("2025-09-26", vec!["flow", "done", "ysq-2025-07", "dengji"]));
    steps.push(("2025-09-30", vec!["flow", "done", "ysq-2025-07", "banli"]));
    steps.push(("2025-11-01", vec!["tasks", "--module", "disclosure"]));
    steps.push(("2025-11-01", vec!["flow", "list"]));
    let steps: Vec<(&str, &[&str])> = steps.iter().map(|(today, args)| (*today, args.as_slice())).collect();
    assert_snapshot!(session(&ws, &steps));
}

#[test]
fn a_refused_step_changes_nothing() {
    let ws = Fixture::new("flow-town");
    let run = ws.run(&[
        "--today",
        "2025-09-15",
        "flow",
        "start",
        "major_decision",
        "jc",
        "--data",
        "decisions/jc-2025-01.ron",
    ]);
    assert_eq!(run.code, 0, "{}", run.render());
    let before = ws.state();
    let evidence = ws.path().join("公告.txt");
    std::fs::write(&evidence, "征求意见公告\n").unwrap();
    for args in [
        &["flow", "done", "jc", "guidang"][..],
        &["flow", "done", "jc", "qidong", "--at", "2025-09-14"],
        &["flow", "done", "jc", "qidong", "--at", "2025-09-16"],
        &["flow", "done", "jc", "nope"],
        &["flow", "done", "jc", "zhengqiu_yijian", "--evidence", evidence.to_str().unwrap()],
        &["flow", "done", "nope", "qidong"],
        &["flow", "start", "major_decision", "jc", "--data", "decisions/jc-2025-01.ron"],
        &["flow", "start", "major_decision", "jc2", "--data", "decisions/ht-2025-02.ron"],
        &["flow", "start", "major_decision", "jc2", "--data", "decisions/missing.ron"],
        &["flow", "plan", "major_decision", "--start", "2101-06-01"],
        &["flow", "graph", "major_decision", "--format", "png"],
    ] {
        let run = ws.run(&[&["--today", "2025-09-15"], args].concat());
        assert_eq!(run.code, 2, "{}", run.render());
    }
    assert_eq!(ws.state(), before);
    assert!(!ws.path().join(".fazhi/evidence").exists(), "a refused step keeps no evidence");
    let mut out = String::new();
    for args in [
        &["flow", "done", "jc", "guidang"][..],
        &["flow", "done", "jc", "qidong", "--at", "2025-09-16"],
        &["flow", "done", "jc", "nope"],
        &["flow", "start", "major_decision", "jc2", "--data", "decisions/ht-2025-02.ron"],
        &["flow", "plan", "major_decision", "--start", "2101-06-01"],
    ] {
        let run = ws.run(&[&["--today", "2025-09-15"], args].concat());
        out.push_str(&format!("$ fazhi {}\n{}\n", args.join(" "), run.render()));
    }
    assert_snapshot!(out);
}

#[test]
fn the_graph_of_a_workflow_as_mermaid_and_dot() {
    let ws = Fixture::new("flow-town");
    assert_snapshot!("graph_major_decision_mermaid", ws.run(&["flow", "graph", "major_decision"]).render());
    assert_snapshot!(
        "graph_major_contract_dot",
        ws.run(&["flow", "graph", "major_contract", "--format", "dot"]).render()
    );
}

#[test]
fn every_problem_of_every_workflow_file_is_reported_with_its_position() {
    let ws = Fixture::new("flow-invalid");
    assert_snapshot!(ws.run(&["flow", "workflows"]).render());
}

#[test]
fn status_as_json() {
    let ws = Fixture::new("flow-town");
    ws.run(&["--today", "2025-09-01", "flow", "start", "enforcement_case", "zf", "--data", "decisions/zf-2025-03.ron"]);
    let run = ws.run(&["--today", "2025-09-01", "--json", "flow", "status", "zf"]);
    assert_eq!(run.code, 0, "{}", run.render());
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["steps"][0]["state"], "open");
    assert_eq!(value["steps"][0]["assignee"]["person"], "jin_tao");
    assert_eq!(value["steps"][3]["state"], "skipped");
    assert_eq!(value["steps"][6]["state"], "waiting");
    assert_snapshot!(serde_json::to_string_pretty(&value["steps"][6]).unwrap());
}

#[test]
fn open_steps_of_the_example_workspaces_instances_appear_in_tasks() {
    let ws = Fixture::example("wangtuan-2024");
    std::fs::create_dir_all(ws.path().join("decisions")).unwrap();
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/flow-town/decisions/zf-2025-03.ron"),
        ws.path().join("decisions/zf-2025-03.ron"),
    )
    .unwrap();
    let out = session(
        &ws,
        &[
            ("2025-03-03", &["flow", "start", "enforcement_case", "zf-2025-03", "--data", "decisions/zf-2025-03.ron"]),
            ("2025-03-03", &["flow", "done", "zf-2025-03", "lian"]),
            ("2025-03-10", &["flow", "done", "zf-2025-03", "diaocha"]),
            ("2025-03-12", &["flow", "done", "zf-2025-03", "gaozhi"]),
            ("2025-03-14", &["flow", "done", "zf-2025-03", "fazhi_shenhe"]),
            ("2025-03-20", &["tasks", "--module", "enforcement"]),
            ("2025-03-20", &["tasks", "--owner", "杨华", "--due-within", "90d"]),
        ],
    );
    assert_snapshot!(out);
}

#[test]
fn the_review_gate_blocks_an_incomplete_dossier_with_the_rules_findings() {
    let ws = Fixture::new("flow-town");
    let id = "jc-2025-04";
    let steps: Vec<(&str, Vec<&str>)> = vec![
        ("2025-09-15", vec!["flow", "start", "major_decision", id, "--data", "decisions/jc-2025-04.ron"]),
        ("2025-09-15", vec!["flow", "done", id, "qidong"]),
        ("2025-09-15", vec!["flow", "done", id, "zhengqiu_yijian"]),
        ("2025-10-10", vec!["flow", "done", id, "zhuanjia_lunzheng"]),
        ("2025-10-15", vec!["flow", "done", id, "zhengqiu_jieshu"]),
        ("2025-10-16", vec!["flow", "done", id, "yijian_huizong"]),
        ("2025-10-17", vec!["flow", "done", id, "songshen"]),
    ];
    for (today, args) in &steps {
        let run = ws.run(&[&["--today", today], args.as_slice()].concat());
        assert_eq!(run.code, 0, "{}", run.render());
    }
    let status = ws.run(&["--today", "2025-10-28", "flow", "status", id]);
    assert_eq!(status.code, 0, "{}", status.render());
    assert!(status.stdout.contains("《重大行政决策程序暂行条例》第二十五条"), "{}", status.stdout);
    let before = ws.state();
    let refused = ws.run(&["--today", "2025-10-28", "flow", "done", id, "hefaxing_shencha"]);
    assert_eq!(refused.code, 2, "{}", refused.render());
    assert_eq!(before, ws.state(), "a refused gate changes nothing");
    assert_snapshot!(format!("{}\n$ fazhi flow done {id} hefaxing_shencha\n{}", status.render(), refused.render()));
}

#[test]
fn a_disclosure_request_plans_its_reply_and_its_steps_show_in_tasks_and_remind() {
    let ws = Fixture::new("flow-town");
    // The village committee's opinion, received on 10/10, recorded in the dossier's next version.
    let first = std::fs::read_to_string(ws.path().join("decisions/gk-2025-02.ron")).unwrap();
    let second =
        first.replace("consulted_on: \"2025-09-17\")", "consulted_on: \"2025-09-17\", replied_on: \"2025-10-10\")");
    assert_ne!(first, second);
    std::fs::write(ws.path().join("decisions/gk-2025-02-v2.ron"), second).unwrap();
    let data = ["--data", "decisions/gk-2025-02.ron"];
    let out = session(
        &ws,
        &[
            ("2025-09-03", &[&["flow", "start", "disclosure_request", "gk-2025-02"][..], &data].concat()),
            ("2025-09-03", &["flow", "done", "gk-2025-02", "dengji"]),
            ("2025-09-08", &["flow", "done", "gk-2025-02", "buzheng"]),
            ("2025-09-15", &["flow", "done", "gk-2025-02", "buzheng_shoudao"]),
            ("2025-09-17", &["flow", "done", "gk-2025-02", "zhengqiu"]),
            // The reply's 20 working days from 9/15 stand still while the village committee is
            // consulted (up to today, 10/9: 11 working days); its own 15 working days end on 10/14.
            ("2025-10-09", &["tasks", "--module", "disclosure"]),
            ("2025-10-09", &["flow", "status", "gk-2025-02"]),
            ("2025-10-10", &["flow", "done", "gk-2025-02", "disanfang_yijian"]),
            ("2025-10-10", &["flow", "data", "gk-2025-02", "decisions/gk-2025-02-v2.ron", "--by", "李静"]),
            // 12 working days paused (9/18–10/10): the reply is due on 11/4, as the review says.
            ("2025-10-10", &["tasks", "--module", "disclosure"]),
            ("2025-10-10", &["review", "decisions/gk-2025-02-v2.ron"]),
            // Three working days before: the owner is reminded.
            ("2025-10-30", &["remind", "--dry-run"]),
        ],
    );
    assert!(out.contains("gk-2025-02/dafu  2025-11-04"), "{out}");
    assert!(out.contains("即不晚于2025-11-04答复申请人"), "{out}");
    assert_snapshot!(out);
}
