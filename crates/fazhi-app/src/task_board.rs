use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use fazhi_core::{Item, Org};
use fazhi_store::AuditHead;

use crate::task_query::TaskFacts;
use crate::{AppError, Session, TaskQuery, TaskSummary};

/// Every task of a session's date — the checklists' occurrences and the open workflow steps —
/// read from the state once and kept, for a front end that answers many questions about the
/// same state (the web's 工作台 and 任务清单): already in the order of [`Session::tasks`] (least
/// time left first), with the tasks of each unit, owner and module listed, so that a filtered
/// list looks only at the tasks it may keep.
///
/// It holds the state as it was at [`TaskBoard::head`], the audit log's head read before the
/// tasks: every change to a task is an entry of the audit log, so a board whose head is no
/// longer the log's head may be out of date, and one whose head still is, is not.
#[derive(Debug)]
pub struct TaskBoard {
    today: NaiveDate,
    head: AuditHead,
    items: Vec<Item>,
    by_unit: HashMap<String, Vec<u32>>,
    by_owner: HashMap<String, Vec<u32>>,
    by_module: HashMap<String, Vec<u32>>,
    open: Vec<u32>,
    years: Vec<i32>,
    module_titles: HashMap<String, String>,
}

impl Session {
    /// Every task on the session's date, as a [`TaskBoard`].
    pub fn task_board(&self) -> Result<TaskBoard, AppError> {
        // The head first: a change recorded while the tasks are read makes the board older than
        // the state, never newer (it is then read again, never kept as if current).
        let head = self.store.audit_head()?;
        let mut items = self.items()?;
        items.sort_by(|a, b| order_key(a).cmp(&order_key(b)));
        let mut board = TaskBoard::new(self.today, head, items);
        let pack = self.pack();
        board.module_titles = (board.by_module.keys())
            .filter_map(|id| pack.module(id).map(|module| (id.clone(), module.title.clone())))
            .collect();
        Ok(board)
    }
}

/// The tasks of `index` under `key`, when there is a key (none under an unknown one).
fn listed<'b>(index: &'b HashMap<String, Vec<u32>>, key: Option<&str>) -> Option<&'b [u32]> {
    key.map(|key| index.get(key).map_or(&[][..], Vec::as_slice))
}

/// The order of [`Session::tasks`]: by deadline (none last), then id.
fn order_key(item: &Item) -> (bool, Option<NaiveDate>, &str) {
    (item.deadline.is_none(), item.deadline, item.id.as_str())
}

impl TaskBoard {
    fn new(today: NaiveDate, head: AuditHead, items: Vec<Item>) -> TaskBoard {
        let (mut by_unit, mut by_owner, mut by_module) = (
            HashMap::<String, Vec<u32>>::new(),
            HashMap::<String, Vec<u32>>::new(),
            HashMap::<String, Vec<u32>>::new(),
        );
        let mut open = Vec::new();
        let mut years: Vec<i32> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let i = u32::try_from(i).expect("fewer than 4 billion tasks");
            for (index, key) in
                [(&mut by_unit, &item.unit), (&mut by_owner, &item.owner), (&mut by_module, &item.module)]
            {
                match index.get_mut(key.as_str()) {
                    Some(list) => list.push(i),
                    None => {
                        index.insert(key.clone(), vec![i]);
                    }
                }
            }
            if item.status.is_open() {
                open.push(i);
            }
            if let Some(deadline) = item.deadline {
                years.push(deadline.year());
            }
        }
        years.sort_unstable();
        years.dedup();
        TaskBoard { today, head, items, by_unit, by_owner, by_module, open, years, module_titles: HashMap::new() }
    }

    /// The date the tasks are judged on (overdue, due within so many days).
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// The audit log's head when the tasks were read.
    pub fn head(&self) -> &AuditHead {
        &self.head
    }

    /// Every task, least time left first.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The years in which some task falls due, in order.
    pub fn years(&self) -> &[i32] {
        &self.years
    }

    /// The tasks `query` selects, in the order of [`Session::tasks`] and as it selects them on
    /// the board's date; unit and owner are ids or names of `org`, an unknown one bad input
    /// with the message of [`Session::tasks`].
    pub fn tasks(&self, query: &TaskQuery, org: &Org) -> Result<Vec<&Item>, AppError> {
        let (unit, owner) = query.unit_and_owner(org)?;
        // The shortest list that holds every task the query may keep.
        let candidates = [
            listed(&self.by_unit, unit),
            listed(&self.by_owner, owner),
            listed(&self.by_module, query.module.as_deref()),
            query.only_open().then_some(self.open.as_slice()),
        ]
        .into_iter()
        .flatten()
        .min_by_key(|list| list.len());
        let keeps = |item: &Item| query.keeps(TaskFacts::of(item), self.today, unit, owner);
        Ok(match candidates {
            Some(list) => list.iter().map(|&i| &self.items[i as usize]).filter(|item| keeps(item)).collect(),
            None => self.items.iter().filter(|item| keeps(item)).collect(),
        })
    }

    /// The summary of [`Session::task_summary`] for `year`, "soon" meaning within
    /// `within_days`; units named and ordered as in `org` (the session's).
    pub fn summary(&self, within_days: i64, year: i32, org: &Org) -> TaskSummary {
        let title = |id: &str| self.module_titles.get(id).cloned();
        TaskSummary::of(&self.items, self.today, within_days, year, org, &title)
    }
}
