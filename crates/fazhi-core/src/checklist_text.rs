use chrono::Datelike;

use crate::{Counting, Deadline, Duty, Event, Recurrence};

/// The text of a checklist file (`checklist/NAME.ron`, docs/workspace-format.md) holding
/// `events` and `duties` for `year`, with `comment` as its first lines: what `fazhi checklist
/// import` writes. Loading it gives the same events and duties back.
pub fn checklist_ron(comment: &str, year: i32, events: &[Event], duties: &[Duty]) -> String {
    let mut out = String::new();
    for line in comment.lines() {
        out.push_str(&format!("// {line}\n"));
    }
    out.push_str(&format!("(\n    year: {year},\n"));
    if !events.is_empty() {
        out.push_str("    events: [\n");
        for event in events {
            let date = event.date.map_or(String::new(), |date| format!(", date: \"{date}\""));
            out.push_str(&format!("        (id: {}, name: {}{date}),\n", quoted(&event.id), quoted(&event.name)));
        }
        out.push_str("    ],\n");
    }
    out.push_str("    duties: [\n");
    for duty in duties {
        out.push_str("        (\n");
        let mut field = |name: &str, value: String| out.push_str(&format!("            {name}: {value},\n"));
        field("id", quoted(&duty.id));
        field("title", quoted(&duty.title));
        field("module", quoted(&duty.module));
        field("unit", quoted(&duty.unit));
        field("owner", quoted(&duty.owner));
        if !duty.cooperating.is_empty() {
            let list: Vec<String> = duty.cooperating.iter().map(|unit| quoted(unit)).collect();
            field("cooperating", format!("[{}]", list.join(", ")));
        }
        field("deadline", deadline(&duty.deadline));
        if let Some(basis) = &duty.basis {
            field("basis", quoted(basis));
        }
        if let Some(detail) = &duty.detail {
            field("detail", quoted(detail));
        }
        if let Some(from) = duty.from {
            field("from", format!("\"{from}\""));
        }
        if let Some(until) = duty.until {
            field("until", format!("\"{until}\""));
        }
        out.push_str("        ),\n");
    }
    out.push_str("    ],\n)\n");
    out
}

/// A deadline as the checklist format writes it.
fn deadline(deadline: &Deadline) -> String {
    let counting = |counting: &Counting| match counting {
        Counting::CalendarDays => String::new(),
        Counting::WorkingDays => ", working: true".to_string(),
        Counting::LeadTime => ", counting: LeadTime".to_string(),
    };
    match deadline {
        Deadline::On(date) => format!("On(\"{:04}-{:02}-{:02}\")", date.year(), date.month(), date.day()),
        Deadline::AfterDuty { duty, days, counting: how } => {
            format!("AfterDuty(duty: {}, days: {days}{})", quoted(duty), counting(how))
        }
        Deadline::AfterEvent { event, days, counting: how } => {
            format!("AfterEvent(event: {}, days: {days}{})", quoted(event), counting(how))
        }
        Deadline::BeforeEvent { event, days } => format!("BeforeEvent(event: {}, days: {days})", quoted(event)),
        Deadline::Every(Recurrence::Monthly { day }) => format!("Monthly(day: {day})"),
        Deadline::Every(Recurrence::Quarterly { month, day }) => format!("Quarterly(month: {month}, day: {day})"),
        Deadline::Every(Recurrence::Yearly { month, day }) => format!("Yearly(month: {month}, day: {day})"),
        Deadline::Every(Recurrence::Cron(expression)) => format!("Cron({})", quoted(expression)),
    }
}

/// `text` as a RON string.
pub(crate) fn quoted(text: &str) -> String {
    format!("{text:?}")
}
