//! A broken checklist file degrades, it does not silence (issue 22, part 3): `tasks`, `remind`
//! and the reminder job run on every other file, say the broken one at its position, exit 1,
//! and tell the 党政办's leader in the digest; `check` and the commands that write still refuse
//! it with exit 2, changing nothing.

use crate::remind::{outbox_files, plain_text};
use crate::support::Fixture;

const TODAY: &str = "2025-03-25";

/// A checklist file of its own, beside the example's, whose one duty names an owner nobody is.
const BROKEN: &str = r#"// 一个写错了责任人的任务
(
    year: 2025,
    duties: [
        (
            id: "cuowu-zeren",
            title: "责任人写错的任务",
            module: "leadership",
            unit: "党政办",
            owner: "李晶",
            deadline: On("2025-03-20"),
        ),
    ],
)
"#;

const BROKEN_AT: &str = "checklist/zz-broken.ron:10:20: duty \"cuowu-zeren\" names unknown owner \"李晶\"; did you mean li_jing（李静，党政办） or li_qiang（李强，综合执法队） or li_gui（李贵，羊路村）?";

fn example_with_broken_file() -> Fixture {
    let ws = Fixture::example("wangtuan-2024");
    std::fs::write(ws.path().join("checklist/zz-broken.ron"), BROKEN).unwrap();
    ws
}

#[test]
fn tasks_lists_every_other_file_and_exits_1() {
    let ws = example_with_broken_file();
    let run = ws.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(run.stderr.contains(BROKEN_AT), "{}", run.stderr);

    let whole = Fixture::example("wangtuan-2024").run(&["--today", TODAY, "tasks", "--all"]);
    assert_eq!(whole.code, 0, "{}", whole.render());
    let run = ws.run(&["--today", TODAY, "tasks", "--all"]);
    assert_eq!(run.code, 1, "{}", run.render());
    assert_eq!(run.stdout, whole.stdout, "every other task listed as before");
    assert!(run.stderr.contains(&format!("error: {BROKEN_AT}")), "{}", run.stderr);
    assert!(
        run.stderr.contains("1 checklist file(s) left out because of problems (checklist/zz-broken.ron)"),
        "{}",
        run.stderr
    );
    let run = ws.run(&["--today", TODAY, "--json", "tasks"]);
    assert_eq!(run.code, 1, "{}", run.render());
    assert!(serde_json::from_str::<serde_json::Value>(&run.stdout).unwrap().as_array().is_some_and(|a| !a.is_empty()));
}

#[test]
fn a_broken_file_with_history_of_its_own_leaves_its_entries_unapplied() {
    // The 2024 checklist broken by a full-width comma: its tasks' entries in the history are
    // passed over, the 2025 tasks listed with theirs.
    let ws = Fixture::example("wangtuan-2024");
    let path = ws.path().join("checklist/2024.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text.find("module: \"").unwrap();
    let comma = at + text[at..].find("\",").unwrap() + 1;
    std::fs::write(&path, format!("{}，{}", &text[..comma], &text[comma + 1..])).unwrap();
    let run = ws.run(&["--today", TODAY, "--json", "tasks", "--all"]);
    assert_eq!(run.code, 1, "{}", run.render());
    assert!(run.stderr.contains("error: checklist/2024.ron:"), "{}", run.stderr);
    assert!(run.stderr.contains("full-width punctuation '，' (U+FF0C)"), "{}", run.stderr);
    let tasks: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    assert!(tasks.iter().all(|task| task["id"].as_str().is_some_and(|id| !id.contains("2024"))));
    let done = tasks.iter().find(|task| task["id"] == "xuefa-jihua-2025").expect("a 2025 task");
    assert_eq!(done["status"], "done", "the 2025 history applied: {done}");
    // Nothing of the broken file reached the state: repaired, the full history applies.
    std::fs::write(&path, &text).unwrap();
    let run = ws.run(&["--today", TODAY, "--json", "tasks", "--all"]);
    assert_eq!(run.code, 0, "{}", run.render());
    let whole = Fixture::example("wangtuan-2024").run(&["--today", TODAY, "--json", "tasks", "--all"]);
    assert_eq!(run.stdout, whole.stdout);
}

#[test]
fn remind_sends_everyone_elses_reminders_and_tells_the_dangzhengban() {
    let whole = Fixture::example("wangtuan-2024");
    let run = whole.run(&["--today", TODAY, "remind"]);
    assert_eq!(run.code, 0, "{}", run.render());
    let expected = outbox_files(&whole);

    let ws = example_with_broken_file();
    let run = ws.run(&["--today", TODAY, "remind", "--dry-run"]);
    assert_eq!(run.code, 1, "{}", run.render());
    assert!(run.stderr.contains(&format!("error: {BROKEN_AT}")), "{}", run.stderr);

    let run = ws.run(&["--today", TODAY, "remind"]);
    assert_eq!(run.code, 1, "{}", run.render());
    assert!(run.stderr.contains(&format!("error: {BROKEN_AT}")), "{}", run.stderr);
    let files = outbox_files(&ws);
    // Everyone is reminded as without the broken file (the same recipients, in the same order).
    let recipients =
        |files: &[String]| -> Vec<String> { files.iter().map(|f| f.split_once('-').unwrap().1.to_string()).collect() };
    let mut expected_recipients = recipients(&expected);
    if !expected_recipients.contains(&"na_li.eml".to_string()) {
        expected_recipients.push("na_li.eml".to_string());
    }
    let mut got = recipients(&files);
    got.sort();
    expected_recipients.sort();
    assert_eq!(got, expected_recipients);
    let na_li = files.iter().find(|f| f.ends_with("-na_li.eml")).expect("the 党政办主任's digest");
    let eml = std::fs::read_to_string(ws.path().join(".fazhi/outbox").join(na_li)).unwrap();
    let text = plain_text(&eml);
    assert!(text.contains("【配置错误】1 项"), "{text}");
    assert!(text.contains("任务清单文件 checklist/zz-broken.ron 有错误"), "{text}");
    assert!(
        text.contains("checklist/zz-broken.ron 第 10 行第 20 列：duty \"cuowu-zeren\" names unknown owner \"李晶\""),
        "{text}"
    );
    // Nobody else is told of it.
    for file in files.iter().filter(|f| !f.ends_with("-na_li.eml")) {
        let eml = std::fs::read_to_string(ws.path().join(".fazhi/outbox").join(file)).unwrap();
        assert!(!plain_text(&eml).contains("配置错误"), "{file}");
    }
    // The outbox shows it, though the checklist is still broken.
    let run = ws.run(&["--json", "outbox", "--all"]);
    assert_eq!(run.code, 0, "{}", run.render());
    let messages: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    let subject = messages.iter().find(|m| m["recipient"] == "na_li").expect("na_li's message")["subject"].clone();
    assert!(subject.as_str().unwrap().contains("配置错误 1 项"), "{subject}");
    // Once a day: a second run queues nothing new.
    let run = ws.run(&["--today", TODAY, "remind"]);
    assert_eq!(run.code, 1, "{}", run.render());
    assert_eq!(outbox_files(&ws), files);
}

#[test]
fn commands_that_write_still_refuse_the_broken_file() {
    let ws = example_with_broken_file();
    let before = ws.state();
    let run = ws.run(&["--today", TODAY, "task", "done", "xinfang-lianxi-2025@2025-03-24", "--by", "su_ming"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(run.stderr.contains(BROKEN_AT), "{}", run.stderr);
    assert_eq!(ws.state(), before);
}

#[test]
fn the_reminder_job_leaves_the_broken_file_out_and_logs_it() {
    // The example's own reminders job.
    let ws = example_with_broken_file();
    let run = ws.run(&["--today", TODAY, "run-job", "reminders"]);
    assert_eq!(run.code, 1, "{}", run.render());
    assert!(run.stderr.contains("job reminders failed"), "{}", run.stderr);
    assert!(run.stderr.contains("checklist/zz-broken.ron"), "{}", run.stderr);
    assert!(outbox_files(&ws).iter().any(|f| f.ends_with("-na_li.eml")));
    assert!(outbox_files(&ws).len() > 5, "everyone else reminded: {:?}", outbox_files(&ws));
}
