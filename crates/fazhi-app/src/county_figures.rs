//! Every report figure of every town side by side, with the county's totals
//! (`fazhi county report`).

use std::collections::BTreeMap;
use std::path::Path;

use fazhi_core::escape_html;
use fazhi_rules::{Aggregate, Figure, FigureUnit};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
use serde::Serialize;

use crate::{Access, AppError, County};

/// The year-end report figures of a county's towns ([`County::figures`]): one row per figure of
/// any town, one column per town, and the county's total where the figures add up.
#[derive(Debug, Clone, Serialize)]
pub struct CountyFigures {
    /// The county's name.
    pub county: String,
    /// The report year.
    pub year: i32,
    /// The towns, in `county.ron`'s order: the columns.
    pub towns: Vec<String>,
    /// The towns whose report could not be made, with why (their column is empty).
    pub problems: Vec<(String, String)>,
    /// The figures, module by module as in the report, each module's in the order of its
    /// `figure_labels` (those without a label after, by name).
    pub rows: Vec<FigureRow>,
}

/// One figure across a county's towns.
#[derive(Debug, Clone, Serialize)]
pub struct FigureRow {
    /// The module's id.
    pub module: String,
    /// The module's title, e.g. 行政执法.
    pub module_title: String,
    /// The figure's name in its module.
    pub figure: String,
    /// What the module calls it in tables (its `figure_labels`), else its name.
    pub label: String,
    /// What the numbers are.
    pub unit: FigureUnit,
    /// Each town's value (none: the town has no such figure).
    pub values: Vec<Option<f64>>,
    /// The county's figure: the sum of a ledger count or sum; a rate computed again from the
    /// sums of its parts and wholes; none for what does not add up (distinct values, numbers a
    /// script gave).
    pub total: Option<f64>,
}

/// A figure of any town: its module's title, its label and its place in the module's list, its
/// unit, and each town's value and share.
struct Found {
    module_title: String,
    label: String,
    position: usize,
    unit: FigureUnit,
    cells: Vec<Option<(f64, Share)>>,
}

/// What a town's figure adds to the county's.
#[derive(Clone, Copy)]
enum Share {
    Sum(f64),
    Rate { part: f64, whole: f64 },
    None,
}

impl Share {
    fn of(figure: &Figure) -> Share {
        match (&figure.unit, &figure.rate_of, &figure.query) {
            (FigureUnit::Rate, Some((part, whole)), _) => Share::Rate { part: *part, whole: *whole },
            (FigureUnit::Rate, None, _) => Share::None,
            (_, _, Some(query)) if !matches!(query.aggregate, Aggregate::Distinct(_)) => Share::Sum(figure.value),
            _ => Share::None,
        }
    }
}

impl County {
    /// Makes every town's report of `year` (as `fazhi report` does, each from its own ledger and
    /// checklist) and puts their figures side by side. A town whose report cannot be made is
    /// named in [`CountyFigures::problems`].
    pub fn figures(&self, year: i32) -> CountyFigures {
        let towns = &self.config().towns;
        let mut problems = Vec::new();
        // (module, figure) → its title, unit, and each town's figure and share.
        let mut found: BTreeMap<(String, String), Found> = BTreeMap::new();
        // The modules in the report's order, as the first town read has them.
        let mut module_order: Vec<String> = Vec::new();
        for (column, town) in towns.iter().enumerate() {
            let report = self.open_town(town, Access::Read).and_then(|session| {
                let report = session.report(year)?;
                let modules = session.pack().modules();
                let labels: BTreeMap<String, (String, fazhi_rules::FigureLabels)> = report
                    .modules
                    .iter()
                    .map(|module| {
                        let title = crate::module_title(session.pack(), &module.module);
                        let labels = modules.iter().find(|m| m.id == module.module).map(|m| m.figure_labels.clone());
                        (module.module.clone(), (title, labels.unwrap_or_default()))
                    })
                    .collect();
                if module_order.is_empty() {
                    module_order = modules.iter().map(|module| module.id.clone()).collect();
                }
                Ok((report, labels))
            });
            let (report, labels) = match report {
                Ok(made) => made,
                Err(err) => {
                    problems.push((town.name.clone(), err.describe()));
                    continue;
                }
            };
            for module in &report.modules {
                let (title, labels) = labels.get(&module.module).cloned().unwrap_or_default();
                for (name, figure) in &module.figures {
                    let entry = found.entry((module.module.clone(), name.clone())).or_insert_with(|| Found {
                        module_title: if title.is_empty() { module.module.clone() } else { title.clone() },
                        label: labels.label(name).unwrap_or(name).to_string(),
                        position: labels.position(name),
                        unit: figure.unit,
                        cells: vec![None; towns.len()],
                    });
                    entry.cells[column] = Some((figure.value, Share::of(figure)));
                }
            }
        }
        let mut rows: Vec<(usize, usize, FigureRow)> = found
            .into_iter()
            .map(|((module, figure), found)| {
                let values = found.cells.iter().map(|cell| cell.map(|(value, _)| value)).collect();
                let place = module_order.iter().position(|id| *id == module).unwrap_or(module_order.len());
                let total = total(&found.cells);
                let row = FigureRow {
                    module,
                    module_title: found.module_title,
                    figure,
                    label: found.label,
                    unit: found.unit,
                    values,
                    total,
                };
                (place, found.position, row)
            })
            .collect();
        // Stable: figures of one place keep their order by name.
        rows.sort_by_key(|(module, figure, _)| (*module, *figure));
        let rows = rows.into_iter().map(|(_, _, row)| row).collect();
        CountyFigures {
            county: self.config().county.clone(),
            year,
            towns: towns.iter().map(|town| town.name.clone()).collect(),
            problems,
            rows,
        }
    }
}

/// The county's figure from its towns' (see [`FigureRow::total`]): none when any town's share
/// does not add up.
fn total(cells: &[Option<(f64, Share)>]) -> Option<f64> {
    let shares: Vec<Share> = cells.iter().flatten().map(|(_, share)| *share).collect();
    match shares.first()? {
        Share::Sum(_) => {
            shares.iter().map(|share| if let Share::Sum(value) = share { Some(*value) } else { None }).sum()
        }
        Share::Rate { .. } => {
            let mut sums = (0.0, 0.0);
            for share in &shares {
                let Share::Rate { part, whole } = share else { return None };
                sums = (sums.0 + part, sums.1 + whole);
            }
            (sums.1 != 0.0).then(|| sums.0 * 100.0 / sums.1)
        }
        Share::None => None,
    }
}

impl FigureRow {
    /// `value` as the table shows it: a whole number as is, a rate with one decimal and `%`.
    pub fn show(&self, value: f64) -> String {
        match self.unit {
            FigureUnit::Rate => format!("{value:.1}%"),
            _ if value.fract() == 0.0 => format!("{value}"),
            _ => format!("{value:.2}"),
        }
    }
}

impl CountyFigures {
    /// The table as a standalone HTML page (UTF-8, printable), for the county's office.
    pub fn to_html(&self) -> String {
        let mut html = String::new();
        let title = format!("{}{}年度法治政府建设数据汇总", self.county, self.year);
        html.push_str(&format!(
            "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n\
             body {{ font-family: \"FangSong\", \"仿宋\", serif; margin: 2em; }}\n\
             table {{ border-collapse: collapse; }}\n\
             th, td {{ border: 1px solid #444; padding: 0.3em 0.6em; }}\n\
             td.n {{ text-align: right; font-variant-numeric: tabular-nums; }}\n\
             th {{ background: #eee; }}\n</style>\n</head>\n<body>\n<h1>{}</h1>\n",
            escape_html(&title),
            escape_html(&title)
        ));
        html.push_str("<table>\n<thead><tr><th>模块</th><th>指标</th>");
        for town in &self.towns {
            html.push_str(&format!("<th>{}</th>", escape_html(town)));
        }
        html.push_str("<th>全县合计</th></tr></thead>\n<tbody>\n");
        for row in &self.rows {
            html.push_str(&format!(
                "<tr><td>{}</td><td>{}</td>",
                escape_html(&row.module_title),
                escape_html(&row.label)
            ));
            for value in &row.values {
                html.push_str(&format!("<td class=\"n\">{}</td>", value.map(|v| row.show(v)).unwrap_or_default()));
            }
            let total = row.total.map(|v| row.show(v)).unwrap_or_else(|| "—".to_string());
            html.push_str(&format!("<td class=\"n\">{total}</td></tr>\n"));
        }
        html.push_str("</tbody>\n</table>\n");
        html.push_str(
            "<p>全县合计：台账计数和求和为各乡镇之和；比率按各乡镇分子、分母之和重新计算；去重计数和脚本给出的数字不合计（—）。</p>\n",
        );
        for (town, problem) in &self.problems {
            html.push_str(&format!("<p>{}：未能生成报告（{}）</p>\n", escape_html(town), escape_html(problem)));
        }
        html.push_str("</body>\n</html>\n");
        html
    }

    /// Writes the table as an Excel workbook at `path` (one sheet, 各乡镇数据), whole or not
    /// at all ([`crate::write_whole`]).
    pub fn write_xlsx(&self, path: &Path) -> Result<(), AppError> {
        crate::write_whole(path, &self.xlsx()?)
    }

    /// The table as the bytes of an Excel workbook (one sheet, 各乡镇数据).
    pub fn xlsx(&self) -> Result<Vec<u8>, AppError> {
        let failed = |err: rust_xlsxwriter::XlsxError| AppError::Internal {
            message: format!("cannot make the county's workbook: {err}"),
            source: None,
        };
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.set_name("各乡镇数据").map_err(failed)?;
        let header = Format::new().set_bold().set_border(FormatBorder::Thin).set_align(FormatAlign::Center);
        let cell = Format::new().set_border(FormatBorder::Thin);
        let whole = Format::new().set_border(FormatBorder::Thin).set_num_format("0");
        let number = Format::new().set_border(FormatBorder::Thin).set_num_format("0.00");
        let rate = Format::new().set_border(FormatBorder::Thin).set_num_format("0.0\"%\"");
        let mut headers = vec!["模块".to_string(), "指标".to_string()];
        headers.extend(self.towns.iter().cloned());
        headers.push("全县合计".to_string());
        for (column, text) in headers.iter().enumerate() {
            sheet.write_string_with_format(0, column as u16, text, &header).map_err(failed)?;
        }
        for (index, row) in self.rows.iter().enumerate() {
            let line = index as u32 + 1;
            sheet.write_string_with_format(line, 0, &row.module_title, &cell).map_err(failed)?;
            sheet.write_string_with_format(line, 1, &row.label, &cell).map_err(failed)?;
            let format = match row.unit {
                FigureUnit::Rate => &rate,
                FigureUnit::Integer => &whole,
                FigureUnit::Number => &number,
            };
            let values = row.values.iter().copied().chain(std::iter::once(row.total));
            for (offset, value) in values.enumerate() {
                let column = offset as u16 + 2;
                match value {
                    Some(value) => sheet.write_number_with_format(line, column, value, format),
                    None => sheet.write_blank(line, column, &cell),
                }
                .map_err(failed)?;
            }
        }
        sheet.set_column_width(0, 16).map_err(failed)?;
        sheet.set_column_width(1, 28).map_err(failed)?;
        sheet.set_freeze_panes(1, 2).map_err(failed)?;
        workbook.save_to_buffer().map_err(failed)
    }
}
