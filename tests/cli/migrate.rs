//! `fazhi migrate --to postgres://…`: a town's state moved to PostgreSQL keeps its audit head.
//! Runs on the server FAZHI_TEST_DATABASE_URL names (`.ci/postgres` starts one), with a fazhi
//! built with the feature `postgres`; `FAZHI_REQUIRE_POSTGRES=1` makes a missing one fail.

use crate::support::Fixture;

/// The server to test on, if any.
fn database_url() -> Option<String> {
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

    #[cfg(feature = "postgres")]
    {
        let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        client.batch_execute(&format!("DROP SCHEMA \"{schema}\" CASCADE")).unwrap();
    }
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
