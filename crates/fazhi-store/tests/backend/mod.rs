//! The store's backends, for tests that must hold on each: SQLite always, and PostgreSQL (cargo
//! feature `postgres`) when `FAZHI_TEST_DATABASE_URL` names a server to test on — each test gets
//! a schema of its own there, dropped at the end. With `FAZHI_REQUIRE_POSTGRES=1` (as `.ci/run`
//! sets) a missing server fails the test instead of leaving PostgreSQL out.
#![allow(dead_code)]

use std::path::Path;

use fazhi_store::{OpenOptions, StateStore, Store};

/// One backend's fresh, empty store.
pub struct Backend {
    /// `sqlite` or `postgres`.
    pub name: &'static str,
    /// The store.
    pub store: Box<dyn StateStore>,
    /// Where the store keeps its files (the SQLite database, evidence).
    pub dir: tempfile::TempDir,
    /// The PostgreSQL schema to drop at the end.
    schema: Option<(String, String)>,
}

impl Drop for Backend {
    fn drop(&mut self) {
        #[cfg(feature = "postgres")]
        if let Some((url, schema)) = &self.schema {
            if let Ok(mut client) = postgres::Client::connect(url, postgres::NoTls) {
                let _ = client.batch_execute(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"));
            }
        }
        #[cfg(not(feature = "postgres"))]
        let _ = &self.schema;
    }
}

/// The PostgreSQL server to test on, if any (failing when one is required and none is named).
pub fn database_url() -> Option<String> {
    let url = std::env::var("FAZHI_TEST_DATABASE_URL").ok().filter(|url| !url.is_empty());
    let required = std::env::var("FAZHI_REQUIRE_POSTGRES").is_ok_and(|value| value == "1");
    if url.is_none() && required {
        panic!("FAZHI_REQUIRE_POSTGRES=1 but FAZHI_TEST_DATABASE_URL names no server (see .ci/postgres)");
    }
    if cfg!(not(feature = "postgres")) {
        assert!(!required, "FAZHI_REQUIRE_POSTGRES=1 but the tests were built without the feature `postgres`");
        return None;
    }
    url
}

/// A schema name no other test uses.
pub fn fresh_schema(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    format!("{prefix}_{}_{}_{nanos}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// A fresh store on each backend there is.
pub fn backends() -> Vec<Backend> {
    let mut backends = Vec::new();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("state.db"), &OpenOptions::default()).unwrap();
    backends.push(Backend { name: "sqlite", store: Box::new(store), dir, schema: None });
    #[cfg(feature = "postgres")]
    if let Some(url) = database_url() {
        let dir = tempfile::tempdir().unwrap();
        let schema = fresh_schema("test");
        let store =
            fazhi_store::PgStore::open(&url, &schema, &dir.path().join("evidence"), &OpenOptions::default()).unwrap();
        backends.push(Backend { name: "postgres", store: Box::new(store), dir, schema: Some((url, schema)) });
    }
    backends
}

/// Runs `test` on a fresh store of each backend, naming the backend when it fails.
pub fn on_each_backend(test: impl Fn(&mut dyn StateStore, &Path)) {
    for mut backend in backends() {
        let name = backend.name;
        let dir = backend.dir.path().to_path_buf();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| test(backend.store.as_mut(), &dir)));
        if let Err(panic) = outcome {
            eprintln!("failed on the {name} backend");
            std::panic::resume_unwind(panic);
        }
    }
}
