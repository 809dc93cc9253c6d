use std::path::Path;

use fazhi_core::{Deadline, DeadlinePhrase, Item, Status};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
use serde::Serialize;

use crate::checklist_table::{self as columns, COLUMNS};
use crate::{AppError, Session};

/// What `fazhi checklist export` wrote.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistExport {
    /// The duties written, one row each.
    pub duties: usize,
    /// The tasks (occurrences) they stand for.
    pub tasks: usize,
    /// Of them done.
    pub done: usize,
    /// Of them open past their deadline.
    pub overdue: usize,
}

/// Column widths, in characters, parallel to the table's columns.
const WIDTHS: [f64; 16] = [5.0, 14.0, 26.0, 26.0, 18.0, 12.0, 12.0, 8.0, 14.0, 10.0, 10.0, 10.0, 14.0, 11.0, 8.0, 10.0];

impl Session {
    /// Writes the checklist to the workbook `path` (`.xlsx`) as a 任务清单 to print or hand up:
    /// a title row, then one row per duty with its unit and owner by name, its deadline as towns
    /// write it, its status (for a recurring duty: how many of its tasks are done), completion
    /// date and how many evidence files were handed in; borders, column widths, A4 landscape,
    /// the header repeated on every page. `fazhi checklist import` reads the file back as the
    /// same checklist.
    ///
    /// # Errors
    ///
    /// [`AppError::BadInput`] if the file cannot be written.
    pub fn export_checklist(&self, path: &Path) -> Result<ChecklistExport, AppError> {
        let workspace = self.workspace();
        let today = self.today();
        let items = self.duty_items()?;
        let mut summary = ChecklistExport { duties: workspace.duties.len(), tasks: items.len(), done: 0, overdue: 0 };
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        let failed =
            |err: rust_xlsxwriter::XlsxError| AppError::bad_input(format!("cannot write {}: {err}", path.display()));
        sheet.set_name("任务清单").map_err(failed)?;
        let title = Format::new()
            .set_bold()
            .set_font_size(18)
            .set_font_name("方正小标宋简体")
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter);
        let header = Format::new()
            .set_bold()
            .set_font_name("黑体")
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        let cell = Format::new()
            .set_font_name("仿宋")
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        let last = (COLUMNS.len() - 1) as u16;
        let heading = format!("{}{}年任务清单", workspace.config.organisation, workspace.config.year);
        sheet.merge_range(0, 0, 0, last, &heading, &title).map_err(failed)?;
        sheet.set_row_height(0, 36).map_err(failed)?;
        for (j, (_, label, _)) in COLUMNS.iter().enumerate() {
            sheet.write_string_with_format(1, j as u16, *label, &header).map_err(failed)?;
            sheet.set_column_width(j as u16, WIDTHS[j]).map_err(failed)?;
        }
        let unit_name = |id: &str| workspace.org.unit(id).map_or(id.to_string(), |unit| unit.name.clone());
        let named = |id: &str| {
            workspace
                .duty(id)
                .map(|duty| duty.title.clone())
                .or_else(|| workspace.events.iter().find(|event| event.id == id).map(|event| event.name.clone()))
                .unwrap_or_else(|| id.to_string())
        };
        for (k, duty) in workspace.duties.iter().enumerate() {
            let tasks: Vec<&Item> = items.iter().filter(|item| item.duty == duty.id).collect();
            let done = tasks.iter().filter(|item| item.status == Status::Done).count();
            let overdue = tasks.iter().filter(|item| item.is_overdue(today)).count();
            summary.done += done;
            summary.overdue += overdue;
            let status = match (&duty.deadline, tasks.as_slice()) {
                (Deadline::Every(_), _) => {
                    let mut text = format!("已完成{done}/{}", tasks.len());
                    if overdue > 0 {
                        text.push_str(&format!("，逾期{overdue}"));
                    }
                    text
                }
                (_, [item]) if item.is_overdue(today) => "已逾期".to_string(),
                (_, [item]) => Status::label(item.status).to_string(),
                _ => String::new(),
            };
            let completed = tasks.iter().filter_map(|item| item.completed_at).max().map(|at| at.date().to_string());
            let mut evidence = 0;
            for item in &tasks {
                evidence +=
                    self.store().changes(&item.id)?.iter().filter(|record| record.change.evidence.is_some()).count();
            }
            let owner = workspace.org.person(&duty.owner).map_or(duty.owner.clone(), |person| person.name.clone());
            let cooperating: Vec<String> = duty.cooperating.iter().map(|unit| unit_name(unit)).collect();
            let values: [(&str, String); 16] = [
                (columns::NUMBER, (k + 1).to_string()),
                (columns::ID, duty.id.clone()),
                (columns::TITLE, duty.title.clone()),
                (columns::DETAIL, duty.detail.clone().unwrap_or_default()),
                (columns::BASIS, duty.basis.clone().unwrap_or_default()),
                (columns::UNIT, unit_name(&duty.unit)),
                (columns::COOPERATING, cooperating.join("、")),
                (columns::OWNER, owner),
                (columns::DEADLINE, DeadlinePhrase::write(&duty.deadline, &named)),
                (columns::MODULE, duty.module.clone()),
                (columns::FROM, duty.from.map(|date| date.to_string()).unwrap_or_default()),
                (columns::UNTIL, duty.until.map(|date| date.to_string()).unwrap_or_default()),
                (columns::STATUS, status),
                (columns::COMPLETED, completed.unwrap_or_default()),
                (columns::EVIDENCE, evidence.to_string()),
                (columns::NOTE, String::new()),
            ];
            let row = k as u32 + 2;
            for (j, (_, value)) in values.iter().enumerate() {
                sheet.write_string_with_format(row, j as u16, value, &cell).map_err(failed)?;
            }
        }
        sheet.set_landscape();
        sheet.set_paper_size(9);
        sheet.set_repeat_rows(1, 1).map_err(failed)?;
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
        sheet.set_freeze_panes(2, 0).map_err(failed)?;
        workbook.save(path).map_err(failed)?;
        Ok(summary)
    }
}
