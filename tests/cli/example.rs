//! The example workspace is itself a test.

use insta::assert_snapshot;

use crate::support::Fixture;

#[test]
fn the_example_passes_check() {
    let ws = Fixture::example("wangtuan-2024");
    let run = ws.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_snapshot!(run.render());
}

#[test]
fn overdue_on_2025_03_20() {
    let ws = Fixture::example("wangtuan-2024");
    let run = ws.run(&["--today", "2025-03-20", "tasks", "--overdue"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_snapshot!(run.render());
}

#[test]
fn at_least_forty_duties_each_with_its_basis() {
    let ws = Fixture::example("wangtuan-2024");
    let run = ws.run(&["--json", "tasks", "--all"]);
    let tasks: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    let mut duties: Vec<&str> = tasks.iter().map(|t| t["duty"].as_str().unwrap()).collect();
    duties.sort();
    duties.dedup();
    assert!(duties.len() >= 40, "{} duties", duties.len());
    for file in ["checklist/2024.ron", "checklist/2025.ron"] {
        let text = std::fs::read_to_string(ws.path().join(file)).unwrap();
        assert_eq!(
            text.matches("title:").count(),
            text.matches("basis:").count(),
            "{file}: every duty names its basis"
        );
    }
}

#[test]
fn the_recorded_enforcement_case_has_its_open_step_in_tasks() {
    let ws = Fixture::example("wangtuan-2024");
    let run = ws.run(&["--today", "2025-03-20", "--json", "tasks", "--owner", "yang_hua"]);
    assert_eq!(run.code, 0, "{}", run.render());
    let tasks: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    let step = tasks.iter().find(|t| t["id"] == "wz-2025-03/jueding").expect("the open step is a task");
    assert_eq!(step["deadline"], "2025-05-27");
    assert_eq!(step["title"], "作出处罚决定：对马某在禁牧封育区违规放牧行为的行政处罚");
    // Started once: a second run adds nothing to the audit log.
    let before = ws.run(&["audit", "log"]).stdout;
    ws.run(&["--today", "2025-03-20", "tasks"]);
    assert_eq!(before, ws.run(&["audit", "log"]).stdout);
    let run = ws.run(&["--today", "2025-03-20", "flow", "status", "wz-2025-03"]);
    assert_snapshot!(run.render());
}

/// The reference report, as published.
const REFERENCE: &str = include_str!("../../examples/wangtuan-2024/reference/2024年法治政府建设工作报告.txt");

/// Every figure of the reference report, each in its sentence.
const FIGURE_SENTENCES: &[&str] = &[
    "学习党内法规、国家法律等40余部",
    "目前全镇持有执法证件的干部28人",
    "全镇共计配备执法人员10人，有执法证6人",
    "我镇现有镇法律顾问1人，村法律顾问20名",
    "完成49宗行政处罚案件，制作案卷4套",
    "将利于开展禁牧封育等工作的17项执法事项列入基本权责清单",
    "将14项执法事项列入配合权责清单",
    "将17项赋权以来很少发生或“空转”的行政执法事项交回相关县级部门处理",
    "镇禁牧队共开展巡查检查800余次，罚款处罚50人51000元，组织拆除羊圈115个",
    "排查出摊位20余个，占道长度共计180余米，整改率达50%",
    "主动公开各类信息275条。其中政府网站管理平台公开34条，微信公众号公开各类工作信息189条，镇政府线下公示栏公示公告52条",
    "开展法治文艺专场演出和法制宣传活动20余次",
    "推送法律法规相关内容30余条",
    "目前综治中心分别接受登记14件、7件、5件",
    "全镇接到12345便民热线反映问题671件，已处理644件，正在核实处理27件",
    "接到各类信访问题11件，已处理答复10件，正在调查核实1件",
    "APP上报纠纷调解事项38条",
    "王团派出所共排查各类矛盾纠纷50起，成功调解40起，调解成功率80%",
    "王团司法所共排查矛盾纠纷129件，全部调解成功",
    "王团法庭受理案件207件，已处理181件，正在处理26件，结案率87.4%",
    "解答法律咨询100余场次",
    "培养法律明白人159人，法律明白骨干96人",
    "今年全镇评选“六个先锋”示范户709户，其中勤劳致富户405户、美丽庭院户348户、睦邻和谐户419户、崇文重教户168户、遵纪守法户534户、移风易俗户172户",
];

/// Text without whitespace and Markdown emphasis, to compare what was written.
fn words(text: &str) -> String {
    text.replace("**", "").chars().filter(|c| !c.is_whitespace()).collect()
}

/// The report's text without the Markdown of headings and the appendix of suggestions.
fn report_text(markdown: &str) -> String {
    let body = markdown.split("\n---\n\n## 附").next().unwrap();
    body.lines().map(|line| line.trim_start_matches('#').trim()).collect::<Vec<_>>().join("\n")
}

#[test]
fn the_example_regenerates_the_reference_report() {
    let ws = Fixture::example("wangtuan-2024");
    let run = ws.run(&["report", "--year", "2024"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "", "no warnings");
    let text = report_text(&run.stdout);
    // Every figure of the reference, in its sentence.
    for sentence in FIGURE_SENTENCES {
        assert!(text.contains(sentence), "the report does not say: {sentence}");
    }
    // And the whole text, word for word.
    assert_eq!(words(&text), words(REFERENCE));
}

#[test]
fn the_example_report_checks_hold_and_a_broken_sum_is_caught() {
    let ws = Fixture::example("wangtuan-2024");
    let run = ws.run(&["report", "--check"]);
    assert_eq!(run.code, 0, "{}", run.render());
    // A ticket sent back (已退回) is in the total but neither handled nor in progress.
    let csv = ws.path().join("ledger/hotline_ticket.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    let ticket = text.lines().find(|line| line.contains(",2024-06-")).unwrap().to_string();
    let returned = ticket.replace("正在核实处理", "已退回").replace("已处理", "已退回");
    let first_field = returned.split(',').next().unwrap().to_string();
    let returned = returned.replacen(&first_field, &format!("{first_field}X"), 1);
    std::fs::write(&csv, format!("{text}{returned}\n")).unwrap();
    let run = ws.run(&["report", "--check"]);
    assert_eq!(run.code, 1, "{}", run.render());
    assert!(run.stdout.contains("disputes: hotline 672 ≠"), "{}", run.stdout);
    assert!(run.stdout.contains("ledger/hotline_ticket.csv:"), "{}", run.stdout);
}

#[test]
fn the_example_report_in_html_and_word_carries_every_figure() {
    let ws = Fixture::example("wangtuan-2024");
    assert_eq!(ws.run(&["report", "-o", "report.html"]).code, 0);
    assert_eq!(ws.run(&["report", "-o", "report.docx"]).code, 0);
    let html = std::fs::read_to_string(ws.path().join("report.html")).unwrap();
    let file = std::fs::File::open(ws.path().join("report.docx")).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    // Both carry the audit log's head as it was when they were made.
    let head = ws.run(&["audit", "head"]).stdout.lines().next().unwrap().to_string();
    assert!(head.starts_with("226:"), "{head}");
    for (format, markup) in [("html", html), ("docx", xml)] {
        let text = strip_tags(&markup).replace("&quot;", "\"").replace("&amp;", "&");
        for sentence in FIGURE_SENTENCES {
            assert!(words(&text).contains(&words(sentence)), "the {format} file does not say: {sentence}");
        }
        assert!(text.contains(&format!("审计日志头：{head}（")), "the {format} file names the head {head}");
        assert!(text.contains(&format!("fazhi audit verify --head {head}")), "the {format} file: {head}");
    }
}

/// Markup without its tags.
fn strip_tags(markup: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in markup.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}
