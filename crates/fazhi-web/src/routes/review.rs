//! 合法性审查: a dossier handed in as a file or filled in on the form of its kind, reviewed by
//! the workspace's rules ([`fazhi_app::RulesGate`]), its findings and verdict shown, and the
//! opinion sheet (合法性审查意见书) printed from them.

use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Form;
use fazhi_app::{AppError, RulesGate, Session};
use fazhi_core::SourceFile;
use fazhi_rules::{Dossier, Review, Severity};
use serde::Deserialize;

use super::layout;
use crate::auth::SignedIn;
use crate::dossier_form::{form, input_name, kind_label, DossierForm, Input, FORMS};
use crate::file_form::FileForm;
use crate::labels;
use crate::templates::{render, Choice, FieldView, FindingView, GroupView, ReviewPage, ReviewView};
use crate::{WebApp, WebError};

/// The largest dossier file accepted: far more than the rules take in (64 KiB of text).
pub const DOSSIER_LIMIT: usize = 1024 * 1024;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Params {
    kind: String,
}

/// The page: the upload, and the form of the kind asked for (the first one otherwise).
pub async fn page(
    State(app): State<WebApp>,
    user: SignedIn,
    Query(params): Query<Params>,
) -> Result<Response, WebError> {
    if !user.role.reviews() {
        return Err(WebError::Forbidden);
    }
    let kind = form(&params.kind).unwrap_or(&FORMS[0]);
    app.run(move |session| Ok(review_page(session, &user, kind, &[], Vec::new(), None).into_response())).await
}

/// A filled form reviewed.
pub async fn submit_form(
    State(app): State<WebApp>,
    user: SignedIn,
    Form(values): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    if !user.role.reviews() {
        return Err(WebError::Forbidden);
    }
    let value = |name: &str| values.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str());
    user.check_csrf(value("csrf"))?;
    let kind =
        form(value("kind").unwrap_or_default()).ok_or_else(|| WebError::BadRequest("未知的卷宗类型".to_string()))?;
    let json = kind.dossier_json(&values);
    app.run(move |session| {
        let source = SourceFile::new(format!("网页表单（{}）.json", kind.label), json);
        // The dossier is made by the form: a position in its text means nothing to the clerk.
        Ok(match reviewed(session.gate(), source) {
            Ok(review) => review_page(session, &user, kind, &values, Vec::new(), Some(review)).into_response(),
            Err(problems) => {
                let problems = problems.into_iter().map(|(_, message)| message).collect();
                (StatusCode::UNPROCESSABLE_ENTITY, review_page(session, &user, kind, &values, problems, None))
                    .into_response()
            }
        })
    })
    .await
}

/// A dossier file (RON, or JSON by its name) reviewed.
pub async fn submit_file(
    State(app): State<WebApp>,
    user: SignedIn,
    multipart: Multipart,
) -> Result<Response, WebError> {
    if !user.role.reviews() {
        return Err(WebError::Forbidden);
    }
    let upload = FileForm::read(multipart, "dossier", DOSSIER_LIMIT).await?;
    user.check_csrf(upload.csrf.as_deref())?;
    let Some(file) = upload.file else {
        return Err(WebError::BadRequest("请选择卷宗文件".to_string()));
    };
    let name = file.path.file_name().map_or("卷宗".to_string(), |name| name.to_string_lossy().into_owned());
    let bytes = std::fs::read(&file.path).map_err(|err| WebError::Internal(format!("cannot read an upload: {err}")))?;
    app.run(move |session| {
        let Ok(text) = String::from_utf8(bytes) else {
            let problem = format!("{name}: 文件不是 UTF-8 编码的文本（卷宗须为 RON 或 JSON 文本文件）");
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                review_page(session, &user, &FORMS[0], &[], vec![problem], None),
            )
                .into_response());
        };
        let kind_of = |review: &Review| form(&review.kind).unwrap_or(&FORMS[0]);
        Ok(match reviewed(session.gate(), SourceFile::new(name, text)) {
            Ok(review) => review_page(session, &user, kind_of(&review), &[], Vec::new(), Some(review)).into_response(),
            Err(problems) => {
                let problems = problems.into_iter().map(|(at, message)| format!("{at}{message}")).collect();
                (StatusCode::UNPROCESSABLE_ENTITY, review_page(session, &user, &FORMS[0], &[], problems, None))
                    .into_response()
            }
        })
    })
    .await
}

/// The review of the dossier in `source`, or its problems as (position, message).
fn reviewed(gate: &RulesGate, source: SourceFile) -> Result<Review, Vec<(String, String)>> {
    let problems = |diagnostics: Vec<fazhi_core::Diagnostic>| {
        diagnostics
            .into_iter()
            .map(|d| (format!("{}:{}:{}: ", d.file.display(), d.line, d.column), d.message))
            .collect::<Vec<_>>()
    };
    let dossier = Dossier::parse(source).map_err(|err| problems(err.diagnostics().to_vec()))?;
    gate.review(&dossier).map_err(|err| match AppError::from(err) {
        AppError::Invalid { problems: found } => problems(found),
        other => vec![(String::new(), other.describe())],
    })
}

/// The page: the kinds, the form of `kind` filled with `values`, the problems of the last
/// attempt or the review made.
fn review_page(
    session: &Session,
    user: &SignedIn,
    kind: &'static DossierForm,
    values: &[(String, String)],
    problems: Vec<String>,
    review: Option<Review>,
) -> axum::response::Html<String> {
    let workspace = session.workspace();
    let today = session.today();
    let kinds = FORMS
        .iter()
        .map(|other| Choice {
            value: user.site.link(&format!("/review?kind={}", other.kind)),
            label: other.label.to_string(),
            selected: other.kind == kind.kind,
        })
        .collect();
    let marked: Vec<String> = problems.iter().filter_map(|problem| field_named(problem)).collect();
    let groups = groups(kind, values, &marked);
    let result = review.map(|review| {
        let unit = workspace.org.unit(&user.person.unit).map_or(user.person.unit.clone(), |unit| unit.name.clone());
        ReviewView {
            title: review.title.clone(),
            id: review.id.clone(),
            kind: kind_label(&review.kind),
            source: match review.dossier.display().to_string() {
                form if form.starts_with("网页表单") => "网页表单填写".to_string(),
                file => file,
            },
            verdict: review.verdict.chinese().to_string(),
            verdict_class: review.verdict.to_string(),
            blocks: review.count(Severity::Block),
            warnings: review.count(Severity::Warn),
            notes: review.count(Severity::Info),
            rules_run: review.rules_run,
            modules: review.modules.iter().map(|id| labels::module(session.pack(), id)).collect::<Vec<_>>().join("、"),
            findings: review
                .findings
                .iter()
                .map(|finding| FindingView {
                    class: finding.severity.as_str(),
                    severity: match finding.severity {
                        Severity::Block => "须整改",
                        Severity::Warn => "应注意",
                        Severity::Info => "提示",
                    },
                    rule: finding.rule.clone(),
                    message: finding.message.clone(),
                    basis: finding.basis.clone(),
                    field: finding.field.as_deref().map(|path| field_label(&review.kind, path)).unwrap_or_default(),
                })
                .collect(),
            reviewer: user.person.name.clone(),
            unit,
            organisation: workspace.config.organisation.clone(),
            date: today.format("%Y年%-m月%-d日").to_string(),
        }
    });
    render(&ReviewPage {
        layout: layout(workspace, today, user, "合法性审查", "review"),
        kinds,
        kind: kind.kind,
        kind_label: kind.label,
        groups,
        problems,
        result,
        limit_kb: DOSSIER_LIMIT / 1024,
    })
}

/// The form's parts with the values sent; a field named by a problem is marked.
fn groups(kind: &DossierForm, values: &[(String, String)], marked: &[String]) -> Vec<GroupView> {
    let sent = |name: &str| crate::dossier_form::sent(values, name).into_iter();
    let mut views = Vec::new();
    for group in kind.groups {
        let rows: Vec<Option<usize>> = if group.rows > 0 { (0..group.rows).map(Some).collect() } else { vec![None] };
        for row in rows {
            let fields = group
                .fields
                .iter()
                .map(|field| {
                    let name = input_name(group, row, field.key);
                    let value = sent(&name).next().unwrap_or_default().to_string();
                    let options = |choices: &[(&str, &str)], none: bool| {
                        let mut list: Vec<Choice> = Vec::new();
                        if none {
                            list.push(Choice {
                                value: String::new(), label: "（未填）".to_string(), selected: false
                            });
                        }
                        list.extend(choices.iter().map(|(value, label)| Choice {
                            value: value.to_string(),
                            label: label.to_string(),
                            selected: sent(&name).any(|v| v == *value),
                        }));
                        list
                    };
                    let (input, options) = match field.input {
                        Input::Text => ("text", Vec::new()),
                        Input::LongText => ("textarea", Vec::new()),
                        Input::Date => ("date", Vec::new()),
                        Input::Number => ("number", Vec::new()),
                        Input::Check => ("check", Vec::new()),
                        Input::YesNo => ("select", options(&[("true", "是"), ("false", "否")], true)),
                        Input::Choice(choices) => ("select", options(choices, true)),
                        Input::Several(choices) => ("several", options(choices, false)),
                    };
                    let path = match row {
                        Some(row) => format!("{}[{row}].{}", group.path, field.key),
                        None if group.path.is_empty() => field.key.to_string(),
                        None => format!("{}.{}", group.path, field.key),
                    };
                    FieldView {
                        id: format!("f-{name}"),
                        checked: input == "check" && !value.is_empty(),
                        error: marked.iter().any(|m| *m == path || (row.is_none() && *m == group.path)),
                        name,
                        label: field.label,
                        input,
                        value,
                        options,
                    }
                })
                .collect();
            let label = match row {
                Some(row) => format!("{}（{}）", group.label, row + 1),
                None => group.label.to_string(),
            };
            views.push(GroupView { label, required: group.required && group.rows == 0, fields });
        }
    }
    views
}

/// The field a problem of the schema names (`field \`public_comment.closed\`: …`, `missing
/// field \`title\``), with a list's index as `officers[0].name`.
fn field_named(problem: &str) -> Option<String> {
    let start = problem.find('`')? + 1;
    let end = start + problem[start..].find('`')?;
    Some(problem[start..end].to_string())
}

/// A finding's field as the form calls it (`公众参与 · 征求意见截止日期`), else as the rules
/// wrote it.
fn field_label(kind: &str, path: &str) -> String {
    let Some(form) = form(kind) else { return path.to_string() };
    // Indices of lists left out: `officers[1].certificate` is the field `certificate` of `officers`.
    let mut plain = String::new();
    let mut inside = false;
    for c in path.chars() {
        match c {
            '[' => inside = true,
            ']' => inside = false,
            c if !inside => plain.push(c),
            _ => {}
        }
    }
    let (group_path, key) = plain.rsplit_once('.').unwrap_or(("", plain.as_str()));
    let found =
        form.groups.iter().find(|group| group.path == group_path).and_then(|group| {
            group.fields.iter().find(|field| field.key == key).map(|field| (group.label, field.label))
        });
    match found {
        Some((_, field)) if group_path.is_empty() => field.to_string(),
        Some((group, field)) => format!("{group} · {field}"),
        None => form
            .groups
            .iter()
            .find(|group| group.path == plain)
            .map_or(path.to_string(), |group| group.label.to_string()),
    }
}
