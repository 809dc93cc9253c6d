//! The synthetic history: who started, finished, cancelled or reopened which task, and when.

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime};
use fazhi_core::{Action, ItemState, Status};

use crate::checklist_gen::GenChecklist;
use crate::org_gen::GenOrg;
use crate::Random;

/// One recorded status change.
#[derive(Debug, Clone)]
pub struct GenChange {
    /// The task.
    pub task: usize,
    /// The change.
    pub action: Action,
    /// When.
    pub at: NaiveDateTime,
    /// Index of the person.
    pub by: usize,
    /// A note, for some.
    pub note: Option<&'static str>,
}

const DONE_NOTES: &[&str] = &[
    "已完成，佐证材料已上传",
    "按要求完成，会议记录、签到表已归档",
    "已印发通知并报送备案",
    "活动已开展，照片及宣传资料已存档",
];
const CANCEL_NOTES: &[&str] = &["上级通知取消", "与其他工作合并开展", "节假日顺延，并入下期"];

/// The changes for every task of `checklist`, oldest first: before `today`, most tasks due are
/// done (a few late), some cancelled, some still in progress or reopened, the rest overdue;
/// of the tasks due later, some are started or done early.
pub fn generate(checklist: &GenChecklist, today: NaiveDate, random: &mut Random) -> Vec<GenChange> {
    let mut changes = Vec::with_capacity(checklist.tasks.len());
    let yesterday = today - Days::new(1);
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).expect("1 January");
    let at = |date: NaiveDate, random: &mut Random| {
        let date = date.clamp(year_start, yesterday);
        let minutes = 8 * 60 + 30 + random.below(9 * 60) as u32;
        date.and_time(NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0).expect("a time of day"))
    };
    for (task, gen) in checklist.tasks.iter().enumerate() {
        let duty = &checklist.duties[gen.duty];
        let by = duty.owner;
        // A task's changes keep their order even when clamped to the same day.
        let mut last: Option<NaiveDateTime> = None;
        let mut push = |action, at: NaiveDateTime, note| {
            let at = last.map_or(at, |last| at.max(last + chrono::TimeDelta::minutes(1)));
            last = Some(at);
            changes.push(GenChange { task, action, at, by, note });
        };
        let roll = random.below(100);
        match gen.deadline {
            Some(deadline) if deadline < today => match roll {
                0..=71 => {
                    if random.chance(20) {
                        push(Action::Start, at(deadline - Days::new(3 + random.below(10)), random), None);
                    }
                    push(
                        Action::Done,
                        at(deadline - Days::new(random.below(3)), random),
                        Some(*random.pick(DONE_NOTES)),
                    );
                }
                72..=79 => push(Action::Done, at(deadline + Days::new(1 + random.below(20)), random), Some("逾期完成")),
                80..=83 => push(
                    Action::Cancel,
                    at(deadline - Days::new(random.below(5)), random),
                    Some(*random.pick(CANCEL_NOTES)),
                ),
                84..=87 => push(Action::Start, at(deadline - Days::new(random.below(10)), random), None),
                88..=89 => {
                    push(Action::Done, at(deadline - Days::new(2), random), Some(*random.pick(DONE_NOTES)));
                    push(Action::Reopen, at(deadline + Days::new(1), random), Some("佐证材料不全，退回补充"));
                }
                _ => {}
            },
            Some(_) => match roll {
                0..=9 => push(
                    Action::Done,
                    at(today - Days::new(1 + random.below(20)), random),
                    Some(*random.pick(DONE_NOTES)),
                ),
                10..=24 => push(Action::Start, at(today - Days::new(1 + random.below(20)), random), None),
                25 => push(
                    Action::Cancel,
                    at(today - Days::new(1 + random.below(20)), random),
                    Some(*random.pick(CANCEL_NOTES)),
                ),
                _ => {}
            },
            None if roll < 20 => push(Action::Start, at(today - Days::new(1 + random.below(60)), random), None),
            None => {}
        }
    }
    // In the order they happened; a task's own changes keep their order (stable sort).
    changes.sort_by_key(|change| change.at);
    changes
}

/// The states the changes leave, by task index.
pub fn states(checklist: &GenChecklist, changes: &[GenChange]) -> HashMap<String, ItemState> {
    let mut states: HashMap<String, ItemState> = HashMap::new();
    for change in changes {
        let state = states.entry(checklist.tasks[change.task].id.clone()).or_default();
        state.status = state.status.apply(change.action).expect("the generator only makes allowed changes");
        state.completed_at = (state.status == Status::Done).then_some(change.at);
    }
    states
}

/// `history/YEAR.ron`.
pub fn ron(checklist: &GenChecklist, org: &GenOrg, changes: &[GenChange], organisation: &str) -> String {
    let mut out = String::with_capacity(changes.len() * 150);
    let _ = writeln!(out, "// {organisation}任务办理记录（合成数据），按时间排列。\n[");
    for change in changes {
        let _ = write!(
            out,
            "    (task: \"{}\", action: {:?}, at: \"{}\", by: \"{}\"",
            checklist.tasks[change.task].id,
            change.action,
            change.at.format("%Y-%m-%dT%H:%M"),
            org.people[change.by].id
        );
        if let Some(note) = change.note {
            let _ = write!(out, ", note: \"{note}\"");
        }
        out.push_str("),\n");
    }
    out.push_str("]\n");
    out
}
