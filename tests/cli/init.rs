use insta::assert_snapshot;

use crate::support::run_in;

#[test]
fn init_creates_a_workspace_that_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("新镇");
    let target = target.to_str().unwrap();
    let run = run_in(dir.path(), &["--today", "2025-06-01", "init", target], dir.path());
    assert_eq!(run.code, 0, "{}", run.render());
    assert_snapshot!(run.render());
    let run = run_in(dir.path(), &["-C", target, "check"], dir.path());
    assert_eq!(run.code, 0, "{}", run.render());
    // Discovery walks up from a subfolder, like git.
    let run = run_in(
        &dir.path().join("新镇/checklist"),
        &["--today", "2025-06-01", "tasks", "--due-within", "30d"],
        dir.path(),
    );
    assert_snapshot!("init_tasks_from_a_subfolder", run.render());
    // Late in the year the template still stays inside the years the calendar knows.
    let late = dir.path().join("late");
    let run = run_in(dir.path(), &["--today", "2026-12-30", "init", late.to_str().unwrap()], dir.path());
    assert_eq!(run.code, 0, "{}", run.render());
    let run = run_in(dir.path(), &["-C", late.to_str().unwrap(), "check"], dir.path());
    assert_eq!(run.code, 0, "{}", run.render());
    // A second init refuses to overwrite.
    let run = run_in(dir.path(), &["init", target], dir.path());
    assert_eq!(run.code, 2);
}
