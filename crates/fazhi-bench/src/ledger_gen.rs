//! Ledger rows of every stock ledger kind, generated from the kinds' declarations
//! (`rules/*/module.ron`), so that every value is allowed and every date lies in the year.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDate};
use fazhi_core::{FieldType, LedgerField, LedgerKind};
use fazhi_rules::RulePack;

use crate::{BenchError, Random};

/// Every ledger kind of the stock modules, in module order.
pub fn stock_kinds() -> Result<Vec<LedgerKind>, BenchError> {
    let pack = RulePack::load(None)?;
    Ok(pack.modules().iter().flat_map(|module| module.ledger_kinds.iter().cloned()).collect())
}

/// One cell of `field` for row `row` of `year`: an allowed value, a date in the year, the year
/// itself for a `year` field; an optional field is sometimes empty.
pub fn cell(field: &LedgerField, row: usize, year: i32, random: &mut Random) -> String {
    if field.id == "year" {
        return year.to_string();
    }
    if !field.required && random.chance(10) {
        return String::new();
    }
    match field.field_type {
        FieldType::Integer => random.below(100).to_string(),
        FieldType::Number => format!("{}.5", random.below(1000)),
        FieldType::Date => {
            let first = NaiveDate::from_ymd_opt(year, 1, 1).expect("1 January");
            let days = if NaiveDate::from_ymd_opt(year, 2, 29).is_some() { 366 } else { 365 };
            (first + Days::new(random.below(days))).to_string()
        }
        FieldType::Bool => if random.chance(50) { "是" } else { "否" }.to_string(),
        FieldType::Tags if !field.values.is_empty() => {
            let first = random.pick(&field.values).clone();
            let second = random.pick(&field.values);
            if first == *second {
                first
            } else {
                format!("{first}、{second}")
            }
        }
        FieldType::Text | FieldType::Tags if !field.values.is_empty() => random.pick(&field.values).clone(),
        FieldType::Text | FieldType::Tags => format!("{}{row}", field.label.split('（').next().unwrap_or(&field.label)),
    }
}

/// Writes `rows` rows spread evenly over `kinds` as `folder/KIND.csv` (UTF-8, a header of the
/// fields' labels). Returns each kind's id, file and row count.
pub fn write_csvs(
    kinds: &[LedgerKind],
    rows: usize,
    year: i32,
    folder: &Path,
    random: &Random,
) -> Result<Vec<(String, PathBuf, usize)>, BenchError> {
    std::fs::create_dir_all(folder).map_err(BenchError::io(folder))?;
    let mut written = Vec::new();
    for (k, kind) in kinds.iter().enumerate() {
        let count = rows / kinds.len() + usize::from(k < rows % kinds.len());
        let mut random = random.fork(k as u64 + 1);
        let path = folder.join(format!("{}.csv", kind.id));
        let file = std::fs::File::create(&path).map_err(BenchError::io(&path))?;
        let mut writer = csv::Writer::from_writer(std::io::BufWriter::with_capacity(1 << 20, file));
        let csv_error = |err: csv::Error| BenchError::Io { path: path.clone(), source: std::io::Error::other(err) };
        writer.write_record(kind.fields.iter().map(|field| field.label.as_str())).map_err(csv_error)?;
        let mut record = Vec::with_capacity(kind.fields.len());
        for row in 0..count {
            record.clear();
            record.extend(kind.fields.iter().map(|field| cell(field, row + 1, year, &mut random)));
            writer.write_record(&record).map_err(csv_error)?;
        }
        let mut inner =
            writer.into_inner().map_err(|err| BenchError::Io { path: path.clone(), source: err.into_error() })?;
        inner.flush().map_err(BenchError::io(&path))?;
        written.push((kind.id.clone(), path, count));
    }
    Ok(written)
}
