use fazhi_core::{FieldType, LedgerKind};
use rusqlite::{Connection, OptionalExtension};

/// The table that holds one ledger kind's rows as it is in the database, named in the registry
/// table `ledger_table` (kind → table name, assigned once when the kind's first rows are
/// stored, so two kinds never share a table; see [`LedgerTable::load`]), with each row's id, source line and import, and one typed column `f_<field>` per field;
/// each row's key (see [`crate::LedgerWriter`]) is in the table named like it with `ledger_key_` for `ledger_kind_`, by key
/// with the row's id. (Tables made before that table existed keep the key in their own
/// column `row_key`, unique.) A field declared after rows were stored gets its column on the next import (empty in
/// the older rows); a column whose field is no longer declared stays.
///
/// A row's id is its year × 2⁴⁰ plus its place in that year ([`LedgerTable::first_id`]), so
/// the rows of one year are one range of the table: a year is read without an index and each
/// import appends to its years' ranges.
///
/// Each column's declared SQL type names the field's type first (`DATE TEXT`, `BOOL INTEGER`,
/// `TAGS TEXT`), so rows read back with their types without the kind's declaration. Tags are
/// stored as a JSON array of strings.
#[derive(Debug, Clone)]
pub(crate) struct LedgerTable {
    /// The table's name.
    pub(crate) name: String,
    /// Each field column: the field's id and type, in column order.
    pub(crate) columns: Vec<(String, FieldType)>,
    /// Whether the rows' keys are in their own unique column `row_key` (a table made before
    /// the key tables) rather than in its key table.
    pub(crate) inline_keys: bool,
    /// Whether some of its rows are superseded (`ledger_superseded`): they are then left out of
    /// every aggregate.
    pub(crate) superseded: bool,
}

const PREFIX: &str = "ledger_kind_";

/// The table of a kind's row keys is named like its rows' table, with this prefix.
const KEY_PREFIX: &str = "ledger_key_";

/// A row id's year is its id shifted right by this many bits (see [`LedgerTable::first_id`]).
pub(crate) const YEAR_SHIFT: u32 = 40;

impl LedgerTable {
    /// The name of the table that holds the rows of `kind`, as the registry `ledger_table`
    /// has it, if rows of it were ever stored.
    pub(crate) fn name_of(conn: &Connection, kind: &str) -> rusqlite::Result<Option<String>> {
        conn.query_row("SELECT name FROM ledger_table WHERE kind = ?1", [kind], |row| row.get(0)).optional()
    }

    /// Every registered kind with its table's name, by kind.
    pub(crate) fn registered(conn: &Connection) -> rusqlite::Result<Vec<(String, String)>> {
        let mut statement = conn.prepare("SELECT kind, name FROM ledger_table ORDER BY kind")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        rows.collect()
    }

    /// The kinds that have a table.
    pub(crate) fn kinds(conn: &Connection) -> rusqlite::Result<Vec<String>> {
        Ok(LedgerTable::registered(conn)?.into_iter().map(|(kind, _)| kind).collect())
    }

    /// A name for a new table of `kind`, not used by any table yet: `ledger_kind_<kind>` with
    /// every character other than a lowercase letter, a digit or `_` made `_`, then `_2`,
    /// `_3`… until the name and its key table's name are free. The registry, not the name,
    /// says which kind a table holds.
    fn new_name(conn: &Connection, kind: &str) -> rusqlite::Result<String> {
        let base: String = kind
            .chars()
            .map(|c| if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' { c } else { '_' })
            .collect();
        let base = format!("{PREFIX}{}", if base.is_empty() { "_" } else { &base });
        let mut statement = conn.prepare(
            "SELECT EXISTS (SELECT 1 FROM ledger_table WHERE name = ?1)
                 OR EXISTS (SELECT 1 FROM sqlite_schema WHERE name IN (?1, ?2))",
        )?;
        for n in 1_u64.. {
            let name = if n == 1 { base.clone() } else { format!("{base}_{n}") };
            let taken: bool = statement.query_row([&name, &LedgerTable::key_table_of(&name)], |row| row.get(0))?;
            if !taken {
                return Ok(name);
            }
        }
        unreachable!("some name is free")
    }

    /// The table of `kind`, if rows of it were ever stored.
    pub(crate) fn load(conn: &Connection, kind: &str) -> rusqlite::Result<Option<LedgerTable>> {
        let Some(name) = LedgerTable::name_of(conn, kind)? else {
            return Ok(None);
        };
        let mut statement = conn.prepare(&format!("SELECT name, type FROM pragma_table_info('{name}')"))?;
        let all: Vec<(String, String)> = statement
            .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let inline_keys = all.iter().any(|(column, _)| column == "row_key");
        let columns = all
            .into_iter()
            .filter_map(|(column, declared)| Some((column.strip_prefix("f_")?.to_string(), field_type(&declared))))
            .collect();
        let superseded = LedgerTable::has_superseded(conn, kind)?;
        Ok(Some(LedgerTable { name, columns, inline_keys, superseded }))
    }

    /// Whether rows of `kind` are superseded.
    pub(crate) fn has_superseded(conn: &Connection, kind: &str) -> rusqlite::Result<bool> {
        conn.query_row("SELECT EXISTS (SELECT 1 FROM ledger_superseded WHERE kind = ?1)", [kind], |row| row.get(0))
    }

    /// The table of `kind`, created (with its key table and append-only triggers) or given the
    /// columns of fields declared since, inside the caller's transaction.
    pub(crate) fn ensure(conn: &Connection, kind: &LedgerKind) -> rusqlite::Result<LedgerTable> {
        LedgerTable::ensure_telling(conn, kind).map(|(table, _)| table)
    }

    /// Like [`LedgerTable::ensure`], and whether the table was made here (so every row put in
    /// it in this transaction is new).
    pub(crate) fn ensure_telling(conn: &Connection, kind: &LedgerKind) -> rusqlite::Result<(LedgerTable, bool)> {
        let (mut table, created) = match LedgerTable::load(conn, &kind.id)? {
            Some(table) => (table, false),
            None => {
                let name = LedgerTable::new_name(conn, &kind.id)?;
                conn.execute("INSERT INTO ledger_table (kind, name) VALUES (?1, ?2)", [&kind.id, &name])?;
                let keys = LedgerTable::key_table_of(&name);
                conn.execute_batch(&format!(
                    r#"CREATE TABLE "{name}" (
    id         INTEGER PRIMARY KEY,
    source_row INTEGER NOT NULL,
    import     INTEGER NOT NULL
);
CREATE TABLE "{keys}" (
    row_key BLOB PRIMARY KEY,
    id      INTEGER NOT NULL
) WITHOUT ROWID;
{}
{}"#,
                    append_only(&name, ROWS_REFUSAL),
                    append_only(&keys, KEYS_REFUSAL),
                ))?;
                (LedgerTable { name: name.clone(), columns: Vec::new(), inline_keys: false, superseded: false }, true)
            }
        };
        let name = table.name.clone();
        for field in &kind.fields {
            if table.column(&field.id).is_none() && is_identifier(&field.id) {
                conn.execute_batch(&format!(
                    r#"ALTER TABLE "{name}" ADD COLUMN "f_{}" {}"#,
                    field.id,
                    declared(field.field_type)
                ))?;
                table.columns.push((field.id.clone(), field.field_type));
            }
        }
        Ok((table, created))
    }

    /// The table of the rows' keys (see [`LedgerTable::inline_keys`]).
    pub(crate) fn key_table(&self) -> String {
        LedgerTable::key_table_of(&self.name)
    }

    fn key_table_of(name: &str) -> String {
        format!("{KEY_PREFIX}{}", name.strip_prefix(PREFIX).unwrap_or(name))
    }

    /// The id of the first row of `year`: a year's ids run from here up to the next year's.
    pub(crate) fn first_id(year: i32) -> i64 {
        i64::from(year) << YEAR_SHIFT
    }

    /// The quoted column of `field` and the type it was stored with, if the table has one.
    pub(crate) fn column(&self, field: &str) -> Option<(String, FieldType)> {
        self.columns.iter().find(|(id, _)| id == field).map(|(id, field_type)| (format!("\"f_{id}\""), *field_type))
    }
}

/// Whether `name` is lowercase letters, digits and `_` (what kinds and fields are declared as).
pub(crate) fn is_identifier(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The SQL type a column of `field_type` is declared with: the field's type, then the SQL
/// type that gives the column its affinity.
fn declared(field_type: FieldType) -> &'static str {
    match field_type {
        FieldType::Text => "TEXT",
        FieldType::Integer => "INTEGER",
        FieldType::Number => "REAL",
        FieldType::Date => "DATE TEXT",
        FieldType::Bool => "BOOL INTEGER",
        FieldType::Tags => "TAGS TEXT",
    }
}

/// The field type a column was declared with (see [`declared`]).
fn field_type(declared_type: &str) -> FieldType {
    match declared_type {
        "INTEGER" => FieldType::Integer,
        "REAL" => FieldType::Number,
        "DATE TEXT" => FieldType::Date,
        "BOOL INTEGER" => FieldType::Bool,
        "TAGS TEXT" => FieldType::Tags,
        _ => FieldType::Text,
    }
}

/// What the triggers of a ledger table say when they refuse, followed by "changed" or "deleted".
const ROWS_REFUSAL: &str = "ledger rows are append-only: they cannot be";
/// What the triggers of a key table say when they refuse.
const KEYS_REFUSAL: &str = "ledger rows are append-only: their keys cannot be";

/// Triggers that refuse to update or delete rows of `table`, with `refusal` followed by
/// "changed" or "deleted" as the message.
fn append_only(table: &str, refusal: &str) -> String {
    append_only_triggers(table, refusal).into_iter().map(|(_, sql)| sql + "\n").collect()
}

/// The triggers of [`append_only`], each by name with its statement.
fn append_only_triggers(table: &str, refusal: &str) -> Vec<(String, String)> {
    [("update", "UPDATE", "changed"), ("delete", "DELETE", "deleted")]
        .iter()
        .map(|(suffix, statement, verb)| {
            (
                format!("{table}_no_{suffix}"),
                format!(
                    "CREATE TRIGGER \"{table}_no_{suffix}\" BEFORE {statement} ON \"{table}\"\nBEGIN\n    \
                     SELECT RAISE(ABORT, '{refusal} {verb}');\nEND;"
                ),
            )
        })
        .collect()
}

impl LedgerTable {
    /// The append-only triggers each registered ledger table was made with (and its key table,
    /// for a table whose keys are not inline), each by name with its statement.
    pub(crate) fn expected_triggers(conn: &Connection) -> rusqlite::Result<Vec<(String, String)>> {
        let mut triggers = Vec::new();
        for (kind, _) in LedgerTable::registered(conn)? {
            let Some(table) = LedgerTable::load(conn, &kind)? else { continue };
            triggers.extend(append_only_triggers(&table.name, ROWS_REFUSAL));
            if !table.inline_keys {
                triggers.extend(append_only_triggers(&table.key_table(), KEYS_REFUSAL));
            }
        }
        Ok(triggers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrations::MIGRATIONS;

    fn kind(id: &str) -> LedgerKind {
        LedgerKind { id: id.to_string(), name: id.to_string(), date: None, fields: Vec::new() }
    }

    fn migrated(count: usize) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        for migration in &MIGRATIONS[..count] {
            conn.execute_batch(migration).unwrap();
        }
        conn
    }

    #[test]
    fn kinds_whose_names_look_alike_get_tables_of_their_own() {
        let conn = migrated(MIGRATIONS.len());
        // `a-b` was stored as `ledger_kind_x612d62`, the table of `x612d62`.
        let names: Vec<String> = ["a-b", "x612d62", "a_b", "甲", "乙"]
            .iter()
            .map(|id| LedgerTable::ensure(&conn, &kind(id)).unwrap().name)
            .collect();
        assert_eq!(
            names,
            ["ledger_kind_a_b", "ledger_kind_x612d62", "ledger_kind_a_b_2", "ledger_kind__", "ledger_kind___2"]
        );
        for (id, name) in ["a-b", "x612d62", "a_b", "甲", "乙"].iter().zip(&names) {
            assert_eq!(&LedgerTable::load(&conn, id).unwrap().unwrap().name, name, "{id} keeps its table");
            assert_eq!(&LedgerTable::ensure(&conn, &kind(id)).unwrap().name, name, "{id} is assigned once");
        }
        assert_eq!(LedgerTable::kinds(&conn).unwrap(), ["a-b", "a_b", "x612d62", "乙", "甲"]);
        assert!(LedgerTable::load(&conn, "a").unwrap().is_none());
    }

    #[test]
    fn tables_named_by_the_old_rule_are_registered_under_the_kind_that_made_them() {
        let conn = migrated(5);
        for table in
            ["ledger_kind_x612d62", "ledger_kind_plain", "ledger_kind_x6162", "ledger_kind_xe794b2", "ledger_kind_x7a"]
        {
            conn.execute_batch(&format!("CREATE TABLE \"{table}\" (id INTEGER PRIMARY KEY)")).unwrap();
        }
        // `a-b` made `ledger_kind_x612d62`; `x612d62` imported into it later.
        conn.execute_batch(
            "INSERT INTO ledger_import VALUES (1, 'a-b', 'a.csv', '', 1, 1, 't', '2024-01-01T00:00:00', 1);
             INSERT INTO ledger_import VALUES (2, 'x612d62', 'x.csv', '', 1, 1, 't', '2024-01-02T00:00:00', 2);
             INSERT INTO ledger_import VALUES (3, 'x7a', 'z.csv', '', 1, 1, 't', '2024-01-03T00:00:00', 3);",
        )
        .unwrap();
        conn.execute_batch(MIGRATIONS[5]).unwrap();
        assert_eq!(
            LedgerTable::registered(&conn).unwrap(),
            [
                ("a-b", "ledger_kind_x612d62"),
                ("plain", "ledger_kind_plain"),
                // "ab" is an identifier, so this is the table of the kind `x6162`.
                ("x6162", "ledger_kind_x6162"),
                // "z" is an identifier too.
                ("x7a", "ledger_kind_x7a"),
                ("甲", "ledger_kind_xe794b2"),
            ]
            .map(|(kind, name)| (kind.to_string(), name.to_string()))
        );
        // The kind that came second gets a table of its own.
        for migration in &MIGRATIONS[6..] {
            conn.execute_batch(migration).unwrap();
        }
        assert_eq!(LedgerTable::ensure(&conn, &kind("x612d62")).unwrap().name, "ledger_kind_x612d62_2");
    }
}
