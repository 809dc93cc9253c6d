//! A small organisation and its items, shared by the planning tests.
#![allow(dead_code)]

use chrono::NaiveDate;
use fazhi_core::{Item, Org, Person, Status, Unit};

/// A date written `YYYY-MM-DD`.
pub fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// An item of 党政办, owned by li_si, due on `deadline`.
pub fn item(id: &str, deadline: NaiveDate, status: Status) -> Item {
    Item {
        id: id.to_string(),
        duty: id.to_string(),
        title: format!("任务 {id}"),
        module: "leadership".to_string(),
        unit: "dangzhengban".to_string(),
        owner: "li_si".to_string(),
        cooperating: Vec::new(),
        deadline: Some(deadline),
        rolled_from: None,
        status,
        completed_at: None,
    }
}

fn person(id: &str) -> Person {
    Person {
        id: id.to_string(),
        name: id.to_string(),
        unit: "dangzhengban".to_string(),
        email: format!("{id}@example.org"),
        roles: Vec::new(),
        mobile: None,
        certificate: None,
    }
}

/// 党政办, led by zhang_san, with li_si.
pub fn org() -> Org {
    Org {
        units: vec![Unit { id: "dangzhengban".into(), name: "党政办".into(), leader: Some("zhang_san".into()) }],
        people: vec![person("zhang_san"), person("li_si")],
        ..Org::default()
    }
}
pub mod robot_server;
