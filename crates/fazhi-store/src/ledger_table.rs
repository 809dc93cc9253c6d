use fazhi_core::{FieldType, LedgerKind};
use rusqlite::{Connection, OptionalExtension};

/// The table that holds one ledger kind's rows as it is in the database: `ledger_kind_<kind>`,
/// with each row's id, source line and import, and one typed column `f_<field>` per field;
/// each row's key (see [`crate::LedgerWriter`]) is in the table `ledger_key_<kind>`, by key
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
    /// the key tables) rather than in `ledger_key_<kind>`.
    pub(crate) inline_keys: bool,
}

const PREFIX: &str = "ledger_kind_";

/// The table of a kind's row keys is named like its rows' table, with this prefix.
const KEY_PREFIX: &str = "ledger_key_";

/// A row id's year is its id shifted right by this many bits (see [`LedgerTable::first_id`]).
pub(crate) const YEAR_SHIFT: u32 = 40;

impl LedgerTable {
    /// The name of the table of `kind`: `ledger_kind_<kind>` for an identifier, otherwise with
    /// the kind's bytes in hex, so any kind id is a safe table name.
    pub(crate) fn name_of(kind: &str) -> String {
        if is_identifier(kind) {
            format!("{PREFIX}{kind}")
        } else {
            format!("{PREFIX}x{}", hex::encode(kind.as_bytes()))
        }
    }

    /// The kinds that have a table.
    pub(crate) fn kinds(conn: &Connection) -> rusqlite::Result<Vec<String>> {
        let mut statement =
            conn.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'ledger\\_kind\\_%' ESCAPE '\\' ORDER BY name")?;
        let names: Vec<String> = statement.query_map([], |row| row.get(0))?.collect::<Result<_, _>>()?;
        Ok(names
            .into_iter()
            .filter_map(|name| {
                let kind = name.strip_prefix(PREFIX)?;
                let decoded = kind.strip_prefix('x').and_then(|hex| String::from_utf8(hex::decode(hex).ok()?).ok());
                Some(match decoded {
                    Some(decoded) if LedgerTable::name_of(&decoded) == name => decoded,
                    _ => kind.to_string(),
                })
            })
            .collect())
    }

    /// The table of `kind`, if rows of it were ever stored.
    pub(crate) fn load(conn: &Connection, kind: &str) -> rusqlite::Result<Option<LedgerTable>> {
        let name = LedgerTable::name_of(kind);
        let exists = conn
            .query_row("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1", [&name], |_| Ok(()))
            .optional()?;
        if exists.is_none() {
            return Ok(None);
        }
        let mut statement = conn.prepare(&format!("SELECT name, type FROM pragma_table_info('{name}')"))?;
        let all: Vec<(String, String)> = statement
            .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let inline_keys = all.iter().any(|(column, _)| column == "row_key");
        let columns = all
            .into_iter()
            .filter_map(|(column, declared)| Some((column.strip_prefix("f_")?.to_string(), field_type(&declared))))
            .collect();
        Ok(Some(LedgerTable { name, columns, inline_keys }))
    }

    /// The table of `kind`, created (with its key table and append-only triggers) or given the
    /// columns of fields declared since, inside the caller's transaction.
    pub(crate) fn ensure(conn: &Connection, kind: &LedgerKind) -> rusqlite::Result<LedgerTable> {
        LedgerTable::ensure_telling(conn, kind).map(|(table, _)| table)
    }

    /// Like [`LedgerTable::ensure`], and whether the table was made here (so every row put in
    /// it in this transaction is new).
    pub(crate) fn ensure_telling(conn: &Connection, kind: &LedgerKind) -> rusqlite::Result<(LedgerTable, bool)> {
        let name = LedgerTable::name_of(&kind.id);
        let (mut table, created) = match LedgerTable::load(conn, &kind.id)? {
            Some(table) => (table, false),
            None => {
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
                    append_only(&name, "ledger rows are append-only: they cannot be"),
                    append_only(&keys, "ledger rows are append-only: their keys cannot be"),
                ))?;
                (LedgerTable { name: name.clone(), columns: Vec::new(), inline_keys: false }, true)
            }
        };
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
fn is_identifier(name: &str) -> bool {
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

/// Triggers that refuse to update or delete rows of `table`, with `refusal` followed by
/// "changed" or "deleted" as the message.
fn append_only(table: &str, refusal: &str) -> String {
    [("update", "UPDATE", "changed"), ("delete", "DELETE", "deleted")]
        .iter()
        .map(|(suffix, statement, verb)| {
            format!(
                "CREATE TRIGGER \"{table}_no_{suffix}\" BEFORE {statement} ON \"{table}\"\nBEGIN\n    \
                 SELECT RAISE(ABORT, '{refusal} {verb}');\nEND;\n"
            )
        })
        .collect()
}
