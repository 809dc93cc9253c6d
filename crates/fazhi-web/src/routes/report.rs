//! 年度报告: the year-end report as a page, each figure warning beside the paragraph that
//! writes the figure, and the Word file (GB/T 9704) to download.

use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Response};
use chrono::Datelike;
use fazhi_report::{Report, ReportWarning};
use serde::Deserialize;

use super::layout;
use crate::auth::SignedIn;
use crate::links::encode;
use crate::templates::{render, ReportBlock, ReportPage, WarningView};
use crate::{WebApp, WebError};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Params {
    year: String,
}

/// The preview of the year asked for (the workspace's year by default).
pub async fn page(
    State(app): State<WebApp>,
    user: SignedIn,
    Query(params): Query<Params>,
) -> Result<Html<String>, WebError> {
    app.run(move |session| {
        let workspace = session.workspace();
        let year =
            params.year.parse::<i32>().ok().filter(|y| (2000..=2100).contains(y)).unwrap_or(workspace.config.year);
        let report = session.report(year)?;
        let mut years: Vec<i32> =
            vec![workspace.config.year - 1, workspace.config.year, session.today().year_ce().1 as i32];
        years.push(year);
        years.sort_unstable();
        years.dedup();
        let (blocks, unplaced) = blocks(&report);
        let page = ReportPage {
            layout: layout(workspace, session.today(), &user, "年度报告", "report"),
            year,
            years: years.into_iter().map(|y| (y, user.site.link(&format!("/report?year={y}")), y == year)).collect(),
            title: report.document.title.clone(),
            blocks,
            warnings: report.warnings.len(),
            unplaced,
            suggestions: report.document.suggestions.clone(),
            audit_head: report.document.audit_head.clone().unwrap_or_default(),
            docx: user.site.link(&format!("/report/{year}.docx")),
        };
        Ok(render(&page))
    })
    .await
}

/// The document as headings and paragraphs, each paragraph with the warnings about the figures
/// it writes; the warnings no paragraph writes the figures of come second.
fn blocks(report: &Report) -> (Vec<ReportBlock>, Vec<WarningView>) {
    let document = &report.document;
    let mut placed = vec![false; report.warnings.len()];
    let mut cursor = 0;
    let mut paragraph = |text: String, run_in: String, placed: &mut Vec<bool>| {
        // The figures of this paragraph: the next entry with its text.
        let figures = report.paragraph_figures[cursor.min(report.paragraph_figures.len())..]
            .iter()
            .position(|(written, _)| *written == text)
            .map(|at| {
                cursor += at + 1;
                report.paragraph_figures[cursor - 1].1.clone()
            })
            .unwrap_or_default();
        let warnings = report
            .warnings
            .iter()
            .enumerate()
            .filter(|(_, warning)| warning.figures.iter().any(|figure| figures.contains(figure)))
            .map(|(i, warning)| {
                placed[i] = true;
                view(warning)
            })
            .collect();
        ReportBlock { level: 0, heading: String::new(), run_in, text, warnings }
    };
    let mut blocks = Vec::new();
    let heading = |level: u8, heading: &str| ReportBlock {
        level,
        heading: heading.to_string(),
        run_in: String::new(),
        text: String::new(),
        warnings: Vec::new(),
    };
    for text in &document.preamble {
        blocks.push(paragraph(text.clone(), String::new(), &mut placed));
    }
    for section in document.parts.iter().flat_map(|part| part.walk()) {
        let mut texts = section.paragraphs.iter();
        if section.run_in && !section.paragraphs.is_empty() {
            let first = texts.next().expect("not empty");
            blocks.push(paragraph(first.clone(), section.heading.clone(), &mut placed));
        } else {
            blocks.push(heading(section.level + 1, &section.heading));
        }
        for text in texts {
            blocks.push(paragraph(text.clone(), String::new(), &mut placed));
        }
    }
    for text in &document.closing {
        blocks.push(paragraph(text.clone(), String::new(), &mut placed));
    }
    let unplaced = report.warnings.iter().zip(&placed).filter(|(_, placed)| !**placed).map(|(w, _)| view(w)).collect();
    (blocks, unplaced)
}

fn view(warning: &ReportWarning) -> WarningView {
    let kind = match warning.kind {
        "sum" => "合计不符",
        "rate" => "比率不符",
        "at_most" => "数字大于其上限",
        "markup" => "提纲中的 Markdown 格式",
        "no_rows" => "无台账数据",
        "placeholder" => "占位符无对应数据",
        "section" => "结构问题",
        "character" => "Word 无法容纳的字符",
        _ => "提示",
    };
    WarningView { kind, message: warning.message.clone(), rows: warning.rows.join("，") }
}

/// The report of `YEAR` as a Word file (`/report/YEAR.docx`).
pub async fn docx(State(app): State<WebApp>, _user: SignedIn, Path(file): Path<String>) -> Result<Response, WebError> {
    let year = file.strip_suffix(".docx").and_then(|year| year.parse::<i32>().ok()).ok_or(WebError::NotFound)?;
    let (title, bytes) = app
        .run(move |session| {
            let report = session.report(year)?;
            let bytes = fazhi_report::render_docx(&report.document)
                .map_err(|err| WebError::Internal(format!("the Word file failed: {err}")))?;
            Ok((report.document.title.clone(), bytes))
        })
        .await?;
    let name = format!("{title}.docx");
    let disposition = format!("attachment; filename=\"report-{year}.docx\"; filename*=UTF-8''{}", encode(&name));
    let kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    Ok(([(CONTENT_TYPE, kind.to_string()), (CONTENT_DISPOSITION, disposition)], bytes).into_response())
}
