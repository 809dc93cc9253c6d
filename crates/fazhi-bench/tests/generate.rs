//! The generator is deterministic for a seed, and what it writes is a valid workspace with
//! valid ledger rows (tiny sizes: this is not a benchmark).

use std::collections::BTreeMap;
use std::path::Path;

use chrono::Datelike;
use fazhi_bench::{generate, ledger_gen, WorkspaceSpec};
use fazhi_core::{LedgerValue, Workspace};

fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if !path.ends_with(".fazhi") {
                    stack.push(path);
                }
            } else {
                let name = path.strip_prefix(root).unwrap().display().to_string();
                out.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

fn spec(seed: u64, taskwarrior: &Path) -> WorkspaceSpec {
    let mut spec = WorkspaceSpec::new(300, seed, 2024);
    spec.ledger_rows = 100;
    spec.instances = 5;
    spec.idle_job = true;
    spec.taskwarrior = Some(taskwarrior.to_path_buf());
    spec
}

#[test]
fn the_same_seed_gives_the_same_workspace_and_it_loads() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (dir.path().join("a"), dir.path().join("b"), dir.path().join("c"));
    let generated = generate(&spec(7, &dir.path().join("a.json")), &a).unwrap();
    generate(&spec(7, &dir.path().join("b.json")), &b).unwrap();
    generate(&spec(8, &dir.path().join("c.json")), &c).unwrap();
    assert_eq!(files(&a), files(&b));
    assert_ne!(files(&a), files(&c));
    let taskwarrior = std::fs::read_to_string(dir.path().join("a.json")).unwrap();
    assert_eq!(taskwarrior, std::fs::read_to_string(dir.path().join("b.json")).unwrap());

    // Every deadline kind, a valid workspace, and exactly the tasks asked for.
    let checklist = std::fs::read_to_string(a.join("checklist/2024.ron")).unwrap();
    for kind in ["On(", "AfterDuty(", "AfterEvent(", "Monthly(", "Quarterly(", "Yearly(", "Cron("] {
        assert!(checklist.contains(kind), "no {kind} deadline");
    }
    let workspace = Workspace::load(&a).unwrap();
    let items = workspace.items(&[]).unwrap();
    assert_eq!(items.len(), 300);
    assert_eq!(generated.tasks, 300);
    assert_eq!(workspace.config.instances.len(), 5);
    assert_eq!(workspace.config.jobs.len(), 1);
    assert!(workspace.config.ledger.is_empty(), "ledger files are imported explicitly, not declared");
    assert_eq!(taskwarrior.lines().count(), 300);
    let first: serde_json::Value = serde_json::from_str(taskwarrior.lines().next().unwrap()).unwrap();
    for field in ["uuid", "description", "status", "entry", "project", "tags"] {
        assert!(first.get(field).is_some(), "Taskwarrior task without {field}: {first}");
    }

    // Ledger rows of every stock kind, each cell valid and each row in 2024.
    let kinds = ledger_gen::stock_kinds().unwrap();
    assert_eq!(generated.ledger.len(), kinds.len());
    assert_eq!(generated.ledger.iter().map(|(_, _, rows)| rows).sum::<usize>(), 100);
    for kind in &kinds {
        let mut reader = csv::Reader::from_path(a.join(format!("ledger/{}.csv", kind.id))).unwrap();
        let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
        assert_eq!(headers, kind.fields.iter().map(|f| f.label.clone()).collect::<Vec<_>>());
        for record in reader.records() {
            let record = record.unwrap();
            let mut values = BTreeMap::new();
            for (field, cell) in kind.fields.iter().zip(record.iter()) {
                match field.parse(cell) {
                    Ok(Some(value)) => {
                        values.insert(field.id.clone(), value);
                    }
                    Ok(None) => {}
                    Err(message) => panic!("{}: {message}", kind.id),
                }
            }
            // What puts the row in a year: its date field, or its `year`.
            let year = match values.get(kind.date.as_deref().unwrap_or("year")) {
                Some(LedgerValue::Date(date)) => Some(date.year()),
                Some(LedgerValue::Integer(year)) => Some(*year as i32),
                _ => None,
            };
            assert_eq!(year, Some(2024), "{}: {record:?}", kind.id);
        }
    }
}
