//! 台账: per kind the current rows with their source; a CSV or XLSX file imported (all rows
//! or, with any problem, none — the problems shown by row and column); a row voided or
//! corrected with a reason.

use axum::extract::{Multipart, Path, Query, State};
use axum::http::header::LOCATION;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::Form;
use fazhi_app::{find_kind, AppError, LedgerCorrection, LedgerSource, NoProgress, Session};
use fazhi_core::LedgerKind;
use fazhi_ledger::ReadOptions;
use fazhi_store::LedgerRow;
use serde::Deserialize;

use super::layout;
use crate::auth::SignedIn;
use crate::file_form::FileForm;
use crate::links::{self, encode};
use crate::templates::{render, Choice, LedgerPage, LedgerProblem, LedgerRowPage, LedgerRowView};
use crate::{WebApp, WebError};

/// Rows shown to a page.
const PER_PAGE: usize = 100;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Params {
    kind: String,
    year: String,
    page: usize,
    /// Rows added by the import just made, and its audit entry.
    imported: String,
    /// The audit entry of a void or correction just made.
    changed: String,
}

/// The page of a kind (the first one by default).
pub async fn page(
    State(app): State<WebApp>,
    user: SignedIn,
    Query(params): Query<Params>,
) -> Result<Html<String>, WebError> {
    let limit_mb = app.config().upload_limit_mb;
    app.run(move |session| {
        let kind = chosen_kind(session, &params.kind)?.id.clone();
        let notice = if !params.imported.is_empty() {
            Some(format!("已导入：{}。", params.imported))
        } else {
            params.changed.parse::<i64>().ok().map(|seq| format!("已记录（审计日志第 {seq} 条）。"))
        };
        ledger_page(session, &user, &kind, &params.year, params.page, notice, Vec::new(), limit_mb)
    })
    .await
}

/// The kind named `id`, or the first kind.
fn chosen_kind<'s>(session: &'s Session, id: &str) -> Result<&'s LedgerKind, WebError> {
    if id.is_empty() {
        let first = session.pack().modules().iter().flat_map(|module| &module.ledger_kinds).next();
        return first.ok_or(WebError::NotFound);
    }
    find_kind(session.pack(), id).map_err(|_| WebError::NotFound)
}

#[allow(clippy::too_many_arguments)]
fn ledger_page(
    session: &Session,
    user: &SignedIn,
    kind_id: &str,
    year: &str,
    page: usize,
    notice: Option<String>,
    problems: Vec<LedgerProblem>,
    limit_mb: u32,
) -> Result<Html<String>, WebError> {
    let kind = find_kind(session.pack(), kind_id)?;
    let kinds = session
        .pack()
        .modules()
        .iter()
        .flat_map(|module| &module.ledger_kinds)
        .map(|other| Choice {
            value: user.site.link(&format!("/ledger{}", links::query(&[("kind", &other.id)]))),
            label: other.name.clone(),
            selected: other.id == kind.id,
        })
        .collect();
    let all = session.ledger_rows(&kind.id, None, false)?;
    let mut years: Vec<i32> = all.iter().map(|row| row.year).collect();
    years.sort_unstable();
    years.dedup();
    let year: Option<i32> = year.parse().ok();
    let rows: Vec<&LedgerRow> = all.iter().filter(|row| year.is_none_or(|year| row.year == year)).collect();
    let pages = rows.len().div_ceil(PER_PAGE).max(1);
    let page = page.clamp(1, pages);
    let link = |page: usize, year: Option<i32>| {
        let year = year.map(|y| y.to_string()).unwrap_or_default();
        let page = if page > 1 { page.to_string() } else { String::new() };
        user.site.link(&format!("/ledger{}", links::query(&[("kind", &kind.id), ("year", &year), ("page", &page)])))
    };
    let keeps = user.role.keeps_ledger();
    let shown = rows
        .iter()
        .skip((page - 1) * PER_PAGE)
        .take(PER_PAGE)
        .map(|row| row_view(&user.site, kind, row, keeps))
        .collect();
    let page = LedgerPage {
        layout: layout(session.workspace(), session.today(), user, "台账", "ledger"),
        kinds,
        kind: kind.id.clone(),
        kind_name: kind.name.clone(),
        headers: kind.fields.iter().map(|field| field.label.clone()).collect(),
        columns: kind
            .fields
            .iter()
            .map(|field| format!("{}{}", field.label, if field.required { "（必填）" } else { "" }))
            .collect::<Vec<_>>()
            .join("，"),
        years: std::iter::once(("全部".to_string(), link(1, None), year.is_none()))
            .chain(years.iter().map(|y| (format!("{y}年"), link(1, Some(*y)), year == Some(*y))))
            .collect(),
        total: rows.len(),
        rows: shown,
        page,
        pages,
        prev: (page > 1).then(|| link(page - 1, year)),
        next: (page < pages).then(|| link(page + 1, year)),
        keeps,
        notice,
        problems,
        limit_mb,
    };
    Ok(render(&page))
}

fn row_view(site: &crate::Mount, kind: &LedgerKind, row: &LedgerRow, keeps: bool) -> LedgerRowView {
    LedgerRowView {
        number: row.row.clone(),
        cells: kind
            .fields
            .iter()
            .map(|field| {
                let value = fazhi_app::ledger_value_text(row.values.get(&field.id));
                // A short value (a date, a name, a number) is kept on one line.
                let short = value.chars().count() <= 12;
                (value, short)
            })
            .collect(),
        source: if row.source_row > 0 { format!("{}:{}", row.source, row.source_row) } else { row.source.clone() },
        href: keeps.then(|| site.link(&format!("/ledger/{}/{}", encode(&kind.id), encode(&row.row)))),
    }
}

/// A file imported as the kind chosen: every row, or with any problem none (the problems shown).
pub async fn import(State(app): State<WebApp>, user: SignedIn, multipart: Multipart) -> Result<Response, WebError> {
    if !user.role.keeps_ledger() {
        return Err(WebError::Forbidden);
    }
    let upload = FileForm::read(multipart, "file", app.upload_limit()).await?;
    user.check_csrf(upload.csrf.as_deref())?;
    let limit_mb = app.config().upload_limit_mb;
    app.run(move |session| {
        let kind = find_kind(session.pack(), upload.field("kind")).map_err(|_| WebError::NotFound)?.clone();
        let Some(file) = &upload.file else {
            let problem = LedgerProblem::whole("请选择要导入的 CSV 或 XLSX 文件。".to_string());
            let page = ledger_page(session, &user, &kind.id, "", 1, None, vec![problem], limit_mb)?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        };
        let name = file.path.file_name().map_or_else(String::new, |name| name.to_string_lossy().into_owned());
        let sheet = Some(upload.field("sheet").trim().to_string()).filter(|sheet| !sheet.is_empty());
        // Shown and recorded as an upload, apart from the files fazhi.ron declares.
        let shown = std::path::PathBuf::from(format!("网页上传/{name}"));
        let options = ReadOptions { sheet, mapping: Vec::new() };
        let imported =
            LedgerSource::new(session.workspace(), session.pack(), &kind.id, file.path.clone(), shown, options)
                .and_then(|source| session.import_ledger(std::slice::from_ref(&source), &user.person.id, &NoProgress));
        match imported {
            Ok(outcomes) => {
                let summary = match outcomes.first() {
                    Some(outcome) => match outcome.audit_seq {
                        Some(seq) => {
                            format!(
                                "{name}，读取 {} 行，新增 {} 行（审计日志第 {seq} 条）",
                                outcome.read, outcome.added
                            )
                        }
                        None => format!("{name}，读取 {} 行，均已导入过，未作改动", outcome.read),
                    },
                    None => format!("{name}：未作改动"),
                };
                let location =
                    user.site.link(&format!("/ledger{}", links::query(&[("kind", &kind.id), ("imported", &summary)])));
                Ok((StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response())
            }
            Err(AppError::Invalid { problems }) => {
                let spreadsheet = name.to_lowercase().ends_with(".xlsx");
                let problems = problems
                    .into_iter()
                    .map(|problem| LedgerProblem {
                        row: problem.line.to_string(),
                        column: if spreadsheet { column_letters(problem.column) } else { problem.column.to_string() },
                        message: problem.message,
                    })
                    .collect();
                let page = ledger_page(session, &user, &kind.id, "", 1, None, problems, limit_mb)?;
                Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
            }
            Err(AppError::BadInput { message }) => {
                let page =
                    ledger_page(session, &user, &kind.id, "", 1, None, vec![LedgerProblem::whole(message)], limit_mb)?;
                Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
            }
            Err(err) => Err(err.into()),
        }
    })
    .await
}

/// A spreadsheet's column letters (1 → A, 27 → AA).
fn column_letters(mut column: usize) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        column -= 1;
        letters.push(b'A' + (column % 26) as u8);
        column /= 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// The page of one row: its values, the forms that correct and void it.
pub async fn row_page(
    State(app): State<WebApp>,
    user: SignedIn,
    Path((kind, row)): Path<(String, String)>,
) -> Result<Html<String>, WebError> {
    if !user.role.keeps_ledger() {
        return Err(WebError::Forbidden);
    }
    app.run(move |session| row_page_of(session, &user, &kind, &row, &[], None)).await
}

fn row_page_of(
    session: &Session,
    user: &SignedIn,
    kind: &str,
    number: &str,
    sent: &[(String, String)],
    error: Option<String>,
) -> Result<Html<String>, WebError> {
    let kind = find_kind(session.pack(), kind).map_err(|_| WebError::NotFound)?;
    let rows = session.ledger_rows(&kind.id, None, false)?;
    let row = rows.iter().find(|row| row.row == number).ok_or(WebError::NotFound)?;
    let value_of = |key: &str| sent.iter().find(|(name, _)| name == key).map(|(_, value)| value.clone());
    let fields = kind
        .fields
        .iter()
        .map(|field| {
            let now = fazhi_app::ledger_value_text(row.values.get(&field.id));
            let typed = value_of(&format!("f.{}", field.id)).unwrap_or_else(|| now.clone());
            (field.id.clone(), format!("{}{}", field.label, if field.required { "（必填）" } else { "" }), now, typed)
        })
        .collect();
    let href = user.site.link(&format!("/ledger/{}/{}", encode(&kind.id), encode(&row.row)));
    let page = LedgerRowPage {
        layout: layout(session.workspace(), session.today(), user, &format!("{} {}", kind.name, row.row), "ledger"),
        kind_name: kind.name.clone(),
        back: user.site.link(&format!("/ledger{}", links::query(&[("kind", &kind.id)]))),
        number: row.row.clone(),
        source: if row.source_row > 0 { format!("{}:{}", row.source, row.source_row) } else { row.source.clone() },
        fields,
        reason: value_of("reason").unwrap_or_default(),
        correct: format!("{href}/correct"),
        void: format!("{href}/void"),
        error,
    };
    Ok(render(&page))
}

/// Voids or corrects the row with the reason given, as the signed-in person.
pub async fn change(
    State(app): State<WebApp>,
    user: SignedIn,
    Path((kind, row, action)): Path<(String, String, String)>,
    Form(sent): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    if !user.role.keeps_ledger() {
        return Err(WebError::Forbidden);
    }
    let csrf = sent.iter().find(|(key, _)| key == "csrf").map(|(_, value)| value.clone());
    user.check_csrf(csrf.as_deref())?;
    let void = match action.as_str() {
        "void" => true,
        "correct" => false,
        _ => return Err(WebError::NotFound),
    };
    app.run(move |session| {
        let value = |name: &str| sent.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone());
        let found = find_kind(session.pack(), &kind).map_err(|_| WebError::NotFound)?.clone();
        // Only the fields changed on the form: a value shown as it is stored is not read back.
        let cells: Vec<(String, String)> = if void {
            Vec::new()
        } else {
            found
                .fields
                .iter()
                .filter_map(|field| {
                    let typed = value(&format!("f.{}", field.id))?;
                    let was = value(&format!("was.{}", field.id)).unwrap_or_default();
                    (typed.trim() != was.trim()).then(|| (field.id.clone(), typed.trim().to_string()))
                })
                .collect()
        };
        let request = LedgerCorrection {
            kind: found.id.clone(),
            row: row.clone(),
            cells,
            reason: value("reason").unwrap_or_default().trim().to_string(),
            by: Some(user.person.id.clone()),
        };
        let done = if void {
            session.void_ledger_row(&request, &user.person.id)
        } else {
            session.correct_ledger_row(&request, &user.person.id)
        };
        match done {
            Ok(done) => {
                let location = user.site.link(&format!(
                    "/ledger{}",
                    links::query(&[("kind", &found.id), ("changed", &done.audit_seq.to_string())])
                ));
                Ok((StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response())
            }
            Err(err @ (AppError::BadInput { .. } | AppError::Invalid { .. })) => {
                let message = match err {
                    AppError::BadInput { message } => message,
                    other => other.describe(),
                };
                let page = row_page_of(session, &user, &found.id, &row, &sent, Some(message))?;
                Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
            }
            Err(err) => Err(err.into()),
        }
    })
    .await
}
