//! A county's pages: the overview of every town (红黄绿灯) and the figures side by side, for the
//! county office's people; and the routes that hand each town's and the office's requests to
//! their own pages ([`CountySite`]).

use axum::extract::{Path, Query, Request, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::Datelike;
use fazhi_app::{Light, TownStatus};
use serde::Deserialize;

use crate::auth::{signed_in, SignedIn};
use crate::links::{encode, query};
use crate::templates::{render, CountyFiguresPage, CountyLayout, CountyPage, CountyStartPage, FigureLine, TownRow};
use crate::{assets, security, CountySite, WebError};

/// "Soon" on the overview: within a week, as on a town's 工作台.
const WITHIN_DAYS: i64 = 7;

/// Every page of a county's server, with the security headers on every answer.
pub fn county_router(site: CountySite) -> Router {
    Router::new()
        .route("/", get(overview))
        .route("/figures", get(figures))
        .route("/figures/{file}", get(figures_xlsx))
        .route("/assets/{name}", get(assets::serve))
        .fallback(pages_of)
        .layer(axum::middleware::from_fn(security::headers))
        .with_state(site)
}

/// A request for the pages of the county office (`/office…`) or of a town (`/towns/KEY…`),
/// handed to them; anything else is not found. (A fallback rather than routes with
/// parameters: the pages' own routes read their own parameters.)
async fn pages_of(State(site): State<CountySite>, request: Request) -> Response {
    let path = request.uri().path();
    if path == "/office" || path.starts_with("/office/") {
        return site.to_office(request).await;
    }
    let Some(rest) = path.strip_prefix("/towns/") else { return WebError::NotFound.into_response() };
    let key = rest.split('/').next().unwrap_or_default().to_string();
    site.to_town(&key, request).await
}

/// The person of the county office signed in, if any.
async fn county_user(site: &CountySite, headers: &HeaderMap) -> Result<Option<SignedIn>, WebError> {
    signed_in(site.office(), headers).await
}

/// To the county office's sign-in, coming back to `next`.
fn to_office_login(next: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, format!("/office/login{}", query(&[("next", next)])))]).into_response()
}

fn layout(
    site: &CountySite,
    user: &SignedIn,
    today: chrono::NaiveDate,
    title: &str,
    active: &'static str,
) -> CountyLayout {
    CountyLayout {
        title: title.to_string(),
        active,
        county: site.county().config().county.clone(),
        user: user.person.name.clone(),
        csrf: user.csrf.clone(),
        today: today.format("%Y-%m-%d").to_string(),
    }
}

/// Runs `job` on a blocking worker thread.
async fn blocking<R: Send + 'static>(job: impl FnOnce() -> R + Send + 'static) -> Result<R, WebError> {
    tokio::task::spawn_blocking(job).await.map_err(|err| WebError::Internal(format!("a worker thread failed: {err}")))
}

/// The overview for the county office's people; for anyone else, the list of the towns to sign
/// in to, and the office's sign-in.
async fn overview(State(site): State<CountySite>, headers: HeaderMap) -> Result<Response, WebError> {
    let Some(user) = county_user(&site, &headers).await? else {
        let config = site.county().config();
        let towns = config.towns.iter().map(|town| (town.name.clone(), format!("/towns/{}/", encode(&town.key))));
        let page = CountyStartPage { county: config.county.clone(), towns: towns.collect() };
        return Ok(render(&page).into_response());
    };
    let county = site.clone();
    let status = blocking(move || county.county().status(WITHIN_DAYS)).await?;
    let towns = site.county().config().towns.iter();
    let rows: Vec<TownRow> = status.towns.iter().zip(towns).map(|(town, config)| town_row(town, &config.key)).collect();
    let count = |light: Light| status.towns.iter().filter(|town| town.light == light).count();
    let page = CountyPage {
        layout: layout(&site, &user, status.today, "全县总览", "overview"),
        within: status.within_days,
        report_year: status.report_year,
        red: count(Light::Red),
        yellow: count(Light::Yellow),
        green: count(Light::Green),
        unknown: count(Light::Unknown),
        towns: rows,
    };
    Ok(render(&page).into_response())
}

/// A town's line of the overview, its counts linking to its own pages.
fn town_row(town: &TownStatus, key: &str) -> TownRow {
    let base = format!("/towns/{}", encode(key));
    let within = WITHIN_DAYS.to_string();
    TownRow {
        name: town.name.clone(),
        href: format!("{base}/"),
        light: match town.light {
            Light::Red => "red",
            Light::Yellow => "yellow",
            Light::Green => "green",
            Light::Unknown => "plain",
        },
        light_label: town.light.label(),
        overdue: (town.overdue, format!("{base}/tasks{}", query(&[("status", "overdue")]))),
        due_soon: (town.due_soon, format!("{base}/tasks{}", query(&[("within", &within), ("from_today", "1")]))),
        open: (town.open, format!("{base}/tasks")),
        reviews_blocked: town.reviews_blocked,
        reviews_passed: town.reviews_passed,
        near_limit: town.near_limit,
        past_limit: town.past_limit,
        flows: format!("{base}/flows"),
        report: town.annual_report.label(),
        problem: town.problem.clone(),
    }
}

#[derive(Deserialize)]
pub struct FiguresParams {
    year: Option<String>,
}

/// The year asked for, or the last year (whose reports are written this spring).
fn year_of(text: Option<&str>) -> Result<i32, WebError> {
    match text.filter(|text| !text.is_empty()) {
        Some(text) => match text.parse::<i32>() {
            Ok(year) if (1949..=2200).contains(&year) => Ok(year),
            _ => Err(WebError::BadRequest(format!("年份“{text}”无效"))),
        },
        None => Ok(chrono::Local::now().year() - 1),
    }
}

/// Every report figure of every town side by side, with the county's totals.
async fn figures(
    State(site): State<CountySite>,
    headers: HeaderMap,
    Query(params): Query<FiguresParams>,
) -> Result<Response, WebError> {
    let Some(user) = county_user(&site, &headers).await? else {
        return Ok(to_office_login(&format!("/figures{}", query(&[("year", params.year.as_deref().unwrap_or(""))]))));
    };
    let year = year_of(params.year.as_deref())?;
    let county = site.clone();
    let figures = blocking(move || county.county().figures(year)).await?;
    let this_year = chrono::Local::now().year();
    let mut years: Vec<i32> = ((this_year - 3)..this_year).collect();
    years.push(year);
    years.sort_unstable();
    years.dedup();
    let rows = figures
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| FigureLine {
            first: i == 0 || figures.rows[i - 1].module != row.module,
            module: row.module_title.clone(),
            figure: row.label.clone(),
            values: row.values.iter().map(|value| value.map(|v| row.show(v)).unwrap_or_default()).collect(),
            total: row.total.map_or("—".to_string(), |v| row.show(v)),
        })
        .collect();
    let page = CountyFiguresPage {
        layout: layout(&site, &user, chrono::Local::now().date_naive(), &format!("{year}年度数据汇总"), "figures"),
        year,
        years: years.into_iter().map(|y| (y, format!("/figures?year={y}"), y == year)).collect(),
        towns: figures.towns.clone(),
        rows,
        problems: figures.problems.clone(),
        xlsx: format!("/figures/{year}.xlsx"),
    };
    Ok(render(&page).into_response())
}

/// The figures of a year as an Excel workbook (`/figures/2024.xlsx`).
async fn figures_xlsx(
    State(site): State<CountySite>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Result<Response, WebError> {
    if county_user(&site, &headers).await?.is_none() {
        return Ok(to_office_login(&format!("/figures/{}", encode(&file))));
    }
    let year = year_of(Some(file.strip_suffix(".xlsx").ok_or(WebError::NotFound)?))?;
    let county = site.clone();
    let (name, bytes) = blocking(move || {
        let figures = county.county().figures(year);
        (format!("{}{year}年度数据汇总.xlsx", figures.county), figures.xlsx())
    })
    .await?;
    let bytes = bytes?;
    let disposition =
        format!("attachment; filename=\"county-figures-{year}.xlsx\"; filename*=UTF-8''{}", encode(&name));
    let kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    Ok(([(CONTENT_TYPE, kind.to_string()), (CONTENT_DISPOSITION, disposition)], bytes).into_response())
}
