//! 工作台: the lights per unit and per module, and the year's completion chart.

use axum::body::Bytes;
use axum::extract::{Query, State};
use chrono::{Datelike, NaiveDate};
use fazhi_app::TaskCounts;
use serde::Deserialize;

use super::layout_of;
use crate::auth::SignedIn;
use crate::links::query;
use crate::templates::{render, Bar, CountRow, DashboardBody, DashboardPage};
use crate::{SharedPage, View, WebApp, WebError};

/// "Soon" on the dashboard: within a week.
const WITHIN_DAYS: i64 = 7;

/// Where the body goes in the rendered page ([`SharedPage`]).
const BODY_MARK: &str = "<fazhi-part:dashboard-body>";

#[derive(Deserialize)]
pub struct Params {
    year: Option<String>,
}

/// The dashboard. Its counts are worked out once per view of the state (and year), then
/// shared by every request until something changes (and sent as they are kept, not copied
/// into each page).
pub async fn page(
    State(app): State<WebApp>,
    user: SignedIn,
    Query(params): Query<Params>,
) -> Result<SharedPage, WebError> {
    let year = match params.year.as_deref().filter(|text| !text.is_empty()) {
        Some(text) => Some(text.parse::<i32>().map_err(|_| WebError::BadRequest(format!("年份“{text}”无效")))?),
        None => None,
    };
    app.read(move |view, _| {
        let board = view.board();
        let body = kept_body(view, year);
        let layout = layout_of(view.organisation(), board.today(), &user, "工作台", "dashboard");
        let page = render(&DashboardPage { layout, body: BODY_MARK }).0;
        Ok(SharedPage::of(page, &[(BODY_MARK, &[body])]))
    })
    .await
}

/// The dashboard's body for `year` (by default this year, or the last year with deadlines
/// before it: a workspace of past years), kept in the view for the years the dashboard links
/// to; a year typed into the address is worked out for its request alone.
fn kept_body(view: &View, year: Option<i32>) -> Bytes {
    let board = view.board();
    let years = board.years();
    let this_year = board.today().year();
    let year = year.unwrap_or_else(|| {
        if years.contains(&this_year) {
            this_year
        } else {
            years.iter().copied().filter(|y| *y < this_year).max().unwrap_or(this_year)
        }
    });
    let make = |view: &View| render(&body(view, year)).0;
    if year == this_year || years.contains(&year) {
        view.dashboard(year, make)
    } else {
        Bytes::from(make(view))
    }
}

/// Makes the view and the dashboard as it first opens, so that the first to sign in does not
/// wait for them (at 100,000 tasks every task is read, and half a megabyte of HTML written).
pub(crate) async fn warm(app: &WebApp) -> Result<(), WebError> {
    app.read(|view, _| {
        kept_body(view, None);
        Ok(())
    })
    .await
}

/// The counts and the chart of `year`, with their links.
fn body(view: &View, year: i32) -> DashboardBody {
    let summary = view.board().summary(WITHIN_DAYS, year, view.org());
    let today: NaiveDate = summary.today;
    let month_start = today.with_day(1).unwrap_or(today).format("%Y-%m-%d").to_string();
    let row = |key: &str, counts: &TaskCounts| {
        let id = counts.id.as_str();
        let within = WITHIN_DAYS.to_string();
        CountRow {
            name: if id.is_empty() { "全部".to_string() } else { counts.name.clone() },
            overdue: (counts.overdue, view.link(&format!("/tasks{}", query(&[(key, id), ("status", "overdue")])))),
            due_soon: (
                counts.due_soon,
                view.link(&format!("/tasks{}", query(&[(key, id), ("within", &within), ("from_today", "1")]))),
            ),
            done: (
                counts.done_this_month,
                view.link(&format!("/tasks{}", query(&[(key, id), ("status", "done"), ("done_since", &month_start)]))),
            ),
            open: (counts.open, view.link(&format!("/tasks{}", query(&[(key, id)])))),
        }
    };
    let total = row("unit", &summary.total);
    let units = summary.units.iter().map(|counts| row("unit", counts)).collect();
    let modules = summary
        .modules
        .iter()
        .map(|counts| CountRow { name: view.module_name(&counts.id), ..row("module", counts) })
        .collect();
    let most = summary.months.iter().map(|month| month.due).max().unwrap_or(0).max(1);
    let bars = summary
        .months
        .iter()
        .enumerate()
        .map(|(i, month)| {
            let height = |n: usize| n * 170 / most;
            let x = 28 + i * 50;
            Bar {
                label: format!("{}月", month.month),
                x,
                due_y: 190 - height(month.due),
                due_h: height(month.due),
                done_y: 190 - height(month.done),
                done_h: height(month.done),
                label_x: x + 18,
                counts: if month.due == 0 { String::new() } else { format!("{}/{}", month.done, month.due) },
                counts_y: 190 - height(month.due) - 4,
                title: format!("{}月：到期 {} 项，已办结 {} 项", month.month, month.due, month.done),
            }
        })
        .collect();
    DashboardBody {
        within: WITHIN_DAYS,
        total,
        units,
        modules,
        year: summary.year,
        year_due: summary.months.iter().map(|m| m.due).sum(),
        year_done: summary.months.iter().map(|m| m.done).sum(),
        bars,
        years: view
            .board()
            .years()
            .iter()
            .map(|y| (*y, view.link(&format!("/{}", query(&[("year", &y.to_string())])))))
            .collect(),
    }
}
