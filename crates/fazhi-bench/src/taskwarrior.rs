//! The same tasks in Taskwarrior's import format (one JSON object per line).

use std::io::Write as _;
use std::path::Path;

use chrono::{Days, NaiveDate, NaiveDateTime};
use fazhi_core::{Item, Status};

use crate::{BenchError, Random};

/// Taskwarrior's date format (UTC).
fn tw_date(date: NaiveDateTime) -> String {
    date.format("%Y%m%dT%H%M%SZ").to_string()
}

fn shifted(date: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        date + Days::new(days as u64)
    } else {
        date - Days::new(days.unsigned_abs())
    }
}

/// Writes `items` to `path` for `task import`: description, project (the module), tags (the
/// unit), `due` at 23:59:59 UTC of the deadline (so that, as in fazhi, a task is overdue from the
/// day after its deadline), status pending (todo, doing — doing also gets `start`), completed
/// (done) or deleted (cancelled), and a uuid derived from the seed. Every date is moved by
/// `shift_days`.
pub fn write(items: &[Item], year: i32, shift_days: i64, seed: u64, path: &Path) -> Result<(), BenchError> {
    let file = std::fs::File::create(path).map_err(BenchError::io(path))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut random = Random::new(seed).fork(0x7a5c);
    let entry = shifted(NaiveDate::from_ymd_opt(year, 1, 1).expect("1 January"), shift_days);
    let entry = tw_date(entry.and_hms_opt(0, 0, 0).expect("midnight"));
    for item in items {
        let (a, b) = (random.next_u64(), random.next_u64());
        let uuid = format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0x0fff,
            0x8000 | (b >> 48) & 0x3fff,
            b & 0xffff_ffff_ffff
        );
        let mut task = serde_json::json!({
            "uuid": uuid,
            "description": item.title,
            "entry": entry,
            "project": item.module,
            "tags": [item.unit],
        });
        let object = task.as_object_mut().expect("an object");
        if let Some(deadline) = item.deadline {
            let due = shifted(deadline, shift_days).and_hms_opt(23, 59, 59).expect("a time");
            object.insert("due".into(), tw_date(due).into());
        }
        let end = item.completed_at.map(|at| shifted(at.date(), shift_days).and_time(at.time()));
        let status = match item.status {
            Status::Todo => "pending",
            Status::Doing => {
                object.insert("start".into(), entry.clone().into());
                "pending"
            }
            Status::Done => "completed",
            Status::Cancelled => "deleted",
        };
        if status != "pending" {
            object.insert("end".into(), end.map_or_else(|| entry.clone(), tw_date).into());
        }
        object.insert("status".into(), status.into());
        serde_json::to_writer(&mut out, &task).map_err(|err| BenchError::io(path)(err.into()))?;
        out.write_all(b"\n").map_err(BenchError::io(path))?;
    }
    out.flush().map_err(BenchError::io(path))
}
