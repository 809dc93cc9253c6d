use chrono::NaiveDate;
use fazhi_core::{Item, Org, Status};

use crate::{AppError, Session};

/// Which tasks to list: the filters of `fazhi tasks` and of the web's task list. Filters
/// combine: a task must match all of them. Unit and owner are ids or names of `org.ron`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskQuery {
    /// Only open tasks whose deadline has passed.
    pub overdue: bool,
    /// Only open tasks due within this many days from today, overdue ones included.
    pub due_within: Option<i64>,
    /// Leave overdue tasks out (with `due_within`: what falls due from today on).
    pub exclude_overdue: bool,
    /// Only tasks of this unit.
    pub unit: Option<String>,
    /// Only tasks of this owner.
    pub owner: Option<String>,
    /// Only tasks of this module.
    pub module: Option<String>,
    /// Only tasks with one of these statuses; `None`: every status.
    pub statuses: Option<Vec<StatusFilter>>,
    /// Only tasks completed on or after this day.
    pub completed_since: Option<NaiveDate>,
}

/// One status a task may be listed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    /// The stored status.
    Is(Status),
    /// Open and past its deadline.
    Overdue,
}

impl TaskQuery {
    /// Open tasks (to do and in progress), as `fazhi tasks` lists without `--status`.
    pub fn open() -> TaskQuery {
        TaskQuery {
            statuses: Some(vec![StatusFilter::Is(Status::Todo), StatusFilter::Is(Status::Doing)]),
            ..Default::default()
        }
    }

    /// Whether a task with these properties is listed on `today` (unit and owner resolved to ids).
    pub(crate) fn keeps(&self, task: TaskFacts<'_>, today: NaiveDate, unit: Option<&str>, owner: Option<&str>) -> bool {
        let status = task.status;
        let overdue = status.is_open() && task.deadline.is_some_and(|deadline| deadline < today);
        let days_left = task.deadline.map(|deadline| (deadline - today).num_days());
        (!self.overdue || overdue)
            && !(self.exclude_overdue && overdue)
            && self.due_within.is_none_or(|days| status.is_open() && days_left.is_some_and(|left| left <= days))
            && unit.is_none_or(|wanted| task.unit == wanted)
            && owner.is_none_or(|wanted| task.owner == wanted)
            && self.module.as_deref().is_none_or(|wanted| task.module == wanted)
            && self.completed_since.is_none_or(|since| task.completed.is_some_and(|done| done >= since))
            && self.statuses.as_ref().is_none_or(|filters| {
                filters.iter().any(|filter| match filter {
                    StatusFilter::Is(wanted) => status == *wanted,
                    StatusFilter::Overdue => overdue,
                })
            })
    }
}

/// What a filter looks at of a task.
#[derive(Clone, Copy)]
pub(crate) struct TaskFacts<'a> {
    pub deadline: Option<NaiveDate>,
    pub status: Status,
    pub unit: &'a str,
    pub owner: &'a str,
    pub module: &'a str,
    pub completed: Option<NaiveDate>,
}

impl<'a> TaskFacts<'a> {
    pub(crate) fn of(item: &'a Item) -> TaskFacts<'a> {
        TaskFacts {
            deadline: item.deadline,
            status: item.status,
            unit: &item.unit,
            owner: &item.owner,
            module: &item.module,
            completed: item.completed_at.map(|at| at.date()),
        }
    }
}

impl Session {
    /// The tasks `query` selects — the checklists' occurrences and the open workflow steps —
    /// sorted by least time left: by deadline (none last), then id. An unknown unit or owner
    /// is bad input.
    pub fn tasks(&self, query: &TaskQuery) -> Result<Vec<Item>, AppError> {
        let workspace = &self.workspace;
        let (unit, owner) = query.unit_and_owner(&workspace.org)?;
        let today = self.today;
        // Every task is looked at in place; only the ones listed are copied.
        let states = self.store.task_states(workspace)?;
        let mut selected: Vec<Item> = workspace
            .item_refs(&states)
            .map_err(|err| AppError::bad_input(err.to_string()))?
            .filter(|item| {
                let duty = item.duty;
                let facts = TaskFacts {
                    deadline: item.deadline,
                    status: item.status,
                    unit: &duty.unit,
                    owner: &duty.owner,
                    module: &duty.module,
                    completed: item.completed_at.map(|at| at.date()),
                };
                query.keeps(facts, today, unit, owner)
            })
            .map(|item| item.to_item())
            .collect();
        selected.extend(
            self.workflow_items()?.into_iter().filter(|item| query.keeps(TaskFacts::of(item), today, unit, owner)),
        );
        // Large items stay where they are while their order is found.
        let mut order: Vec<usize> = (0..selected.len()).collect();
        let key = |i: usize| (selected[i].deadline.is_none(), selected[i].deadline, selected[i].id.as_str());
        order.sort_by(|&a, &b| key(a).cmp(&key(b)));
        let mut slots: Vec<Option<Item>> = selected.into_iter().map(Some).collect();
        Ok(order.into_iter().map(|i| slots[i].take().expect("each index once")).collect())
    }
}

impl TaskQuery {
    /// The query's unit and owner as ids of `org` (given as ids or names); an unknown one is
    /// bad input.
    pub(crate) fn unit_and_owner<'o>(&self, org: &'o Org) -> Result<(Option<&'o str>, Option<&'o str>), AppError> {
        let unit = self
            .unit
            .as_deref()
            .map(|unit| resolve(org.unit(unit).map(|u| u.id.as_str()), "unit", unit))
            .transpose()?;
        let owner = self
            .owner
            .as_deref()
            .map(|owner| resolve(org.person(owner).map(|p| p.id.as_str()), "person", owner))
            .transpose()?;
        Ok((unit, owner))
    }

    /// Whether only open tasks can be kept (a filter on deadlines or on open statuses only).
    pub(crate) fn only_open(&self) -> bool {
        self.overdue
            || self.due_within.is_some()
            || self.statuses.as_ref().is_some_and(|filters| {
                filters.iter().all(|filter| match filter {
                    StatusFilter::Is(status) => status.is_open(),
                    StatusFilter::Overdue => true,
                })
            })
    }
}

fn resolve<'a>(found: Option<&'a str>, what: &str, given: &str) -> Result<&'a str, AppError> {
    found.ok_or_else(|| AppError::bad_input(fazhi_core::unknown_in_org(what, given)))
}
