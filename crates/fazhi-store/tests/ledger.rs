//! The ledger in the store: imports all or nothing and once only, and aggregates in SQL, on
//! each backend (SQLite, and PostgreSQL when `FAZHI_TEST_DATABASE_URL` names a server and the
//! feature `postgres` is on) but for the tests of SQLite's own tables.

use chrono::NaiveDate;
use fazhi_core::{FieldType, LedgerField, LedgerKind, LedgerRecord, LedgerValue};
use fazhi_store::prelude::*;
use fazhi_store::{LedgerCondition, LedgerImport, LedgerQuery, LedgerRow, OpenOptions, Store, Supersession};
use serde_json::json;

mod backend;

use backend::on_each_backend;

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
        source: if always_new { "ledger add" } else { "ledger/ticket.csv" },
        sheet: None,
        sha256: "00",
        by: "tester",
        at: NaiveDate::from_ymd_opt(2024, 12, 2).unwrap().and_hms_opt(9, 0, 0).unwrap(),
        always_new,
    }
}

fn condition(field: &str, values: &[serde_json::Value], tags: bool) -> LedgerCondition {
    LedgerCondition::any_of(field, values.to_vec(), tags)
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
    on_each_backend(|store, _| {
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
    });
}

#[test]
fn aggregates_count_only_the_year_and_the_conditions() {
    on_each_backend(|store, _| {
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
        assert_eq!(
            store.ledger_totals().unwrap(),
            vec![("ticket".to_string(), 2023, 1), ("ticket".to_string(), 2024, 4)]
        );
    });
}

#[test]
fn rows_read_back_with_their_types_and_a_field_declared_later_is_empty_in_older_rows() {
    on_each_backend(|store, _| {
        store.import_ledger(&import(false), &rows()[..1]).unwrap();

        let mut later = kind().clone();
        later.fields.push(field("checked", FieldType::Bool));
        later.fields.push(field("rate", FieldType::Number));
        let mut row = record(9, "2024-08-01", "已处理", 5, &[]);
        row.values.push(Some(LedgerValue::Bool(true)));
        row.values.push(Some(LedgerValue::Number(0.5)));
        let added = store
            .import_ledger(
                &LedgerImport { kind: &later, source: "ledger/later.csv", ..import(false) },
                std::slice::from_ref(&row),
            )
            .unwrap();
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
    });
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
        r#"INSERT INTO ledger_import (id, kind, source, sha256, rows_read, rows_added, actor, at, audit_seq) VALUES (1, 'ticket', 'ledger/ticket.csv', 'aa', 1, 1, 'tester', '2024-12-02T09:00:00', 1);
           INSERT INTO ledger_import (id, kind, source, sha256, rows_read, rows_added, actor, at, audit_seq) VALUES (2, 'ticket', 'ledger add', 'bb', 1, 1, 'tester', '2024-12-03T09:00:00', 2);
           INSERT INTO ledger_import (id, kind, source, sha256, rows_read, rows_added, actor, at, audit_seq) VALUES (3, 'ticket', 'ledger add', 'bb', 1, 1, 'tester', '2024-12-04T09:00:00', 3);
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
    assert!(TaskLog::audit_log(&store).unwrap().is_empty());

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

fn fines(store: &dyn fazhi_store::StateStore) -> (i64, f64) {
    let year = LedgerQuery::new("ticket", Some(2024));
    (store.ledger_count(&year).unwrap(), store.ledger_sum(&year, "fine").unwrap())
}

#[test]
fn a_new_version_of_a_file_supersedes_the_rows_it_left_out_and_keeps_the_others() {
    on_each_backend(|store, _| {
        let first = store.import_ledger(&import(false), &rows()).unwrap();
        assert_eq!((first.added, first.superseded, first.revision), (5, 0, Some(1)));
        assert_eq!(fines(store), (4, 350.0));
        let by_hand = [record(0, "2024-09-01", "已处理", 5, &[])];
        store.import_ledger(&import(true), &by_hand).unwrap();
        assert_eq!(fines(store), (5, 355.0));

        // The clerk corrects one cell: that row is replaced, the others carry over.
        let mut second = rows();
        second[3] = record(5, "2024-06-01", "正在核实处理", 260, &["丙"]);
        let outcome = store.import_ledger(&import(false), &second).unwrap();
        assert_eq!((outcome.read, outcome.added, outcome.superseded, outcome.revision), (5, 1, 1, Some(2)));
        assert_eq!(fines(store), (5, 365.0));
        let history = store.ledger_history(&LedgerQuery::new("ticket", Some(2024))).unwrap();
        assert_eq!(history.len(), 6);
        let replaced: Vec<&LedgerRow> = history.iter().filter(|row| row.superseded.is_some()).collect();
        assert_eq!(replaced.len(), 1);
        assert_eq!(replaced[0].values["fine"], json!(250));
        assert!(
            matches!(&replaced[0].superseded, Some(Supersession::Revision { revision: 2, source, .. }) if source == "ledger/ticket.csv"),
            "{:?}",
            replaced[0].superseded
        );
        // The same version again changes nothing and writes nothing.
        let audit = store.audit_log().unwrap().len();
        let again = store.import_ledger(&import(false), &second).unwrap();
        assert_eq!((again.added, again.superseded, again.audit_seq), (0, 0, None));
        assert_eq!(store.audit_log().unwrap().len(), audit);

        // A version with one row left: the others are superseded, the row added by hand stays.
        let third = store.import_ledger(&import(false), &rows()[..1]).unwrap();
        assert_eq!((third.added, third.superseded, third.revision), (0, 4, Some(3)));
        assert_eq!(fines(store), (2, 105.0));
        assert_eq!(store.ledger_totals().unwrap(), vec![("ticket".to_string(), 2024, 2)]);

        // The first version again: its rows come back as new rows; the keys stay unique.
        let fourth = store.import_ledger(&import(false), &rows()).unwrap();
        assert_eq!((fourth.added, fourth.superseded), (4, 0));
        assert_eq!(fines(store), (5, 355.0));
        assert_eq!(store.ledger_rows(&LedgerQuery::new("ticket", None), &[], None).unwrap().len(), 6);
        assert_eq!(store.ledger_history(&LedgerQuery::new("ticket", None)).unwrap().len(), 11);
        // And the second again supersedes the 250 once more, bringing back the 260.
        let fifth = store.import_ledger(&import(false), &second).unwrap();
        assert_eq!((fifth.added, fifth.superseded), (1, 1));
        assert_eq!(fines(store), (5, 365.0));
        assert!(store.verify_audit().unwrap().is_empty());
    });
}

#[test]
fn one_of_two_identical_rows_left_out_is_superseded() {
    on_each_backend(|store, _| {
        store.import_ledger(&import(false), &rows()).unwrap();
        let mut fewer = rows();
        fewer.remove(2);
        let outcome = store.import_ledger(&import(false), &fewer).unwrap();
        assert_eq!((outcome.added, outcome.superseded), (0, 1));
        assert_eq!(fines(store), (3, 350.0));
        // Rows of another file with the same values are that file's: a new version of this one
        // does not touch them.
        let other = LedgerImport { source: "ledger/other.csv", ..import(false) };
        assert_eq!(store.import_ledger(&other, &rows()[..1]).unwrap().added, 0);
        assert_eq!(store.import_ledger(&other, &rows()[3..4]).unwrap().superseded, 0);
        assert_eq!(fines(store), (3, 350.0));
    });
}

fn correction<'a>(
    row: i64,
    replacement: Option<&'a LedgerRecord>,
    changes: &'a serde_json::Value,
) -> fazhi_store::RowCorrection<'a> {
    fazhi_store::RowCorrection {
        kind: kind(),
        row,
        replacement,
        changes,
        reason: "录入错误",
        by: "clerk",
        at: NaiveDate::from_ymd_opt(2024, 12, 3).unwrap().and_hms_opt(10, 0, 0).unwrap(),
    }
}

#[test]
fn a_corrected_row_is_replaced_by_its_new_row_and_a_voided_one_is_not_counted() {
    on_each_backend(|store, _| {
        store.import_ledger(&import(false), &rows()).unwrap();
        let year = LedgerQuery::new("ticket", Some(2024));
        let stored = store.ledger_rows(&year, &[], None).unwrap();
        let wrong = stored.iter().find(|row| row.values["fine"] == json!(250)).unwrap();
        let mut right = wrong.record(kind());
        assert_eq!(right, record(5, "2024-06-01", "正在核实处理", 250, &["丙"]));
        right.values[2] = Some(LedgerValue::Integer(260));
        let changes = json!({ "fine": [250, 260] });
        let corrected = store.correct_ledger_row(&correction(wrong.id, Some(&right), &changes)).unwrap();
        let replacement = corrected.replacement.unwrap();
        assert_eq!(fines(store), (4, 360.0));
        let new_row = store.ledger_row("ticket", replacement).unwrap().unwrap();
        assert_eq!(
            (new_row.source.as_str(), new_row.source_row, new_row.superseded.clone()),
            ("ledger/ticket.csv", 5, None)
        );
        let old = store.ledger_row("ticket", wrong.id).unwrap().unwrap();
        assert!(
            matches!(&old.superseded, Some(Supersession::Correction { replacement: r, reason, by, .. }) if *r == replacement && reason == "录入错误" && by == "clerk"),
            "{:?}",
            old.superseded
        );
        let entry = store.audit_log().unwrap().pop().unwrap();
        assert_eq!((entry.action.as_str(), entry.actor.as_str()), ("ledger.correct", "clerk"));

        // The old row cannot be corrected again, an unknown one not at all; neither writes.
        let audit = store.audit_log().unwrap().len();
        let err = store.correct_ledger_row(&correction(wrong.id, Some(&right), &changes)).unwrap_err();
        assert!(matches!(err, fazhi_store::StoreError::SupersededLedgerRow { .. }), "{err}");
        assert!(err.is_bad_input());
        let err = store.correct_ledger_row(&correction(wrong.id + 1000, None, &changes)).unwrap_err();
        assert!(matches!(err, fazhi_store::StoreError::UnknownLedgerRow { .. }), "{err}");
        assert_eq!(store.audit_log().unwrap().len(), audit);

        // A void: the row is no longer counted.
        let first = stored.iter().find(|row| row.values["fine"] == json!(100)).unwrap();
        let voided = store.correct_ledger_row(&correction(first.id, None, &json!({}))).unwrap();
        assert_eq!(voided.replacement, None);
        assert_eq!(fines(store), (3, 260.0));
        assert_eq!(store.audit_log().unwrap().pop().unwrap().action, "ledger.void");

        // The file imported again as it was keeps the correction and the void.
        let again = store.import_ledger(&import(false), &rows()).unwrap();
        assert_eq!((again.added, again.superseded, again.audit_seq), (0, 0, None));
        // So does a version in which the clerk made the same correction.
        let mut fixed = rows();
        fixed[3] = record(5, "2024-06-01", "正在核实处理", 260, &["丙"]);
        let fixed_outcome = store.import_ledger(&import(false), &fixed).unwrap();
        assert_eq!((fixed_outcome.added, fixed_outcome.superseded), (0, 0));
        assert_eq!(fines(store), (3, 260.0));
        // A version without the corrected row supersedes its replacement.
        let mut dropped = rows();
        dropped.remove(3);
        let dropped_outcome = store.import_ledger(&import(false), &dropped).unwrap();
        assert_eq!((dropped_outcome.added, dropped_outcome.superseded), (0, 1));
        assert_eq!(fines(store), (2, 0.0));
        assert!(store.verify_audit().unwrap().is_empty());
    });
}

#[test]
fn a_row_added_by_hand_is_corrected_as_a_row_of_its_own() {
    on_each_backend(|store, _| {
        store.import_ledger(&import(false), &rows()).unwrap();
        let by_hand = [record(0, "2024-09-01", "已处理", 5, &[])];
        store.import_ledger(&import(true), &by_hand).unwrap();
        let added = store.ledger_rows(&LedgerQuery::new("ticket", Some(2024)), &[], None).unwrap().pop().unwrap();
        assert_eq!(added.source, "ledger add");
        // Corrected to the values of a row of the file, it is still a row of its own.
        let same_as_file = record(0, "2024-01-05", "已处理", 100, &["甲", "乙"]);
        let changes = json!({});
        store.correct_ledger_row(&correction(added.id, Some(&same_as_file), &changes)).unwrap();
        assert_eq!(fines(store), (5, 450.0));
        // The year follows the date: a row corrected into another year is counted there.
        let stored = store.ledger_rows(&LedgerQuery::new("ticket", Some(2024)), &[], None).unwrap();
        let moved = record(3, "2023-03-05", "已处理", 0, &["乙"]);
        let outcome = store.correct_ledger_row(&correction(stored[1].id, Some(&moved), &changes)).unwrap();
        assert_eq!(LedgerRow::number(outcome.replacement.unwrap()), "2023-2");
        assert_eq!(store.ledger_count(&LedgerQuery::new("ticket", Some(2023))).unwrap(), 2);
        assert_eq!(fines(store).0, 4);
    });
}

#[test]
fn row_numbers_read_back() {
    for id in [2024_i64 << 40, (2024 << 40) + 16, (1999 << 40) + 1_000_000] {
        assert_eq!(LedgerRow::id_of(&LedgerRow::number(id)), Some(id));
        assert_eq!(LedgerRow::id_of(&id.to_string()), Some(id));
    }
    assert_eq!(LedgerRow::number((2024 << 40) + 16), "2024-17");
    for bad in ["2024-0", "x-1", "2024-", "", "-3", "2024-1-2", "0"] {
        assert_eq!(LedgerRow::id_of(bad), None, "{bad}");
    }
}
