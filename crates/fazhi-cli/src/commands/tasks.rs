use chrono::NaiveDate;
use fazhi_store::prelude::*;
use std::collections::HashMap;

use fazhi_core::{Calendar, Counting, Item, Org, Status, Workspace};
use serde::Serialize;

use super::print_json;
use crate::cli::TasksArgs;
use crate::table::Table;
use crate::{CliError, Context};

/// A task as `tasks --json` and `task show --json` print it.
#[derive(Serialize)]
pub struct TaskView<'a> {
    #[serde(flatten)]
    pub item: &'a Item,
    pub unit_name: &'a str,
    pub owner_name: &'a str,
    overdue: bool,
    days_left: Option<i64>,
    /// Why the deadline is later than the count: its last day was a holiday or rest day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline_moved: Option<String>,
}

impl<'a> TaskView<'a> {
    /// Adds names and what `today` makes of the deadline.
    pub fn new(workspace: &'a Workspace, item: &'a Item, today: NaiveDate) -> TaskView<'a> {
        TaskView {
            item,
            unit_name: workspace.org.unit(&item.unit).map_or(item.unit.as_str(), |u| u.name.as_str()),
            owner_name: workspace.org.person(&item.owner).map_or(item.owner.as_str(), |p| p.name.as_str()),
            overdue: item.is_overdue(today),
            days_left: item.days_left(today),
            deadline_moved: moved(&workspace.calendar, item),
        }
    }
}

/// Why `item`'s deadline moved, in Chinese with the law: `10月3日为法定节假日（国庆节），顺延至10月9日
/// （《中华人民共和国民法典》第二百零三条）`; `None` when it did not.
pub fn moved(calendar: &Calendar, item: &Item) -> Option<String> {
    let roll = calendar.roll_forward(item.rolled_from?).ok().flatten()?;
    Some(format!("{roll}（{}）", Counting::ROLL_FORWARD_BASIS))
}

/// How much time is left, in words.
pub fn time_left(item: &Item, today: NaiveDate) -> String {
    match (item.status, item.days_left(today)) {
        (Status::Done | Status::Cancelled, _) | (_, None) => "-".to_string(),
        (_, Some(0)) => "due today".to_string(),
        (_, Some(1)) => "1 day".to_string(),
        (_, Some(-1)) => "1 day overdue".to_string(),
        (_, Some(days)) if days < 0 => format!("{} days overdue", -days),
        (_, Some(days)) => format!("{days} days"),
    }
}

/// Parses `7d`, `2w` or a bare number of days.
fn parse_duration(text: &str) -> Result<i64, CliError> {
    let bad = || CliError::BadInput(format!("--due-within: invalid duration \"{text}\" (expected e.g. 7d or 2w)"));
    let (number, factor) = match text.strip_suffix('d') {
        Some(number) => (number, 1),
        None => match text.strip_suffix('w') {
            Some(number) => (number, 7),
            None => (text, 1),
        },
    };
    number.parse::<i64>().ok().filter(|n| *n >= 0).map(|n| n * factor).ok_or_else(bad)
}

/// The status filter: a stored status, or `overdue`.
enum StatusFilter {
    Is(Status),
    Overdue,
}

fn status_filters(args: &TasksArgs) -> Result<Option<Vec<StatusFilter>>, CliError> {
    if args.all {
        return Ok(None);
    }
    if args.status.is_empty() {
        return Ok(Some(vec![StatusFilter::Is(Status::Todo), StatusFilter::Is(Status::Doing)]));
    }
    args.status
        .iter()
        .map(|text| match text.as_str() {
            "overdue" => Ok(StatusFilter::Overdue),
            other => other
                .parse()
                .map(StatusFilter::Is)
                .map_err(|message| CliError::BadInput(format!("--status: {message}"))),
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// What `fazhi tasks` keeps, from its options.
struct Filter<'a> {
    today: NaiveDate,
    overdue: bool,
    within: Option<i64>,
    unit: Option<&'a str>,
    owner: Option<&'a str>,
    module: Option<&'a str>,
    statuses: Option<Vec<StatusFilter>>,
}

impl Filter<'_> {
    /// Whether a task with these properties is listed.
    fn keeps(&self, deadline: Option<NaiveDate>, status: Status, unit: &str, owner: &str, module: &str) -> bool {
        let overdue = status.is_open() && deadline.is_some_and(|deadline| deadline < self.today);
        let days_left = deadline.map(|deadline| (deadline - self.today).num_days());
        (!self.overdue || overdue)
            && self.within.is_none_or(|days| status.is_open() && days_left.is_some_and(|left| left <= days))
            && self.unit.is_none_or(|wanted| unit == wanted)
            && self.owner.is_none_or(|wanted| owner == wanted)
            && self.module.is_none_or(|wanted| module == wanted)
            && self.statuses.as_ref().is_none_or(|filters| {
                filters.iter().any(|filter| match filter {
                    StatusFilter::Is(wanted) => status == *wanted,
                    StatusFilter::Overdue => overdue,
                })
            })
    }
}

/// `fazhi tasks`
pub fn run(context: &Context, args: &TasksArgs) -> Result<(), CliError> {
    let session = context.read_session()?;
    let workspace = session.workspace();
    let today = session.today();
    let unit = args
        .unit
        .as_deref()
        .map(|unit| resolve(workspace.org.unit(unit).map(|u| u.id.as_str()), "unit", unit))
        .transpose()?;
    let owner = args
        .owner
        .as_deref()
        .map(|owner| resolve(workspace.org.person(owner).map(|p| p.id.as_str()), "person", owner))
        .transpose()?;
    let within = args.due_within.as_deref().map(parse_duration).transpose()?;
    let statuses = status_filters(args)?;
    let filter = Filter { today, overdue: args.overdue, within, unit, owner, module: args.module.as_deref(), statuses };
    // Every task is looked at in place; only the ones listed are copied.
    let states = session.store().task_states(workspace)?;
    let mut selected: Vec<Item> = workspace
        .item_refs(&states)
        .map_err(|err| CliError::BadInput(err.to_string()))?
        .filter(|item| {
            let duty = item.duty;
            filter.keeps(item.deadline, item.status, &duty.unit, &duty.owner, &duty.module)
        })
        .map(|item| item.to_item())
        .collect();
    selected.extend(
        session
            .workflow_items()?
            .into_iter()
            .filter(|item| filter.keeps(item.deadline, item.status, &item.unit, &item.owner, &item.module)),
    );
    // Sorted by deadline (none last), then id: an order of indices, so that the items, large,
    // stay where they are.
    let mut order: Vec<usize> = (0..selected.len()).collect();
    let key = |i: usize| (selected[i].deadline.is_none(), selected[i].deadline, selected[i].id.as_str());
    order.sort_by(|&a, &b| key(a).cmp(&key(b)));
    let selected: Vec<&Item> = order.iter().map(|&i| &selected[i]).collect();

    let names = Names::new(&workspace.org, &workspace.calendar);
    if context.json {
        let views: Vec<TaskView> = selected.iter().map(|&item| names.view(item, today)).collect();
        return print_json(&views);
    }
    if selected.is_empty() {
        out!("no tasks match (today is {today})");
        return Ok(());
    }
    let mut table = Table::new(&["ID", "DEADLINE", "LEFT", "STATUS", "UNIT", "OWNER", "TITLE"]);
    for &item in &selected {
        let view = names.view(item, today);
        let status = if view.overdue { "overdue".to_string() } else { item.status.to_string() };
        table.row(vec![
            item.id.clone(),
            match (item.deadline, item.rolled_from) {
                (Some(deadline), Some(_)) => format!("{deadline}*"),
                (Some(deadline), None) => deadline.to_string(),
                (None, _) => "-".to_string(),
            },
            time_left(item, today),
            status,
            view.unit_name.to_string(),
            view.owner_name.to_string(),
            item.title.clone(),
        ]);
    }
    crate::terminal::print(&table.render());
    // Deadlines that moved past a holiday, each with why (marked * in the table).
    for &item in &selected {
        if let Some(moved) = moved(&workspace.calendar, item) {
            out!("* {}: {moved}", item.id);
        }
    }
    let overdue = selected.iter().filter(|item| item.is_overdue(today)).count();
    out!("{} task(s), {overdue} overdue, today is {today}", selected.len());
    // The process ends now: freeing a province's checklist piece by piece would only cost time.
    std::mem::forget((session, states));
    Ok(())
}

/// Unit and person names by id, for listing many tasks (the same names as [`TaskView::new`]).
struct Names<'w> {
    units: HashMap<&'w str, &'w str>,
    people: HashMap<&'w str, &'w str>,
    calendar: &'w Calendar,
}

impl<'w> Names<'w> {
    fn new(org: &'w Org, calendar: &'w Calendar) -> Names<'w> {
        // The first of a repeated id wins, as `Org::unit` and `Org::person` find it.
        let mut units = HashMap::new();
        for unit in &org.units {
            units.entry(unit.id.as_str()).or_insert(unit.name.as_str());
        }
        let mut people = HashMap::new();
        for person in &org.people {
            people.entry(person.id.as_str()).or_insert(person.name.as_str());
        }
        Names { units, people, calendar }
    }

    fn view<'a>(&'a self, item: &'a Item, today: NaiveDate) -> TaskView<'a> {
        TaskView {
            item,
            unit_name: self.units.get(item.unit.as_str()).copied().unwrap_or(item.unit.as_str()),
            owner_name: self.people.get(item.owner.as_str()).copied().unwrap_or(item.owner.as_str()),
            overdue: item.is_overdue(today),
            days_left: item.days_left(today),
            deadline_moved: moved(self.calendar, item),
        }
    }
}

fn resolve<'a>(found: Option<&'a str>, what: &str, given: &str) -> Result<&'a str, CliError> {
    found.ok_or_else(|| CliError::BadInput(format!("unknown {what} \"{given}\" (use an id or a name from org.ron)")))
}
