use insta::assert_snapshot;

use crate::support::Fixture;

fn tamper(ws: &Fixture, sql: &str) {
    let conn = rusqlite::Connection::open(ws.path().join(".fazhi/state.db")).unwrap();
    // A tamperer with the sqlite3 shell can drop the append-only triggers first.
    let triggers: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for trigger in triggers {
        conn.execute_batch(&format!("DROP TRIGGER {trigger}")).unwrap();
    }
    conn.execute_batch(sql).unwrap();
}

fn with_changes() -> Fixture {
    let ws = Fixture::new("basic");
    for (action, task) in [("start", "xuefa@2024-11"), ("done", "xuefa@2024-11"), ("done", "xianfa-ri@2024")] {
        let run = ws.run(&["--today", "2024-12-02", "task", action, task]);
        assert_eq!(run.code, 0, "{}", run.render());
    }
    ws
}

#[test]
fn the_log_shows_every_change() {
    let ws = with_changes();
    let run = ws.run(&["audit", "log"]);
    assert_eq!(run.code, 0);
    // Hashes are deterministic: the times come from --today and the history.
    assert_snapshot!(run.render());
    assert_snapshot!("verify_intact", ws.run(&["audit", "verify"]).render());
}

#[test]
fn an_edited_entry_is_named() {
    let ws = with_changes();
    tamper(&ws, "UPDATE audit SET actor = 'sun_li' WHERE seq = 4");
    assert_snapshot!(ws.run(&["audit", "verify"]).render());
}

#[test]
fn a_deleted_entry_is_named() {
    let ws = with_changes();
    tamper(&ws, "DELETE FROM audit WHERE seq = 2");
    assert_snapshot!(ws.run(&["audit", "verify"]).render());
    let ws = with_changes();
    tamper(&ws, "DELETE FROM audit WHERE seq = 6");
    assert_snapshot!("a_deleted_last_entry_is_named", ws.run(&["audit", "verify"]).render());
}

#[test]
fn reordered_entries_are_named() {
    let ws = with_changes();
    tamper(
        &ws,
        "UPDATE audit SET seq = 100 WHERE seq = 4; UPDATE audit SET seq = 4 WHERE seq = 5; UPDATE audit SET seq = 5 WHERE seq = 100;",
    );
    let run = ws.run(&["audit", "verify"]);
    assert_eq!(run.code, 1);
    assert_snapshot!(run.render());
}

#[test]
fn concurrent_processes_lose_nothing() {
    let ws = Fixture::new("basic");
    ws.run(&["tasks"]);
    let months: Vec<String> = (10..=12).map(|m| format!("xuefa@2024-{m:02}")).collect();
    let weeks: Vec<String> =
        ["02", "09", "16", "23", "30"].iter().map(|d| format!("lianxi-huiyi@2024-12-{d}")).collect();
    let threads: Vec<_> = [weeks.clone(), vec![months[1].clone(), months[2].clone(), "xianfa-ri@2024".to_string()]]
        .into_iter()
        .map(|tasks| {
            let path = ws.path().to_path_buf();
            std::thread::spawn(move || {
                for task in tasks {
                    for action in ["start", "done"] {
                        let run = crate::support::run_in(
                            &path,
                            &["-C", path.to_str().unwrap(), "task", action, &task],
                            &path,
                        );
                        assert_eq!(run.code, 0, "{}", run.render());
                    }
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let run = ws.run(&["--json", "audit", "verify"]);
    assert_eq!(run.code, 0, "{}", run.render());
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["entries"], 3 + 2 * 8);
}
