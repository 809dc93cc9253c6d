use std::collections::{BTreeSet, HashMap};

use fazhi_core::{FieldType, LedgerField, LedgerKind, LedgerRecord, LedgerValue};

use crate::column::Column;
use crate::fast_hasher::BuildFastHasher;
use crate::problems::Problems;
use crate::row_cells::RowCells;
use crate::ReadOptions;

/// The columns of a ledger file matched to the fields of its kind, once, from the header
/// row; then each row is checked against them. A clone checks another part of the rows (on
/// another thread); [`Columns::report_strays`] then puts their findings together.
#[derive(Clone)]
pub(crate) struct Columns<'k> {
    kind: &'k LedgerKind,
    columns: Vec<Column>,
    /// The 1-based column number of each column, for diagnostics.
    numbers: Vec<usize>,
    /// How each column is named in messages: `3` (CSV) or `C` (spreadsheets).
    names: Vec<String>,
    /// Whether columns are named by letter (spreadsheets), also those past the header.
    letters: bool,
    /// The columns that hold a field, in order.
    fields: Vec<usize>,
    /// Whether the header had no problem, so that rows can be dated.
    complete: bool,
    /// For each column of a field whose cells repeat (dates, numbers, closed lists): what
    /// [`LedgerField::parse`] made of each cell text seen, so that a text is parsed once.
    caches: Vec<Option<Cache>>,
    /// Values found in columns without a header: `(column index, line, text)`, the first of
    /// each column.
    strays: Vec<(usize, usize, String)>,
    /// The columns past the header's last where a value was found (a sheet's row can have
    /// cells there), so that each gives one stray.
    strays_past: BTreeSet<usize>,
}

/// Cell text → what [`LedgerField::parse`] made of it.
type Cache = HashMap<Box<str>, Result<Option<LedgerValue>, String>, BuildFastHasher>;

/// At most this many cell texts are remembered per column.
const CACHE_LIMIT: usize = 4096;

impl<'k> Columns<'k> {
    /// Whether a row with `cells` looks like the header row: one of its cells names a field
    /// or is mapped by `options`.
    pub(crate) fn looks_like_header<'c>(
        kind: &LedgerKind,
        options: &ReadOptions,
        cells: impl IntoIterator<Item = &'c str>,
    ) -> bool {
        cells.into_iter().any(|cell| {
            !cell.trim().is_empty()
                && (options.mapped(cell).is_some() || kind.fields.iter().any(|field| field.answers_to(cell)))
        })
    }

    /// Matches `headers` (the header row, read at `line`) to the fields of `kind`, adding to
    /// `problems` unknown headers, fields with two columns and required fields with none.
    /// The first header is in the 1-based column `first_column + 1`; columns are named by
    /// letter when `letters` is set.
    pub(crate) fn new(
        kind: &'k LedgerKind,
        options: &ReadOptions,
        headers: &[String],
        line: usize,
        first_column: usize,
        letters: bool,
        problems: &mut Problems,
    ) -> Columns<'k> {
        let numbers: Vec<usize> = (0..headers.len()).map(|j| first_column + j + 1).collect();
        let names: Vec<String> =
            numbers.iter().map(|&n| if letters { column_letters(n) } else { n.to_string() }).collect();
        let before = problems.len();
        let labels = kind.fields.iter().map(|field| field.label.as_str()).collect::<Vec<_>>().join(", ");
        let mut owners: Vec<Option<usize>> = vec![None; kind.fields.len()];
        let mut columns = Vec::with_capacity(headers.len());
        for (j, header) in headers.iter().enumerate() {
            let header = header.trim();
            let (number, name) = (numbers[j], &names[j]);
            let found = match options.mapped(header) {
                Some("-") => {
                    columns.push(Column::Ignored);
                    continue;
                }
                Some(target) => match kind.fields.iter().position(|field| field.answers_to(target)) {
                    Some(index) => index,
                    None => {
                        problems.add(
                            line,
                            number,
                            format!(
                                "column {name}: --map '{header}={target}' names no field of {} (its fields: {labels})",
                                kind.name
                            ),
                        );
                        columns.push(Column::Ignored);
                        continue;
                    }
                },
                None if header.is_empty() => {
                    columns.push(Column::Unnamed { reported: false });
                    continue;
                }
                None => match kind.fields.iter().position(|field| field.answers_to(header)) {
                    Some(index) => index,
                    None => {
                        problems.add(
                            line,
                            number,
                            format!(
                                "column {name}: unknown header \"{header}\" for {} (its fields: {labels}); \
                                 use --map '{header}=FIELD' to read it as one of them, or --map '{header}=-' to ignore it",
                                kind.name
                            ),
                        );
                        columns.push(Column::Ignored);
                        continue;
                    }
                },
            };
            match owners[found] {
                Some(first) => {
                    problems.add(
                        line,
                        number,
                        format!(
                            "column {name} (\"{header}\") and column {} (\"{}\") both hold {}; \
                             use --map '{header}=-' to ignore one of them",
                            names[first],
                            headers[first].trim(),
                            kind.fields[found].label
                        ),
                    );
                    columns.push(Column::Ignored);
                }
                None => {
                    owners[found] = Some(j);
                    columns.push(Column::Field(found));
                }
            }
        }
        for (from, to) in &options.mapping {
            if !headers.iter().any(|header| header.trim() == from.trim()) {
                let known: Vec<&str> =
                    headers.iter().map(|header| header.trim()).filter(|header| !header.is_empty()).collect();
                problems.add(
                    line,
                    1,
                    format!(
                        "--map '{}={}': the header row has no column \"{}\" (its headers: {})",
                        from.trim(),
                        to.trim(),
                        from.trim(),
                        known.join(", ")
                    ),
                );
            }
        }
        for (field, owner) in kind.fields.iter().zip(&owners) {
            if field.required && owner.is_none() {
                problems.add(
                    line,
                    1,
                    format!(
                        "no column for {}, which {} requires: add a column headed \"{}\", \
                         or name the column that holds it with --map 'HEADER={}'",
                        field.label, kind.name, field.label, field.id
                    ),
                );
            }
        }
        let complete = problems.len() == before;
        let caches = columns
            .iter()
            .map(|column| match column {
                Column::Field(index) => {
                    let field = &kind.fields[*index];
                    let repeats = match field.field_type {
                        FieldType::Date | FieldType::Integer | FieldType::Number | FieldType::Bool => true,
                        FieldType::Text | FieldType::Tags => !field.values.is_empty(),
                    };
                    repeats.then(Cache::default)
                }
                _ => None,
            })
            .collect();
        let fields = (0..columns.len()).filter(|&j| matches!(columns[j], Column::Field(_))).collect();
        Columns {
            kind,
            columns,
            numbers,
            names,
            letters,
            fields,
            complete,
            caches,
            strays: Vec::new(),
            strays_past: BTreeSet::new(),
        }
    }

    /// The 1-based column number holding each field of the kind, in the kind's field order
    /// (`None` for a field without a column).
    pub(crate) fn field_columns(&self) -> Vec<Option<usize>> {
        let mut found = vec![None; self.kind.fields.len()];
        for (j, column) in self.columns.iter().enumerate() {
            if let Column::Field(index) = column {
                found[*index] = Some(self.numbers[j]);
            }
        }
        found
    }

    /// How many columns the header has.
    pub(crate) fn width(&self) -> usize {
        self.columns.len()
    }

    /// The 1-based column number of the 0-based column `j` (`j` may be past the last one).
    pub(crate) fn number(&self, j: usize) -> usize {
        match self.numbers.first() {
            Some(first) => first + j,
            None => j + 1,
        }
    }

    /// The name of the 0-based column `j` in messages (`j` may be past the last one).
    fn name(&self, j: usize) -> String {
        match self.names.get(j) {
            Some(name) => name.clone(),
            None if self.letters => column_letters(self.number(j)),
            None => self.number(j).to_string(),
        }
    }

    /// Checks the row read at `line`, whose cells are `row`: every problem is added to
    /// `problems`, and the record is returned if there is none. The caller skips blank rows.
    ///
    /// The work is by the fields and by the cells the row has, not by the header's width: a
    /// sheet's row with two cells under a header of 16,384 columns is two cells to look at.
    pub(crate) fn record<'c>(
        &mut self,
        line: usize,
        row: &impl RowCells<'c>,
        problems: &mut Problems,
    ) -> Option<LedgerRecord> {
        let mut values = vec![None; self.kind.fields.len()];
        let mut good = true;
        for &j in &self.fields {
            let Column::Field(index) = self.columns[j] else { continue };
            let field = &self.kind.fields[index];
            let problem = match row.cell(j) {
                Ok(text) => match parse(field, &text, &mut self.caches[j]) {
                    Ok(value) => {
                        values[index] = value;
                        continue;
                    }
                    Err(problem) => without_label(field, problem),
                },
                Err(problem) => problem,
            };
            good = false;
            let (name, label, chinese) = (&self.names[j], &field.label, chinese_column(&self.names[j]));
            problems.add(
                line,
                self.numbers[j],
                fazhi_core::tr!("column {name} ({label}): {problem}", "{chinese}（{label}）：{problem}"),
            );
        }
        for j in row.columns() {
            let past = j >= self.columns.len();
            match self.columns.get_mut(j) {
                Some(Column::Unnamed { reported: false }) | None => {}
                Some(_) => continue,
            }
            if past && self.strays_past.contains(&j) {
                continue;
            }
            let Ok(text) = row.cell(j) else { continue };
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            match self.columns.get_mut(j) {
                Some(Column::Unnamed { reported }) => *reported = true,
                _ => {
                    self.strays_past.insert(j);
                }
            }
            good = false;
            self.strays.push((j, line, text.to_string()));
        }
        if !good || !self.complete {
            return None;
        }
        match self.kind.year_of(&values) {
            Some(year) => Some(LedgerRecord { values, year, row: line }),
            // A table that is not a ledger (a checklist, a staff list): its rows have no year.
            None if self.kind.date.is_none() && self.kind.field("year").is_none() => {
                Some(LedgerRecord { values, year: 0, row: line })
            }
            None => {
                let dating = self.kind.date.as_deref().unwrap_or("year");
                let column = self.columns.iter().position(|column| match column {
                    Column::Field(index) => self.kind.fields[*index].id == dating,
                    _ => false,
                });
                let label = self.kind.field(dating).map_or(dating, |field| field.label.as_str());
                problems.add(
                    line,
                    column.map_or(1, |j| self.numbers[j]),
                    fazhi_core::tr!(
                        "the row has no {label}, so its year is unknown",
                        "该行没有{label}，不知道它属于哪一年"
                    ),
                );
                None
            }
        }
    }
}

impl Columns<'_> {
    /// Whether a column without a header was found holding a value (a problem
    /// [`Columns::report_strays`] reports).
    pub(crate) fn has_strays(&self) -> bool {
        !self.strays.is_empty()
    }

    /// Adds to `problems` the first value in each column without a header that `parts` (this
    /// and its clones, in file order) found.
    pub(crate) fn report_strays<'a>(parts: impl IntoIterator<Item = &'a Columns<'a>>, problems: &mut Problems) {
        let mut reported = BTreeSet::new();
        for part in parts {
            for (j, line, text) in &part.strays {
                if reported.insert(*j) {
                    problems.add(*line, part.number(*j), {
                        let name = part.name(*j);
                        let chinese = chinese_column(&name);
                        fazhi_core::tr!(
                            "column {name} has no header but holds \"{text}\": give it a header, or delete the column",
                            "{chinese}没有表头，却有内容“{text}”：请给它表头，或删去这一列"
                        )
                    });
                }
            }
        }
    }
}

/// What `field` makes of `text`, from `cache` if the text was seen before.
fn parse(field: &LedgerField, text: &str, cache: &mut Option<Cache>) -> Result<Option<LedgerValue>, String> {
    let Some(cache) = cache else { return field.parse(text) };
    if let Some(parsed) = cache.get(text) {
        return parsed.clone();
    }
    let parsed = field.parse(text);
    if cache.len() < CACHE_LIMIT {
        cache.insert(text.into(), parsed.clone());
    }
    parsed
}

/// A column as a Chinese message names it: `第 2 列` (a CSV file's, by number) or `B 列` (a
/// workbook's, by letters).
fn chinese_column(name: &str) -> String {
    if name.chars().all(|c| c.is_ascii_digit()) {
        format!("第 {name} 列")
    } else {
        format!("{name} 列")
    }
}

/// A cell problem from [`LedgerField::parse`] without the field's label in front, since the
/// message names the column and the field already.
fn without_label(field: &LedgerField, problem: String) -> String {
    let label = &field.label;
    if problem == fazhi_core::tr!("{label} is required", "{label}不能为空") {
        return fazhi_core::tr!("a value is required", "须填写");
    }
    match problem
        .strip_prefix(label.as_str())
        .and_then(|rest| rest.strip_prefix(": ").or_else(|| rest.strip_prefix("：")))
    {
        Some(rest) => rest.to_string(),
        None => problem,
    }
}

/// The letters of the 1-based spreadsheet column `n`: 1 → `A`, 27 → `AA`.
pub fn column_letters(mut n: usize) -> String {
    let mut letters = Vec::new();
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(b'A' + rest as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

#[cfg(test)]
mod tests {
    use super::column_letters;

    #[test]
    fn columns_are_lettered_like_spreadsheets() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(52), "AZ");
        assert_eq!(column_letters(703), "AAA");
    }
}
