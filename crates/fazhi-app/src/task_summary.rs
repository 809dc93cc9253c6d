use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use fazhi_core::{Item, Org, Status};
use serde::Serialize;

use crate::task_query::TaskFacts;
use crate::{AppError, Session, StatusFilter, TaskQuery};

/// The state of the checklist at a glance (the web's 工作台): per unit and per module, the open
/// tasks overdue (红), falling due soon (黄) and done this month (绿), and how the year's tasks
/// were completed month by month. Each count is the length of the list its [`TaskQuery`]
/// selects ([`TaskSummary::overdue`], [`TaskSummary::due_soon`], [`TaskSummary::done_this_month`]).
#[derive(Debug, Clone, Serialize)]
pub struct TaskSummary {
    /// The day it is taken on.
    pub today: NaiveDate,
    /// "Soon": due within this many days from today.
    pub within_days: i64,
    /// Every task together.
    pub total: TaskCounts,
    /// Per unit (in `org.ron`'s order), units without tasks left out.
    pub units: Vec<TaskCounts>,
    /// Per module (by id).
    pub modules: Vec<TaskCounts>,
    /// The year of `months`.
    pub year: i32,
    /// Month by month of `year`: the tasks due, and how many of them are done.
    pub months: Vec<MonthProgress>,
}

/// The counts of one group of tasks.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TaskCounts {
    /// The unit's or module's id (empty for the total).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Open tasks past their deadline (红).
    pub overdue: usize,
    /// Open tasks due within the summary's days, not overdue (黄).
    pub due_soon: usize,
    /// Tasks completed since the first of this month (绿).
    pub done_this_month: usize,
    /// Open tasks, all together.
    pub open: usize,
}

/// One month's tasks.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct MonthProgress {
    /// The month, 1 to 12.
    pub month: u32,
    /// Tasks whose deadline falls in it (cancelled ones left out).
    pub due: usize,
    /// Of those, the ones done.
    pub done: usize,
}

impl TaskSummary {
    /// The query of the overdue count (narrow it with a unit or module).
    pub fn overdue() -> TaskQuery {
        TaskQuery { overdue: true, ..TaskQuery::default() }
    }

    /// The query of the count due within `days`, overdue ones left out.
    pub fn due_soon(days: i64) -> TaskQuery {
        TaskQuery { due_within: Some(days), exclude_overdue: true, ..TaskQuery::default() }
    }

    /// The query of the count done this month, on `today`.
    pub fn done_this_month(today: NaiveDate) -> TaskQuery {
        TaskQuery {
            statuses: Some(vec![StatusFilter::Is(Status::Done)]),
            completed_since: today.with_day(1),
            ..TaskQuery::default()
        }
    }
}

impl TaskCounts {
    fn count(&mut self, facts: TaskFacts<'_>, today: NaiveDate, queries: &[TaskQuery; 3]) {
        let [overdue, soon, done] = queries;
        self.overdue += usize::from(overdue.keeps(facts, today, None, None));
        self.due_soon += usize::from(soon.keeps(facts, today, None, None));
        self.done_this_month += usize::from(done.keeps(facts, today, None, None));
        self.open += usize::from(facts.status.is_open());
    }
}

impl Session {
    /// The summary of every task (checklists and open workflow steps) on the session's date,
    /// "soon" meaning within `within_days`, its monthly progress over `year` (`None`: the
    /// year of the session's date).
    pub fn task_summary(&self, within_days: i64, year: Option<i32>) -> Result<TaskSummary, AppError> {
        let year = year.unwrap_or(self.today.year());
        let items = self.items()?;
        let pack = self.pack();
        let title = |id: &str| pack.module(id).map(|module| module.title.clone());
        Ok(TaskSummary::of(&items, self.today, within_days, year, &self.workspace.org, &title))
    }
}

impl TaskSummary {
    /// The summary of `items` on `today` (see [`Session::task_summary`]); units named and
    /// ordered as in `org`, modules named by `title` (by their id when it has none).
    pub(crate) fn of<'a>(
        items: impl IntoIterator<Item = &'a Item>,
        today: NaiveDate,
        within_days: i64,
        year: i32,
        org: &Org,
        title: &dyn Fn(&str) -> Option<String>,
    ) -> TaskSummary {
        let queries = [TaskSummary::overdue(), TaskSummary::due_soon(within_days), TaskSummary::done_this_month(today)];
        let mut total = TaskCounts::default();
        let mut units: BTreeMap<&str, TaskCounts> = BTreeMap::new();
        let mut modules: BTreeMap<&str, TaskCounts> = BTreeMap::new();
        let mut months: Vec<MonthProgress> =
            (1..=12).map(|month| MonthProgress { month, ..Default::default() }).collect();
        for item in items {
            let facts = TaskFacts::of(item);
            total.count(facts, today, &queries);
            units.entry(&item.unit).or_default().count(facts, today, &queries);
            modules.entry(&item.module).or_default().count(facts, today, &queries);
            if let Some(deadline) = item.deadline.filter(|d| d.year() == year && item.status != Status::Cancelled) {
                let month = &mut months[deadline.month0() as usize];
                month.due += 1;
                month.done += usize::from(item.status == Status::Done);
            }
        }
        let mut unit_counts: Vec<TaskCounts> = Vec::new();
        for unit in &org.units {
            if let Some(mut counts) = units.remove(unit.id.as_str()) {
                counts.id = unit.id.clone();
                counts.name = unit.name.clone();
                unit_counts.push(counts);
            }
        }
        // Units a task names that org.ron does not (a check would have refused): by id, last.
        unit_counts.extend(units.into_iter().map(|(id, counts)| TaskCounts {
            id: id.into(),
            name: id.into(),
            ..counts
        }));
        let module_counts = modules
            .into_iter()
            .map(|(id, counts)| {
                let name = title(id).unwrap_or_else(|| id.to_string());
                TaskCounts { id: id.into(), name, ..counts }
            })
            .collect();
        TaskSummary { today, within_days, total, units: unit_counts, modules: module_counts, year, months }
    }
}
