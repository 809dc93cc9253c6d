//! 任务清单: the filters of `fazhi tasks`, least time left first, a page at a time.

use std::borrow::Cow;

use axum::extract::{Query, State};
use fazhi_app::{AppError, StatusFilter, TaskQuery};
use fazhi_core::{parse_date, Status, TimeLeft};
use serde::Deserialize;

use super::layout_of;
use crate::auth::SignedIn;
use crate::links::{self, query};
use crate::templates::{render, FilterChoice, TaskRow, TasksPage};
use crate::{labels, SharedPage, WebApp, WebError};

/// Tasks on a page.
pub const PAGE_SIZE: usize = 50;

/// Where the options of every unit and every person go in the rendered page ([`SharedPage`]).
const UNITS_MARK: &str = "<fazhi-part:unit-options>";
const OWNERS_MARK: &str = "<fazhi-part:owner-options>";

/// The list's parameters, as the filter form and the dashboard's links send them (every one
/// text, so that an empty field means "any").
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct Params {
    unit: String,
    owner: String,
    module: String,
    /// Empty (open tasks), `todo`, `doing`, `done`, `cancelled`, `overdue` or `all`.
    status: String,
    /// Due within this many days (overdue ones included unless `from_today`).
    within: String,
    from_today: String,
    done_since: String,
    page: String,
}

impl Params {
    fn to_query(&self) -> Result<TaskQuery, String> {
        let some = |text: &str| Some(text.to_string()).filter(|text| !text.is_empty());
        let statuses = match self.status.as_str() {
            "" => TaskQuery::open().statuses,
            "all" => None,
            "overdue" => Some(vec![StatusFilter::Overdue]),
            other => Some(vec![StatusFilter::Is(other.parse::<Status>().map_err(|_| format!("状态“{other}”无效"))?)]),
        };
        let due_within = match self.within.as_str() {
            "" => None,
            text => Some(text.parse::<i64>().ok().filter(|days| *days >= 0).ok_or(format!("期限“{text}”无效"))?),
        };
        let completed_since = match self.done_since.as_str() {
            "" => None,
            text => Some(parse_date(text).map_err(|_| format!("日期“{text}”无效"))?),
        };
        Ok(TaskQuery {
            overdue: false,
            due_within,
            exclude_overdue: self.from_today == "1",
            unit: some(&self.unit),
            owner: some(&self.owner),
            module: some(&self.module),
            statuses,
            completed_since,
        })
    }

    fn link(&self, view: &crate::View, page: usize) -> String {
        let page = page.to_string();
        view.link(&format!(
            "/tasks{}",
            query(&[
                ("unit", &self.unit),
                ("owner", &self.owner),
                ("module", &self.module),
                ("status", &self.status),
                ("within", &self.within),
                ("from_today", &self.from_today),
                ("done_since", &self.done_since),
                ("page", &page),
            ])
        ))
    }
}

/// The list; the filters' options of every unit and person are sent as the view keeps them.
pub async fn page(
    State(app): State<WebApp>,
    user: SignedIn,
    Query(params): Query<Params>,
) -> Result<SharedPage, WebError> {
    let page_number = params.page.parse::<usize>().unwrap_or(1).max(1);
    app.read(move |view, _| {
        let board = view.board();
        let today = board.today();
        let (tasks, error) = match params.to_query() {
            Ok(query) => match board.tasks(&query, view.org()) {
                Ok(tasks) => (tasks, None),
                Err(AppError::BadInput { message }) => (Vec::new(), Some(message)),
                Err(err) => return Err(err.into()),
            },
            Err(message) => (Vec::new(), Some(message)),
        };
        let total = tasks.len();
        let overdue = tasks.iter().filter(|item| item.is_overdue(today)).count();
        let pages = total.div_ceil(PAGE_SIZE).max(1);
        let page_number = page_number.min(pages);
        let rows = tasks
            .iter()
            .skip((page_number - 1) * PAGE_SIZE)
            .take(PAGE_SIZE)
            .map(|item| TaskRow {
                href: view.link(&links::task(&item.id)),
                id: item.id.clone(),
                title: item.title.clone(),
                deadline: item.deadline.map_or("—".to_string(), |d| d.format("%Y-%m-%d").to_string()),
                left: TimeLeft::of(item, today, view.calendar()).chinese(),
                status: if item.is_overdue(today) { "逾期".to_string() } else { item.status.label().to_string() },
                light: labels::light(item, today, 7),
                unit: view.unit(&item.unit).map_or(item.unit.clone(), |u| u.name.clone()),
                owner: view.person(&item.owner).map_or(item.owner.clone(), |p| p.name.clone()),
            })
            .collect();
        let chosen_unit = view.unit(&params.unit).map_or(params.unit.as_str(), |u| u.id.as_str());
        let chosen_owner = view.person(&params.owner).map_or(params.owner.as_str(), |p| p.id.as_str());
        let units = view.unit_options().parts(chosen_unit);
        let owners = view.owner_options().parts(chosen_owner);
        let modules = view
            .duty_modules()
            .iter()
            .map(|id| FilterChoice {
                value: Cow::Borrowed(id.as_str()),
                label: Cow::Owned(view.module_name(id)),
                selected: *id == params.module,
            })
            .collect();
        let statuses = [
            ("", "未完成"),
            ("todo", Status::Todo.label()),
            ("doing", Status::Doing.label()),
            ("overdue", "逾期"),
            ("done", "已完成"),
            ("cancelled", "已取消"),
            ("all", "全部"),
        ]
        .into_iter()
        .map(|(value, label)| FilterChoice::of(value, label, &params.status))
        .collect();
        let mut withins: Vec<FilterChoice> =
            [("", "不限"), ("3", "3日内"), ("7", "7日内"), ("14", "14日内"), ("30", "30日内")]
                .into_iter()
                .map(|(value, label)| FilterChoice::of(value, label, &params.within))
                .collect();
        if !params.within.is_empty() && !withins.iter().any(|c| c.selected) {
            withins.push(FilterChoice {
                value: Cow::Borrowed(&params.within),
                label: Cow::Owned(format!("{}日内", params.within)),
                selected: true,
            });
        }
        let page = TasksPage {
            layout: layout_of(view.organisation(), today, &user, "任务清单", "tasks"),
            units: UNITS_MARK.to_string(),
            owners: OWNERS_MARK.to_string(),
            modules,
            statuses,
            withins,
            from_today: params.from_today == "1",
            done_since: params.done_since.clone(),
            rows,
            total,
            overdue,
            page: page_number,
            pages,
            prev: (page_number > 1).then(|| params.link(view, page_number - 1)),
            next: (page_number < pages).then(|| params.link(view, page_number + 1)),
            error,
        };
        Ok(SharedPage::of(render(&page).0, &[(UNITS_MARK, &units), (OWNERS_MARK, &owners)]))
    })
    .await
}
