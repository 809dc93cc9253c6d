//! `fazhi checklist import` and `export`: a town's 任务清单 from Excel or CSV, and back.

use std::path::Path;

use insta::assert_snapshot;

use crate::support::{run_in, Fixture};

/// A new workspace for 2025 (the template's org: 党政办 with 张三, 司法所 with 李四).
fn workspace() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("town");
    let run = run_in(dir.path(), &["--today", "2025-06-01", "init", target.to_str().unwrap()], dir.path());
    assert_eq!(run.code, 0, "{}", run.render());
    let fixture = Fixture::copy_of(&target);
    // The template's checklist is replaced by the town's own.
    std::fs::remove_file(fixture.path().join("checklist/duties.ron")).unwrap();
    fixture
}

/// A workbook with a title row, then `rows` (the first is the header), all text.
fn workbook(path: &Path, rows: &[&[&str]]) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "龙溪镇2025年法治政府建设任务清单").unwrap();
    for (i, row) in rows.iter().enumerate() {
        for (j, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(i as u32 + 1, j as u16, *cell).unwrap();
            }
        }
    }
    workbook.save(path).unwrap();
}

const HEADER: &[&str] = &["序号", "工作任务", "责任单位", "责任人", "完成时限", "备注"];

fn town_rows() -> Vec<&'static [&'static str]> {
    vec![
        HEADER,
        &["1", "梳理2025年法治政府建设任务清单", "党政办", "张三", "2025年3月31日", "印发各站所"],
        &["2", "党委会议会前学法", "党政办、司法所", "张三", "每月", ""],
        &["3", "法治政府建设情况季度通报", "司法所", "李四", "每季度末", ""],
        &["4", "执法案卷评查", "综合执法办公室", "王五", "每周一", "新设科室"],
        &["5", "行政执法三项制度落实", "综合执法办公室", "王五", "长期坚持", ""],
        &["6", "年度报告报送并公开", "党政办", "张三", "梳理2025年法治政府建设任务清单完成后10个工作日内", ""],
        &["7", "重大行政处罚案件法制审核", "司法所", "李四", "立案后90日内", ""],
        &["8", "法律顾问合同续签", "党政办", "张三", "年底前", ""],
        &["9", "普法责任清单公示", "司法所", "李四", "2025.3.31", ""],
        &["10", "学法考试", "党政办", "张三", "3月底", ""],
    ]
}

#[test]
fn a_towns_table_becomes_its_checklist_and_adds_the_units_and_people_org_ron_lacks() {
    let ws = workspace();
    let file = ws.path().join("任务清单.xlsx");
    workbook(&file, &town_rows());
    let org_before = std::fs::read_to_string(ws.path().join("org.ron")).unwrap();

    // Without --add-missing the new office and its person are problems at their cells.
    let run = ws.run(&["checklist", "import", "任务清单.xlsx", "--name", "2025"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert_snapshot!("checklist_import_unknown_names", run.render());
    assert!(!ws.path().join("checklist/2025.ron").exists());
    assert_eq!(std::fs::read_to_string(ws.path().join("org.ron")).unwrap(), org_before);

    let run = ws.run(&["checklist", "import", "任务清单.xlsx", "--name", "2025", "--add-missing"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_snapshot!("checklist_import_added", run.render());
    assert_snapshot!(
        "checklist_import_written",
        std::fs::read_to_string(ws.path().join("checklist/2025.ron")).unwrap()
    );
    let org = std::fs::read_to_string(ws.path().join("org.ron")).unwrap();
    assert!(org.starts_with(&org_before[..org_before.find("    ],").unwrap()]), "{org}");
    assert!(org.contains("(id: \"zonghezhifabangongshi\", name: \"综合执法办公室\"),"), "{org}");
    assert!(org.contains("(id: \"wang_wu\", name: \"王五\", unit: \"zonghezhifabangongshi\"),"), "{org}");

    let run = ws.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.render());
    let run = ws.run(&["--today", "2025-03-20", "tasks", "--due-within", "14d"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert!(run.stdout.contains("学法考试"), "{}", run.render());

    // A second import of the same name is refused; --replace writes it anew, the same.
    let written = std::fs::read_to_string(ws.path().join("checklist/2025.ron")).unwrap();
    let run = ws.run(&["checklist", "import", "任务清单.xlsx", "--name", "2025"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(run.stderr.contains("checklist/2025.ron exists"), "{}", run.render());
    let run = ws.run(&["checklist", "import", "任务清单.xlsx", "--name", "2025", "--replace"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_eq!(std::fs::read_to_string(ws.path().join("checklist/2025.ron")).unwrap(), written);
}

#[test]
fn every_cell_that_cannot_be_read_is_named_and_nothing_is_written_unless_skip_bad() {
    let ws = workspace();
    let file = ws.path().join("清单.xlsx");
    workbook(
        &file,
        &[
            HEADER,
            &["1", "党委会议会前学法", "党政办", "张三", "尽快", ""],
            &["2", "", "党政办", "张三", "3月底", ""],
            &["3", "普法宣传", "宣传办", "赵六", "2025年2月30日", ""],
            &["4", "学法考试", "党政办", "张三、李四", "年底前", ""],
            &["5", "法治讲座", "司法所", "李四", "6月30日前", ""],
        ],
    );
    let run = ws.run(&["checklist", "import", "清单.xlsx"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert_snapshot!("checklist_import_bad_cells", run.render());
    assert!(std::fs::read_dir(ws.path().join("checklist")).unwrap().next().is_none());

    let run = ws.run(&["checklist", "import", "清单.xlsx", "--skip-bad", "--name", "part"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_snapshot!("checklist_import_skip_bad", run.render());
    let written = std::fs::read_to_string(ws.path().join("checklist/part.ron")).unwrap();
    assert!(written.contains("法治讲座") && !written.contains("学法考试"), "{written}");
    assert_eq!(ws.run(&["check"]).code, 0);
}

#[test]
fn headers_are_matched_by_synonyms_or_mapped_and_a_map_of_no_header_is_refused() {
    let ws = workspace();
    // GBK, as Excel in China saves a CSV, with other names for the columns.
    let csv = "编号顺序,工作目标,牵头单位,负责人,时间要求,说明\r\n1,党委会议会前学法,党政办,张三,每月25日,\r\n2,法治讲座,司法所,李四,每年6月30日,\r\n";
    let (bytes, _, _) = encoding_rs::GBK.encode(csv);
    std::fs::write(ws.path().join("清单.csv"), &bytes).unwrap();
    let run = ws.run(&["checklist", "import", "清单.csv", "--name", "csv"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(run.stderr.contains("清单.csv:1:2: column 2: unknown header \"工作目标\""), "{}", run.render());

    let run =
        ws.run(&["checklist", "import", "清单.csv", "--name", "csv", "--map", "工作目标=工作任务", "--map", "没有=-"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(
        run.stderr.contains("清单.csv:1:1: --map '没有=-': the header row has no column \"没有\""),
        "{}",
        run.render()
    );
    assert!(!ws.path().join("checklist/csv.ron").exists());

    let run = ws.run(&["checklist", "import", "清单.csv", "--name", "csv", "--map", "工作目标=工作任务"]);
    assert_eq!(run.code, 0, "{}", run.render());
    let written = std::fs::read_to_string(ws.path().join("checklist/csv.ron")).unwrap();
    assert!(
        written.contains("deadline: Monthly(day: 25)") && written.contains("deadline: Yearly(month: 6, day: 30)"),
        "{written}"
    );
    // A bad cell of a CSV file is named by its line (the header is line 1) and its column letter.
    std::fs::write(ws.path().join("坏.csv"), "序号,工作任务,责任单位,责任人,完成时限\n1,法治讲座,司法所,李四,不定期\n")
        .unwrap();
    let run = ws.run(&["checklist", "import", "坏.csv"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(run.stderr.contains("坏.csv:2:5: E2 完成时限: \"不定期\" is not a deadline"), "{}", run.render());
}

#[test]
fn the_checklist_goes_to_excel_for_printing_and_comes_back_the_same() {
    let ws = workspace();
    workbook(&ws.path().join("任务清单.xlsx"), &town_rows());
    let run = ws.run(&["checklist", "import", "任务清单.xlsx", "--name", "2025", "--add-missing"]);
    assert_eq!(run.code, 0, "{}", run.render());
    let first = std::fs::read_to_string(ws.path().join("checklist/2025.ron")).unwrap();
    let run = ws.run(&["--today", "2025-04-10", "task", "done", "xuefa-kaoshi", "--note", "已考"]);
    assert_eq!(run.code, 0, "{}", run.render());

    let run = ws.run(&["--today", "2025-04-10", "checklist", "export", "-o", "导出.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_snapshot!("checklist_export", run.render());
    // Formatted for printing: A4 landscape, the header repeated, borders, widths.
    let file = std::fs::File::open(ws.path().join("导出.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut sheet = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut sheet).unwrap();
    assert!(sheet.contains("orientation=\"landscape\"") && sheet.contains("paperSize=\"9\""), "{sheet}");
    assert!(sheet.contains("<mergeCell ref=\"A1:P1\"/>") && sheet.contains("<col "), "{sheet}");
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(styles.contains("<left style=\"thin\">"), "{styles}");
    let mut shared = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/sharedStrings.xml").unwrap(), &mut shared).unwrap();
    assert!(shared.contains("已完成") && shared.contains("2025-04-10") && shared.contains("已完成0/12"), "{shared}");

    // Read back, it is the same checklist, byte for byte.
    let run = ws.run(&["checklist", "import", "导出.xlsx", "--name", "2025", "--replace"]);
    assert_eq!(run.code, 0, "{}", run.render());
    let second = std::fs::read_to_string(ws.path().join("checklist/2025.ron")).unwrap();
    assert_eq!(second.lines().skip(1).collect::<Vec<_>>(), first.lines().skip(1).collect::<Vec<_>>());
}
