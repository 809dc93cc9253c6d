//! Names, dates and punctuation as people write them (issue 22, part 2): a unit or a person
//! by id or by Chinese name in every file, the four spellings of a date, and Chinese
//! punctuation in RON named for what it is.

use crate::support::Fixture;

const TODAY: &str = "2025-03-25";

/// The example with the checklist file `checklist/names.ron` holding `duties`.
fn example_with_duties(duties: &str) -> Fixture {
    let ws = Fixture::example("wangtuan-2024");
    std::fs::write(
        ws.path().join("checklist/names.ron"),
        format!("// 按名称填写的任务\n(\n    year: 2025,\n    duties: [\n{duties}    ],\n)\n"),
    )
    .unwrap();
    ws
}

fn tasks_json(ws: &Fixture, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["--today", TODAY, "--json", "tasks", "--all"];
    all.extend(args);
    let run = ws.run(&all);
    assert_eq!(run.code, 0, "{}", run.render());
    serde_json::from_str::<serde_json::Value>(&run.stdout).unwrap().as_array().unwrap().clone()
}

const BY_NAME: &str = r#"        (
            id: "mingcheng-xiezuo",
            title: "按名称填写责任单位和责任人",
            module: "leadership",
            unit: "党政办",
            owner: "李静",
            cooperating: ["王团司法所", "fazhi_xiaozu"],
            deadline: On("2025/4/1"),
        ),
        (
            id: "riqi-dian",
            title: "日期以点分隔",
            module: "leadership",
            unit: "dangzhengban",
            owner: "li_jing",
            deadline: On("2025.4.2"),
        ),
        (
            id: "riqi-nianyueri",
            title: "日期以年月日书写",
            module: "leadership",
            unit: "党政办",
            owner: "纳丽",
            deadline: On("2025年4月3日"),
        ),
"#;

#[test]
fn units_and_people_named_by_their_chinese_names_resolve_to_their_ids() {
    let ws = example_with_duties(BY_NAME);
    // org.ron itself: a leader and a person's unit by name.
    ws.edit(
        "org.ron",
        r#"(id: "dangzhengban", name: "党政办", leader: "na_li"),"#,
        r#"(id: "dangzhengban", name: "党政办", leader: "纳丽"),"#,
    );
    ws.edit(
        "org.ron",
        r#"(id: "li_jing", name: "李静", unit: "dangzhengban","#,
        r#"(id: "li_jing", name: "李静", unit: "党政办","#,
    );
    // The history by name, dated as people write dates.
    ws.edit("history/2025.ron",
        "\n]",
        "\n    (task: \"mingcheng-xiezuo\", action: Start, at: \"2025年3月20日\", by: \"李静\", note: \"按名称登记\"),\n]",
    );
    let run = ws.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.render());

    let tasks = tasks_json(&ws, &["--unit", "dangzhengban"]);
    let task =
        |id: &str| tasks.iter().find(|t| t["id"] == id).unwrap_or_else(|| panic!("no {id} in {tasks:?}")).clone();
    let named = task("mingcheng-xiezuo");
    assert_eq!(named["unit"], "dangzhengban");
    assert_eq!(named["owner"], "li_jing");
    assert_eq!(named["cooperating"], serde_json::json!(["sifasuo", "fazhi_xiaozu"]));
    assert_eq!(named["deadline"], "2025-04-01");
    assert_eq!(named["status"], "doing", "the history's `by: \"李静\"` applied: {named}");
    assert_eq!(task("riqi-dian")["deadline"], "2025-04-02");
    assert_eq!(task("riqi-nianyueri")["deadline"], "2025-04-03");
    assert_eq!(task("riqi-nianyueri")["owner"], "na_li");
    // The audit log records the id, not the name written.
    let run = ws.run(&["--json", "task", "show", "mingcheng-xiezuo"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert!(run.stdout.contains("\"li_jing\""), "{}", run.stdout);
}

#[test]
fn an_ambiguous_name_lists_the_candidates_and_a_typo_gets_the_nearest() {
    let ws = example_with_duties(
        &BY_NAME.replace("owner: \"纳丽\"", "owner: \"李晶\"").replace("unit: \"dangzhengban\"", "unit: \"党证办\""),
    );
    // A second 李静, in the 司法所.
    ws.edit(
        "org.ron",
        r#"(id: "li_jing", name: "李静","#,
        r#"(id: "li_jing2", name: "李静", unit: "sifasuo", email: "lijing2@example.org"),
        (id: "li_jing", name: "李静","#,
    );
    let state = ws.state();
    let run = ws.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.render());
    let errors: Vec<&str> = run.stderr.lines().collect();
    let has = |text: &str| errors.iter().any(|line| line.contains(text));
    assert!(
        has("checklist/names.ron:10:20: duty \"mingcheng-xiezuo\" names owner \"李静\" is ambiguous: 2 of org.ron have \
             that name (li_jing2（李静，王团司法所）, li_jing（李静，党政办）); write the id"),
        "{}",
        run.stderr
    );
    assert!(
        has("checklist/names.ron:27:20: duty \"riqi-nianyueri\" names unknown owner \"李晶\"; did you mean \
             li_jing2（李静，王团司法所） or li_jing（李静，党政办） or li_qiang（李强，综合执法队）?"),
        "{}",
        run.stderr
    );
    assert!(
        has("checklist/names.ron:18:19: duty \"riqi-dian\" names unknown unit \"党证办\"; did you mean dangzhengban（党政办）?"),
        "{}",
        run.stderr
    );
    // An id typed wrong is matched against ids.
    ws.edit("checklist/names.ron", "owner: \"li_jing\"", "owner: \"li_jnig\"");
    let run = ws.run(&["check"]);
    assert!(run.stderr.contains("unknown owner \"li_jnig\"; did you mean li_jing（李静，党政办）?"), "{}", run.stderr);
    assert_eq!(ws.state(), state);
}

#[test]
fn every_spelling_of_a_date_reads_the_same_in_a_dossier() {
    let ws = Fixture::example("wangtuan-2024");
    let dossier = "decisions/wz-cf-2025-03.ron";
    let review = |ws: &Fixture| {
        let run = ws.run(&["--today", TODAY, "--json", "review", dossier]);
        assert!(run.code == 0 || run.code == 1, "{}", run.render());
        run.stdout
    };
    let before = review(&ws);
    ws.edit(dossier, "action_date: \"2025-02-24\"", "action_date: \"2025/2/24\"");
    ws.edit(dossier, "filing_date: \"2025-02-26\"", "filing_date: \"2025.2.26\"");
    ws.edit(dossier, "(date: \"2025-03-17\"", "(date: \"2025年3月17日\"");
    ws.edit(dossier, "expires: \"2026-12-31\"", "expires: \"2026/12/31\"");
    assert_eq!(review(&ws), before);
    // An impossible one is still explained, at its place.
    ws.edit(dossier, "\"2025/2/24\"", "\"2025年2月30日\"");
    let run = ws.run(&["--today", TODAY, "review", dossier]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(run.stderr.contains("invalid date \"2025年2月30日\": 2025-02 has no day 30"), "{}", run.stderr);
}

#[test]
fn every_spelling_of_a_date_reads_the_same_in_a_csv_ledger() {
    let ws = Fixture::example("wangtuan-2024");
    let path = ws.path().join("ledger/petition.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let report = |ws: &Fixture| {
        let run = ws.run(&["--json", "ledger", "list", "petition"]);
        assert_eq!(run.code, 0, "{}", run.render());
        run.stdout
    };
    let before = report(&ws.duplicate());
    // Every ISO date of the file respelled, in turn, each of the three other ways.
    let spellings = [
        |y: &str, m: u32, d: u32| format!("{y}/{m}/{d}"),
        |y: &str, m: u32, d: u32| format!("{y}.{m}.{d}"),
        |y: &str, m: u32, d: u32| format!("{y}年{m}月{d}日"),
    ];
    let mut changed = 0;
    let respelled: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(n, line)| {
            line.split(',')
                .map(|cell| {
                    let parts: Vec<&str> = cell.split('-').collect();
                    match parts[..] {
                        [y, m, d]
                            if y.len() == 4
                                && m.len() == 2
                                && d.len() == 2
                                && cell.bytes().all(|b| b.is_ascii_digit() || b == b'-') =>
                        {
                            changed += 1;
                            spellings[n % 3](y, m.parse().unwrap(), d.parse().unwrap())
                        }
                        _ => cell.to_string(),
                    }
                })
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect();
    assert!(changed > 3, "the petition ledger has dates to respell");
    std::fs::write(&path, respelled.join("\n") + "\n").unwrap();
    assert_eq!(report(&ws), before);
}

#[test]
fn full_width_punctuation_and_curly_quotes_in_ron_are_named() {
    let ws = example_with_duties(BY_NAME);
    ws.edit("checklist/names.ron", "owner: \"李静\",", "owner: \"李静\"，");
    let run = ws.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(
        run.stderr.contains(
            "error: checklist/names.ron:10:24: full-width punctuation '，' (U+FF0C) outside a string: write the ASCII ',' \
             here (switch the input method to half-width) (parser: Expected comma)"
        ),
        "{}",
        run.stderr
    );

    let ws = example_with_duties(BY_NAME);
    ws.edit("checklist/names.ron", "unit: \"党政办\",", "unit: “党政办”,");
    let run = ws.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(
        run.stderr.contains(
            "error: checklist/names.ron:9:19: curly quote '“' (U+201C) outside a string: write the ASCII '\"'"
        ),
        "{}",
        run.stderr
    );

    // A string opened with an ASCII quote and closed with a curly one.
    let ws = example_with_duties(BY_NAME);
    ws.edit("checklist/names.ron", "unit: \"党政办\",", "unit: \"党政办”,");
    let run = ws.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(
        run.stderr.contains(
            "error: checklist/names.ron:9:23: curly quote '”' (U+201D) where the string seems to end: strings end with \
             the ASCII '\"'"
        ),
        "{}",
        run.stderr
    );
    // Chinese punctuation inside strings is text, as ever.
    let run = Fixture::example("wangtuan-2024").run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.render());
}
