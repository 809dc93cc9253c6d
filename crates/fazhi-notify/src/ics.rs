//! The calendar export: every item with a deadline as an all-day event.

use chrono::{DateTime, Utc};
use fazhi_core::{Item, Status, Workspace};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};

/// The items with a deadline as an iCalendar file: one all-day event per item on its deadline,
/// with its owner, unit and what to do. Each event's UID is derived from the item id and the
/// organisation only, and every DTSTAMP is `stamp`, so the same state gives the same bytes.
pub fn calendar_ics(workspace: &Workspace, items: &[Item], stamp: DateTime<Utc>) -> String {
    let org_tag = fnv(workspace.config.organisation.as_bytes());
    let mut calendar = Calendar::new();
    calendar.name(&format!("{} 法治工作任务", workspace.config.organisation));
    let mut items: Vec<&Item> = items.iter().filter(|item| item.deadline.is_some()).collect();
    items.sort_by(|a, b| (a.deadline, &a.id).cmp(&(b.deadline, &b.id)));
    for item in items {
        let Some(deadline) = item.deadline else { continue };
        let unit = workspace.org.unit(&item.unit).map_or(item.unit.as_str(), |unit| unit.name.as_str());
        let owner = workspace.org.person(&item.owner).map_or(item.owner.as_str(), |person| person.name.as_str());
        let mut description = format!("事项：{}\n责任单位：{unit}\n责任人：{owner}\n状态：{}", item.id, item.status);
        if let Some(detail) = workspace.duty(&item.duty).and_then(|duty| duty.detail.as_deref()) {
            description.push_str("\n要求：");
            description.push_str(detail);
        }
        let summary = match item.status {
            Status::Done => format!("【已完成】{}", item.title),
            _ => item.title.clone(),
        };
        let mut event = Event::new();
        event
            .uid(&format!("{}.{org_tag:016x}@fazhi", item.id))
            .timestamp(stamp)
            .summary(&summary)
            .description(&description)
            .starts(deadline)
            .ends(deadline.succ_opt().unwrap_or(deadline))
            .add_property("CATEGORIES", &item.module);
        match item.status {
            Status::Cancelled => {
                event.status(EventStatus::Cancelled);
            }
            _ => {
                event.status(EventStatus::Confirmed);
            }
        }
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3))
}
