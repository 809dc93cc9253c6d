use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use fazhi_core::{Item, Status};
use fazhi_notify::{first_notice, ReminderPolicy, StockPolicy};
use icalendar::{Alarm, Calendar, Component, Event, EventLike, EventStatus};
use serde::Serialize;

use crate::reminders::ReminderKind;
use crate::{module_title, AppError, Session};

/// The calendar export (`fazhi calendar export`): every task and every open workflow step with
/// a deadline as an all-day event of an iCalendar file.
#[derive(Debug, Clone, Serialize)]
pub struct CalendarExport {
    /// The file's text (CRLF line ends, as RFC 5545 wants).
    pub text: String,
    /// How many events it holds.
    pub events: usize,
}

/// How far before a deadline the first reminder is looked for: longer than any notice period
/// of the stock policy (7 working days) across the longest holiday.
const LOOK_BACK_DAYS: u32 = 60;

/// The hour of the day a calendar application is told to show the first reminder: when the
/// daily reminders usually go out.
const ALARM_HOUR: u32 = 9;

/// How often an item was changed and when last, from the audit log.
#[derive(Debug, Clone, Copy, Default)]
struct Revision {
    changes: u32,
    last: Option<DateTime<Utc>>,
}

impl Session {
    /// The calendar export. Each event's UID is derived from the item id and the organisation;
    /// its SEQUENCE counts the item's recorded changes and its LAST-MODIFIED (and DTSTAMP) is
    /// the last one's recorded time, or 1 January of the working year for an item never changed,
    /// so the same state gives the same bytes and a calendar application sees what changed. An
    /// open item has an alarm on the day the reminder policy first tells its owner (09:00).
    pub fn calendar_export(&self) -> Result<CalendarExport, AppError> {
        let workspace = self.workspace();
        let zone = workspace.config.time_zone;
        let at_hour = |date: NaiveDate, hour: u32| {
            date.and_hms_opt(hour, 0, 0)
                .and_then(|local| zone.from_local_datetime(&local).earliest())
                .map(|instant| instant.to_utc())
        };
        let new_year = NaiveDate::from_ymd_opt(workspace.config.year, 1, 1)
            .and_then(|date| at_hour(date, 0))
            .ok_or_else(|| AppError::bad_input(format!("year {} has no 1 January", workspace.config.year)))?;

        let mut revisions: HashMap<String, Revision> = HashMap::new();
        for entry in self.store().audit_log()? {
            let revision = revisions.entry(entry.subject).or_default();
            revision.changes += 1;
            let when = entry.recorded_at.or_else(|| zone.from_local_datetime(&entry.at).earliest().map(|t| t.to_utc()));
            revision.last = revision.last.max(when);
        }

        let script = self.reminder_script(ReminderKind::Daily)?;
        let stock = StockPolicy::default();
        let policy: &dyn ReminderPolicy = match &script {
            Some(script) => script,
            None => &stock,
        };
        let mut first_notices: HashMap<NaiveDate, Option<NaiveDate>> = HashMap::new();

        let org_tag = fnv(workspace.config.organisation.as_bytes());
        let mut calendar = Calendar::empty();
        calendar
            .append_property(("VERSION", "2.0"))
            .append_property(("PRODID", format!("-//fazhi//fazhi {}//ZH", env!("CARGO_PKG_VERSION")).as_str()))
            .append_property(("CALSCALE", "GREGORIAN"))
            .name(&format!("{} 法治工作任务", workspace.config.organisation));
        let items = self.items()?;
        let mut items: Vec<&Item> = items.iter().filter(|item| item.deadline.is_some()).collect();
        items.sort_by(|a, b| (a.deadline, &a.id).cmp(&(b.deadline, &b.id)));
        for item in &items {
            let Some(deadline) = item.deadline else { continue };
            let unit = workspace.org.unit(&item.unit).map_or(item.unit.as_str(), |unit| unit.name.as_str());
            let owner = workspace.org.person(&item.owner).map_or(item.owner.as_str(), |person| person.name.as_str());
            let module = module_title(self.pack(), &item.module);
            let mut description = format!(
                "事项：{}\n责任单位：{unit}\n责任人：{owner}\n状态：{}\n模块：{module}",
                item.id,
                item.status.label()
            );
            if let Some(detail) = workspace.duty(&item.duty).and_then(|duty| duty.detail.as_deref()) {
                description.push_str("\n要求：");
                description.push_str(detail);
            }
            let summary = match item.status {
                Status::Done => format!("【已完成】{}", item.title),
                Status::Cancelled => format!("【已取消】{}", item.title),
                _ => item.title.clone(),
            };
            let revision = revisions.get(&item.id).copied().unwrap_or_default();
            let modified = revision.last.unwrap_or(new_year);
            let uid = format!("{}.{org_tag:016x}@fazhi", item.id);
            let mut event = Event::new();
            event
                .uid(&uid)
                .timestamp(modified)
                .summary(&summary)
                .description(&description)
                .starts(deadline)
                .ends(deadline.succ_opt().unwrap_or(deadline))
                .add_property("CATEGORIES", &module)
                .add_property("SEQUENCE", revision.changes.to_string())
                .status(if item.status == Status::Cancelled { EventStatus::Cancelled } else { EventStatus::Confirmed });
            if revision.last.is_some() {
                event.last_modified(modified);
            }
            if item.status.is_open() {
                let first = *first_notices
                    .entry(deadline)
                    .or_insert_with(|| first_notice(policy, &workspace.calendar, deadline, LOOK_BACK_DAYS));
                if let Some(trigger) = first.and_then(|day| at_hour(day, ALARM_HOUR)) {
                    let text = format!("提醒：{}（{deadline} 截止）", item.title);
                    // Its own UID and DTSTAMP too, instead of a random and the present one.
                    let mut alarm = Alarm::display(&text, trigger);
                    alarm.uid(&format!("alarm.{uid}")).timestamp(modified);
                    event.alarm(alarm);
                }
            }
            calendar.push(event.done());
        }
        Ok(CalendarExport { text: calendar.done().to_string(), events: items.len() })
    }
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3))
}
