//! `fazhi migrate --to postgres://…`: a town's state moved to PostgreSQL keeps its audit head.
//! Runs on the server FAZHI_TEST_DATABASE_URL names (`.ci/postgres` starts one), with a fazhi
//! built with the feature `postgres`; `FAZHI_REQUIRE_POSTGRES=1` makes a missing one fail.

use crate::support::Fixture;

/// The server to test on, if any.
pub(crate) fn database_url() -> Option<String> {
    let url = std::env::var("FAZHI_TEST_DATABASE_URL").ok().filter(|url| !url.is_empty());
    let required = std::env::var("FAZHI_REQUIRE_POSTGRES").is_ok_and(|value| value == "1");
    assert!(!(required && url.is_none()), "FAZHI_REQUIRE_POSTGRES=1 but FAZHI_TEST_DATABASE_URL is not set");
    assert!(!(required && cfg!(not(feature = "postgres"))), "FAZHI_REQUIRE_POSTGRES=1 but built without `postgres`");
    url.filter(|_| cfg!(feature = "postgres"))
}

fn json(run: &crate::support::Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|err| panic!("{err}: {}", run.render()))
}

#[test]
fn the_example_town_moves_to_postgres_with_its_audit_head() {
    let Some(url) = database_url() else { return };
    let ws = Fixture::example("wangtuan-2024");
    let head = ws.run(&["--json", "audit", "head"]);
    assert_eq!(head.code, 0, "{}", head.render());
    let head = json(&head)["head"].as_str().unwrap().to_string();
    let schema = format!("cli_move_{}", std::process::id());

    let moved = ws.run(&["--json", "migrate", "--to", &url, "--schema", &schema]);
    assert_eq!(moved.code, 0, "{}", moved.render());
    let report = json(&moved);
    assert_eq!(report["problems"], serde_json::json!([]), "the copy verifies");
    assert_eq!(report["source_head"], report["copy_head"]);
    let copy_seq = report["copy_head"]["seq"].as_i64().unwrap();
    assert!(head.starts_with(&format!("{copy_seq}:")), "{head} and the copy's #{copy_seq}");
    assert!(report["rows"].as_u64().unwrap() > 1000, "the example's ledger and history are copied");

    // A second move into the same schema merges nothing: refused, and nothing changes.
    let again = ws.run(&["migrate", "--to", &url, "--schema", &schema]);
    assert_eq!(again.code, 2, "{}", again.render());
    assert!(again.stderr.contains("holds a town's state already"), "{}", again.render());

    drop_schema(&url, &schema);
}

#[test]
fn a_move_without_a_database_or_to_a_bad_schema_is_bad_input() {
    let ws = Fixture::example("wangtuan-2024");
    let mut command = ws.command(&["migrate"]);
    command.env_remove("FAZHI_DATABASE_URL");
    let run = ws.run_command(command);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(run.stderr.contains("--to postgres://"), "{}", run.render());
    let Some(url) = database_url() else { return };
    let run = ws.run(&["migrate", "--to", &url, "--schema", "Bad-Name"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(run.stderr.contains("cannot name a town's schema"), "{}", run.render());
    let run = ws.run(&["migrate", "--to", "postgres://nobody@%2Fnonexistent/fazhi", "--schema", "t"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(run.stderr.contains("cannot connect"), "{}", run.render());
}

/// Drops `schema` on the server at `url`.
pub(crate) fn drop_schema(url: &str, schema: &str) {
    #[cfg(feature = "postgres")]
    {
        let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
        client.batch_execute(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE")).unwrap();
    }
    let _ = (url, schema);
}

/// The output of `args` on both towns, which must succeed.
fn same_on_both(sqlite: &Fixture, postgres: &Fixture, args: &[&str]) -> String {
    let on_sqlite = sqlite.run(args);
    let on_postgres = postgres.run(args);
    assert_eq!(on_sqlite.code, 0, "{}", on_sqlite.render());
    assert_eq!(on_postgres.code, 0, "{}", on_postgres.render());
    assert_eq!(on_sqlite.stdout, on_postgres.stdout, "fazhi {}", args.join(" "));
    on_postgres.stdout
}

#[test]
fn a_town_whose_fazhi_ron_names_postgres_works_from_every_command() {
    let Some(url) = database_url() else { return };
    let schema = format!("cli_town_{}", std::process::id());
    let sqlite = Fixture::example("wangtuan-2024");
    let postgres = Fixture::example("wangtuan-2024");
    postgres.add_to_config(&format!("    storage: \"{url}\",\n    schema: \"{schema}\","));

    let overdue = same_on_both(&sqlite, &postgres, &["--today", "2025-03-20", "--json", "tasks", "--overdue"]);
    assert!(overdue.contains("\"overdue\""), "{overdue}");
    assert!(!postgres.path().join(".fazhi/state.db").exists(), "the state is on the server, not in a file");
    for ws in [&sqlite, &postgres] {
        let done = ws.run(&["--today", "2025-03-20", "task", "done", "xinmeiti-pufa@2025-03", "--by", "李静"]);
        assert_eq!(done.code, 0, "{}", done.render());
    }
    same_on_both(&sqlite, &postgres, &["--today", "2025-03-20", "task", "show", "xinmeiti-pufa@2025-03"]);
    same_on_both(&sqlite, &postgres, &["--today", "2025-03-20", "remind"]);
    same_on_both(&sqlite, &postgres, &["outbox", "--all"]);
    let verified = same_on_both(&sqlite, &postgres, &["audit", "verify"]);
    assert!(verified.contains("intact"), "{verified}");
    // The same entries (each stamped with the real instant it was recorded at, so the hashes differ).
    let seq = |ws: &Fixture| json(&ws.run(&["--json", "audit", "head"]))["seq"].as_i64();
    assert_eq!(seq(&sqlite), seq(&postgres));
    for ws in [&sqlite, &postgres] {
        let run = ws.run(&["report", "--year", "2024", "-o", "report.md"]);
        assert_eq!(run.code, 0, "{}", run.render());
    }
    let read = |ws: &Fixture| std::fs::read_to_string(ws.path().join("report.md")).unwrap();
    assert_eq!(read(&sqlite), read(&postgres), "the same report from either backend");
    drop_schema(&url, &schema);
}

#[test]
fn a_town_still_in_its_sqlite_file_is_not_started_again_on_postgres() {
    let Some(url) = database_url() else { return };
    let schema = format!("cli_unmoved_{}", std::process::id());
    let ws = Fixture::example("wangtuan-2024");
    let first = ws.run(&["audit", "head"]);
    assert_eq!(first.code, 0, "{}", first.render());
    let before = ws.state();
    let mut command = ws.command(&["--today", "2025-03-20", "tasks"]);
    command.env("FAZHI_DATABASE_URL", &url);
    ws.add_to_config(&format!("    schema: \"{schema}\","));
    let run = ws.run_command(command);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(run.stderr.contains("fazhi migrate"), "{}", run.render());
    assert_eq!(ws.state(), before, "the SQLite state is untouched");
    // Once moved, the same command reads the copy.
    let moved = ws.run(&["migrate", "--to", &url]);
    assert_eq!(moved.code, 0, "{}", moved.render());
    let mut command = ws.command(&["--today", "2025-03-20", "tasks"]);
    command.env("FAZHI_DATABASE_URL", &url);
    let run = ws.run_command(command);
    assert_eq!(run.code, 0, "{}", run.render());
    drop_schema(&url, &schema);
}
