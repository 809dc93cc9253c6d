//! The ledger in the store: imports all or nothing and once only, and aggregates in SQL.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use fazhi_core::{LedgerRecord, LedgerValue};
use fazhi_store::{LedgerCondition, LedgerImport, LedgerQuery, OpenOptions, Store};
use serde_json::json;

fn record(row: usize, date: &str, status: &str, fine: i64, tags: &[&str]) -> LedgerRecord {
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    let mut values = BTreeMap::new();
    values.insert("on".to_string(), LedgerValue::Date(date));
    values.insert("status".to_string(), LedgerValue::Text(status.to_string()));
    values.insert("fine".to_string(), LedgerValue::Integer(fine));
    values.insert("tags".to_string(), LedgerValue::Tags(tags.iter().map(|t| t.to_string()).collect()));
    LedgerRecord { values, year: chrono::Datelike::year(&date), row }
}

fn import<'a>(records: &'a [LedgerRecord], always_new: bool) -> LedgerImport<'a> {
    LedgerImport {
        kind: "ticket",
        source: "ledger/ticket.csv",
        sha256: "00",
        records,
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
    let first = store.import_ledger(&import(&records, false)).unwrap();
    assert_eq!((first.read, first.added), (5, 5));
    assert!(first.audit_seq.is_some());
    let audit = store.audit_log().unwrap().len();

    let second = store.import_ledger(&import(&records, false)).unwrap();
    assert_eq!((second.read, second.added, second.audit_seq), (5, 0, None));
    assert_eq!(store.audit_log().unwrap().len(), audit, "nothing new, nothing written");

    // A file with one more row adds that row only.
    let mut more = rows();
    more.push(record(7, "2024-07-01", "已处理", 10, &["甲"]));
    let third = store.import_ledger(&import(&more, false)).unwrap();
    assert_eq!(third.added, 1);

    // `ledger add` of a row identical to a stored one is a new row.
    let again = [record(0, "2024-07-01", "已处理", 10, &["甲"])];
    assert_eq!(store.import_ledger(&import(&again, true)).unwrap().added, 1);
    assert!(store.verify_audit().unwrap().is_empty());
}

#[test]
fn aggregates_count_only_the_year_and_the_conditions() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("state.db"), &OpenOptions::default()).unwrap();
    store.import_ledger(&import(&rows(), false)).unwrap();
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
