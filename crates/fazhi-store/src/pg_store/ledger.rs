//! The ledger in PostgreSQL: every kind's rows in one table `ledger_entry`, keyed by kind and
//! id (a row's id is its year × 2⁴⁰ plus its place in the year, as in SQLite, so a year is one
//! range of the primary key), with the row's values in one JSONB object `data`; the type each
//! field was first stored with in `ledger_field` (what SQLite's typed columns hold); each
//! row's key in `ledger_key`. Rows, keys, imports, corrections and supersessions are
//! append-only. The rows' identity, ids and audit entries are those of the SQLite store.

mod copy;
mod correct;
mod import;
mod select;
mod sink;
mod values;

use std::collections::HashMap;
use std::path::Path;

use fazhi_core::{FieldType, LedgerKind, LedgerRecord};
use postgres::types::ToSql;
use postgres::Transaction;

pub(crate) use copy::copy_ledger;

use crate::ledger_resolver::{RowLookup, State};
use crate::ledger_table::{is_identifier, LedgerTable};
use crate::pg_store::pg_error;
use crate::{
    CorrectionOutcome, ImportOutcome, LedgerCondition, LedgerImport, LedgerQuery, LedgerRow, LedgerStore, PgStore,
    RowCorrection, StoreError,
};

/// The ledger's tables: the second PostgreSQL migration.
pub(crate) const LEDGER_SCHEMA: &str = r#"
CREATE TABLE ledger_import (
    id              BIGINT PRIMARY KEY,
    kind            TEXT COLLATE "C" NOT NULL,
    source          TEXT COLLATE "C" NOT NULL,
    sha256          TEXT COLLATE "C" NOT NULL,
    rows_read       BIGINT NOT NULL,
    rows_added      BIGINT NOT NULL,
    actor           TEXT COLLATE "C" NOT NULL,
    at              TEXT COLLATE "C" NOT NULL,
    audit_seq       BIGINT NOT NULL,
    sheet           TEXT COLLATE "C",
    revision        BIGINT,
    rows_superseded BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX ledger_import_source ON ledger_import (kind, source);
CREATE INDEX ledger_import_sha256 ON ledger_import (kind, sha256);
CREATE TRIGGER ledger_import_append_only BEFORE UPDATE OR DELETE ON ledger_import
    FOR EACH ROW EXECUTE FUNCTION refuse_change('ledger imports are append-only: they cannot be ');

CREATE TABLE ledger_field (
    kind     TEXT COLLATE "C" NOT NULL,
    field    TEXT COLLATE "C" NOT NULL,
    position INTEGER NOT NULL,
    type     TEXT COLLATE "C" NOT NULL CHECK (type IN ('text', 'integer', 'number', 'date', 'bool', 'tags')),
    PRIMARY KEY (kind, field)
);
CREATE TRIGGER ledger_field_append_only BEFORE UPDATE OR DELETE ON ledger_field
    FOR EACH ROW EXECUTE FUNCTION refuse_change('ledger fields keep their type: they cannot be ');

CREATE TABLE ledger_entry (
    kind       TEXT COLLATE "C" NOT NULL,
    id         BIGINT NOT NULL,
    import     BIGINT NOT NULL,
    source_row BIGINT NOT NULL,
    data       JSONB NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE INDEX ledger_entry_import ON ledger_entry (kind, import);
CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION refuse_change('ledger rows are append-only: they cannot be ');

CREATE TABLE ledger_key (
    kind    TEXT COLLATE "C" NOT NULL,
    row_key BYTEA NOT NULL,
    id      BIGINT NOT NULL,
    PRIMARY KEY (kind, row_key)
);
CREATE TRIGGER ledger_key_append_only BEFORE UPDATE OR DELETE ON ledger_key
    FOR EACH ROW EXECUTE FUNCTION refuse_change('ledger rows are append-only: their keys cannot be ');

CREATE TABLE ledger_correction (
    id          BIGINT PRIMARY KEY,
    kind        TEXT COLLATE "C" NOT NULL,
    row         BIGINT NOT NULL,
    action      TEXT COLLATE "C" NOT NULL CHECK (action IN ('void', 'correct')),
    replacement BIGINT,
    reason      TEXT COLLATE "C" NOT NULL,
    actor       TEXT COLLATE "C" NOT NULL,
    at          TEXT COLLATE "C" NOT NULL,
    audit_seq   BIGINT NOT NULL,
    CHECK ((action = 'void') = (replacement IS NULL))
);
CREATE TRIGGER ledger_correction_append_only BEFORE UPDATE OR DELETE ON ledger_correction
    FOR EACH ROW EXECUTE FUNCTION refuse_change('ledger corrections are append-only: they cannot be ');

CREATE TABLE ledger_superseded (
    kind       TEXT COLLATE "C" NOT NULL,
    row        BIGINT NOT NULL,
    import     BIGINT REFERENCES ledger_import (id),
    correction BIGINT REFERENCES ledger_correction (id),
    PRIMARY KEY (kind, row),
    CHECK ((import IS NULL) <> (correction IS NULL))
);
CREATE TRIGGER ledger_superseded_append_only BEFORE UPDATE OR DELETE ON ledger_superseded
    FOR EACH ROW EXECUTE FUNCTION refuse_change('superseded ledger rows stay superseded: they cannot be ');
"#;

/// The condition on `ledger_import` selecting the imports of one source, as SQLite's
/// [`crate::open_import::SAME_SOURCE`]: the kind `$1`, the file `$2` and the sheet `$3`.
const SAME_SOURCE: &str = "kind = $1 AND source = $2 AND sheet IS NOT DISTINCT FROM $3 AND COALESCE(revision, 1) > 0";

/// Rows written by one statement (as arrays).
const ROWS_PER_STATEMENT: usize = 5000;

/// Parameters of a statement built as it goes.
type Params = Vec<Box<dyn ToSql + Sync>>;

/// `params` as a statement takes them.
fn refs(params: &Params) -> Vec<&(dyn ToSql + Sync)> {
    params.iter().map(|param| param.as_ref() as &(dyn ToSql + Sync)).collect()
}

/// How a field type is named in `ledger_field`.
fn type_name(field_type: FieldType) -> &'static str {
    match field_type {
        FieldType::Text => "text",
        FieldType::Integer => "integer",
        FieldType::Number => "number",
        FieldType::Date => "date",
        FieldType::Bool => "bool",
        FieldType::Tags => "tags",
    }
}

/// The field type named `name` in `ledger_field`.
fn field_type(name: &str) -> FieldType {
    match name {
        "integer" => FieldType::Integer,
        "number" => FieldType::Number,
        "date" => FieldType::Date,
        "bool" => FieldType::Bool,
        "tags" => FieldType::Tags,
        _ => FieldType::Text,
    }
}

/// The stored fields of a kind with the type each was first stored with, in the order they
/// were first stored (what SQLite's columns of the kind's table are).
#[derive(Debug, Clone, Default)]
pub(super) struct Fields(Vec<(String, FieldType)>);

impl Fields {
    /// The stored fields of `kind`.
    fn load(tx: &mut Transaction<'_>, label: &Path, kind: &str) -> Result<Fields, StoreError> {
        let rows = tx
            .query("SELECT field, type FROM ledger_field WHERE kind = $1 ORDER BY position", &[&kind])
            .map_err(|err| pg_error(label, err))?;
        Ok(Fields(rows.iter().map(|row| (row.get(0), field_type(row.get(1)))).collect()))
    }

    /// The stored fields of `kind` with those of its declaration stored from now on (every field
    /// that is an identifier), recorded inside the caller's transaction.
    fn ensure(tx: &mut Transaction<'_>, label: &Path, kind: &LedgerKind) -> Result<Fields, StoreError> {
        let mut fields = Fields::load(tx, label, &kind.id)?;
        let stored = fields.declare(kind);
        fields.record(tx, label, &kind.id, stored)?;
        Ok(fields)
    }

    /// Adds the fields of `kind`'s declaration not stored yet (those that are identifiers, as
    /// SQLite gives only those a column) at the end; returns how many fields were stored
    /// before, for [`Fields::record`].
    fn declare(&mut self, kind: &LedgerKind) -> usize {
        let stored = self.0.len();
        for field in &kind.fields {
            if self.type_of(&field.id).is_none() && is_identifier(&field.id) {
                self.0.push((field.id.clone(), field.field_type));
            }
        }
        stored
    }

    /// Records the fields of `kind` from the `from`-th on, inside the caller's transaction.
    fn record(&self, tx: &mut Transaction<'_>, label: &Path, kind: &str, from: usize) -> Result<(), StoreError> {
        for (position, (field, field_type)) in self.0.iter().enumerate().skip(from) {
            tx.execute(
                "INSERT INTO ledger_field (kind, field, position, type) VALUES ($1, $2, $3, $4)",
                &[&kind, field, &(position as i32), &type_name(*field_type)],
            )
            .map_err(|err| pg_error(label, err))?;
        }
        Ok(())
    }

    /// The type `field` was stored with, if it is stored.
    ///
    /// Only an identifier is ever a stored field: a name found here may be written into SQL
    /// (`data->'field'`), so a row of `ledger_field` changed by hand to hold anything else is
    /// not one.
    pub(super) fn type_of(&self, field: &str) -> Option<FieldType> {
        if !is_identifier(field) {
            return None;
        }
        self.0.iter().find(|(id, _)| id == field).map(|(_, field_type)| *field_type)
    }

    /// The values of `record` (of `kind`) as the row's `data`: each stored field's value, typed
    /// as the field is stored.
    fn data(&self, kind: &LedgerKind, record: &LedgerRecord) -> String {
        let mut data = serde_json::Map::new();
        for (field, value) in kind.fields.iter().zip(&record.values) {
            let (Some(value), Some(column)) = (value, self.type_of(&field.id)) else { continue };
            let value = values::stored_value(column, value);
            if !value.is_null() {
                data.insert(field.id.clone(), value);
            }
        }
        serde_json::Value::Object(data).to_string()
    }
}

/// A new ledger row, ready to store.
struct NewRow {
    id: i64,
    key: [u8; 16],
    source_row: i64,
    data: String,
}

/// Stores `rows` of `kind` as rows of `import`, with their keys.
fn insert_rows(
    tx: &mut Transaction<'_>,
    label: &Path,
    kind: &str,
    import: i64,
    rows: &[NewRow],
) -> Result<(), StoreError> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let ids: Vec<i64> = chunk.iter().map(|row| row.id).collect();
        let lines: Vec<i64> = chunk.iter().map(|row| row.source_row).collect();
        let data: Vec<&str> = chunk.iter().map(|row| row.data.as_str()).collect();
        let keys: Vec<&[u8]> = chunk.iter().map(|row| &row.key[..]).collect();
        let imports = vec![import; chunk.len()];
        insert_entries(tx, label, kind, &ids, &imports, &lines, &data)?;
        insert_keys(tx, label, kind, &keys, &ids)?;
    }
    Ok(())
}

/// Stores ledger rows of `kind` given as columns (at most [`ROWS_PER_STATEMENT`] or so).
fn insert_entries(
    tx: &mut Transaction<'_>,
    label: &Path,
    kind: &str,
    ids: &[i64],
    imports: &[i64],
    lines: &[i64],
    data: &[&str],
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO ledger_entry (kind, id, import, source_row, data)
         SELECT $1, r.id, r.import, r.source_row, r.data::jsonb
         FROM unnest($2::int8[], $3::int8[], $4::int8[], $5::text[]) AS r (id, import, source_row, data)",
        &[&kind, &ids, &imports, &lines, &data],
    )
    .map_err(|err| pg_error(label, err))?;
    Ok(())
}

/// Stores the keys of rows of `kind`.
fn insert_keys(
    tx: &mut Transaction<'_>,
    label: &Path,
    kind: &str,
    keys: &[&[u8]],
    ids: &[i64],
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO ledger_key (kind, row_key, id) SELECT $1, k.row_key, k.id
         FROM unnest($2::bytea[], $3::int8[]) AS k (row_key, id)",
        &[&kind, &keys, &ids],
    )
    .map_err(|err| pg_error(label, err))?;
    Ok(())
}

/// The next number of a table numbered by `id` (its largest plus one, as SQLite numbers an
/// `INTEGER PRIMARY KEY`): safe under the town's write lock, and, unlike a sequence, the
/// numbers an undone transaction took are taken again, as in SQLite.
fn next_number(tx: &mut Transaction<'_>, label: &Path, table: &str) -> Result<i64, StoreError> {
    let row = tx
        .query_one(&format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}"), &[])
        .map_err(|err| pg_error(label, err))?;
    Ok(row.get(0))
}

/// The ids new rows of one kind get: each year's next free place (after its last row, current
/// or superseded), as [`crate::ledger_writer::NextIds`] gives them.
struct NextIds {
    kind: String,
    next: HashMap<i32, i64>,
}

impl NextIds {
    fn new(kind: &str) -> NextIds {
        NextIds { kind: kind.to_string(), next: HashMap::new() }
    }

    /// The id for a new row of `year`, taken.
    fn take(&mut self, tx: &mut Transaction<'_>, label: &Path, year: i32) -> Result<i64, StoreError> {
        let id = match self.next.get(&year) {
            Some(id) => *id,
            None => {
                let (first, end) = (LedgerTable::first_id(year), LedgerTable::first_id(year + 1));
                let last: Option<i64> = tx
                    .query_one(
                        "SELECT MAX(id) FROM ledger_entry WHERE kind = $1 AND id >= $2 AND id < $3",
                        &[&self.kind, &first, &end],
                    )
                    .map_err(|err| pg_error(label, err))?
                    .get(0);
                last.map_or(first, |last| last + 1)
            }
        };
        self.next.insert(year, id + 1);
        Ok(id)
    }
}

/// The stored rows of one kind, for [`crate::ledger_resolver::resolve`]: keys found in batches
/// ahead ([`KindLookup::prefetch`]) or one by one, and how rows stand, from every supersession
/// of the kind read at once ([`KindLookup::load_states`]) or row by row.
struct KindLookup<'t, 'c> {
    tx: &'t mut Transaction<'c>,
    label: &'t Path,
    kind: String,
    keys: HashMap<[u8; 16], Option<i64>>,
    states: Option<HashMap<i64, (bool, Option<i64>)>>,
}

impl<'t, 'c> KindLookup<'t, 'c> {
    fn new(tx: &'t mut Transaction<'c>, label: &'t Path, kind: &str) -> KindLookup<'t, 'c> {
        KindLookup { tx, label, kind: kind.to_string(), keys: HashMap::new(), states: None }
    }

    /// Reads how every superseded row of the kind stands.
    fn load_states(&mut self) -> Result<(), StoreError> {
        let rows = self
            .tx
            .query(
                "SELECT s.row, s.import IS NOT NULL, c.replacement FROM ledger_superseded s
                 LEFT JOIN ledger_correction c ON c.id = s.correction WHERE s.kind = $1",
                &[&self.kind],
            )
            .map_err(|err| pg_error(self.label, err))?;
        self.states = Some(rows.iter().map(|row| (row.get(0), (row.get(1), row.get(2)))).collect());
        Ok(())
    }

    /// Finds the rows stored under `keys`, many per statement.
    fn prefetch(&mut self, keys: &[[u8; 16]]) -> Result<(), StoreError> {
        for chunk in keys.chunks(ROWS_PER_STATEMENT) {
            let wanted: Vec<&[u8]> = chunk.iter().map(|key| &key[..]).collect();
            let rows = self
                .tx
                .query(
                    "SELECT row_key, id FROM ledger_key WHERE kind = $1 AND row_key = ANY($2::bytea[])",
                    &[&self.kind, &wanted],
                )
                .map_err(|err| pg_error(self.label, err))?;
            for key in chunk {
                self.keys.insert(*key, None);
            }
            for row in rows {
                let key: &[u8] = row.get(0);
                if let Ok(key) = <[u8; 16]>::try_from(key) {
                    self.keys.insert(key, Some(row.get(1)));
                }
            }
        }
        Ok(())
    }
}

impl RowLookup for KindLookup<'_, '_> {
    type Error = StoreError;

    fn find(&mut self, key: &[u8; 16]) -> Result<Option<i64>, StoreError> {
        if let Some(found) = self.keys.get(key) {
            return Ok(*found);
        }
        let found: Option<i64> = self
            .tx
            .query_opt("SELECT id FROM ledger_key WHERE kind = $1 AND row_key = $2", &[&self.kind, &&key[..]])
            .map_err(|err| pg_error(self.label, err))?
            .map(|row| row.get(0));
        self.keys.insert(*key, found);
        Ok(found)
    }

    fn state(&mut self, id: i64) -> Result<State, StoreError> {
        if let Some(states) = &self.states {
            return Ok(State::of(states.get(&id).copied()));
        }
        let found = self
            .tx
            .query_opt(
                "SELECT s.import IS NOT NULL, c.replacement FROM ledger_superseded s
                 LEFT JOIN ledger_correction c ON c.id = s.correction WHERE s.kind = $1 AND s.row = $2",
                &[&self.kind, &id],
            )
            .map_err(|err| pg_error(self.label, err))?
            .map(|row| (row.get(0), row.get(1)));
        Ok(State::of(found))
    }

    fn corrupt(&self, message: &str) -> StoreError {
        StoreError::corrupt(self.label, message.to_string())
    }
}

impl LedgerStore for PgStore {
    fn import_ledger(&mut self, import: &LedgerImport, records: &[LedgerRecord]) -> Result<ImportOutcome, StoreError> {
        self.write(|tx, label| import::import(tx, label, import, records))
    }

    fn ledger_sink<'s>(&'s mut self, first: &LedgerImport) -> Result<Box<dyn crate::LedgerSink + 's>, StoreError> {
        Ok(Box::new(sink::PgLedgerSink::begin(self, first)?))
    }

    fn ledger_file_imported(&self, kind: &str, sha256: &str) -> Result<bool, StoreError> {
        self.read(|tx, label| select::file_imported(tx, label, kind, sha256))
    }

    fn ledger_count(&self, query: &LedgerQuery) -> Result<i64, StoreError> {
        self.read(|tx, label| select::count(tx, label, query))
    }

    fn ledger_sum(&self, query: &LedgerQuery, field: &str) -> Result<f64, StoreError> {
        self.read(|tx, label| select::sum(tx, label, query, field))
    }

    fn ledger_distinct(&self, query: &LedgerQuery, field: &str) -> Result<i64, StoreError> {
        self.read(|tx, label| select::distinct(tx, label, query, field))
    }

    fn ledger_groups(&self, query: &LedgerQuery, field: &str, tags: bool) -> Result<Vec<(String, i64)>, StoreError> {
        self.read(|tx, label| select::groups(tx, label, query, field, tags))
    }

    fn ledger_rows(
        &self,
        query: &LedgerQuery,
        excluding: &[&[LedgerCondition]],
        limit: Option<usize>,
    ) -> Result<Vec<LedgerRow>, StoreError> {
        self.read(|tx, label| select::rows(tx, label, query, excluding, limit, false))
    }

    fn ledger_totals(&self) -> Result<Vec<(String, i32, i64)>, StoreError> {
        self.read(select::totals)
    }

    fn ledger_file_current(
        &self,
        kind: &str,
        source: &str,
        sheet: Option<&str>,
        sha256: &str,
    ) -> Result<bool, StoreError> {
        self.read(|tx, label| select::file_current(tx, label, kind, source, sheet, sha256))
    }

    fn ledger_history(&self, query: &LedgerQuery) -> Result<Vec<LedgerRow>, StoreError> {
        self.read(|tx, label| select::rows(tx, label, query, &[], None, true))
    }

    fn ledger_row(&self, kind: &str, id: i64) -> Result<Option<LedgerRow>, StoreError> {
        self.read(|tx, label| select::row(tx, label, kind, id))
    }

    fn correct_ledger_row(&mut self, correction: &RowCorrection) -> Result<CorrectionOutcome, StoreError> {
        self.write(|tx, label| correct::correct(tx, label, correction))
    }
}
