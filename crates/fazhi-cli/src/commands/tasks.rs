use chrono::NaiveDate;
use std::collections::HashMap;

use fazhi_app::{StatusFilter, TaskQuery};
use fazhi_core::{Calendar, Counting, Item, Org, Status, TimeLeft, Workspace};
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

/// How much time is left, in words of the CLI's language ([`TimeLeft`]).
pub fn time_left(item: &Item, today: NaiveDate, calendar: &Calendar) -> String {
    let left = TimeLeft::of(item, today, calendar);
    if crate::lang::english() {
        left.english()
    } else {
        left.chinese()
    }
}

/// A task's status as the tables show it: overdue (derived) or its stored status.
pub fn status_text(item: &Item, today: NaiveDate) -> String {
    match item.is_overdue(today) {
        true => tr!("overdue", "已逾期"),
        false => status_word(item.status),
    }
}

/// A stored status as the CLI's language says it: `todo` or 未开始, ….
pub fn status_word(status: Status) -> String {
    match crate::lang::english() {
        true => status.to_string(),
        false => status.label().to_string(),
    }
}

/// Parses `7d`, `2w` or a bare number of days.
fn parse_duration(text: &str) -> Result<i64, CliError> {
    let bad = || {
        CliError::BadInput(tr!(
            "--due-within: invalid duration \"{text}\" (expected e.g. 7d or 2w)",
            "--due-within：无效的时长“{text}”（应如 7d 或 2w）"
        ))
    };
    let (number, factor) = match text.strip_suffix('d') {
        Some(number) => (number, 1),
        None => match text.strip_suffix('w') {
            Some(number) => (number, 7),
            None => (text, 1),
        },
    };
    number.parse::<i64>().ok().filter(|n| *n >= 0).map(|n| n * factor).ok_or_else(bad)
}

fn status_filters(args: &TasksArgs) -> Result<Option<Vec<StatusFilter>>, CliError> {
    if args.all {
        return Ok(None);
    }
    if args.status.is_empty() {
        return Ok(TaskQuery::open().statuses);
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

/// `fazhi tasks`
pub fn run(context: &Context, args: &TasksArgs) -> Result<(), CliError> {
    // A broken checklist file is left out (and said, exit 1), not every task with it.
    let session = context.available_read_session()?;
    let left_out = super::left_out(&session);
    let workspace = session.workspace();
    let today = session.today();
    let query = TaskQuery {
        overdue: args.overdue,
        due_within: args.due_within.as_deref().map(parse_duration).transpose()?,
        unit: args.unit.clone(),
        owner: args.owner.clone(),
        module: args.module.clone(),
        statuses: status_filters(args)?,
        ..TaskQuery::default()
    };
    let tasks = session.tasks(&query)?;
    let selected: Vec<&Item> = tasks.iter().collect();

    let names = Names::new(&workspace.org, &workspace.calendar);
    if context.json {
        let views: Vec<TaskView> = selected.iter().map(|&item| names.view(item, today)).collect();
        print_json(&views)?;
        return left_out.map_or(Ok(()), Err);
    }
    if selected.is_empty() {
        out!("{}", tr!("no tasks match (today is {today})", "没有符合条件的任务（今天是 {today}）"));
        return left_out.map_or(Ok(()), Err);
    }
    let mut table = Table::headed(&[
        ("ID", "编号"),
        ("DEADLINE", "期限"),
        ("LEFT", "剩余时间"),
        ("STATUS", "状态"),
        ("UNIT", "责任单位"),
        ("OWNER", "责任人"),
        ("TITLE", "任务"),
    ]);
    for &item in &selected {
        let view = names.view(item, today);
        table.row(vec![
            item.id.clone(),
            match (item.deadline, item.rolled_from) {
                (Some(deadline), Some(_)) => format!("{deadline}*"),
                (Some(deadline), None) => deadline.to_string(),
                (None, _) => "-".to_string(),
            },
            time_left(item, today, &workspace.calendar),
            status_text(item, today),
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
    let total = selected.len();
    out!(
        "{}",
        tr!(
            "{total} task(s), {overdue} overdue, today is {today}",
            "共 {total} 项任务，其中逾期 {overdue} 项；今天是 {today}"
        )
    );
    // The process ends now: freeing a province's checklist piece by piece would only cost time.
    drop((selected, names));
    std::mem::forget((session.into_workspace(), tasks));
    left_out.map_or(Ok(()), Err)
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
