/// The PostgreSQL server the county benchmarks run on: `FAZHI_TEST_DATABASE_URL`, as for the
/// store's tests (`.ci/postgres start DIR` makes a throw-away one), or why there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostgresServer {
    /// The server's address (`postgres://…`).
    Available(String),
    /// Why the PostgreSQL figures are not measured (said in their rows).
    Missing(String),
}

/// The variable naming the server.
pub const DATABASE_VARIABLE: &str = "FAZHI_TEST_DATABASE_URL";

/// The variable that, set to `1`, makes a missing server a failure (as `.ci/run` sets it).
pub const REQUIRE_VARIABLE: &str = "FAZHI_REQUIRE_POSTGRES";

impl PostgresServer {
    /// The server `url` names (`--database`), else `FAZHI_TEST_DATABASE_URL`; with none, the
    /// reason, unless `FAZHI_REQUIRE_POSTGRES=1` asks for a server (then an error).
    pub fn find(url: Option<&str>) -> Result<PostgresServer, String> {
        let url =
            url.map(str::to_string).or_else(|| std::env::var(DATABASE_VARIABLE).ok()).filter(|url| !url.is_empty());
        match url {
            Some(url) => Ok(PostgresServer::Available(url)),
            None if PostgresServer::required() => {
                Err(format!("{REQUIRE_VARIABLE}=1 but {DATABASE_VARIABLE} names no server (see .ci/postgres)"))
            }
            None => Ok(PostgresServer::Missing(format!("PostgreSQL not available ({DATABASE_VARIABLE} is not set)"))),
        }
    }

    /// Whether `FAZHI_REQUIRE_POSTGRES=1`.
    pub fn required() -> bool {
        std::env::var(REQUIRE_VARIABLE).is_ok_and(|value| value == "1")
    }

    /// Drops every schema of the database at `url` whose name starts with `prefix` (what a
    /// benchmark made there), with what is in it.
    pub fn drop_schemas(url: &str, prefix: &str) -> Result<usize, crate::BenchError> {
        let mut client = postgres::Client::connect(url, postgres::NoTls)?;
        let pattern = format!("{}%", prefix.replace('_', "\\_"));
        let schemas: Vec<String> = client
            .query("SELECT nspname FROM pg_namespace WHERE nspname LIKE $1", &[&pattern])?
            .iter()
            .map(|row| row.get(0))
            .collect();
        for schema in &schemas {
            client.batch_execute(&format!("DROP SCHEMA \"{schema}\" CASCADE"))?;
        }
        Ok(schemas.len())
    }

    /// The server's address, if there is one.
    pub fn url(&self) -> Option<&str> {
        match self {
            PostgresServer::Available(url) => Some(url),
            PostgresServer::Missing(_) => None,
        }
    }
}
