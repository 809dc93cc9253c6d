//! 程序: the workflow instances with their steps, state colours and graph (SVG drawn here),
//! and an open step completed by whoever may (its assignee, the leader of its unit, the
//! 党政办), with a note and an evidence file.

use axum::extract::{Multipart, Path, Query, State};
use axum::http::header::LOCATION;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use fazhi_app::{AppError, Session, StepDone};
use fazhi_flow::{StepState, StepStatus};
use serde::Deserialize;

use super::layout;
use crate::auth::SignedIn;
use crate::links::encode;
use crate::templates::{render, FlowPage, FlowRow, FlowsPage, StepView};
use crate::upload::ChangeForm;
use crate::{flow_graph, WebApp, WebError};

/// The list of instances.
pub async fn list(State(app): State<WebApp>, user: SignedIn) -> Result<Html<String>, WebError> {
    app.run(move |session| {
        let rows = session
            .instance_statuses()?
            .iter()
            .map(|status| {
                let done = status.steps.iter().filter(|s| matches!(s.state, StepState::Done { .. })).count();
                let applies = status.steps.iter().filter(|s| s.state != StepState::Skipped).count();
                FlowRow {
                    href: user.site.link(&format!("/flows/{}", encode(&status.id))),
                    id: status.id.clone(),
                    workflow: status.workflow_name.clone(),
                    title: status.title.clone().unwrap_or_default(),
                    started: status.started.format("%Y-%m-%d").to_string(),
                    progress: format!("{done} / {applies}"),
                    finished: status.finished,
                    open: status.open_steps().map(|s| s.name.clone()).collect::<Vec<_>>().join("、"),
                    blocked: status.steps.iter().any(|s| matches!(s.state, StepState::Blocked { .. })),
                }
            })
            .collect();
        let page = FlowsPage { layout: layout(session.workspace(), session.today(), &user, "程序", "flows"), rows };
        Ok(render(&page))
    })
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Params {
    changed: String,
}

/// An instance's page.
pub async fn page(
    State(app): State<WebApp>,
    user: SignedIn,
    Path(id): Path<String>,
    Query(params): Query<Params>,
) -> Result<Html<String>, WebError> {
    let limit_mb = app.config().upload_limit_mb;
    app.run(move |session| {
        let notice = (!params.changed.is_empty()).then(|| format!("已记录：{}。", params.changed));
        flow_page(session, &user, &id, notice, None, limit_mb)
    })
    .await
}

/// Whether `user` may complete `step`: its assignee, the leader of its unit, an administrator.
fn may_complete(session: &Session, user: &SignedIn, step: &StepStatus) -> bool {
    let (unit, person) = step.assignee.as_ref().map_or(("", ""), |a| (a.unit.as_str(), a.person.as_str()));
    user.role.may_change_owned(&user.person, &session.workspace().org, unit, person)
}

fn flow_page(
    session: &Session,
    user: &SignedIn,
    id: &str,
    notice: Option<String>,
    error: Option<String>,
    limit_mb: u32,
) -> Result<Html<String>, WebError> {
    let statuses = session.instance_statuses()?;
    let status = statuses.iter().find(|status| status.id == id).ok_or(WebError::NotFound)?;
    let workflow = session.workflows().get(&status.workflow).ok_or(WebError::NotFound)?;
    let org = &session.workspace().org;
    let steps = status
        .steps
        .iter()
        .map(|step| {
            let state = step.state.as_str();
            let detail = match &step.state {
                StepState::Done { at, late } => {
                    format!("{} 完成{}", at.format("%Y-%m-%d %H:%M"), if *late { "（逾期）" } else { "" })
                }
                StepState::Waiting { on } => format!("等待：{}", on.join("、")),
                StepState::Blocked { gate } => format!("被审查拦截：{gate}"),
                StepState::Open | StepState::Skipped => String::new(),
            };
            let who = step.assignee.as_ref().map_or(String::new(), |a| {
                let unit = org.unit(&a.unit).map_or(a.unit.clone(), |u| u.name.clone());
                let person = org.person(&a.person).map_or(a.person.clone(), |p| p.name.clone());
                format!("{unit} {person}")
            });
            let open = step.state == StepState::Open;
            StepView {
                id: step.id.clone(),
                name: step.name.clone(),
                state,
                state_label: fazhi_flow::StepState::label_of(state),
                detail,
                who,
                not_before: step
                    .not_before
                    .as_ref()
                    .map_or(String::new(), |b| format!("{}（{}）", b.date.format("%Y-%m-%d"), b.explain())),
                deadline: step
                    .deadline
                    .as_ref()
                    .map_or(String::new(), |b| format!("{}（{}）", b.date.format("%Y-%m-%d"), b.explain())),
                findings: step
                    .findings
                    .iter()
                    .map(|f| format!("{}（{}）", f.message, f.basis.clone().unwrap_or_default()))
                    .collect(),
                action: (open && may_complete(session, user, step))
                    .then(|| user.site.link(&format!("/flows/{}/{}/done", encode(id), encode(&step.id)))),
            }
        })
        .collect::<Vec<_>>();
    let page = FlowPage {
        layout: layout(session.workspace(), session.today(), user, &format!("程序 {id}"), "flows"),
        id: status.id.clone(),
        workflow: status.workflow_name.clone(),
        title: status.title.clone().unwrap_or_default(),
        started: status.started.format("%Y-%m-%d").to_string(),
        dossier: status.dossier.display().to_string(),
        finished: status.finished,
        graph: flow_graph::svg(workflow, status),
        steps,
        notice,
        error,
        limit_mb,
    };
    Ok(render(&page))
}

/// Completes an open step as the signed-in person, at the server's time; refused with the
/// engine's reason (the rule) when too early or not open.
pub async fn done(
    State(app): State<WebApp>,
    user: SignedIn,
    Path((id, step)): Path<(String, String)>,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let form = ChangeForm::read(multipart, app.upload_limit()).await?;
    user.check_csrf(form.csrf.as_deref())?;
    let limit_mb = app.config().upload_limit_mb;
    app.run(move |session| {
        let statuses = session.instance_statuses()?;
        let status = statuses.iter().find(|status| status.id == id).ok_or(WebError::NotFound)?;
        // Only those who may; a step not open yet is refused by the engine, saying why.
        if !may_complete(session, &user, status.step(&step).ok_or(WebError::NotFound)?) {
            return Err(WebError::Forbidden);
        }
        let request = StepDone {
            instance: id.clone(),
            step: step.clone(),
            at: None,
            by: Some(user.person.id.clone()),
            note: form.note.clone(),
            evidence: form.evidence.as_ref().map(|file| file.path.clone()),
        };
        match session.complete_step(&request) {
            Ok(_) => {
                let name = status.step(&step).map_or(step.clone(), |s| s.name.clone());
                let location =
                    user.site.link(&format!("/flows/{}?changed={}", encode(&id), encode(&format!("{name} 已完成"))));
                Ok((StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response())
            }
            Err(err @ (AppError::BadInput { .. } | AppError::Invalid { .. } | AppError::Failed { .. })) => {
                let message = match err {
                    AppError::BadInput { message } | AppError::Failed { message } => message,
                    other => other.describe(),
                };
                let page = flow_page(session, &user, &id, None, Some(message), limit_mb)?;
                Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
            }
            Err(err) => Err(err.into()),
        }
    })
    .await
}
