//! `fazhi report`: figures from the ledger through the modules' report scripts, the outline's
//! placeholders, the figure checks, and bad scripts stopped with their position.

use insta::assert_snapshot;

use crate::support::Fixture;

#[test]
fn the_report_fills_the_outline_from_the_ledger() {
    let ws = Fixture::new("report-town");
    let run = ws.run(&["report", "--year", "2024"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_snapshot!(run.render());
}

#[test]
fn without_an_outline_each_module_section_is_a_part() {
    let ws = Fixture::new("report-town");
    std::fs::remove_dir_all(ws.path().join("report")).unwrap();
    let run = ws.run(&["report"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert!(run.stdout.contains("# 测试镇人民政府2024年法治政府建设工作报告"), "{}", run.stdout);
    assert!(run.stdout.contains("## 一、畅通诉求渠道"), "{}", run.stdout);
}

#[test]
fn check_passes_when_the_figures_add_up() {
    let ws = Fixture::new("report-town");
    let run = ws.run(&["report", "--check"]);
    assert_snapshot!(run.render());
    assert_eq!(run.code, 0);
}

#[test]
fn check_catches_a_broken_sum_and_names_the_row() {
    let ws = Fixture::new("report-town");
    // A ticket sent back is counted in the total but is neither handled nor in progress.
    let csv = ws.path().join("ledger/hotline.csv");
    let mut text = std::fs::read_to_string(&csv).unwrap();
    text.push_str("RX2024120108,2024-12-01,道路,已退回,\n");
    std::fs::write(&csv, text).unwrap();
    let run = ws.run(&["report", "--check"]);
    assert_eq!(run.code, 1, "{}", run.render());
    assert_snapshot!(run.render());
    // Building the report warns too, and still writes it.
    let build = ws.run(&["report"]);
    assert_eq!(build.code, 0);
    assert!(build.stderr.contains("warning: hotline: total 8 ≠ done 5 + pending 2 = 7"), "{}", build.stderr);
}

#[test]
fn a_broken_sum_names_the_rows_on_each_side() {
    let ws = Fixture::new("report-town");
    // The total counts heating tickets only; its parts count tickets of every category.
    with_script(
        &ws,
        "fn report(year, params) {\n    let total = count(\"rexian_ticket\", #{ category: \"供暖\" });\n    \
         let done = count(\"rexian_ticket\", #{ status: \"已处理\" });\n    \
         let pending = count(\"rexian_ticket\", #{ status: \"正在核实处理\" });\n    \
         #{ figures: #{ total: total, done: done, pending: pending }, checks: [#{ sum: \"total\", parts: [\"done\", \"pending\"] }] }\n}\n",
    );
    let run = ws.run(&["report", "--check"]);
    assert_eq!(run.code, 1, "{}", run.render());
    let warning = run.stdout.lines().chain(run.stderr.lines()).find(|line| line.contains("hotline: total")).unwrap();
    assert!(warning.contains("; counted in done but not in total: ledger/hotline.csv:"), "{warning}");
}

#[test]
fn a_placeholder_with_no_figure_is_located() {
    let ws = Fixture::new("report-town");
    let outline = ws.path().join("report/2024.md");
    let text = std::fs::read_to_string(&outline).unwrap().replace("{{hotline.pending}}", "{{hotline.pendng}}");
    std::fs::write(&outline, text).unwrap();
    let run = ws.run(&["report", "--check"]);
    assert_eq!(run.code, 1);
    assert_snapshot!(run.stdout);
}

fn with_script(ws: &Fixture, body: &str) {
    std::fs::write(ws.path().join("rules/hotline/report.rhai"), body).unwrap();
}

#[test]
fn a_script_that_divides_by_zero_is_stopped_at_its_line() {
    let ws = Fixture::new("report-town");
    with_script(&ws, "fn report(year, params) {\n    let none = count(\"rexian_ticket\", #{ status: \"已退回\" });\n    let share = 100 / none.value;\n    #{ figures: #{ share: share } }\n}\n");
    let run = ws.run(&["report"]);
    assert_eq!(run.code, 2);
    assert_snapshot!(run.render());
}

#[test]
fn a_script_that_names_an_unknown_kind_or_value_is_stopped_at_its_line() {
    let ws = Fixture::new("report-town");
    with_script(&ws, "fn report(year, params) {\n    #{ figures: #{ n: count(\"hotline\") } }\n}\n");
    let run = ws.run(&["report"]);
    assert_eq!(run.code, 2);
    assert_snapshot!(run.render());
    with_script(
        &ws,
        "fn report(year, params) {\n    #{ figures: #{ n: count(\"rexian_ticket\", #{ status: \"已完成\" }) } }\n}\n",
    );
    let run = ws.run(&["report"]);
    assert_eq!(run.code, 2);
    assert_snapshot!(run.render());
}

#[test]
fn a_figure_with_no_supporting_rows_is_warned_about() {
    let ws = Fixture::new("report-town");
    // An outline for every year: its placeholders name figures of a year with no tickets.
    std::fs::rename(ws.path().join("report/2024.md"), ws.path().join("report/report.md")).unwrap();
    let run = ws.run(&["report", "--check", "--year", "2022"]);
    assert_eq!(run.code, 1);
    assert_snapshot!(run.stdout);
}

#[test]
fn the_word_and_html_files_are_written() {
    let ws = Fixture::new("report-town");
    let run = ws.run(&["report", "-o", "report.docx"]);
    assert_eq!(run.code, 0, "{}", run.render());
    let bytes = std::fs::read(ws.path().join("report.docx")).unwrap();
    assert_eq!(&bytes[..2], b"PK", "a DOCX is a zip file");
    let run = ws.run(&["report", "--format", "html", "-o", "report.html"]);
    assert_eq!(run.code, 0, "{}", run.render());
    let html = std::fs::read_to_string(ws.path().join("report.html")).unwrap();
    assert!(html.contains("全镇接到12345便民热线反映问题7件"), "{html}");
    let refused = ws.run(&["report", "--format", "docx"]);
    assert_eq!(refused.code, 2);
}

#[test]
fn control_characters_in_the_outline_are_warned_about_and_the_word_file_stays_readable() {
    // Before, U+001B in the outline made word/document.xml not well-formed (Word refuses the
    // file) and fazhi said "0 warning(s)".
    let ws = Fixture::new("report-town");
    let outline = ws.path().join("report/2024.md");
    let text = std::fs::read_to_string(&outline).unwrap().replace("我镇认真", "我镇\u{1B}[31m认真\u{B}");
    std::fs::write(&outline, text).unwrap();
    let run = ws.run(&["report", "-o", "report.docx"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert!(
        run.stderr.contains(
            "warning: report/2024.md:4:15: U+001B (a control character) cannot be written to the Word file and is \
             left out of it"
        ),
        "{}",
        run.render()
    );
    assert!(run.stderr.contains("(1 warning(s))"), "{}", run.render());
    let mut archive = zip::ZipArchive::new(std::fs::File::open(ws.path().join("report.docx")).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    roxmltree::Document::parse(&xml).expect("word/document.xml is well-formed");
    assert!(xml.contains("我镇[31m认真</w:t><w:br w:type=\"textWrapping\" />"), "{xml}");
}

#[test]
fn the_report_draft_job_writes_last_years_report() {
    let ws = Fixture::new("report-town");
    let run = ws.run(&["--today", "2025-01-10", "run-job", "report-draft"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_snapshot!(run.render());
    let markdown =
        std::fs::read_to_string(ws.path().join(".fazhi/reports/2024年法治政府建设工作报告（草稿）.md")).unwrap();
    assert!(markdown.contains("全镇接到12345便民热线反映问题7件"), "{markdown}");
    assert!(ws.path().join(".fazhi/reports/2024年法治政府建设工作报告（草稿）.docx").is_file());
}

#[test]
fn three_heading_levels_placeholders_of_the_workspace_and_markup_outside_the_dialect() {
    let ws = Fixture::new("report-town");
    std::fs::write(
        ws.path().join("report/2024.md"),
        "# {{organisation}}{{year}}年法治政府建设工作报告\n\n\
         ## 畅通诉求渠道\n\n\
         ### 用好12345便民热线\n\n\
         #### 接诉即办。\n\n\
         全镇接到热线反映问题{{hotline.total}}件。\n\n\
         #### 回访\n\n\
         - 由{{person:党政办主任}}牵头**逐件**回访。\n\n\
         ---\n\n\
         {{next_year}}年，我镇将继续提高办理时效。\n",
    )
    .unwrap();
    let run = ws.run(&["report", "--year", "2024"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert!(run.stdout.contains("# 测试镇人民政府2024年法治政府建设工作报告"), "{}", run.stdout);
    assert!(
        run.stdout.contains("**（一）用好12345便民热线**\n\n**1.接诉即办**。全镇接到热线反映问题"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("**2.回访**\n\n由赵磊牵头逐件回访。"), "{}", run.stdout);
    assert!(run.stdout.contains("2025年，我镇将继续提高办理时效。"), "{}", run.stdout);
    assert!(!run.stdout.contains("- 由") && !run.stdout.contains("**逐件"), "{}", run.stdout);
    let check = ws.run(&["report", "--check"]);
    assert_eq!(check.code, 1, "{}", check.render());
    assert!(check.stdout.contains("report/2024.md:13:1: a list item"), "{}", check.render());
    assert!(check.stdout.contains("report/2024.md:13:22: emphasis"), "{}", check.render());
}

/// A second town whose report states every figure from stock ledger kinds and the figures the
/// stock modules declare in module.ron: no workspace module and no script of its own.
#[test]
fn a_town_with_only_stock_kinds_gets_every_figure_from_figures_declared_in_module_ron() {
    let ws = Fixture::new("second-town");
    let run = ws.run(&["report", "--year", "2024"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_snapshot!(run.stdout);
    for figure in [
        "召开法治建设专题会议3次，党委会议会前学法5次，政府常务会议审议规范性文件1次",
        "开展专项督查4次，发现问题25个，已整改23个，整改率92%",
        "开展执法规范化培训6场，参训人员121人次；新增持证执法人员2人",
        "评查行政执法案卷5卷，发现问题8个",
        "为4家企业开展法律风险排查，其中首次排查3家，发现风险点7个，已化解6个",
        "2025年，我镇将由林涛牵头",
    ] {
        assert!(run.stdout.contains(figure), "{figure}\n{}", run.stdout);
    }
    let check = ws.run(&["report", "--check"]);
    assert_eq!(check.code, 0, "{}", check.render());
}

#[test]
fn a_declared_check_that_fails_names_its_figures() {
    let ws = Fixture::new("second-town");
    ws.append("ledger/督查检查台账.csv", "2024-12-20,专项督查,复查,各村,0,3\n");
    let check = ws.run(&["report", "--check"]);
    assert_eq!(check.code, 1, "{}", check.render());
    assert!(
        check.stdout.contains("supervision: problems_rectified 26 > problems_found 25, but may not exceed it"),
        "{}",
        check.render()
    );
}

#[test]
fn a_figure_declared_in_a_workspace_module_is_checked_where_it_is_written() {
    let ws = Fixture::new("second-town");
    let dir = ws.path().join("rules/huiyi");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("module.ron"),
        "(\n    id: \"huiyi\",\n    title: \"会议补充\",\n    figures: {\n        \"topics\": (count: \"meeting\", where: [(field: \"meeting_type\", is: \"座谈会\")]),\n        \"people\": (sum: \"topic\", of: \"meeting\"),\n    },\n)\n",
    )
    .unwrap();
    let run = ws.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(
        run.stderr.contains(
            "rules/huiyi/module.ron:6:25: figure \"people\": field \"topic\" is text; a sum needs integer or number"
        ),
        "{}",
        run.render()
    );
    assert!(run.stderr.contains("rules/huiyi/module.ron:5:"), "{}", run.render());
    assert!(run.stderr.contains("\"座谈会\" is not a value of field \"meeting_type\""), "{}", run.render());
}

#[test]
fn an_empty_ledger_is_a_warning_per_kind_naming_its_figures_not_a_clean_check() {
    let dir = tempfile::tempdir().unwrap();
    let run = crate::support::run_in(dir.path(), &["init", "town", "--year", "2024"], dir.path());
    assert_eq!(run.code, 0, "{}", run.render());
    let town = Fixture::copy_of(&dir.path().join("town"));
    let run = town.run(&["report", "--year", "2024", "--check"]);
    assert_eq!(run.code, 1, "{}", run.render());
    assert!(
        run.stdout.contains(
            "warning: no rows of ledger kind hotline_ticket in 2024: disputes.hotline, disputes.hotline_done, \
             disputes.hotline_returned, disputes.hotline_verifying have no supporting rows"
        ),
        "{}",
        run.render()
    );
    assert!(run.stderr.contains("warning(s) about the report's figures"), "{}", run.render());
    // The report itself is still written (only its title), and says the same on stderr.
    let run = town.run(&["report", "--year", "2024"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_eq!(run.stdout.trim(), "# 某某镇人民政府2024年法治政府建设工作报告");
    assert!(run.stderr.contains("warning: no rows of ledger kind study_session in 2024"), "{}", run.render());
}
