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
    // Every stock figure has its Chinese label, and the rows follow the modules' lists.
    for row in rows {
        assert_ne!(row["label"], row["figure"], "a label for {}/{}", row["module"], row["figure"]);
    }
    let court: Vec<&str> = (rows.iter().filter(|row| row["module"] == "disputes"))
        .map(|row| row["label"].as_str().unwrap())
        .skip_while(|label| !label.starts_with("法庭"))
        .collect();
    assert_eq!(court, ["法庭受理案件数", "法庭已结案件数", "法庭正在处理案件数", "法庭结案率"]);
    assert!(html.contains("<td>法庭结案率</td>"), "the page shows the labels");
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

/// [`county`] with the county office's own workspace (`xianban`, a copy of the example) and
/// `extra` (e.g. `listen: "…"`) in `county.ron`.
fn county_with_office(extra: &str) -> tempfile::TempDir {
    let dir = county();
    copy_example(&dir.path().join("xianban"));
    let path = dir.path().join("county.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen("    ],\n)", &format!("    ],\n    office: \"xianban\",\n{extra})"), 1);
    std::fs::write(&path, text).unwrap();
    dir
}

/// `fazhi ARGS…` in `cwd`, to be run until ready.
fn long_running(cwd: &Path, args: &[&str]) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_fazhi"));
    command.args(args).current_dir(cwd).env("NO_COLOR", "1").env("FAZHI_LANG", "en");
    command.env_remove("FAZHI_DATABASE_URL");
    command.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
    command
}

/// `GET path` of the server at `address`: the whole answer.
fn get(address: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

#[cfg(unix)]
#[test]
fn fazhi_web_in_a_county_folder_serves_every_town_and_the_office() {
    let dir = county_with_office("");
    let seen = std::sync::Mutex::new(Vec::new());
    let (ready, outcome) =
        crate::long_running::run_until_ready(long_running(dir.path(), &["web", "--listen", "127.0.0.1:0"]), |line| {
            let Some(address) = line.split("http://").nth(1).map(|rest| rest.split('/').next().unwrap().to_string())
            else {
                return false;
            };
            let mut seen = seen.lock().unwrap();
            seen.push(get(&address, "/"));
            seen.push(get(&address, "/towns/longxi/tasks"));
            seen.push(get(&address, "/office/login"));
            seen.push(get(&address, "/towns/elsewhere/"));
            true
        });
    assert!(ready, "{}", outcome.render());
    assert_eq!(outcome.code, Some(0), "SIGTERM ends it cleanly: {}", outcome.render());
    let seen = seen.into_inner().unwrap();
    assert!(seen[0].starts_with("HTTP/1.1 200") && seen[0].contains("县级机关登录"), "{}", seen[0]);
    for town in ["王团镇", "龙溪镇", "青山镇"] {
        assert!(seen[0].contains(town), "{town} on the first page");
    }
    let lower = seen[1].to_ascii_lowercase();
    assert!(lower.starts_with("http/1.1 303"), "{}", seen[1]);
    assert!(lower.contains("location: /towns/longxi/login?next=%2ftowns%2flongxi%2ftasks"), "{}", seen[1]);
    assert!(seen[2].starts_with("HTTP/1.1 200") && seen[2].contains("action=\"/office/login\""), "{}", seen[2]);
    assert!(seen[3].starts_with("HTTP/1.1 404"), "{}", seen[3]);

    // Without the office there is no one to sign in to the county's pages.
    let bare = county();
    let run = run_in(bare.path(), &["web", "--listen", "127.0.0.1:0"], bare.path());
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(run.stderr.contains("county.ron names no office"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn fazhi_serve_in_a_county_folder_runs_every_towns_jobs_and_the_countys_pages() {
    let dir = county_with_office("    listen: \"127.0.0.1:0\",\n");
    let lines = std::sync::Mutex::new(String::new());
    let (ready, outcome) = crate::long_running::run_until_ready(long_running(dir.path(), &["serve"]), |line| {
        let mut lines = lines.lock().unwrap();
        lines.push_str(line);
        [
            "王团镇: job reminders",
            "龙溪镇: job reminders",
            "青山镇: job reminders",
            "怀远县: job reminders",
            "web interface on",
        ]
        .iter()
        .all(|expected| lines.contains(expected))
    });
    assert!(ready, "every town's job and the pages: {}", outcome.render());
    assert_eq!(outcome.code, Some(0), "{}", outcome.render());
    assert!(outcome.stderr.contains("fazhi serve: stopped"), "{}", outcome.stderr);
    // One daemon per town folder: a second one on the same county is refused at once.
    let (_, first) = crate::long_running::run_until_ready(long_running(dir.path(), &["serve"]), |line| {
        if !line.contains("web interface on") {
            return false;
        }
        let second = run_in(dir.path(), &["serve"], dir.path());
        assert_eq!(second.code, 2, "{}", second.render());
        assert!(second.stderr.contains("cannot be served"), "{}", second.stderr);
        true
    });
    assert_eq!(first.code, Some(0), "{}", first.render());
}

#[test]
fn a_towns_commands_read_the_county_file_above_and_refuse_a_broken_one() {
    let dir = county();
    let town = dir.path().join("wangtuan");
    let before = run_in(&town, &["--today", TODAY, "tasks", "--overdue"], dir.path());
    assert_eq!(before.code, 0, "{}", before.render());
    let state = std::fs::read(town.join(".fazhi/state.db")).unwrap();
    std::fs::write(
        dir.path().join("county.ron"),
        "(\n    county: \"怀远县\",\n    towns: [(name: \"王团镇\" folder: \"wangtuan\")],\n)\n",
    )
    .unwrap();
    let run = run_in(&town, &["--today", TODAY, "tasks", "--overdue"], dir.path());
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(run.stderr.contains("county.ron:3:"), "placed: {}", run.stderr);
    assert_eq!(std::fs::read(town.join(".fazhi/state.db")).unwrap(), state, "the state is left as it was");
    // A county.ron above that does not name this folder is none of its business.
    std::fs::write(
        dir.path().join("county.ron"),
        "(county: \"怀远县\", towns: [(name: \"龙溪镇\", folder: \"longxi\")])\n",
    )
    .unwrap();
    let run = run_in(&town, &["--today", TODAY, "tasks", "--overdue"], dir.path());
    assert_eq!((run.code, &run.stdout), (0, &before.stdout), "{}", run.render());
}

#[test]
fn a_town_of_a_county_on_postgres_keeps_its_state_there_from_every_command() {
    let Some(url) = crate::migrate::database_url() else { return };
    let dir = tempfile::tempdir().unwrap();
    let suffix = format!("{}_{}", std::process::id(), chrono::Utc::now().timestamp_subsec_nanos());
    let folders: Vec<String> =
        ["wangtuan", "longxi", "qingshan"].iter().map(|town| format!("{town}_{suffix}")).collect();
    for folder in &folders {
        copy_example(&dir.path().join(folder));
    }
    write_county(dir.path(), &folders[0], &folders[1], &folders[2]);
    let path = dir.path().join("county.ron");
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "    ],\n)",
        &format!("    ],\n    database: \"{url}\",\n)"),
        1,
    );
    std::fs::write(&path, text).unwrap();
    let town = dir.path().join(&folders[0]);
    let tasks = run_in(&town, &["--today", TODAY, "--json", "tasks", "--overdue"], dir.path());
    assert_eq!(tasks.code, 0, "{}", tasks.render());
    assert!(!town.join(".fazhi/state.db").exists(), "no SQLite state: the county's database keeps it");
    let verify = run_in(&town, &["audit", "verify"], dir.path());
    assert_eq!(verify.code, 0, "{}", verify.render());
    assert!(!town.join(".fazhi/state.db").exists());
    // The county reads the same state.
    let status = json(&run_in(dir.path(), &["--today", TODAY, "--json", "county", "status"], dir.path()));
    let overdue = serde_json::from_str::<serde_json::Value>(&tasks.stdout).unwrap().as_array().unwrap().len();
    assert_eq!(status["towns"][0]["overdue"], overdue);
    for folder in &folders {
        crate::migrate::drop_schema(&url, folder);
    }
}

#[cfg(unix)]
#[test]
fn the_example_county_script_lays_out_a_county_that_fazhi_reads() {
    let dir = tempfile::tempdir().unwrap();
    let county = dir.path().join("huaiyuan");
    let script = crate::support::repo().join("scripts/example-county");
    let made = std::process::Command::new("bash").arg(&script).arg(&county).output().unwrap();
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let status = json(&run_in(&county, &["--today", TODAY, "--json", "county", "status"], &county));
    let names: Vec<&str> = status["towns"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["王团镇", "龙溪镇", "青山镇"]);
    let organisation = std::fs::read_to_string(county.join("longxi/fazhi.ron")).unwrap();
    assert!(organisation.contains("organisation: \"龙溪镇人民政府\""));
    assert!(county.join("xianban/fazhi.ron").is_file(), "the county office's workspace");
    let again = std::process::Command::new("bash").arg(&script).arg(&county).output().unwrap();
    assert_eq!(again.status.code(), Some(2), "a folder that is not empty is left alone");
}
