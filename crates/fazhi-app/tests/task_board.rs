//! The task board answers the task list's and the dashboard's questions as the session does:
//! the same tasks in the same order, the same counts, the same refusals.

use std::path::Path;

use fazhi_app::{Session, SessionOptions, StatusFilter, TaskQuery};
use fazhi_core::Status;

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

/// The example, opened on 15 October 2024 in a copy.
fn example() -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/wangtuan-2024"), dir.path());
    let today = chrono::NaiveDate::from_ymd_opt(2024, 10, 15);
    let session = Session::open(dir.path(), &SessionOptions { today, ..SessionOptions::default() }).unwrap();
    (dir, session)
}

#[test]
fn the_board_lists_what_the_session_lists_in_its_order() {
    let (_dir, session) = example();
    let board = session.task_board().unwrap();
    let org = &session.workspace().org;
    let some = |text: &str| Some(text.to_string());
    let queries = [
        TaskQuery::open(),
        TaskQuery::default(),
        TaskQuery { overdue: true, ..TaskQuery::default() },
        TaskQuery { due_within: Some(30), unit: some("sifasuo"), ..TaskQuery::open() },
        TaskQuery { due_within: Some(7), exclude_overdue: true, ..TaskQuery::default() },
        TaskQuery { owner: some("金涛"), statuses: None, ..TaskQuery::default() },
        TaskQuery {
            module: some("study"),
            statuses: Some(vec![StatusFilter::Is(Status::Done)]),
            ..TaskQuery::default()
        },
        TaskQuery { unit: some("党政办"), module: some("governance"), ..TaskQuery::open() },
        TaskQuery { statuses: Some(vec![StatusFilter::Overdue]), ..TaskQuery::default() },
        TaskQuery { statuses: Some(vec![StatusFilter::Is(Status::Cancelled)]), ..TaskQuery::default() },
    ];
    let mut listed = 0;
    for query in &queries {
        let expected: Vec<String> = session.tasks(query).unwrap().into_iter().map(|item| item.id).collect();
        let got: Vec<String> = board.tasks(query, org).unwrap().into_iter().map(|item| item.id.clone()).collect();
        assert_eq!(got, expected, "{query:?}");
        listed += got.len();
    }
    assert!(listed > 100, "the queries list tasks ({listed})");
    for unknown in [
        TaskQuery { unit: some("nowhere"), ..TaskQuery::default() },
        TaskQuery { owner: some("nobody"), ..TaskQuery::default() },
    ] {
        assert_eq!(
            board.tasks(&unknown, org).unwrap_err().to_string(),
            session.tasks(&unknown).unwrap_err().to_string()
        );
    }
}

#[test]
fn the_board_summarises_as_the_session_does_and_knows_its_head() {
    let (_dir, session) = example();
    let board = session.task_board().unwrap();
    for year in [2023, 2024] {
        let expected = session.task_summary(7, Some(year)).unwrap();
        let got = board.summary(7, year, &session.workspace().org);
        assert_eq!(serde_json::to_string(&got).unwrap(), serde_json::to_string(&expected).unwrap());
        assert!(expected.total.open > 0);
    }
    assert_eq!(board.head(), &session.store().audit_head().unwrap());
    assert!(board.head().seq > 0, "the example's history is recorded");
    assert!(board.years().contains(&2024));
    assert_eq!(board.items().len(), session.items().unwrap().len());
}
