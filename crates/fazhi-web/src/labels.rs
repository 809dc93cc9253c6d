//! The Chinese words of the pages for fazhi's values.

use fazhi_core::{Item, Status};

/// The light of a task: `red` overdue, `yellow` due within `within` days, `green` done, else none.
pub fn light(item: &Item, today: chrono::NaiveDate, within: i64) -> &'static str {
    match (item.status, item.days_left(today)) {
        (Status::Done, _) => "green",
        (Status::Cancelled, _) => "grey",
        (_, Some(days)) if days < 0 => "red",
        (_, Some(days)) if days <= within => "yellow",
        _ => "none",
    }
}

/// A module's name ([`fazhi_app::module_title`]).
pub fn module(pack: &fazhi_rules::RulePack, id: &str) -> String {
    fazhi_app::module_title(pack, id)
}
