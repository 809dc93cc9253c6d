//! Planning reminders for 1,000,000 items: `cargo bench -p fazhi-notify --bench plan`.

use std::time::Instant;

use chrono::{NaiveDate, TimeDelta};
use fazhi_core::{Calendar, Item, Org, Person, Status, Unit};
use fazhi_notify::{plan, ReminderPolicy, ScriptPolicy, StockPolicy};

fn main() {
    const ITEMS: usize = 1_000_000;
    let units: Vec<Unit> = (0..50)
        .map(|u| Unit { id: format!("unit{u}"), name: format!("单位{u}"), leader: Some(format!("p{}", u * 20)) })
        .collect();
    let people: Vec<Person> = (0..1000)
        .map(|p| Person {
            id: format!("p{p}"),
            name: format!("人员{p}"),
            unit: format!("unit{}", p / 20),
            email: format!("p{p}@example.org"),
            roles: Vec::new(),
            certificate: None,
        })
        .collect();
    let org = Org { units, people };
    let first = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let items: Vec<Item> = (0..ITEMS)
        .map(|i| Item {
            id: format!("duty{}@{}", i % 5000, i / 5000),
            duty: format!("duty{}", i % 5000),
            title: "任务".to_string(),
            module: "leadership".to_string(),
            unit: format!("unit{}", i % 50),
            owner: format!("p{}", i % 1000),
            cooperating: Vec::new(),
            deadline: Some(first + TimeDelta::days((i % 365) as i64)),
            status: if i % 10 == 0 { Status::Done } else { Status::Todo },
            completed_at: None,
        })
        .collect();
    let calendar = Calendar::stock();
    let today = NaiveDate::from_ymd_opt(2025, 3, 25).unwrap();
    let stock = StockPolicy::default();
    let script = ScriptPolicy::stock().expect("the stock reminder script compiles");
    let policies: [(&str, &dyn ReminderPolicy); 2] =
        [("StockPolicy (Rust)", &stock), ("ScriptPolicy (rules/reminders/remind.rhai)", &script)];
    for (name, policy) in policies {
        let mut best = f64::MAX;
        let mut count = 0;
        for _ in 0..5 {
            let start = Instant::now();
            let planned = plan(&items, &org, &calendar, today, policy).expect("today is in the calendar");
            let seconds = start.elapsed().as_secs_f64();
            best = best.min(seconds);
            count = planned.notices.len();
        }
        assert!(script.take_errors().is_empty(), "the stock reminder script failed");
        println!("{name}: planned {count} notices for {ITEMS} items in {:.1} ms (best of 5)", best * 1000.0);
    }
}
