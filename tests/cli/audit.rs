use insta::assert_snapshot;
use sha2::{Digest, Sha256};

use crate::support::Fixture;

fn state(ws: &Fixture) -> rusqlite::Connection {
    rusqlite::Connection::open(ws.path().join(".fazhi/state.db")).unwrap()
}

/// The triggers of the state, by name with the statement that made them.
fn triggers(conn: &rusqlite::Connection) -> Vec<(String, String)> {
    conn.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Drops every trigger of the state, as a tamperer with the sqlite3 shell can.
fn drop_triggers(ws: &Fixture) {
    let conn = state(ws);
    for (name, _) in triggers(&conn) {
        conn.execute_batch(&format!("DROP TRIGGER {name}")).unwrap();
    }
}

/// Runs `sql` on the state as a careful tamperer would: the triggers dropped first and put
/// back afterwards as they were, so that only what `sql` did remains to be found.
fn tamper(ws: &Fixture, sql: &str) {
    let conn = state(ws);
    let saved = triggers(&conn);
    for (name, _) in &saved {
        conn.execute_batch(&format!("DROP TRIGGER {name}")).unwrap();
    }
    conn.execute_batch(sql).unwrap();
    for (_, sql) in &saved {
        conn.execute_batch(sql).unwrap();
    }
}

/// Recomputes the hash of every entry from `from` on and moves the head recorded in `meta`, as
/// a tamperer who knows the formula would: the chain is consistent again.
fn rechain(ws: &Fixture, from: i64) {
    let conn = state(ws);
    type Row = (i64, String, String, String, String, String, Option<String>);
    let rows: Vec<Row> = conn
        .prepare("SELECT seq, at, actor, action, subject, detail, recorded_at FROM audit WHERE seq >= ?1 ORDER BY seq")
        .unwrap()
        .query_map([from], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut prev: String = conn
        .query_row("SELECT coalesce((SELECT hash FROM audit WHERE seq = ?1), ?2)", (from - 1, "0".repeat(64)), |r| {
            r.get(0)
        })
        .unwrap();
    let mut sql = String::new();
    for (seq, at, actor, action, subject, detail, recorded) in rows {
        let seq_text = seq.to_string();
        let fields = [seq_text.as_str(), &at, &actor, &action, &subject, &detail, &prev];
        let joined = fields.into_iter().chain(recorded.as_deref()).collect::<Vec<_>>().join("\x1f");
        let hash = hex::encode(Sha256::digest(joined.as_bytes()));
        sql.push_str(&format!("UPDATE audit SET prev_hash = '{prev}', hash = '{hash}' WHERE seq = {seq};"));
        sql.push_str(&format!("UPDATE meta SET value = '{seq}' WHERE key = 'audit_head_seq';"));
        sql.push_str(&format!("UPDATE meta SET value = '{hash}' WHERE key = 'audit_head_hash';"));
        prev = hash;
    }
    drop(conn);
    tamper(ws, &sql);
}

/// The head as `fazhi audit head` prints it on its first line.
fn head(ws: &Fixture) -> String {
    let run = ws.run(&["audit", "head"]);
    assert_eq!(run.code, 0, "{}", run.render());
    run.stdout.lines().next().unwrap().to_string()
}

/// The recorded times of `audit log`'s table (the system clock's) as `YYYY-MM-DD hh:mm:ss`.
fn redact_recorded(text: &str) -> String {
    let Some(start) = text.lines().find_map(|line| line.find("  RECORDED").map(|at| at + 2)) else {
        return text.to_string();
    };
    text.lines()
        .map(|line| {
            let stamp = line.get(start..start + 19).filter(|stamp| stamp.as_bytes()[4] == b'-');
            match stamp {
                Some(_) => format!("{}YYYY-MM-DD hh:mm:ss{}", &line[..start], &line[start + 19..]),
                None => line.to_string(),
            }
        })
        .map(|line| line + "\n")
        .collect()
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
    // Each entry's effective time (from --today and the history) and the time it was recorded:
    // all of them dated in the past.
    assert_snapshot!(redact_recorded(&run.render()));
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

#[test]
fn the_head_is_printed_to_keep_and_the_log_is_proved_to_extend_it() {
    let ws = with_changes();
    let run = ws.run(&["audit", "head"]);
    assert_eq!(run.code, 0, "{}", run.render());
    let line = run.stdout.lines().next().unwrap();
    let (seq, short) = line.split_once(':').unwrap();
    assert_eq!(seq, "6");
    assert!(short.len() == 16 && short.bytes().all(|b| b.is_ascii_hexdigit()), "{line}");
    assert!(run.stdout.contains(&format!("fazhi audit verify --head {line}")), "{}", run.stdout);
    let json: serde_json::Value = serde_json::from_str(&ws.run(&["--json", "audit", "head"]).stdout).unwrap();
    assert_eq!(json["head"], line);
    assert_eq!(json["seq"], 6);
    assert!(json["hash"].as_str().unwrap().starts_with(short), "{json}");

    let run = ws.run(&["audit", "verify", "--head", line]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert!(run.stdout.contains(&format!("extends the head {line}")), "{}", run.stdout);
    // The full hash serves as well; later entries extend the log.
    assert_eq!(ws.run(&["--today", "2024-12-03", "task", "done", "peixun@2024-Q4"]).code, 0);
    let full = format!("6:{}", json["hash"].as_str().unwrap());
    let run = ws.run(&["--json", "audit", "verify", "--head", &full]);
    assert_eq!(run.code, 0, "{}", run.render());
    let verified: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!((verified["intact"].as_bool(), verified["entries"].as_i64()), (Some(true), Some(7)));

    // A head the log never had.
    let run = ws.run(&["audit", "verify", "--head", "6:0123456789abcdef"]);
    assert_eq!(run.code, 1, "{}", run.render());
    assert!(
        run.stdout.contains("audit entry #6 no longer has the hash 0123456789abcdef of the head kept"),
        "{}",
        run.stdout
    );
    let run = ws.run(&["audit", "verify", "--head", &format!("99:{short}")]);
    assert_eq!(run.code, 1, "{}", run.render());
    assert!(
        run.stdout.contains("audit entry #99 of the head kept is gone: the log ends at entry #7"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_malformed_head_is_bad_input() {
    let ws = with_changes();
    let before = ws.state();
    for (head, says) in [
        ("6", "expected SEQ:HASH"),
        ("six:0123456789abcdef", "not a number"),
        ("6:0123", "16 to 64 hex digits, not 4"),
        ("6:0123456789abcdeg", "hex digits"),
    ] {
        let run = ws.run(&["audit", "verify", "--head", head]);
        assert_eq!(run.code, 2, "{head}: {}", run.render());
        assert!(run.stderr.contains(&format!("error: --head: `{head}` is not an audit head")), "{}", run.stderr);
        assert!(run.stderr.contains(says), "{head}: {}", run.stderr);
    }
    assert_eq!(ws.state(), before);
}

#[test]
fn an_edit_with_the_chain_recomputed_is_caught_by_the_head_kept() {
    let ws = with_changes();
    let kept = head(&ws);
    tamper(
        &ws,
        "UPDATE audit SET actor = 'sun_li' WHERE seq = 4; UPDATE status_change SET actor = 'sun_li' WHERE audit_seq = 4;",
    );
    rechain(&ws, 4);
    // Consistent again: without a head kept elsewhere nothing shows.
    assert_eq!(ws.run(&["audit", "verify"]).code, 0);
    let run = ws.run(&["audit", "verify", "--head", &kept]);
    assert_eq!(run.code, 1, "{}", run.render());
    let (_, short) = kept.split_once(':').unwrap();
    assert_eq!(
        run.stdout,
        format!(
            "audit entry #6 no longer has the hash {short} of the head kept: the log was rewritten at or before entry #6\n"
        )
    );
    assert!(run.stderr.contains("the audit log has been tampered with: 1 problem(s)"), "{}", run.stderr);
}

#[test]
fn entries_deleted_from_the_end_with_the_head_fixed_are_caught_by_the_head_kept() {
    let ws = with_changes();
    let kept = head(&ws);
    let truncate = "DELETE FROM audit WHERE seq > 4;
         UPDATE meta SET value = '4' WHERE key = 'audit_head_seq';
         UPDATE meta SET value = (SELECT hash FROM audit WHERE seq = 4) WHERE key = 'audit_head_hash';";
    // Only the audit entries: their status changes remain and name them.
    tamper(&ws, truncate);
    let run = ws.run(&["audit", "verify"]);
    assert_eq!(run.code, 1, "{}", run.render());
    assert_snapshot!("truncated_changes_remain", run.render());
    // The status changes and states too: consistent, but not the head kept.
    tamper(
        &ws,
        "DELETE FROM status_change WHERE audit_seq > 4;
         UPDATE item_state SET status = 'doing', completed_at = NULL WHERE item = 'xuefa@2024-11';
         DELETE FROM item_state WHERE item = 'xianfa-ri@2024';",
    );
    assert_eq!(ws.run(&["audit", "verify"]).code, 0, "{}", ws.run(&["audit", "verify"]).render());
    let run = ws.run(&["audit", "verify", "--head", &kept]);
    assert_eq!(run.code, 1, "{}", run.render());
    assert_snapshot!(run.render());
}

#[test]
fn a_forged_entry_appended_is_named() {
    let ws = with_changes();
    tamper(
        &ws,
        r#"INSERT INTO audit (seq, at, actor, action, subject, detail, prev_hash, hash, recorded_at)
           SELECT 7, '2024-12-03T09:00:00', 'qian_hong', 'task.done', 'peixun@2024-Q4',
                  '{"evidence":null,"from":"doing","note":null,"source":null,"to":"done"}', hash, '', recorded_at
           FROM audit WHERE seq = 6;"#,
    );
    rechain(&ws, 7);
    let run = ws.run(&["audit", "verify"]);
    assert_eq!(run.code, 1, "{}", run.render());
    assert_snapshot!(run.render());
}

#[test]
fn dropped_triggers_are_named() {
    let ws = with_changes();
    drop_triggers(&ws);
    let run = ws.run(&["audit", "verify"]);
    assert_eq!(run.code, 1, "{}", run.render());
    assert_snapshot!(run.render());
}

#[test]
fn a_state_written_directly_is_refused_or_named() {
    let ws = with_changes();
    let replace =
        "INSERT OR REPLACE INTO item_state (item, status, completed_at) VALUES ('xuefa@2024-11', 'todo', NULL)";
    let err = state(&ws).execute_batch(replace).unwrap_err();
    assert!(err.to_string().contains("item states follow the status changes"), "{err}");
    tamper(&ws, replace);
    let run = ws.run(&["audit", "verify"]);
    assert_eq!(run.code, 1, "{}", run.render());
    assert_snapshot!(run.render());
}

#[test]
fn a_recorded_time_running_backwards_is_named() {
    let ws = with_changes();
    tamper(&ws, "UPDATE audit SET recorded_at = '2024-12-01T00:00:00.000000Z' WHERE seq = 5");
    rechain(&ws, 5);
    let run = ws.run(&["audit", "verify"]);
    assert_eq!(run.code, 1, "{}", run.render());
    assert_snapshot!(run.render());
}

#[test]
fn a_change_dated_in_the_past_is_allowed_and_shown_as_such() {
    let ws = Fixture::new("basic");
    assert_eq!(ws.run(&["--today", "2025-03-20", "task", "start", "xuefa@2024-11"]).code, 0);
    assert_eq!(ws.run(&["--today", "2024-01-02", "task", "done", "xuefa@2024-11"]).code, 0);
    let run = ws.run(&["--json", "audit", "log"]);
    let entries: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    let (started, done) = (&entries[entries.len() - 2], &entries[entries.len() - 1]);
    assert_eq!(done["at"], "2024-01-02T09:00:00");
    // Recorded by the system clock, in order, whatever --today says.
    let recorded = |entry: &serde_json::Value| entry["recorded_at"].as_str().unwrap().to_string();
    assert!(recorded(done) >= recorded(started), "{run:?}", run = run.stdout);
    assert!(!recorded(done).starts_with("2024-01-02"), "{}", recorded(done));
    let run = ws.run(&["audit", "log"]);
    let line = run.stdout.lines().find(|line| line.contains("2024-01-02 09:00:00"));
    assert!(line.is_some_and(|line| line.contains("(backdated)")), "{}", run.stdout);
    assert_eq!(ws.run(&["audit", "verify"]).code, 0);
}
