//! The ledger in the store: imports all or nothing and once only, and aggregates in SQL.

use chrono::NaiveDate;
use fazhi_core::{FieldType, LedgerField, LedgerKind, LedgerRecord, LedgerValue};
use fazhi_store::prelude::*;
use fazhi_store::{LedgerCondition, LedgerImport, LedgerQuery, OpenOptions, Store};
use serde_json::json;

fn field(id: &str, field_type: FieldType) -> LedgerField {
    LedgerField {
        id: id.to_string(),
        label: id.to_string(),
        field_type,
        required: false,
        values: Vec::new(),
        aliases: Vec::new(),
    }
}

/// The kind `ticket`: dated by `on`, with a status, a fine and tags.
fn kind() -> &'static LedgerKind {
    static KIND: std::sync::OnceLock<LedgerKind> = std::sync::OnceLock::new();
    KIND.get_or_init(|| LedgerKind {
        id: "ticket".to_string(),
        name: "工单".to_string(),
        date: Some("on".to_string()),
        fields: vec![
            field("on", FieldType::Date),
            field("status", FieldType::Text),
            field("fine", FieldType::Integer),
            field("tags", FieldType::Tags),
        ],
    })
}

fn record(row: usize, date: &str, status: &str, fine: i64, tags: &[&str]) -> LedgerRecord {
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    let values = vec![
        Some(LedgerValue::Date(date)),
        Some(LedgerValue::Text(status.to_string())),
        Some(LedgerValue::Integer(fine)),
        Some(LedgerValue::Tags(tags.iter().map(|t| t.to_string()).collect())),
    ];
    LedgerRecord { values, year: chrono::Datelike::year(&date), row }
}

fn import(always_new: bool) -> LedgerImport<'static> {
    LedgerImport {
        kind: kind(),
        source: "ledger/ticket.csv",
        sha256: "00",
        by: "tester",
        at: NaiveDate::from_ymd_opt(2024, 12, 2).unwrap().and_hms_opt(9, 0, 0).unwrap(),
        always_new,
    }
}

fn condition(field: &str, values: &[serde_json::Value], tags: bool) -> LedgerCondition {
    LedgerCondition { field: field.to_string(), values: values.to_vec(), tags }
}

fn rows() -> Vec<LedgerRecord> {
    vec![
        record(2, "2024-01-05", "已处理", 100, &["甲", "乙"]),
        record(3, "2024-03-05", "已处理", 0, &["乙"]),
        // The same row twice in one file is two rows.
        record(4, "2024-03-05", "已处理", 0, &["乙"]),
        record(5, "2024-06-01", "正在核实处理", 250, &["丙"]),
        record(6, "2023-12-30", "已处理", 50, &[]),
    ]
}

#[test]
fn importing_the_same_rows_twice_adds_nothing_the_second_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("state.db"), &OpenOptions::default()).unwrap();
    let records = rows();
    let first = store.import_ledger(&import(false), &records).unwrap();
    assert_eq!((first.read, first.added), (5, 5));
    assert!(first.audit_seq.is_some());
    let audit = store.audit_log().unwrap().len();

    let second = store.import_ledger(&import(false), &records).unwrap();
    assert_eq!((second.read, second.added, second.audit_seq), (5, 0, None));
    assert_eq!(store.audit_log().unwrap().len(), audit, "nothing new, nothing written");

    // A file with one more row adds that row only.
    let mut more = rows();
    more.push(record(7, "2024-07-01", "已处理", 10, &["甲"]));
    let third = store.import_ledger(&import(false), &more).unwrap();
    assert_eq!(third.added, 1);

    // `ledger add` of a row identical to a stored one is a new row.
    let again = [record(0, "2024-07-01", "已处理", 10, &["甲"])];
    assert_eq!(store.import_ledger(&import(true), &again).unwrap().added, 1);
    assert!(store.verify_audit().unwrap().is_empty());
}

#[test]
fn aggregates_count_only_the_year_and_the_conditions() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("state.db"), &OpenOptions::default()).unwrap();
    store.import_ledger(&import(false), &rows()).unwrap();
    let year = LedgerQuery::new("ticket", Some(2024));
    assert_eq!(store.ledger_count(&year).unwrap(), 4);
    assert_eq!(store.ledger_count(&LedgerQuery::new("ticket", None)).unwrap(), 5);
    assert_eq!(store.ledger_count(&LedgerQuery::new("other", Some(2024))).unwrap(), 0);

    let done = LedgerQuery { conditions: vec![condition("status", &[json!("已处理")], false)], ..year.clone() };
    assert_eq!(store.ledger_count(&done).unwrap(), 3);
    assert_eq!(store.ledger_sum(&year, "fine").unwrap(), 350.0);
    assert_eq!(store.ledger_distinct(&year, "status").unwrap(), 2);
    let tagged = LedgerQuery { conditions: vec![condition("tags", &[json!("乙")], true)], ..year.clone() };
    assert_eq!(store.ledger_count(&tagged).unwrap(), 3);
    assert_eq!(
        store.ledger_groups(&year, "tags", true).unwrap(),
        vec![("乙".to_string(), 3), ("丙".to_string(), 1), ("甲".to_string(), 1)]
    );
    assert_eq!(
        store.ledger_groups(&year, "status", false).unwrap(),
        vec![("已处理".to_string(), 3), ("正在核实处理".to_string(), 1)]
    );

    // The rows of the year in neither part, with their sources.
    let parts = [condition("status", &[json!("已处理")], false)];
    let rest = store.ledger_rows(&year, &[&parts], None).unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!((rest[0].source.as_str(), rest[0].source_row), ("ledger/ticket.csv", 5));
    assert_eq!(rest[0].values["fine"], json!(250));
    assert_eq!(store.ledger_totals().unwrap(), vec![("ticket".to_string(), 2023, 1), ("ticket".to_string(), 2024, 4)]);
}

#[test]
fn rows_read_back_with_their_types_and_a_field_declared_later_is_empty_in_older_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("state.db"), &OpenOptions::default()).unwrap();
    store.import_ledger(&import(false), &rows()[..1]).unwrap();

    let mut later = kind().clone();
    later.fields.push(field("checked", FieldType::Bool));
    later.fields.push(field("rate", FieldType::Number));
    let mut row = record(9, "2024-08-01", "已处理", 5, &[]);
    row.values.push(Some(LedgerValue::Bool(true)));
    row.values.push(Some(LedgerValue::Number(0.5)));
    let added =
        store.import_ledger(&LedgerImport { kind: &later, ..import(false) }, std::slice::from_ref(&row)).unwrap();
    assert_eq!(added.added, 1);

    let stored = store.ledger_rows(&LedgerQuery::new("ticket", Some(2024)), &[], None).unwrap();
    assert_eq!(stored.len(), 2);
    assert_eq!(
        serde_json::Value::Object(stored[0].values.clone()),
        json!({"on": "2024-01-05", "status": "已处理", "fine": 100, "tags": ["甲", "乙"]})
    );
    assert_eq!(stored[1].values["checked"], json!(true));
    assert_eq!(stored[1].values["rate"], json!(0.5));
    let checked = LedgerQuery {
        conditions: vec![condition("checked", &[json!(true)], false)],
        ..LedgerQuery::new("ticket", Some(2024))
    };
    assert_eq!(store.ledger_count(&checked).unwrap(), 1);
    assert_eq!(store.ledger_sum(&LedgerQuery::new("ticket", Some(2024)), "rate").unwrap(), 0.5);
    // A field no row has a column for matches nothing and sums to nothing.
    let unknown = LedgerQuery {
        conditions: vec![condition("nowhere", &[json!("x")], false)],
        ..LedgerQuery::new("ticket", None)
    };
    assert_eq!(store.ledger_count(&unknown).unwrap(), 0);
    assert_eq!(store.ledger_sum(&LedgerQuery::new("ticket", None), "nowhere").unwrap(), 0.0);
}

#[test]
fn rows_stored_in_the_first_layout_are_adopted_once_and_keep_their_identity() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    drop(Store::open(&path, &OpenOptions::default()).unwrap());
    // Two rows as schema version 5 stored them: JSON values in one table for every kind, one
    // from a file and one added by hand (twice the same values).
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        r#"INSERT INTO ledger_import VALUES (1, 'ticket', 'ledger/ticket.csv', 'aa', 1, 1, 'tester', '2024-12-02T09:00:00', 1);
           INSERT INTO ledger_import VALUES (2, 'ticket', 'ledger add', 'bb', 1, 1, 'tester', '2024-12-03T09:00:00', 2);
           INSERT INTO ledger_import VALUES (3, 'ticket', 'ledger add', 'bb', 1, 1, 'tester', '2024-12-04T09:00:00', 3);
           INSERT INTO ledger_row VALUES (1, 'ticket', 2024, '{"fine":100,"on":"2024-01-05","status":"已处理","tags":["甲","乙"]}', x'01', 'ledger/ticket.csv', 2, 1);
           INSERT INTO ledger_row VALUES (2, 'ticket', 2024, '{"fine":10,"on":"2024-07-01","status":"已处理","tags":[]}', x'02', 'ledger add', 0, 2);
           INSERT INTO ledger_row VALUES (3, 'ticket', 2024, '{"fine":10,"on":"2024-07-01","status":"已处理","tags":[]}', x'03', 'ledger add', 0, 3);"#,
    )
    .unwrap();
    drop(conn);

    let mut store = Store::open(&path, &OpenOptions::default()).unwrap();
    assert_eq!(store.legacy_ledger_kinds().unwrap(), vec!["ticket".to_string()]);
    assert_eq!(store.ledger_count(&LedgerQuery::new("ticket", None)).unwrap(), 0, "not adopted yet");
    assert_eq!(store.adopt_legacy_ledger(kind()).unwrap(), 3);
    assert!(store.legacy_ledger_kinds().unwrap().is_empty(), "adopted once");
    let year = LedgerQuery::new("ticket", Some(2024));
    assert_eq!(store.ledger_count(&year).unwrap(), 3);
    assert_eq!(store.ledger_sum(&year, "fine").unwrap(), 120.0);
    let tagged = LedgerQuery { conditions: vec![condition("tags", &[json!("乙")], true)], ..year.clone() };
    assert_eq!(store.ledger_count(&tagged).unwrap(), 1);
    let adopted = store.ledger_rows(&year, &[], None).unwrap();
    assert_eq!((adopted[0].source.as_str(), adopted[0].source_row), ("ledger/ticket.csv", 2));

    // The file's row imported again (from a changed file) is the same row: nothing is added.
    let again = [record(2, "2024-01-05", "已处理", 100, &["甲", "乙"])];
    assert_eq!(store.import_ledger(&import(false), &again).unwrap().added, 0);
}

#[test]
fn rows_added_in_batches_are_one_import_and_a_writer_dropped_unfinished_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("state.db"), &OpenOptions::default()).unwrap();
    let records = rows();
    let mut dropped = store.ledger_writer(&import(false)).unwrap();
    dropped.add(&records[..3]).unwrap();
    drop(dropped);
    assert_eq!(store.ledger_count(&LedgerQuery::new("ticket", None)).unwrap(), 0);
    assert!(store.audit_log().unwrap().is_empty());

    // The two identical rows (lines 3 and 4) fall in different batches.
    let mut writer = store.ledger_writer(&import(false)).unwrap();
    writer.add(&records[..2]).unwrap();
    writer.add(&records[2..]).unwrap();
    let outcome = writer.finish().unwrap();
    assert_eq!((outcome.read, outcome.added), (5, 5));
    // The same rows in one batch are the same rows.
    assert_eq!(store.import_ledger(&import(false), &records).unwrap().added, 0);
    assert_eq!(store.ledger_count(&LedgerQuery::new("ticket", None)).unwrap(), 5);
}

#[test]
fn a_ledger_tables_append_only_triggers_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let mut store = Store::open(&path, &OpenOptions::default()).unwrap();
    store.import_ledger(&import(false), &rows()).unwrap();
    assert_eq!(store.verify_state().unwrap(), []);
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TRIGGER ledger_kind_ticket_no_delete;
         DROP TRIGGER ledger_key_ticket_no_update;
         CREATE TRIGGER ledger_key_ticket_no_update BEFORE UPDATE ON ledger_key_ticket BEGIN SELECT 1; END;",
    )
    .unwrap();
    drop(conn);
    let problems: Vec<String> = Store::open(&path, &OpenOptions::default())
        .unwrap()
        .verify_state()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        problems,
        [
            "the trigger ledger_kind_ticket_no_delete is missing: it was dropped, so its table can be changed at will",
            "the trigger ledger_key_ticket_no_update is not the one fazhi made: it was replaced",
        ]
    );
}
