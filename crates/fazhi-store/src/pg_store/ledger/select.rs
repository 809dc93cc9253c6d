//! Reading the ledger: the rows a query selects, as SQLite's `selection` selects them, and
//! their aggregates.

use std::path::Path;

use fazhi_core::{Comparison, FieldType};
use postgres::Transaction;

use super::values::{is_numeric, typed_operand};
use super::{refs, Fields, Params, SAME_SOURCE};
use crate::ledger_condition::Operand;
use crate::ledger_table::{LedgerTable, YEAR_SHIFT};
use crate::pg_store::pg_error;
use crate::{LedgerCondition, LedgerQuery, LedgerRow, StoreError, Supersession};

/// Whether a file with `sha256` was imported as rows of `kind` before.
pub(super) fn file_imported(
    tx: &mut Transaction<'_>,
    label: &Path,
    kind: &str,
    sha256: &str,
) -> Result<bool, StoreError> {
    let row = tx
        .query_one("SELECT EXISTS (SELECT 1 FROM ledger_import WHERE kind = $1 AND sha256 = $2)", &[&kind, &sha256])
        .map_err(|err| pg_error(label, err))?;
    Ok(row.get(0))
}

/// Whether the latest import of the source had the content `sha256`; for a source never
/// imported, whether any import of the kind had.
pub(super) fn file_current(
    tx: &mut Transaction<'_>,
    label: &Path,
    kind: &str,
    source: &str,
    sheet: Option<&str>,
    sha256: &str,
) -> Result<bool, StoreError> {
    let latest: Option<String> = tx
        .query_opt(
            &format!("SELECT sha256 FROM ledger_import WHERE {SAME_SOURCE} ORDER BY id DESC LIMIT 1"),
            &[&kind, &source, &sheet],
        )
        .map_err(|err| pg_error(label, err))?
        .map(|row| row.get(0));
    match latest {
        Some(latest) => Ok(latest == sha256),
        None => file_imported(tx, label, kind, sha256),
    }
}

/// How many rows `query` selects.
pub(super) fn count(tx: &mut Transaction<'_>, label: &Path, query: &LedgerQuery) -> Result<i64, StoreError> {
    let fields = Fields::load(tx, label, &query.kind)?;
    let (filter, params) = selection(&fields, query, &[], true);
    let row = tx
        .query_one(&format!("SELECT COUNT(*) FROM ledger_entry e WHERE {filter}"), &refs(&params))
        .map_err(|err| pg_error(label, err))?;
    Ok(row.get(0))
}

/// The sum of `field` over the rows `query` selects, as SQLite's `TOTAL` sums it (a text
/// counts as the number it starts with, if any).
pub(super) fn sum(tx: &mut Transaction<'_>, label: &Path, query: &LedgerQuery, field: &str) -> Result<f64, StoreError> {
    let fields = Fields::load(tx, label, &query.kind)?;
    let Some(field_type) = fields.type_of(field) else { return Ok(0.0) };
    let value = match is_numeric(field_type) {
        true => value_sql("e", field, field_type),
        false => format!(
            "substring(e.data->>'{field}' FROM '^\\s*[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?')::float8"
        ),
    };
    let (filter, params) = selection(&fields, query, &[], true);
    let row = tx
        .query_one(
            &format!("SELECT COALESCE(SUM({value}), 0)::float8 FROM ledger_entry e WHERE {filter}"),
            &refs(&params),
        )
        .map_err(|err| pg_error(label, err))?;
    Ok(row.get(0))
}

/// How many distinct non-empty values of `field` the rows `query` selects have.
pub(super) fn distinct(
    tx: &mut Transaction<'_>,
    label: &Path,
    query: &LedgerQuery,
    field: &str,
) -> Result<i64, StoreError> {
    let fields = Fields::load(tx, label, &query.kind)?;
    let Some(field_type) = fields.type_of(field) else { return Ok(0) };
    let (value, non_empty) = match field_type {
        FieldType::Tags => (format!("(e.data->'{field}')"), String::new()),
        _ if is_numeric(field_type) => (value_sql("e", field, field_type), String::new()),
        _ => {
            let value = value_sql("e", field, field_type);
            let non_empty = format!(" AND {value} <> ''");
            (value, non_empty)
        }
    };
    let (filter, params) = selection(&fields, query, &[], true);
    let sql =
        format!("SELECT COUNT(DISTINCT {value}) FROM ledger_entry e WHERE {filter} AND {value} IS NOT NULL{non_empty}");
    let row = tx.query_one(&sql, &refs(&params)).map_err(|err| pg_error(label, err))?;
    Ok(row.get(0))
}

/// The rows `query` selects counted by the value of `field` as text (by each tag with
/// `tags`), largest group first, then by the text's bytes.
pub(super) fn groups(
    tx: &mut Transaction<'_>,
    label: &Path,
    query: &LedgerQuery,
    field: &str,
    tags: bool,
) -> Result<Vec<(String, i64)>, StoreError> {
    let fields = Fields::load(tx, label, &query.kind)?;
    let Some(field_type) = fields.type_of(field) else { return Ok(Vec::new()) };
    let (filter, params) = selection(&fields, query, &[], true);
    let sql = match (tags, field_type) {
        (true, _) => format!(
            "SELECT t.tag, COUNT(*) FROM ledger_entry e,
                 jsonb_array_elements_text(CASE WHEN jsonb_typeof(e.data->'{field}') = 'array'
                                                THEN e.data->'{field}' END) AS t (tag)
             WHERE {filter} GROUP BY 1"
        ),
        (false, FieldType::Bool) => format!(
            "SELECT CASE e.data->'{field}' WHEN 'true' THEN '1' WHEN 'false' THEN '0' ELSE e.data->>'{field}' END,
                    COUNT(*)
             FROM ledger_entry e WHERE {filter} AND e.data ? '{field}' GROUP BY 1"
        ),
        (false, _) => format!(
            "SELECT e.data->>'{field}', COUNT(*) FROM ledger_entry e WHERE {filter} AND e.data ? '{field}' GROUP BY 1"
        ),
    };
    let rows = tx.query(&sql, &refs(&params)).map_err(|err| pg_error(label, err))?;
    let mut groups: Vec<(String, i64)> = rows
        .iter()
        .map(|row| {
            let text: String = row.get(0);
            // Tags read as one value are their JSON text, as SQLite keeps it.
            let text = match (tags, field_type) {
                (false, FieldType::Tags) => {
                    serde_json::from_str::<serde_json::Value>(&text).map_or(text, |value| value.to_string())
                }
                _ => text,
            };
            (text, row.get(1))
        })
        .collect();
    groups.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(groups)
}

/// Current rows per kind and year: `(kind, year, rows)`, by kind and year.
pub(super) fn totals(tx: &mut Transaction<'_>, label: &Path) -> Result<Vec<(String, i32, i64)>, StoreError> {
    let rows = tx
        .query(
            &format!(
                "SELECT e.kind, (e.id >> {YEAR_SHIFT})::int4, COUNT(*) FROM ledger_entry e
                 WHERE NOT EXISTS (SELECT 1 FROM ledger_superseded s WHERE s.kind = e.kind AND s.row = e.id)
                 GROUP BY 1, 2"
            ),
            &[],
        )
        .map_err(|err| pg_error(label, err))?;
    let mut totals: Vec<(String, i32, i64)> = rows.iter().map(|row| (row.get(0), row.get(1), row.get(2))).collect();
    totals.sort();
    Ok(totals)
}

/// The rows `query` selects except those matching every condition of any list of
/// `excluding`, in import order, at most `limit`; only current rows unless `history`, which
/// gives each superseded row with what replaced it.
pub(super) fn rows(
    tx: &mut Transaction<'_>,
    label: &Path,
    query: &LedgerQuery,
    excluding: &[&[LedgerCondition]],
    limit: Option<usize>,
    history: bool,
) -> Result<Vec<LedgerRow>, StoreError> {
    let fields = Fields::load(tx, label, &query.kind)?;
    let (filter, params) = selection(&fields, query, excluding, !history);
    rows_where(tx, label, &query.kind, &filter, params, limit, history)
}

/// The row of `kind` with `id`, current or not (with what replaced it).
pub(super) fn row(
    tx: &mut Transaction<'_>,
    label: &Path,
    kind: &str,
    id: i64,
) -> Result<Option<LedgerRow>, StoreError> {
    let params: Params = vec![Box::new(kind.to_string()), Box::new(id)];
    let rows = rows_where(tx, label, kind, "e.kind = $1 AND e.id = $2", params, None, true)?;
    Ok(rows.into_iter().next())
}

/// The rows of `kind` that `filter` selects, with what replaced each when `history`.
fn rows_where(
    tx: &mut Transaction<'_>,
    label: &Path,
    kind: &str,
    filter: &str,
    mut params: Params,
    limit: Option<usize>,
    history: bool,
) -> Result<Vec<LedgerRow>, StoreError> {
    let (replaced, joins) = match history {
        true => (
            ", s.import, r.revision, r.source, r.actor, r.at, r.audit_seq, \
             s.correction, c.replacement, c.reason, c.actor, c.at, c.audit_seq",
            " LEFT JOIN ledger_superseded s ON s.kind = e.kind AND s.row = e.id
              LEFT JOIN ledger_import r ON r.id = s.import
              LEFT JOIN ledger_correction c ON c.id = s.correction",
        ),
        false => ("", ""),
    };
    params.push(Box::new(limit.map(|limit| limit as i64)));
    let sql = format!(
        "SELECT e.id, (e.id >> {YEAR_SHIFT})::int4, i.source, e.source_row, e.data::text{replaced}
         FROM ledger_entry e JOIN ledger_import i ON i.id = e.import{joins}
         WHERE {filter} ORDER BY e.import, e.source_row, e.id LIMIT ${}::int8",
        params.len()
    );
    let found = tx.query(&sql, &refs(&params)).map_err(|err| pg_error(label, err))?;
    found
        .iter()
        .map(|row| {
            let id: i64 = row.get(0);
            let data: &str = row.get(4);
            let values = match serde_json::from_str(data) {
                Ok(serde_json::Value::Object(values)) => values,
                _ => return Err(StoreError::corrupt(label, format!("ledger row {id} of {kind} holds `{data}`"))),
            };
            Ok(LedgerRow {
                id,
                row: LedgerRow::number(id),
                kind: kind.to_string(),
                year: row.get(1),
                values,
                source: row.get(2),
                source_row: row.get::<_, i64>(3) as usize,
                superseded: if history { supersession(row) } else { None },
            })
        })
        .collect()
}

/// What replaced a row, from the columns of [`rows_where`]'s history (from the sixth on).
fn supersession(row: &postgres::Row) -> Option<Supersession> {
    if let Some(import) = row.get::<_, Option<i64>>(5) {
        return Some(Supersession::Revision {
            import,
            revision: row.get::<_, Option<i64>>(6).unwrap_or(0),
            source: row.get(7),
            by: row.get(8),
            at: row.get(9),
            audit_seq: row.get(10),
        });
    }
    let correction = row.get::<_, Option<i64>>(11)?;
    Some(Supersession::of_correction(correction, row.get(12), row.get(13), row.get(14), row.get(15), row.get(16)))
}

/// The SQL condition on `ledger_entry e` selecting `query`'s rows minus those matching any list
/// of `excluding` (and, when `current`, minus the superseded ones), with its parameters.
fn selection(
    fields: &Fields,
    query: &LedgerQuery,
    excluding: &[&[LedgerCondition]],
    current: bool,
) -> (String, Params) {
    let mut params: Params = vec![Box::new(query.kind.clone())];
    let mut sql = String::from("e.kind = $1");
    if current {
        sql.push_str(" AND NOT EXISTS (SELECT 1 FROM ledger_superseded s WHERE s.kind = e.kind AND s.row = e.id)");
    }
    if let Some(year) = query.year {
        params.push(Box::new(LedgerTable::first_id(year)));
        params.push(Box::new(LedgerTable::first_id(year + 1)));
        sql.push_str(&format!(" AND e.id >= ${} AND e.id < ${}", params.len() - 1, params.len()));
    }
    for condition in &query.conditions {
        sql.push_str(" AND ");
        sql.push_str(&condition_sql(fields, condition, query, current, &mut params));
    }
    for conditions in excluding {
        let all: Vec<String> =
            conditions.iter().map(|condition| condition_sql(fields, condition, query, current, &mut params)).collect();
        if all.is_empty() {
            sql.push_str(" AND FALSE");
        } else {
            sql.push_str(&format!(" AND NOT ({})", all.join(" AND ")));
        }
    }
    (sql, params)
}

/// The value of `field` (stored as `field_type`) of the row `alias`, as SQL compares it: the
/// number of a numeric field (booleans as 1 and 0), the text of any other (compared by its
/// bytes, as SQLite compares texts).
fn value_sql(alias: &str, field: &str, field_type: FieldType) -> String {
    match field_type {
        FieldType::Integer | FieldType::Number => format!(
            "(CASE WHEN jsonb_typeof({alias}.data->'{field}') = 'number' THEN ({alias}.data->>'{field}')::numeric END)"
        ),
        FieldType::Bool => format!(
            "(CASE jsonb_typeof({alias}.data->'{field}')
                  WHEN 'boolean' THEN ({alias}.data->>'{field}')::boolean::int::numeric
                  WHEN 'number' THEN ({alias}.data->>'{field}')::numeric END)"
        ),
        FieldType::Text | FieldType::Date | FieldType::Tags => format!("(({alias}.data->>'{field}') COLLATE \"C\")"),
    }
}

/// How a condition's operand compares with a field's value.
enum Bound {
    /// A parameter, as SQL with its cast.
    Param(String),
    /// A text compared with a number: SQLite orders every number before every text.
    TextAfterNumbers,
}

/// Binds `value` as the operand of a comparison with a field of `field_type`.
fn bind(field_type: FieldType, value: &serde_json::Value, params: &mut Params) -> Bound {
    match typed_operand(field_type, Operand::of(value)) {
        // Compared as numerics, so that whole numbers compare exactly.
        Operand::Integer(number) => {
            params.push(Box::new(number));
            Bound::Param(format!("${}::int8::numeric", params.len()))
        }
        Operand::Real(number) => {
            params.push(Box::new(number));
            Bound::Param(format!("${}::float8::numeric", params.len()))
        }
        Operand::Text(_) if is_numeric(field_type) => Bound::TextAfterNumbers,
        Operand::Text(text) => {
            params.push(Box::new(text));
            Bound::Param(format!("${}::text", params.len()))
        }
    }
}

/// One condition as SQL, as the SQLite store's `condition_sql` means it: the field compared
/// with the condition's values as its comparison says (for tags: one of the tags is, or none
/// is). A field never stored matches nothing (but `NoneOf`, which it always meets);
/// `NewInYear` compares with the rows of the years before the query's (current ones only when
/// `current`).
fn condition_sql(
    fields: &Fields,
    condition: &LedgerCondition,
    query: &LedgerQuery,
    current: bool,
    params: &mut Params,
) -> String {
    let field = condition.field.as_str();
    let Some(field_type) = fields.type_of(field) else {
        return if condition.comparison == Comparison::NoneOf { "TRUE" } else { "FALSE" }.to_string();
    };
    let value = value_sql("e", field, field_type);
    let order = |operator: &str, params: &mut Params| match condition.values.first() {
        None => "FALSE".to_string(),
        Some(bound) => match bind(field_type, bound, params) {
            Bound::Param(bound) => format!("({value} IS NOT NULL AND {value} {operator} {bound})"),
            Bound::TextAfterNumbers if operator.starts_with('<') => format!("({value} IS NOT NULL)"),
            Bound::TextAfterNumbers => "FALSE".to_string(),
        },
    };
    match condition.comparison {
        Comparison::Below => return order("<", params),
        Comparison::AtMost => return order("<=", params),
        Comparison::Above => return order(">", params),
        Comparison::AtLeast => return order(">=", params),
        Comparison::NewInYear => {
            let Some(year) = query.year else { return "TRUE".to_string() };
            params.push(Box::new(LedgerTable::first_id(year)));
            let before = params.len();
            let earlier_value = value_sql("earlier", field, field_type);
            let current = match current {
                true => " AND NOT EXISTS (SELECT 1 FROM ledger_superseded s WHERE s.kind = earlier.kind AND s.row = earlier.id)",
                false => "",
            };
            return format!(
                "({value} IS NOT NULL AND {value} NOT IN (SELECT {earlier_value} FROM ledger_entry earlier \
                 WHERE earlier.kind = e.kind AND earlier.id < ${before} AND {earlier_value} IS NOT NULL{current}))"
            );
        }
        Comparison::AnyOf | Comparison::NoneOf => {}
    }
    let (any, present) = match condition.tags {
        true => {
            let alternatives: Vec<String> = condition
                .values
                .iter()
                .map(|value| {
                    params.push(Box::new(LedgerCondition::tag(value)));
                    format!("e.data->'{field}' ? ${}::text", params.len())
                })
                .collect();
            let any = match alternatives.is_empty() {
                true => "FALSE".to_string(),
                false => format!("(jsonb_typeof(e.data->'{field}') = 'array' AND ({}))", alternatives.join(" OR ")),
            };
            (any, format!("e.data->'{field}'"))
        }
        false => {
            let alternatives: Vec<String> = condition
                .values
                .iter()
                .filter_map(|value| match bind(field_type, value, params) {
                    Bound::Param(bound) => Some(bound),
                    Bound::TextAfterNumbers => None,
                })
                .collect();
            let any = match alternatives.is_empty() {
                true => "FALSE".to_string(),
                false => format!("{value} IN ({})", alternatives.join(", ")),
            };
            (any, value)
        }
    };
    if condition.comparison == Comparison::NoneOf {
        format!("({present} IS NULL OR NOT {any})")
    } else {
        any
    }
}
