//! Indexes and triggers set aside for a bulk write inside one transaction.

use rusqlite::{Connection, OptionalExtension};

/// Indexes and triggers dropped for a bulk write and made again, from the very statements
/// that made them, before the transaction commits.
///
/// An index filled row by row in another order than its key's descends its b-tree once per
/// row; made after the rows it is one sort. A trigger that checks each row against other
/// tables costs a look-up per row, where the writer of the bulk knows the rows follow them.
/// Both are schema changes of the caller's transaction: a crash before the commit leaves
/// them as they were, and after it they are there again, statement for statement (so the
/// audit's check of the triggers sees no difference).
pub(crate) struct SuspendedSchema {
    /// The statements that made what was dropped, in the order they are made again.
    statements: Vec<String>,
}

impl SuspendedSchema {
    /// Drops the indexes and triggers named (those that exist) inside the caller's transaction.
    pub(crate) fn suspend(tx: &Connection, names: &[&str]) -> rusqlite::Result<SuspendedSchema> {
        // Outside a transaction, what is dropped would stay dropped.
        debug_assert!(!tx.is_autocommit(), "suspended outside a transaction");
        let mut statements = Vec::new();
        for name in names {
            let found: Option<(String, String)> = tx
                .query_row(
                    "SELECT type, sql FROM sqlite_schema WHERE name = ?1 AND type IN ('index', 'trigger') AND sql IS NOT NULL",
                    [name],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?;
            if let Some((kind, sql)) = found {
                tx.execute_batch(&format!("DROP {} \"{}\"", kind.to_uppercase(), name.replace('"', "\"\"")))?;
                statements.push(sql);
            }
        }
        Ok(SuspendedSchema { statements })
    }

    /// Makes everything dropped again, inside the same transaction.
    pub(crate) fn restore(self, tx: &Connection) -> rusqlite::Result<()> {
        for sql in &self.statements {
            tx.execute_batch(sql)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::SuspendedSchema;

    fn schema(conn: &Connection) -> Vec<(String, Option<String>)> {
        let mut statement = conn.prepare("SELECT name, sql FROM sqlite_schema ORDER BY name").unwrap();
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?))).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn what_is_suspended_comes_back_as_it_was_made_and_a_rollback_keeps_it() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (a TEXT UNIQUE, b INTEGER);
             CREATE INDEX t_b ON t (b, a);
             CREATE TRIGGER t_guard BEFORE INSERT ON t WHEN NEW.b < 0
             BEGIN
                 SELECT RAISE(ABORT, 'negative');
             END;",
        )
        .unwrap();
        let before = schema(&conn);

        let tx = conn.transaction().unwrap();
        let suspended = SuspendedSchema::suspend(&tx, &["t_b", "t_guard", "no_such_thing"]).unwrap();
        assert_eq!(schema(&tx).len(), before.len() - 2);
        // Unguarded meanwhile.
        tx.execute("INSERT INTO t VALUES ('x', -1)", []).unwrap();
        suspended.restore(&tx).unwrap();
        tx.commit().unwrap();
        assert_eq!(schema(&conn), before);
        assert!(conn.execute("INSERT INTO t VALUES ('y', -2)", []).is_err());
        let used: String =
            conn.query_row("EXPLAIN QUERY PLAN SELECT a FROM t WHERE b = 1", [], |row| row.get(3)).unwrap();
        assert!(used.contains("t_b"), "{used}");

        let tx = conn.transaction().unwrap();
        SuspendedSchema::suspend(&tx, &["t_b", "t_guard"]).unwrap();
        drop(tx);
        assert_eq!(schema(&conn), before);
    }
}
