//! The daemon's runner opens a fresh session for every firing: what the workspace records after
//! the daemon started takes effect at the next firing.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, TimeZone, Utc};
use fazhi_app::{Access, Session, SessionOptions, SessionRunner};
use fazhi_notify::ScheduledJob;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != ".fazhi" {
                copy_dir(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(name);
    copy_dir(&source, dir.path());
    let root = dir.path().to_path_buf();
    (dir, root)
}

/// 08:30 of `day` in Beijing time.
fn morning(day: &str) -> chrono::DateTime<Utc> {
    let date = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
    chrono_tz::Asia::Shanghai.from_local_datetime(&date.and_hms_opt(8, 30, 0).unwrap()).unwrap().to_utc()
}

/// Whether the overdue reminder of `task` to 钱红 was queued on `day`.
fn reminded(root: &Path, task: &str, day: &str) -> bool {
    let options = SessionOptions { access: Access::Read, ..SessionOptions::default() };
    let session = Session::open(root, &options).unwrap();
    session.store().notice_recorded(&format!("{task}|overdue|qian_hong|{day}")).unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

#[test]
fn history_recorded_while_the_daemon_runs_stops_the_next_reminder() {
    let job = ScheduledJob::new("reminders", "0 30 8 * * *", "Reminders", true, 24).unwrap();
    let runtime = runtime();
    for edited in [false, true] {
        let (_dir, root) = fixture("basic");
        let runner = SessionRunner::new(root.clone(), Default::default());
        let first = runtime.block_on(runner.run_job(&job, morning("2024-11-21"))).unwrap();
        assert!(first.starts_with("2024-11-21: "), "{first}");
        assert!(reminded(&root, "peixun@2024-Q3", "2024-11-21"));
        if edited {
            // The clerk records the training done, while the daemon keeps running.
            let history = root.join("history/2024.ron");
            let text = std::fs::read_to_string(&history).unwrap();
            let entry = "    (task: \"peixun@2024-Q3\", action: Done, at: \"2024-11-21T10:00\", by: \"qian_hong\"),\n]";
            std::fs::write(&history, text.trim_end().trim_end_matches(']').to_string() + entry).unwrap();
        }
        runtime.block_on(runner.run_job(&job, morning("2024-11-22"))).unwrap();
        assert_eq!(reminded(&root, "peixun@2024-Q3", "2024-11-22"), !edited, "edited: {edited}");
        // The other overdue training is still reminded either way.
        assert!(reminded(&root, "peixun@2024-Q2", "2024-11-22"));
    }
}

#[test]
fn an_unknown_job_kind_is_bad_input() {
    let (_dir, root) = fixture("basic");
    let job = ScheduledJob::new("x", "0 30 8 * * *", "Nonsense", true, 24).unwrap();
    let err = runtime()
        .block_on(SessionRunner::new(root, Default::default()).run_job(&job, morning("2024-11-21")))
        .unwrap_err();
    assert!(matches!(err, fazhi_app::AppError::BadInput { .. }), "{err:?}");
    assert_eq!(err.to_string(), "job kind Nonsense is not available in this version of fazhi");
}
