//! A task's page, the buttons that change it, and its evidence files.

use axum::extract::{Multipart, Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION, X_CONTENT_TYPE_OPTIONS};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use fazhi_app::{find_task, AppError, Session, TaskChange};
use fazhi_core::{Action, Status, TimeLeft};
use serde::Deserialize;

use super::layout;
use crate::auth::SignedIn;
use crate::links;
use crate::templates::{render, ActionForm, HistoryRow, TaskPage};
use crate::upload::ChangeForm;
use crate::{labels, WebApp, WebError};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Params {
    /// The audit entry of the change just made.
    changed: String,
}

/// The task's page.
pub async fn page(
    State(app): State<WebApp>,
    user: SignedIn,
    Path(id): Path<String>,
    Query(params): Query<Params>,
) -> Result<Response, WebError> {
    let limit_mb = app.config().upload_limit_mb;
    app.run(move |session| {
        let notice = params.changed.parse::<i64>().ok().map(|seq| format!("已记录（审计日志第 {seq} 条）。"));
        Ok(task_page(session, &user, &id, notice, None, limit_mb)?.into_response())
    })
    .await
}

/// The page of task `id`, with a notice or the refusal of an attempt.
fn task_page(
    session: &Session,
    user: &SignedIn,
    id: &str,
    notice: Option<String>,
    error: Option<String>,
    limit_mb: u32,
) -> Result<axum::response::Html<String>, WebError> {
    let workspace = session.workspace();
    let today = session.today();
    let items = session.items()?;
    let item = items.iter().find(|item| item.id == id).ok_or(WebError::NotFound)?;
    let org = &workspace.org;
    let duty = workspace.duty(&item.duty).filter(|duty| duty.id == item.duty && !item.id.contains('/'));
    let name_of = |person: &str| org.person(person).map_or(person.to_string(), |p| p.name.clone());
    let mut facts = vec![
        ("编号", item.id.clone()),
        ("模块", labels::module(session.pack(), &item.module)),
        ("责任单位", org.unit(&item.unit).map_or(item.unit.clone(), |u| u.name.clone())),
        ("责任人", name_of(&item.owner)),
    ];
    if !item.cooperating.is_empty() {
        let names: Vec<String> =
            item.cooperating.iter().map(|u| org.unit(u).map_or(u.clone(), |u| u.name.clone())).collect();
        facts.push(("配合单位", names.join("、")));
    }
    if let Some(at) = item.completed_at {
        facts.push(("办结时间", at.format("%Y-%m-%d %H:%M").to_string()));
    }
    if let Some(duty) = duty {
        if let Some(basis) = &duty.basis {
            facts.push(("依据", basis.clone()));
        }
        if let Some(detail) = &duty.detail {
            facts.push(("要求", detail.clone()));
        }
        facts.push(("清单文件", duty.file.display().to_string()));
    }
    let zone = workspace.config.time_zone;
    let href = user.site.link(&links::task(&item.id));
    let history = session
        .store()
        .changes(&item.id)
        .map_err(AppError::from)?
        .into_iter()
        .map(|record| {
            let change = record.change;
            HistoryRow {
                at: change.at.format("%Y-%m-%d %H:%M").to_string(),
                recorded: record
                    .recorded_at
                    .map_or(String::new(), |at| at.with_timezone(&zone).format("%Y-%m-%d %H:%M:%S").to_string()),
                by: name_of(&change.by),
                change: format!("{} → {}", record.from.label(), record.to.label()),
                note: change.note.unwrap_or_default(),
                evidence: change.evidence.map(|evidence| {
                    let link = format!("{href}/evidence/{}", evidence.sha256);
                    (evidence.download_name(), link, evidence.sha256)
                }),
            }
        })
        .collect();
    let (actions, no_actions) = if duty.is_none() {
        (Vec::new(), Some("这是程序（工作流）中的步骤，请按程序办理（fazhi flow done）。".to_string()))
    } else if !user.role.may_change(&user.person, org, item) {
        (Vec::new(), Some("您可以查看此任务；只有责任人、责任单位负责人和管理员可以办理。".to_string()))
    } else {
        (actions(&href, item.status), None)
    };
    let deadline = item.deadline.map_or("尚未确定".to_string(), |d| d.format("%Y-%m-%d").to_string());
    let page = TaskPage {
        layout: layout(workspace, today, user, &item.title, "tasks"),
        id: item.id.clone(),
        title: item.title.clone(),
        facts,
        status: if item.is_overdue(today) {
            format!("{}（逾期）", item.status.label())
        } else {
            item.status.label().to_string()
        },
        light: labels::light(item, today, 7),
        deadline,
        rule: duty.map_or(String::new(), |duty| duty.deadline.to_string()),
        left: TimeLeft::of(item, today, &workspace.calendar).chinese(),
        history,
        actions,
        no_actions,
        error,
        notice,
        limit_mb,
    };
    Ok(render(&page))
}

/// The buttons a task's status allows.
fn actions(href: &str, status: Status) -> Vec<ActionForm> {
    [Action::Start, Action::Done, Action::Reopen, Action::Cancel]
        .into_iter()
        .filter(|action| status.apply(*action).is_some())
        .map(|action| ActionForm {
            href: format!("{href}/{}", action.as_str()),
            label: action.label(),
            action: action.as_str(),
            evidence: action == Action::Done,
            confirm: (action == Action::Cancel).then_some("确定取消此任务？"),
        })
        .collect()
}

/// Start, complete, cancel or reopen the task, as the signed-in person at the server's time;
/// refused (the page shown again with the CLI's message) when its status does not allow it.
pub async fn change(
    State(app): State<WebApp>,
    user: SignedIn,
    Path((id, action)): Path<(String, String)>,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let action = match action.as_str() {
        "start" => Action::Start,
        "done" => Action::Done,
        "cancel" => Action::Cancel,
        "reopen" => Action::Reopen,
        _ => return Err(WebError::NotFound),
    };
    let form = ChangeForm::read(multipart, app.upload_limit()).await?;
    user.check_csrf(form.csrf.as_deref())?;
    let limit_mb = app.config().upload_limit_mb;
    app.run(move |session| {
        let items = session.duty_items()?;
        let item = find_task(&items, &id).map_err(|_| WebError::NotFound)?;
        if !user.role.may_change(&user.person, &session.workspace().org, item) {
            return Err(WebError::Forbidden);
        }
        let change = TaskChange {
            task: item.id.clone(),
            action,
            by: Some(user.person.id.clone()),
            note: form.note.clone(),
            evidence: form.evidence.as_ref().map(|file| file.path.clone()),
        };
        match session.change_task(&change) {
            Ok(changed) => {
                let location = format!("{}?changed={}", user.site.link(&links::task(&changed.task)), changed.audit_seq);
                Ok((StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response())
            }
            Err(AppError::BadInput { message }) => {
                let page = task_page(session, &user, &id, None, Some(message), limit_mb)?;
                Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
            }
            Err(err) => Err(err.into()),
        }
    })
    .await
}

/// An evidence file of the task, as a download under the name it was handed in with.
pub async fn evidence(
    State(app): State<WebApp>,
    _user: SignedIn,
    Path((id, sha256)): Path<(String, String)>,
) -> Result<Response, WebError> {
    if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()) {
        return Err(WebError::NotFound);
    }
    let (name, media_type, bytes) = app
        .run(move |session| {
            let changes = session.store().changes(&id).map_err(AppError::from)?;
            let kept = changes.into_iter().filter_map(|record| record.change.evidence).find(|e| e.sha256 == sha256);
            let Some(kept) = kept else { return Err(WebError::NotFound) };
            let path = session.store().evidence_folder().join(&kept.sha256);
            let bytes = std::fs::read(path).map_err(|_| WebError::NotFound)?;
            Ok((kept.download_name(), kept.media_type_or_guess().to_string(), bytes))
        })
        .await?;
    // RFC 6266: an ASCII name for old clients, the UTF-8 name (RFC 8187) for every other.
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", ext_value(&name));
    // Served as a download of its own type, never sniffed into a page (an HTML file stays a file).
    let media_type =
        if media_type.contains(['\r', '\n']) { "application/octet-stream".to_string() } else { media_type };
    Ok((
        [
            (CONTENT_TYPE, media_type),
            (CONTENT_DISPOSITION, disposition),
            (X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        bytes,
    )
        .into_response())
}

/// `text` percent-encoded as an RFC 8187 `ext-value`: every byte but `attr-char`.
fn ext_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
