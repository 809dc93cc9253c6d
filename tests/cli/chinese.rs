//! fazhi speaks Chinese by default (issue 22, part 1): the example's task list, a review, the
//! reminders' dry run, the report check and `--help`, snapshotted as a clerk sees them; English
//! with `--lang en`, `FAZHI_LANG=en` or an English locale. (Every other test asks for English
//! with `FAZHI_LANG=en`, see `support.rs`.)

use insta::assert_snapshot;

use crate::support::Fixture;

const TODAY: &str = "2025-03-20";

/// Asserts that `text` holds every one of `words`, showing `shown` (the whole run) when not.
fn assert_says(text: &str, words: &[&str], shown: &str) {
    for word in words {
        assert!(text.contains(word), "{word} missing:\n{shown}");
    }
}

/// Runs `fazhi --lang zh check` on `ws`: it must fail (exit 2) and say every one of `words` on
/// stderr.
fn check_says(ws: &Fixture, words: &[&str]) {
    let check = ws.run(&["--lang", "zh", "check"]);
    assert_eq!(check.code, 2, "{}", check.render());
    assert_says(&check.stderr, words, &check.render());
}

/// Runs `fazhi -C WS --lang zh ARGS…` on `ws`.
fn chinese(ws: &Fixture, args: &[&str]) -> crate::support::Run {
    ws.run(&[&["--lang", "zh", "--today", TODAY], args].concat())
}

#[test]
fn the_examples_task_list_is_chinese_and_counts_overdue_in_working_days() {
    let ws = Fixture::example("wangtuan-2024");
    let run = chinese(&ws, &["tasks", "--due-within", "14d"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_says(
        &run.stdout,
        &["编号", "期限", "剩余时间", "责任单位", "已逾期", "个工作日（", "其中逾期"],
        &run.stdout,
    );
    for word in ["DEADLINE", "overdue", "task(s)", "days"] {
        assert!(!run.stdout.contains(word), "{word} in:\n{}", run.stdout);
    }
    assert_snapshot!(run.render());
}

#[test]
fn a_task_its_review_its_reminders_and_the_report_check_are_chinese() {
    let ws = Fixture::example("wangtuan-2024");
    let mut out = String::new();
    let tasks = chinese(&ws, &["--json", "tasks", "--overdue"]);
    let tasks: serde_json::Value = serde_json::from_str(&tasks.stdout).unwrap();
    let overdue = tasks[0]["id"].as_str().unwrap().to_string();
    let review = ws.path().join("dossier.ron");
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules/examples/major_decision.ron"),
        &review,
    )
    .unwrap();
    for (args, code) in [
        (vec!["task", "show", overdue.as_str()], 0),
        (vec!["review", "dossier.ron"], 1),
        (vec!["remind", "--dry-run"], 0),
        (vec!["report", "--year", "2024", "--check"], 0),
        (vec!["check"], 0),
        (vec!["flow", "list"], 0),
        (vec!["audit", "verify"], 0),
    ] {
        let run = chinese(&ws, &args);
        assert_eq!(run.code, code, "{args:?}: {}", run.render());
        out.push_str(&format!("$ fazhi {}\n{}\n", args.join(" "), run.render()));
    }
    assert_says(
        &out,
        &["状态：", "审查结论：", "阻止", "收件人", "试运行", "全部成立", "检查通过", "审计日志完好"],
        &out,
    );
    assert_snapshot!(out);
}

#[test]
fn help_is_chinese_and_english_on_request() {
    let ws = Fixture::example("wangtuan-2024");
    let zh = ws.run(&["--lang", "zh", "--help"]);
    assert_eq!(zh.code, 0, "{}", zh.render());
    assert_says(&zh.stdout, &["用法：", "命令", "选项", "列出任务", "显示帮助"], &zh.stdout);
    let tasks = ws.run(&["--lang", "zh", "tasks", "--help"]);
    assert!(tasks.stdout.contains("只列已过期限的未完成任务"), "{}", tasks.stdout);
    let en = ws.run(&["--lang", "en", "--help"]);
    assert!(en.stdout.contains("Usage:") && en.stdout.contains("List tasks"), "{}", en.stdout);
    assert_snapshot!(zh.stdout);
}

#[test]
fn the_language_comes_from_the_flag_then_fazhi_lang_then_the_locale() {
    let ws = Fixture::example("wangtuan-2024");
    let run = |lang: Option<&str>, env: &[(&str, &str)]| {
        let mut args = vec!["--today", TODAY, "tasks", "--overdue"];
        if let Some(lang) = lang {
            args.splice(0..0, ["--lang", lang]);
        }
        let mut command = ws.command(&args);
        command.env_remove("FAZHI_LANG").env_remove("LC_ALL").env_remove("LC_MESSAGES").env_remove("LANG");
        for (name, value) in env {
            command.env(name, value);
        }
        let run = ws.run_command(command);
        assert_eq!(run.code, 0, "{}", run.render());
        if run.stdout.contains("其中逾期") {
            "zh"
        } else if run.stdout.contains("overdue, today is") {
            "en"
        } else {
            panic!("neither language:\n{}", run.stdout)
        }
    };
    assert_eq!(run(None, &[]), "zh", "no locale at all: Chinese");
    assert_eq!(run(None, &[("LANG", "C.UTF-8")]), "zh");
    assert_eq!(run(None, &[("LANG", "zh_CN.UTF-8")]), "zh");
    assert_eq!(run(None, &[("LANG", "en_US.UTF-8")]), "en");
    assert_eq!(run(None, &[("LANG", "zh_CN.UTF-8"), ("LC_ALL", "en_GB.UTF-8")]), "en");
    assert_eq!(run(None, &[("LANG", "en_US.UTF-8"), ("FAZHI_LANG", "zh")]), "zh");
    assert_eq!(run(Some("en"), &[("FAZHI_LANG", "zh")]), "en");
    assert_eq!(run(Some("zh"), &[("LANG", "en_US.UTF-8")]), "zh");
}

#[test]
fn errors_are_introduced_in_chinese() {
    let ws = Fixture::example("wangtuan-2024");
    let run = chinese(&ws, &["task", "done", "no-such-task"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(run.stderr.starts_with("错误："), "{}", run.stderr);
}

#[test]
fn a_bad_ledger_file_and_a_full_width_comma_are_explained_in_chinese_at_their_places() {
    let ws = Fixture::new("report-town");
    ws.run(&["ledger", "kinds"]);
    let state = ws.state();
    let bad = "工单编号,受理日期,问题类别,办理状态\nRX1,2024-02-30,道路,已处理\nRX2,2024-03-01,道路,已完成\n,2024-03-02,道路,已处理\n";
    std::fs::write(ws.path().join("bad.csv"), bad).unwrap();
    let run = ws.run(&["--lang", "zh", "ledger", "import", "rexian_ticket", "bad.csv"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert_eq!(ws.state(), state, "nothing of the file was stored");
    assert_says(
        &run.stderr,
        &[
            "bad.csv:2:2: 第 2 列（受理日期）：日期“2024-02-30”无效：2024年2月没有 30 日",
            "bad.csv:3:4: 第 4 列（办理状态）：“已完成”不是允许的值",
            "bad.csv:4:1: 第 1 列（工单编号）：须填写",
            "错误：发现 3 个问题",
        ],
        &run.render(),
    );

    ws.edit("org.ron", "\",", "\"，");
    check_says(&ws, &["字符串之外的全角标点“，”（U+FF0C）：这里要写半角的 ','"]);
}

#[test]
fn a_checklist_table_with_bad_cells_is_explained_in_chinese_and_nothing_is_written() {
    let ws = Fixture::example("wangtuan-2024");
    let table =
        "序号,工作任务,责任单位,责任人,完成时限,备注\n1,会前学法,不存在的办,,下个月吧,\n2,,党政办,李静,每季度末,\n";
    std::fs::write(ws.path().join("任务清单.csv"), table).unwrap();
    let run = ws.run(&["--lang", "zh", "checklist", "import", "任务清单.csv", "--name", "new"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert_says(
        &run.stderr,
        &[
            "任务清单.csv:2:",
            "责任单位：没有单位“不存在的办”：org.ron 中没有这个名称的单位",
            "完成时限：“下个月吧”不是能识别的完成时限",
            "工作任务：须填写工作任务",
        ],
        &run.render(),
    );
    assert!(!ws.path().join("checklist/new.ron").exists(), "nothing was written");
}

#[test]
fn problems_in_workspace_files_are_explained_in_chinese_at_their_places() {
    let ws = Fixture::example("wangtuan-2024");
    ws.edit("checklist/2024.ron", "owner: \"li_jing\",", "owner: \"李晶\",");
    ws.edit("history/2024.ron", "(task: \"xinfang-lianxi@2024-01-01\"", "(task: \"xinfang-lianxi@2023-01-01\"");
    check_says(
        &ws,
        &[
            "checklist/2024.ron:217:20: 职责“",
            "责任人“李晶”不存在；是否指 li_jing（李静",
            "history/2024.ron:4:12: 没有任务“xinfang-lianxi@2023-01-01”",
            "错误：发现 2 个问题",
        ],
    );
}

#[test]
fn a_report_check_that_fails_says_so_in_chinese() {
    let ws = Fixture::new("second-town");
    ws.append("ledger/督查检查台账.csv", "2024-12-20,专项督查,复查,各村,0,3\n");
    let check = ws.run(&["--lang", "zh", "report", "--check"]);
    assert_eq!(check.code, 1, "{}", check.render());
    assert!(
        check.stdout.contains("警告：supervision：problems_rectified 26 > problems_found 25，但不得超过它"),
        "{}",
        check.render()
    );
    assert!(check.stderr.contains("错误：报告的数字有 1 条警告"), "{}", check.render());
}

#[test]
fn problems_in_fazhi_ron_are_explained_in_chinese() {
    let ws = Fixture::example("wangtuan-2024");
    ws.edit("fazhi.ron", "year: 2024,", "year: 1800,");
    ws.edit("fazhi.ron", "time_zone: \"Asia/Shanghai\"", "time_zone: \"Mars/Base\"");
    ws.edit("fazhi.ron", "web: (admin_units:", "web: (listen: \"everywhere\", admin_units:");
    ws.edit(
        "fazhi.ron",
        "(kind: \"cadre\", file: \"ledger/cadre.csv\")",
        "(kind: \"cadre\", file: \"ledger/干部.csv\")",
    );
    check_says(
        &ws,
        &[
            "year 1800 不是合理的工作年度",
            "台账文件“ledger/干部.csv”不存在",
            "未知的时区“Mars/Base”",
            "web 的 `listen`“everywhere”不是地址和端口",
        ],
    );
}
