//! The synthetic checklist: duties of every deadline kind, expanded into tasks.

use std::fmt::Write as _;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::names::TITLES;
use crate::org_gen::GenOrg;
use crate::Random;

/// The cron recurrences used: the expression and what it means, so that the generator can
/// name the occurrences without a cron library.
pub const CRON_RECURRENCES: &[(&str, CronKind)] =
    &[("0 0 9 * * Mon", CronKind::Mondays), ("0 30 8 1,15 * *", CronKind::FirstAndFifteenth)];

/// The days a generated cron expression fires on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CronKind {
    /// Every Monday.
    Mondays,
    /// The 1st and the 15th of every month.
    FirstAndFifteenth,
}

/// A generated deadline (every kind fazhi-core reads).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GenDeadline {
    /// A date.
    On(NaiveDate),
    /// Days after another duty (its index) is done.
    AfterDuty {
        /// Index of the base duty.
        base: usize,
        /// How many days.
        days: u32,
        /// Working days.
        working: bool,
    },
    /// Days after an event (its index).
    AfterEvent {
        /// Index of the event.
        event: usize,
        /// How many days.
        days: u32,
        /// Working days.
        working: bool,
    },
    /// Every month on `day`.
    Monthly(u32),
    /// Every quarter: month within the quarter, day.
    Quarterly(u32, u32),
    /// Every year: month, day.
    Yearly(u32, u32),
    /// A cron expression of [`CRON_RECURRENCES`] (its index).
    Cron(usize),
}

/// A generated duty.
#[derive(Debug, Clone)]
pub struct GenDuty {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its module.
    pub module: &'static str,
    /// Index of the responsible unit.
    pub unit: usize,
    /// Index of the owner.
    pub owner: usize,
    /// Indexes of the cooperating units.
    pub cooperating: Vec<usize>,
    /// When it is due.
    pub deadline: GenDeadline,
    /// A recurrence's first day, if not 1 January.
    pub from: Option<NaiveDate>,
    /// More detail, sometimes.
    pub detail: Option<&'static str>,
}

/// A named event a duty may count from.
#[derive(Debug, Clone)]
pub struct GenEvent {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its date, if it happened.
    pub date: Option<NaiveDate>,
}

/// A task: one occurrence of a duty.
#[derive(Debug, Clone)]
pub struct GenTask {
    /// The task id (`DUTY` or `DUTY@PERIOD`).
    pub id: String,
    /// Index of the duty.
    pub duty: usize,
    /// Its deadline (for a relative deadline, the one counted from the base's deadline in
    /// calendar days: close enough for choosing a status).
    pub deadline: Option<NaiveDate>,
}

/// The checklist: events, duties and their tasks.
#[derive(Debug, Clone)]
pub struct GenChecklist {
    /// Events.
    pub events: Vec<GenEvent>,
    /// Duties.
    pub duties: Vec<GenDuty>,
    /// Tasks, duty by duty.
    pub tasks: Vec<GenTask>,
}

const DETAILS: &[&str] = &[
    "按期完成并上传会议记录、签到表等佐证材料",
    "逐项明确责任人和完成时限，清单式推进",
    "完成后报镇法治政府建设工作领导小组办公室备案",
    "结合实际制定工作方案，做好台账记录",
];

impl GenChecklist {
    /// Generates `tasks` tasks over the towns of `org`.
    pub fn generate(tasks: usize, year: i32, org: &GenOrg, random: &mut Random) -> GenChecklist {
        let mut checklist = GenChecklist { events: Vec::new(), duties: Vec::new(), tasks: Vec::with_capacity(tasks) };
        let towns = org.towns.len();
        let day = |ordinal: u32| NaiveDate::from_yo_opt(year, ordinal).expect("a day of the year");
        let days_in_year = if NaiveDate::from_ymd_opt(year, 2, 29).is_some() { 366 } else { 365 };
        // Each town: one event that happened, one that has not (yet).
        for (town, name) in org.towns.iter().enumerate() {
            checklist.events.push(GenEvent {
                id: format!("t{town:04}-banzi-tiaozheng"),
                name: format!("{name}领导班子成员调整"),
                date: Some(day(30 + random.below(270) as u32)),
            });
            checklist.events.push(GenEvent {
                id: format!("t{town:04}-ducha-fankui"),
                name: format!("{name}上级法治督察反馈意见"),
                date: None,
            });
        }
        // The latest one-off duty of each town that a relative deadline may count from.
        let mut bases: Vec<Option<usize>> = vec![None; towns];
        let mut count = 0;
        while count < tasks {
            let n = checklist.duties.len();
            let town = n % towns;
            let remaining = tasks - count;
            let roll = random.below(100);
            let mut deadline = match roll {
                0..=64 => GenDeadline::On(day(1 + random.below(days_in_year) as u32)),
                65..=69 => match bases[town] {
                    Some(base) => {
                        GenDeadline::AfterDuty { base, days: 5 + random.below(26) as u32, working: random.chance(60) }
                    }
                    None => GenDeadline::On(day(1 + random.below(days_in_year) as u32)),
                },
                70..=72 => GenDeadline::AfterEvent {
                    event: town * 2 + usize::from(random.chance(30)),
                    days: 10 + random.below(21) as u32,
                    working: random.chance(50),
                },
                73..=84 => GenDeadline::Monthly(if random.chance(10) { 31 } else { 1 + random.below(28) as u32 }),
                85..=93 => GenDeadline::Quarterly(1 + random.below(3) as u32, 1 + random.below(31) as u32),
                94..=97 => GenDeadline::Yearly(1 + random.below(12) as u32, 1 + random.below(28) as u32),
                _ => GenDeadline::Cron(random.index(CRON_RECURRENCES.len())),
            };
            let recurring = matches!(
                deadline,
                GenDeadline::Monthly(_) | GenDeadline::Quarterly(..) | GenDeadline::Yearly(..) | GenDeadline::Cron(_)
            );
            let from = (recurring && random.chance(10)).then(|| NaiveDate::from_ymd_opt(year, 7, 1).expect("1 July"));
            let mut periods = periods(&deadline, year, from);
            if periods.len() > remaining {
                deadline = GenDeadline::On(day(1 + random.below(days_in_year) as u32));
                periods = self::periods(&deadline, year, None);
            }
            let from = from.filter(|_| {
                matches!(
                    deadline,
                    GenDeadline::Monthly(_)
                        | GenDeadline::Quarterly(..)
                        | GenDeadline::Yearly(..)
                        | GenDeadline::Cron(_)
                )
            });
            let (module, titles) = random.pick(TITLES);
            let units = org.town_units(town);
            let unit_index = town * units.len() + random.index(units.len());
            let unit = &org.units[unit_index];
            let owner = *random.pick(&unit.people);
            let cooperating: Vec<usize> = (0..random.below(3))
                .map(|_| town * units.len() + random.index(units.len()))
                .filter(|&other| other != unit_index)
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            let id = format!("t{town:04}-{}-{n}", module.replace('_', ""));
            if let GenDeadline::On(date) = deadline {
                if date.month() < 11 {
                    bases[town] = Some(n);
                }
            }
            let base_deadline = |checklist: &GenChecklist, base: usize| match checklist.duties[base].deadline {
                GenDeadline::On(date) => Some(date),
                _ => None,
            };
            let relative = match deadline {
                GenDeadline::AfterDuty { base, days, .. } => {
                    base_deadline(&checklist, base).map(|date| date + Days::new(u64::from(days)))
                }
                GenDeadline::AfterEvent { event, days, .. } => {
                    checklist.events[event].date.map(|date| date + Days::new(u64::from(days)))
                }
                _ => None,
            };
            if matches!(deadline, GenDeadline::AfterDuty { .. } | GenDeadline::AfterEvent { .. }) {
                checklist.tasks.push(GenTask { id: id.clone(), duty: n, deadline: relative });
            } else {
                for (suffix, date) in periods {
                    let task_id = if suffix.is_empty() { id.clone() } else { format!("{id}@{suffix}") };
                    checklist.tasks.push(GenTask { id: task_id, duty: n, deadline: Some(date) });
                }
            }
            count = checklist.tasks.len();
            checklist.duties.push(GenDuty {
                id,
                title: format!("{}{}", org.towns[town], random.pick(titles)),
                module,
                unit: unit_index,
                owner,
                cooperating,
                deadline,
                from,
                detail: random.chance(30).then(|| *random.pick(DETAILS)),
            });
        }
        checklist
    }

    /// `checklist/YEAR.ron`.
    pub fn ron(&self, year: i32, org: &GenOrg, organisation: &str) -> String {
        let mut out = String::with_capacity(self.duties.len() * 300);
        let _ = writeln!(out, "// {organisation}{year}年法治政府建设任务清单（合成数据）。");
        let _ = writeln!(out, "(\n    year: {year},\n    events: [");
        for event in &self.events {
            let date = event.date.map(|date| format!(", date: \"{date}\"")).unwrap_or_default();
            let _ = writeln!(out, "        (id: \"{}\", name: \"{}\"{date}),", event.id, event.name);
        }
        out.push_str("    ],\n    duties: [\n");
        for duty in &self.duties {
            let _ =
                writeln!(out, "        (\n            id: \"{}\",\n            title: \"{}\",", duty.id, duty.title);
            let _ = writeln!(out, "            module: \"{}\",", duty.module);
            let _ = writeln!(out, "            unit: \"{}\",", org.units[duty.unit].id);
            let _ = writeln!(out, "            owner: \"{}\",", org.people[duty.owner].id);
            if !duty.cooperating.is_empty() {
                let units: Vec<String> = duty.cooperating.iter().map(|&u| format!("\"{}\"", org.units[u].id)).collect();
                let _ = writeln!(out, "            cooperating: [{}],", units.join(", "));
            }
            let deadline = match &duty.deadline {
                GenDeadline::On(date) => format!("On(\"{date}\")"),
                GenDeadline::AfterDuty { base, days, working } => {
                    format!("AfterDuty(duty: \"{}\", days: {days}, working: {working})", self.duties[*base].id)
                }
                GenDeadline::AfterEvent { event, days, working } => {
                    format!("AfterEvent(event: \"{}\", days: {days}, working: {working})", self.events[*event].id)
                }
                GenDeadline::Monthly(day) => format!("Monthly(day: {day})"),
                GenDeadline::Quarterly(month, day) => format!("Quarterly(month: {month}, day: {day})"),
                GenDeadline::Yearly(month, day) => format!("Yearly(month: {month}, day: {day})"),
                GenDeadline::Cron(index) => format!("Cron(\"{}\")", CRON_RECURRENCES[*index].0),
            };
            let _ = writeln!(out, "            deadline: {deadline},");
            if let Some(from) = duty.from {
                let _ = writeln!(out, "            from: \"{from}\",");
            }
            if let Some(detail) = duty.detail {
                let _ = writeln!(out, "            detail: \"{detail}\",");
            }
            out.push_str("        ),\n");
        }
        out.push_str("    ],\n)\n");
        out
    }
}

/// The occurrences of a recurring deadline in `year` (from `from`): (id suffix, date). A
/// one-off deadline gives one occurrence with an empty suffix; a relative one gives none.
pub fn periods(deadline: &GenDeadline, year: i32, from: Option<NaiveDate>) -> Vec<(String, NaiveDate)> {
    let first = from.unwrap_or_else(|| NaiveDate::from_ymd_opt(year, 1, 1).expect("1 January"));
    let last = NaiveDate::from_ymd_opt(year, 12, 31).expect("31 December");
    let clamped = |month: u32, day: u32| (1..=day).rev().find_map(|day| NaiveDate::from_ymd_opt(year, month, day));
    let mut out: Vec<(String, NaiveDate)> = match *deadline {
        GenDeadline::On(date) => return vec![(String::new(), date)],
        GenDeadline::AfterDuty { .. } | GenDeadline::AfterEvent { .. } => return Vec::new(),
        GenDeadline::Monthly(day) => {
            (1..=12).filter_map(|month| clamped(month, day).map(|date| (format!("{year}-{month:02}"), date))).collect()
        }
        GenDeadline::Quarterly(month, day) => (1..=4)
            .filter_map(|quarter| {
                clamped((quarter - 1) * 3 + month, day).map(|date| (format!("{year}-Q{quarter}"), date))
            })
            .collect(),
        GenDeadline::Yearly(month, day) => {
            clamped(month, day).map(|date| (format!("{year}"), date)).into_iter().collect()
        }
        GenDeadline::Cron(index) => first
            .iter_days()
            .take_while(|date| *date <= last)
            .filter(|date| match CRON_RECURRENCES[index].1 {
                CronKind::Mondays => date.weekday() == Weekday::Mon,
                CronKind::FirstAndFifteenth => date.day() == 1 || date.day() == 15,
            })
            .map(|date| (date.to_string(), date))
            .collect(),
    };
    out.retain(|(_, date)| (first..=last).contains(date));
    out
}
