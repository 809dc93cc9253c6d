//! 审计: the audit log (searchable), its head and `audit verify`.

use axum::extract::{Query, State};
use axum::response::Html;
use fazhi_app::AppError;
use serde::Deserialize;

use super::layout;
use crate::auth::SignedIn;
use crate::templates::{render, AuditPage, AuditRow};
use crate::{WebApp, WebError};

/// Entries shown at most (the newest).
const SHOWN: usize = 500;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Params {
    q: String,
}

/// The audit page, for administrators.
pub async fn page(
    State(app): State<WebApp>,
    user: SignedIn,
    Query(params): Query<Params>,
) -> Result<Html<String>, WebError> {
    if !user.role.sees_audit() {
        return Err(WebError::Forbidden);
    }
    app.run(move |session| {
        let store = session.store();
        let zone = session.workspace().config.time_zone;
        let log = store.audit_log().map_err(AppError::from)?;
        let head = store.audit_head().map_err(AppError::from)?;
        let mut problems: Vec<String> =
            store.verify_audit().map_err(AppError::from)?.iter().map(ToString::to_string).collect();
        problems.extend(store.verify_state().map_err(AppError::from)?.iter().map(ToString::to_string));
        let q = params.q.trim().to_string();
        let matching: Vec<_> = log
            .iter()
            .rev()
            .filter(|entry| {
                q.is_empty()
                    || [&entry.actor, &entry.action, &entry.subject, &entry.detail]
                        .iter()
                        .any(|field| field.contains(&q))
                    || session.workspace().org.person(&entry.actor).is_some_and(|p| p.name.contains(&q))
            })
            .collect();
        let name_of =
            |id: &str| session.workspace().org.person(id).map_or(id.to_string(), |p| format!("{}（{id}）", p.name));
        let rows = matching
            .iter()
            .take(SHOWN)
            .map(|entry| AuditRow {
                seq: entry.seq,
                at: entry.at.format("%Y-%m-%d %H:%M:%S").to_string(),
                recorded: entry
                    .recorded_at
                    .map_or(String::new(), |at| at.with_timezone(&zone).format("%Y-%m-%d %H:%M:%S").to_string()),
                actor: name_of(&entry.actor),
                action: entry.action.clone(),
                subject: entry.subject.clone(),
                detail: entry.detail.clone(),
            })
            .collect();
        let page = AuditPage {
            layout: layout(session.workspace(), session.today(), &user, "审计", "audit"),
            head: head.to_string(),
            head_recorded: head
                .recorded_at
                .map_or(String::new(), |at| at.with_timezone(&zone).format("%Y-%m-%d %H:%M:%S").to_string()),
            problems,
            q,
            matching: matching.len(),
            total: log.len(),
            rows,
        };
        Ok(render(&page))
    })
    .await
}
