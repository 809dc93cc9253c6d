//! `fazhi county status` and `fazhi county report`: a county of three towns (copies of the
//! example, one with its annual report handed up), each read from its own workspace.

use std::path::Path;

use crate::support::{copy_example, run_in, Run};

const TODAY: &str = "2025-03-20";

/// A county folder with `county.ron` naming 王团镇, 龙溪镇 and 青山镇, each a copy of the
/// example; 龙溪镇 has drafted, deliberated and handed up its 2024 report.
fn county() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for folder in ["wangtuan", "longxi", "qingshan"] {
        copy_example(&dir.path().join(folder));
    }
    let longxi = dir.path().join("longxi");
    std::fs::write(
        longxi.join("decisions/report-2024.ron"),
        "(kind: \"annual_report\", id: \"2024\", title: \"龙溪镇2024年法治政府建设工作报告\", year: 2024)\n",
    )
    .unwrap();
    let config = longxi.join("fazhi.ron");
    let text = std::fs::read_to_string(&config).unwrap().replace(
        "    instances: [\n",
        "    instances: [\n        (\n            workflow: \"annual_report\",\n            id: \"report-2024\",\n            \
         data: \"decisions/report-2024.ron\",\n            started: \"2025-01-06\",\n            by: \"jin_tao\",\n            \
         done: [\n                (step: \"shouji\", at: \"2025-01-20\"),\n                (step: \"qicao\", at: \"2025-02-10\"),\n                \
         (step: \"falv_shenhe\", at: \"2025-02-21\"),\n                (step: \"dangwei_shenyi\", at: \"2025-03-05\"),\n                \
         (step: \"baosong\", at: \"2025-03-18\"),\n            ],\n        ),\n",
    );
    std::fs::write(&config, text).unwrap();
    write_county(dir.path(), "wangtuan", "longxi", "qingshan");
    dir
}

fn write_county(root: &Path, a: &str, b: &str, c: &str) {
    let text = format!(
        "(\n    county: \"怀远县\",\n    towns: [\n        (name: \"王团镇\", folder: \"{a}\"),\n        (name: \"龙溪镇\", folder: \"{b}\"),\n        \
         (name: \"青山镇\", folder: \"{c}\"),\n    ],\n)\n"
    );
    std::fs::write(root.join("county.ron"), text).unwrap();
}

fn json(run: &Run) -> serde_json::Value {
    assert_eq!(run.code, 0, "{}", run.render());
    serde_json::from_str(&run.stdout).unwrap_or_else(|err| panic!("{err}: {}", run.render()))
}

#[test]
fn the_status_lists_every_town_with_its_light_and_its_report() {
    let dir = county();
    let status = json(&run_in(dir.path(), &["--today", TODAY, "--json", "county", "status"], dir.path()));
    assert_eq!(status["county"], "怀远县");
    let towns = status["towns"].as_array().unwrap();
    assert_eq!(
        towns.iter().map(|town| town["name"].as_str().unwrap()).collect::<Vec<_>>(),
        ["王团镇", "龙溪镇", "青山镇"]
    );
    // The same counts as the town's own `fazhi tasks`.
    let overdue =
        json(&run_in(&dir.path().join("wangtuan"), &["--today", TODAY, "--json", "tasks", "--overdue"], dir.path()));
    let overdue = overdue.as_array().unwrap().len();
    assert!(overdue > 0);
    for town in towns {
        assert_eq!(town["overdue"], overdue, "{town}");
        assert_eq!(town["light"], "red", "{town}");
        assert_eq!(town["problem"], serde_json::Value::Null);
    }
    assert_eq!(towns[0]["annual_report"], "not_started");
    assert_eq!(towns[1]["annual_report"], "handed_up");
    assert_eq!(towns[1]["reviews_passed"], 1, "the legal adviser's review of the report");

    let text = run_in(dir.path(), &["--today", TODAY, "county", "status"], dir.path());
    assert_eq!(text.code, 0, "{}", text.render());
    let zh = {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_fazhi"));
        command.args(["-C", dir.path().to_str().unwrap(), "--today", TODAY, "county", "status"]);
        command.env("FAZHI_LANG", "zh").env("NO_COLOR", "1").env_remove("FAZHI_DATABASE_URL");
        String::from_utf8(command.output().unwrap().stdout).unwrap()
    };
    assert!(zh.contains("龙溪镇") && zh.contains("红灯") && zh.contains("已报送"), "{zh}");
    assert!(zh.contains("怀远县：3 个乡镇"), "{zh}");
}

#[test]
fn the_county_report_puts_every_figure_side_by_side_with_the_totals() {
    let dir = county();
    let run = run_in(dir.path(), &["--json", "county", "report", "--year", "2024"], dir.path());
    let county = json(&run);
    assert!(dir.path().join("county-figures-2024.xlsx").is_file());
    let html = std::fs::read_to_string(dir.path().join("county-figures-2024.html")).unwrap();
    assert!(html.contains("<th>龙溪镇</th>") && html.contains("全县合计"), "{html}");
    let rows = county["figures"]["rows"].as_array().unwrap();
    assert!(rows.len() > 20, "every module's figures");
    for row in rows {
        let values: Vec<f64> = row["values"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
        assert_eq!(values.len(), 3);
        assert!(values.iter().all(|value| *value == values[0]), "three copies of one town: {row}");
        match (row["unit"].as_str().unwrap(), row["total"].as_f64()) {
            // A rate of three equal towns is the town's rate; a count is three times the town's.
            ("rate", Some(total)) => assert!((total - values[0]).abs() < 1e-9, "{row}"),
            ("rate", None) => {}
            (_, Some(total)) => assert_eq!(total, values[0] * 3.0, "{row}"),
            (_, None) => {}
        }
    }
    assert!(rows.iter().any(|row| row["module"] == "enforcement" && row["total"].is_number()), "cases add up");
}

#[test]
fn a_bad_county_file_is_placed_and_changes_nothing() {
    let dir = county();
    write_county(dir.path(), "wangtuan", "wangtuan", "../outside");
    let run = run_in(dir.path(), &["county", "status"], dir.path());
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(run.stderr.contains("county.ron:5:"), "{}", run.render());
    assert!(run.stderr.contains("given for two towns"), "{}", run.render());
    assert!(run.stderr.contains("county.ron:6:"), "{}", run.render());
    assert!(!dir.path().join("wangtuan/.fazhi").exists(), "no town was opened");

    std::fs::write(
        dir.path().join("county.ron"),
        "(county: \"怀远县\", towns: [(name: \"王团镇\", folder: \"wangtuan\", x: 1)])",
    )
    .unwrap();
    let run = run_in(dir.path(), &["county", "status"], dir.path());
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(run.stderr.contains("county.ron:1:"), "{}", run.render());

    let empty = tempfile::tempdir().unwrap();
    let run = run_in(empty.path(), &["county", "status"], empty.path());
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(run.stderr.contains("no county.ron"), "{}", run.render());
}

#[test]
fn a_town_that_cannot_be_read_is_named_and_the_others_are_listed() {
    let dir = county();
    std::fs::write(dir.path().join("qingshan/org.ron"), "(units: [").unwrap();
    let run = run_in(dir.path(), &["--today", TODAY, "county", "status"], dir.path());
    assert_eq!(run.code, 1, "{}", run.render());
    assert!(run.stdout.contains("王团镇") && run.stdout.contains("龙溪镇"), "{}", run.render());
    assert!(run.stderr.contains("青山镇: "), "{}", run.render());
    assert!(run.stderr.contains("1 town(s) could not be read"), "{}", run.render());
}
