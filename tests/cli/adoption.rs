//! A new town adopts fazhi from its Excel files alone: `init --year --name`, its staff list
//! (`org import`), its own titles for the stock workflows' roles (`roles` in fazhi.ron) and its
//! 任务清单 (`checklist import`), then its year-end report from its ledgers in CSV with stock
//! ledger kinds and the figures the stock modules declare (no script of its own).

use std::path::Path;

use insta::assert_snapshot;

use crate::support::{repo, run_in, Fixture};

/// A workbook whose first sheet holds `rows` from A1, all text.
fn workbook(path: &Path, rows: &[&[&str]]) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (i, row) in rows.iter().enumerate() {
        for (j, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(i as u32, j as u16, *cell).unwrap();
            }
        }
    }
    workbook.save(path).unwrap();
}

const STAFF_HEADER: &[&str] = &["姓名", "单位/科室", "职务", "邮箱", "手机", "执法证号", "有效期至", "发证日期"];

#[test]
fn a_town_starts_from_init_its_staff_list_and_its_checklist() {
    let dir = tempfile::tempdir().unwrap();
    // `init` asks nothing it can default: the folder is the name, the year is given.
    let run = run_in(dir.path(), &["--today", "2026-02-10", "init", "--year", "2025", "--name", "龙溪镇"], dir.path());
    assert_eq!(run.code, 0, "{}", run.render());
    assert_snapshot!("adoption_init", run.render());
    let town = Fixture::copy_of(&dir.path().join("龙溪镇"));
    let config = std::fs::read_to_string(town.path().join("fazhi.ron")).unwrap();
    assert!(config.contains("organisation: \"龙溪镇人民政府\"") && config.contains("year: 2025,"), "{config}");
    std::fs::remove_file(town.path().join("checklist/duties.ron")).unwrap();

    workbook(
        &town.path().join("人员.xlsx"),
        &[
            STAFF_HEADER,
            &["陈明", "党政综合办公室", "党政综合办公室主任", "chenming@example.org", "13900000001", "", "", ""],
            &["林芳", "司法所", "司法所所长、法律顾问", "linfang@example.org", "", "", "", ""],
            &[
                "黄强",
                "综合行政执法办公室",
                "主任、综合执法办公室主任",
                "",
                "13900000003",
                "宁执6401001",
                "2027-06-30",
                "2024-07-01",
            ],
            &[
                "吴丽",
                "综合行政执法办公室",
                "执法队员、法制审核员、案卷管理员",
                "wuli@example.org",
                "",
                "宁执6401002",
                "2026年12月31日",
                "2024年9月1日",
            ],
            &["赵刚", "镇政府", "镇长、信息公开专干", "zhaogang@example.org", "", "", "", ""],
            &["钱进", "镇党委", "党委书记", "qianjin@example.org", "", "", "", ""],
            // An officer whose certificate dates from before: held, but not new in 2024.
            &["周文", "综合行政执法办公室", "执法队员", "", "", "宁执6401000", "2028-12-31", "2022-03-01"],
        ],
    );
    let run = town.run(&["org", "import", "人员.xlsx", "--replace"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_snapshot!("adoption_org_import", run.render());
    assert_snapshot!("adoption_org_ron", std::fs::read_to_string(town.path().join("org.ron")).unwrap());

    // The stock workflows name 党政办主任, which this town calls 党政综合办公室主任.
    let run = town.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(
        run.stderr.contains("map it in fazhi.ron: `roles: { \"党政办主任\": \"本镇的职务\" }`"),
        "{}",
        run.render()
    );
    let config =
        config.replace("    time_zone:", "    roles: { \"党政办主任\": \"党政综合办公室主任\" },\n    time_zone:");
    std::fs::write(town.path().join("fazhi.ron"), config).unwrap();
    let run = town.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_snapshot!("adoption_check_roles", run.render());

    workbook(
        &town.path().join("任务清单.xlsx"),
        &[
            &["龙溪镇2025年法治政府建设任务清单"],
            &["序号", "工作任务", "责任单位", "责任人", "完成时限", "备注"],
            &["1", "调整法治政府建设领导小组", "党政综合办公室", "陈明", "2025年3月31日", ""],
            &["2", "执法人员培训", "综合行政执法办公室", "", "每季度末", "负责人为科室主任"],
            &["3", "法律顾问审查合同", "司法所", "林芳", "每月", ""],
        ],
    );
    let run = town.run(&["checklist", "import", "任务清单.xlsx", "--name", "2025"]);
    assert_eq!(run.code, 0, "{}", run.render());
    let checklist = std::fs::read_to_string(town.path().join("checklist/2025.ron")).unwrap();
    // A blank 责任人 is the unit's leader (the first 主任 of a new unit).
    assert!(checklist.contains("unit: \"zhxzzfbgs\",\n            owner: \"huang_qiang\""), "{checklist}");
    let run = town.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert!(run.stdout.contains("3 duties (17 tasks)"), "{}", run.render());

    // Its 2024 report from its ledgers, kept in CSV as its offices hand them up, and an outline
    // with all three heading levels: stock kinds and stock figures only.
    let second = repo().join("tests/fixtures/second-town");
    for folder in ["ledger", "report"] {
        std::fs::create_dir_all(town.path().join(folder)).unwrap();
        for entry in std::fs::read_dir(second.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, town.path().join(folder).join(path.file_name().unwrap())).unwrap();
        }
    }
    let ledger = [
        ("meeting", "会议台账"),
        ("inspection", "督查检查台账"),
        ("training", "培训台账"),
        ("case_review", "案卷评查台账"),
        ("enterprise_check", "企业法律风险排查"),
    ]
    .map(|(kind, file)| format!("        (kind: \"{kind}\", file: \"ledger/{file}.csv\"),\n"))
    .concat()
        // The officers' roster comes from org.ron, the certificates the staff list brought.
        + "        (kind: \"cadre\", file: \"org.ron\"),\n";
    let config = std::fs::read_to_string(town.path().join("fazhi.ron")).unwrap();
    let config = config.replace("    time_zone:", &format!("    ledger: [\n{ledger}    ],\n    time_zone:"));
    std::fs::write(town.path().join("fazhi.ron"), config).unwrap();
    let run = town.run(&["report", "--year", "2024", "--check"]);
    assert_eq!(run.code, 0, "{}", run.render());
    let run = town.run(&["report", "--year", "2024"]);
    assert_eq!(run.code, 0, "{}", run.render());
    for text in [
        "# 龙溪镇人民政府2024年法治政府建设工作报告",
        "**1.专题研究**。全年召开法治建设专题会议3次，党委会议会前学法5次",
        "开展专项督查4次，发现问题25个，已整改23个，整改率92%",
        "开展执法规范化培训6场，参训人员121人次；新增持证执法人员2人",
        "为4家企业开展法律风险排查，其中首次排查3家",
        "2025年，我镇将由赵刚牵头",
    ] {
        assert!(run.stdout.contains(text), "{text}\n{}", run.stdout);
    }
    assert!(!town.path().join("rules").exists(), "no module of its own");
}

#[test]
fn a_staff_list_with_bad_cells_changes_nothing() {
    let ws = Fixture::new("basic");
    let before = std::fs::read_to_string(ws.path().join("org.ron")).unwrap();
    workbook(
        &ws.path().join("人员.xlsx"),
        &[
            STAFF_HEADER,
            &["周一", "党政办", "科员", "zhouyi-at-example", "", "", ""],
            &["郑二", "党政办", "科员", "", "", "宁执1", ""],
            &["王三", "党政办", "科员", "", "", "", "2026-13-01"],
        ],
    );
    let run = ws.run(&["org", "import", "人员.xlsx"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert_snapshot!("adoption_org_import_bad", run.render());
    assert_eq!(std::fs::read_to_string(ws.path().join("org.ron")).unwrap(), before);
}
