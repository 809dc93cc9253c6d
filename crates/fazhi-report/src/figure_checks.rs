//! Figure checks: the relations module scripts declare (sums, rates) and figures with no
//! supporting rows, each warning naming the figures and, where it can, the rows behind them.

use fazhi_core::tr;
use std::collections::{BTreeMap, BTreeSet};

use fazhi_rules::{Aggregate, Figure, FigureCheck, FigureQuery, LedgerSource, ModuleReport};
use fazhi_store::LedgerRow;

use crate::store_ledger::{conditions, StoreLedger};
use crate::ReportWarning;

/// How many rows a warning names at most.
const ROWS_NAMED: usize = 5;

/// Every warning about the checks of `modules` for `year`.
pub(crate) fn check(year: i32, modules: &[ModuleReport], ledger: &StoreLedger) -> Vec<ReportWarning> {
    let mut warnings = Vec::new();
    for module in modules {
        for check in &module.checks {
            let warning = match check {
                FigureCheck::Sum { whole, parts } => check_sum(year, module, whole, parts, ledger),
                FigureCheck::Rate { rate, part, whole } => check_rate(module, rate, part, whole),
                FigureCheck::AtMost { part, whole } => check_at_most(module, part, whole),
            };
            warnings.extend(warning);
        }
    }
    warnings
}

fn figure<'a>(module: &'a ModuleReport, name: &str) -> &'a Figure {
    &module.figures[name]
}

fn check_sum(
    year: i32,
    module: &ModuleReport,
    whole: &str,
    parts: &[String],
    ledger: &StoreLedger,
) -> Option<ReportWarning> {
    let total: f64 = parts.iter().map(|part| figure(module, part).value).sum();
    let whole_figure = figure(module, whole);
    if (whole_figure.value - total).abs() < 1e-6 {
        return None;
    }
    let terms: Vec<String> = parts.iter().map(|part| format!("{part} {}", figure(module, part))).collect();
    let (terms, total) = (terms.join(" + "), Figure::number(total));
    let mut message = tr!(
        "{m}: {whole} {whole_figure} ≠ {terms} = {total}",
        "{m}：{whole} {whole_figure} ≠ {terms} = {total}",
        m = module.module
    );
    let mut rows = Vec::new();
    // Where the whole and its parts are counts of one kind, name the rows that make the
    // difference, on each side: counted in the whole but in no part, in a part but not in the
    // whole, or in two parts.
    let counts: Option<Vec<&FigureQuery>> = std::iter::once(whole)
        .chain(parts.iter().map(String::as_str))
        .map(|name| figure(module, name).query.as_ref().filter(|query| query.aggregate == Aggregate::Count))
        .collect();
    if let Some(queries) = counts.filter(|queries| queries.iter().all(|query| query.kind == queries[0].kind)) {
        let (whole_query, part_queries) = queries.split_first().expect("the whole comes first");
        let part_conditions: Vec<Vec<fazhi_store::LedgerCondition>> =
            part_queries.iter().map(|query| conditions(&query.conditions)).collect();
        let excluding: Vec<&[fazhi_store::LedgerCondition]> = part_conditions.iter().map(Vec::as_slice).collect();
        if let Ok(found) = ledger.rows(year, whole_query, &excluding, Some(ROWS_NAMED)) {
            if !found.is_empty() {
                let named = describe(&found);
                message.push_str(&tr!(
                    "; counted in {whole} but in no part: {named}",
                    "；计入 {whole} 却不在任何一部分中：{named}"
                ));
                rows.extend(found.iter().map(row_ref));
            }
        }
        let whole_conditions = conditions(&whole_query.conditions);
        for (part, query) in parts.iter().zip(part_queries) {
            if let Ok(found) = ledger.rows(year, query, &[whole_conditions.as_slice()], Some(ROWS_NAMED)) {
                if !found.is_empty() {
                    let named = describe(&found);
                    message.push_str(&tr!(
                        "; counted in {part} but not in {whole}: {named}",
                        "；计入 {part} 却不在 {whole} 中：{named}"
                    ));
                    rows.extend(found.iter().map(row_ref));
                }
            }
        }
        for (i, first) in part_queries.iter().enumerate() {
            for (j, second) in part_queries.iter().enumerate().skip(i + 1) {
                let mut both = (*first).clone();
                both.conditions.extend(second.conditions.iter().cloned());
                if let Ok(found) = ledger.rows(year, &both, &[], Some(ROWS_NAMED)) {
                    if !found.is_empty() {
                        let (first, second, named) = (&parts[i], &parts[j], describe(&found));
                        message.push_str(&tr!(
                            "; counted in both {first} and {second}: {named}",
                            "；同时计入 {first} 和 {second}：{named}"
                        ));
                        rows.extend(found.iter().map(row_ref));
                    }
                }
            }
        }
    }
    let figures = std::iter::once(whole).chain(parts.iter().map(String::as_str));
    let figures = figures.map(|name| format!("{}.{name}", module.module)).collect();
    Some(ReportWarning { kind: "sum", message, rows, figures })
}

fn check_rate(module: &ModuleReport, rate: &str, part: &str, whole: &str) -> Option<ReportWarning> {
    let (rate_figure, part_figure, whole_figure) = (figure(module, rate), figure(module, part), figure(module, whole));
    // A share declared in module.ron is 0% of a whole of 0 (a year with no rows): nothing to check.
    if whole_figure.value == 0.0 && rate_figure.rate_of == Some((part_figure.value, 0.0)) {
        return None;
    }
    let message = match Figure::rate(part_figure.value, whole_figure.value) {
        None => {
            tr!("{m}: {rate} cannot be computed: {whole} is 0", "{m}：{rate} 无法计算：{whole} 为 0", m = module.module)
        }
        Some(recomputed) if recomputed.to_string() != rate_figure.to_string() => tr!(
            "{m}: {rate} is {rate_figure}, but {part} {part_figure} / {whole} {whole_figure} = {recomputed}",
            "{m}：{rate} 为 {rate_figure}，但 {part} {part_figure} / {whole} {whole_figure} = {recomputed}",
            m = module.module
        ),
        Some(_) => return None,
    };
    let figures = [rate, part, whole].iter().map(|name| format!("{}.{name}", module.module)).collect();
    Some(ReportWarning { kind: "rate", message, rows: Vec::new(), figures })
}

fn check_at_most(module: &ModuleReport, part: &str, whole: &str) -> Option<ReportWarning> {
    let (part_figure, whole_figure) = (figure(module, part), figure(module, whole));
    (part_figure.value > whole_figure.value + 1e-9).then(|| ReportWarning {
        kind: "at_most",
        message: tr!(
            "{m}: {part} {part_figure} > {whole} {whole_figure}, but may not exceed it",
            "{m}：{part} {part_figure} > {whole} {whole_figure}，但不得超过它",
            m = module.module
        ),
        rows: Vec::new(),
        figures: [part, whole].iter().map(|name| format!("{}.{name}", module.module)).collect(),
    })
}

/// One warning per ledger kind that figures the report `uses` (`module.figure`) are computed
/// from but that has no row in the year.
pub(crate) fn no_rows(
    year: i32,
    modules: &[ModuleReport],
    uses: &BTreeSet<String>,
    ledger: &StoreLedger,
) -> Vec<ReportWarning> {
    let mut by_kind: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for module in modules {
        for (name, figure) in &module.figures {
            let full = format!("{}.{name}", module.module);
            if let Some(query) = figure.query.as_ref().filter(|query| uses.contains(&full) && !query.every_year) {
                by_kind.entry(query.kind.as_str()).or_default().insert(full);
            }
        }
    }
    by_kind
        .into_iter()
        .filter(|(kind, _)| !ledger.has_rows(year, kind).unwrap_or(true))
        .map(|(kind, figures)| ReportWarning {
            kind: "no_rows",
            message: {
                let named = figures.iter().cloned().collect::<Vec<_>>().join(", ");
                tr!(
                    "no rows of ledger kind {kind} in {year}: {named} have no supporting rows",
                    "台账 {kind} 在 {year} 年没有记录：{named} 没有数据支撑"
                )
            },
            rows: Vec::new(),
            figures: figures.into_iter().collect(),
        })
        .collect()
}

fn row_ref(row: &LedgerRow) -> String {
    format!("{}:{}", row.source, row.source_row)
}

fn describe(rows: &[LedgerRow]) -> String {
    let named: Vec<String> = rows.iter().map(row_ref).collect();
    let more = if rows.len() == ROWS_NAMED { ", …" } else { "" };
    format!("{}{more}", named.join(", "))
}
