use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use super::field_spans::FieldSpans;
use super::year_entry::YearEntry;
use super::year_table::{is_weekend, YearTable};
use crate::{parse_date, Diagnostic, SourceFile};

/// A calendar.ron file, as written: `(years: [(year: 2024, holidays: [...], workdays: [...])])`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CalendarFile {
    /// The years it gives the official arrangement for.
    pub years: Vec<YearEntry>,
}

impl CalendarFile {
    /// Parses and validates `source`, collecting every problem.
    pub fn load(source: &SourceFile) -> Result<Vec<YearTable>, Vec<Diagnostic>> {
        let file: CalendarFile = source.parse_ron().map_err(|diagnostic| vec![diagnostic])?;
        file.validate(source)
    }

    /// Checks the dates (all of them, after deserializing, so every problem is reported) and
    /// builds the tables of the years.
    fn validate(self, source: &SourceFile) -> Result<Vec<YearTable>, Vec<Diagnostic>> {
        let spans = FieldSpans::scan(&source.text);
        let mut diagnostics = Vec::new();
        let mut error = |offset: usize, message: String| diagnostics.push(source.diagnostic_at(offset, message));
        let mut tables = Vec::new();
        let mut seen: HashMap<i32, usize> = HashMap::new();
        let (mut next_holiday, mut next_workday) = (0, 0);
        for (y, entry) in self.years.into_iter().enumerate() {
            let year = entry.year;
            let year_at = spans.get("years", y, "year").unwrap_or(0);
            let at = |list: &str, index: usize, field: &str| spans.get(list, index, field).unwrap_or(year_at);
            let (first_holiday, first_workday) = (next_holiday, next_workday);
            next_holiday += entry.holidays.len();
            next_workday += entry.workdays.len();

            if !(1000..=9999).contains(&year) {
                error(year_at, format!("year {year} is out of range: write a four-digit year"));
                continue;
            }
            let duplicate = seen.get(&year).map(|first| spans.get("years", *first, "year").unwrap_or(0));
            if let Some(first) = duplicate {
                let (line, _) = source.line_column(first);
                error(year_at, format!("year {year} is listed twice (first at line {line}); list each year once"));
            }
            seen.entry(year).or_insert(y);

            let mut days_off: HashMap<NaiveDate, &str> = HashMap::new();
            let mut holidays = Vec::new();
            for (k, holiday) in entry.holidays.iter().enumerate() {
                let index = first_holiday + k;
                let name = holiday.name.as_str();
                if name.trim().is_empty() {
                    error(at("holidays", index, "name"), "a holiday needs a name".to_string());
                }
                let from_at = at("holidays", index, "from");
                let from = checked_date(&holiday.from, year, from_at, &mut error);
                let to = checked_date(&holiday.to, year, at("holidays", index, "to"), &mut error);
                let (Some(from), Some(to)) = (from, to) else { continue };
                if from > to {
                    error(from_at, format!("holiday \"{name}\": from {from} is after to {to}"));
                    continue;
                }
                let clash = from
                    .iter_days()
                    .take_while(|day| *day <= to)
                    .find_map(|day| days_off.insert(day, name).map(|other| (day, other)));
                if let Some((day, other)) = clash {
                    error(
                        from_at,
                        format!("holiday \"{name}\" ({from} to {to}) overlaps holiday \"{other}\" on {day}"),
                    );
                }
                holidays.push((holiday.name.clone(), from, to));
            }

            let mut workdays: Vec<(String, NaiveDate)> = Vec::new();
            for (k, workday) in entry.workdays.iter().enumerate() {
                let index = first_workday + k;
                let name = workday.name.as_str();
                if name.trim().is_empty() {
                    error(
                        at("workdays", index, "name"),
                        "an adjusted workday needs the name of its holiday".to_string(),
                    );
                }
                let date_at = at("workdays", index, "date");
                let Some(date) = checked_date(&workday.date, year, date_at, &mut error) else { continue };
                if !is_weekend(date) {
                    error(date_at, format!(
                        "adjusted workday {date} ({name}) is a {}, not a Saturday or Sunday: list only weekend days that are worked",
                        date.format("%A")
                    ));
                } else if let Some(other) = days_off.get(&date) {
                    error(
                        date_at,
                        format!("adjusted workday {date} ({name}) is also a day off of the holiday \"{other}\""),
                    );
                } else if workdays.iter().any(|(_, listed)| *listed == date) {
                    error(date_at, format!("adjusted workday {date} is listed twice"));
                } else {
                    workdays.push((workday.name.clone(), date));
                }
            }
            if duplicate.is_none() {
                tables.push(YearTable::new(year, &holidays, &workdays));
            }
        }
        if diagnostics.is_empty() {
            Ok(tables)
        } else {
            diagnostics.sort();
            Err(diagnostics)
        }
    }
}

/// Parses the date `text` written at `offset` in the entry for `year`, reporting a problem with
/// it through `error`.
fn checked_date(text: &str, year: i32, offset: usize, error: &mut impl FnMut(usize, String)) -> Option<NaiveDate> {
    match parse_date(text) {
        Err(message) => error(offset, message),
        Ok(date) if date.year() != year => {
            error(offset, format!("date \"{text}\" is not in {year}, the year of its entry"))
        }
        Ok(date) => return Some(date),
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The diagnostics of `text` as `(line, column, message)`.
    fn problems(text: &str) -> Vec<(usize, usize, String)> {
        let source = SourceFile::new("calendar.ron", text);
        let diagnostics = CalendarFile::load(&source).expect_err("the file has problems");
        assert!(diagnostics.iter().all(|d| d.file == std::path::Path::new("calendar.ron")));
        diagnostics.into_iter().map(|d| (d.line, d.column, d.message)).collect()
    }

    #[test]
    fn a_valid_file_builds_its_years() {
        let source = SourceFile::new(
            "calendar.ron",
            r#"(years: [(year: 2027, holidays: [(name: "元旦", from: "2027-01-01", to: "2027-01-01")])])"#,
        );
        let tables = CalendarFile::load(&source).unwrap();
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].year, 2027);
    }

    #[test]
    fn syntax_and_shape_errors_are_placed() {
        let unknown_field = "(\n    years: [\n        (year: 2027, holiday: []),\n    ],\n)\n";
        let found = problems(unknown_field);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].0, found[0].1), (3, 22), "{found:?}");
        assert!(found[0].2.contains("holiday"), "{found:?}");

        let missing_comma = "(\n    years: [\n        (year: 2027 holidays: []),\n    ],\n)\n";
        let found = problems(missing_comma);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 3, "{found:?}");

        let date_not_a_string =
            "(years: [(year: 2027, holidays: [(name: \"元旦\", from: 2027-01-01, to: \"2027-01-01\")])])";
        assert_eq!(problems(date_not_a_string).len(), 1);
    }

    #[test]
    fn every_problem_is_collected_and_placed() {
        let text = r#"// "2024-02-30" mentioned in a comment does not confuse the placing
(
    years: [
        (
            year: 2024,
            holidays: [
                (name: "春节", from: "2024-02-30", to: "2024-02-30"),
                (name: "清明节", from: "2024-04-06", to: "2024-04-04"),
                (name: "国庆节", from: "2024-10-01", to: "2025-10-07"),
                (name: "劳动节", from: "2024-05-01", to: "2024-05-05"),
                (name: "五一", from: "2024-05-05", to: "2024-05-06"),
                (name: "", from: "2024-13-01", to: "2024_12_31"),
            ],
            workdays: [
                (name: "春节", date: "2024-02-05"),
                (name: "劳动节", date: "2024-05-04"),
                (name: "劳动节", date: "2024-04-28"),
                (name: "劳动节", date: "2024-04-28"),
                (name: "国庆节", date: "2023-10-12"),
            ],
        ),
        (year: 2025, holidays: []),
        (
            year: 2024,
            holidays: [(name: "元旦", from: "2024-01-01", to: "2024-01-01")],
        ),
        (year: 12345, holidays: []),
    ],
)
"#;
        // Columns count characters: `(name: "春节", ` puts `from` 4 columns left of an ASCII name.
        let expected = vec![
            (7, 36, "invalid date \"2024-02-30\": 2024-02 has no day 30"),
            (7, 54, "invalid date \"2024-02-30\": 2024-02 has no day 30"),
            (8, 37, "holiday \"清明节\": from 2024-04-06 is after to 2024-04-04"),
            (9, 55, "date \"2025-10-07\" is not in 2024, the year of its entry"),
            (11, 36, "holiday \"五一\" (2024-05-05 to 2024-05-06) overlaps holiday \"劳动节\" on 2024-05-05"),
            (12, 24, "a holiday needs a name"),
            (12, 34, "invalid date \"2024-13-01\": there is no month 13"),
            (12, 52, "invalid date \"2024_12_31\": expected YYYY-MM-DD (or YYYY/M/D, YYYY.M.D, YYYY年M月D日)"),
            (
                15,
                36,
                "adjusted workday 2024-02-05 (春节) is a Monday, not a Saturday or Sunday: list only weekend days that are worked",
            ),
            (16, 37, "adjusted workday 2024-05-04 (劳动节) is also a day off of the holiday \"劳动节\""),
            (18, 37, "adjusted workday 2024-04-28 is listed twice"),
            (19, 37, "date \"2023-10-12\" is not in 2024, the year of its entry"),
            (24, 19, "year 2024 is listed twice (first at line 5); list each year once"),
            (27, 16, "year 12345 is out of range: write a four-digit year"),
        ];
        let found = problems(text);
        let found: Vec<(usize, usize, &str)> = found.iter().map(|(l, c, m)| (*l, *c, m.as_str())).collect();
        assert_eq!(found, expected);
    }
}
