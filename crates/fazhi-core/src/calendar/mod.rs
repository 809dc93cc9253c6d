//! The official working-day calendar: weekends, official holidays and adjusted working days
//! (调休).
//!
//! The official arrangements for 2024–2026 ship with fazhi ([`Calendar::stock`]); a workspace
//! adds a new year, or replaces a shipped one, with its own `calendar.ron` ([`Calendar::parse`],
//! [`Calendar::extend`]), which `fazhi calendar import` writes from the State Council's notice
//! ([`Notice`]). The format is described in `docs/calendar.md`.
//!
//! A later year without an official arrangement (up to 2100) is *provisional* (暂定): its days
//! off are derived from the 全国年节及纪念日放假办法 (2024 revision) with weekends and no 调休
//! ([`Calendar::is_provisional`]); an official arrangement replaces it.
//!
//! "N working days" counts whole days, and the day a period starts is not counted
//! (期间开始的当日不计入). A date outside the known years is always an error
//! ([`CalendarError::UnknownYear`]), never a guess — also when counting walks past the last
//! known year.

mod calendar_file;
mod day_kind;
mod festival_dates;
mod field_spans;
mod holiday_entry;
mod notice;
mod provisional_year;
mod roll_forward;
mod workday_entry;
mod year_entry;
mod year_table;

#[cfg(test)]
mod tests;

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, TimeDelta};

pub use day_kind::DayKind;
pub use notice::Notice;
pub use roll_forward::RollForward;

use crate::{Diagnostic, SourceFile};
use calendar_file::CalendarFile;
use festival_dates::FestivalDates;
use provisional_year::ProvisionalYear;
use year_table::YearTable;

/// The shipped calendar.ron.
const STOCK: &str = include_str!("../../data/calendar.ron");

/// An error asking the calendar about a day it does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The date's year is not in the calendar (neither an official arrangement nor a
    /// provisional year).
    #[error("{date} is outside the working-day calendar, which knows the years {known}; add the year to calendar.ron")]
    UnknownYear {
        /// The date asked about (or the first unknown day a count walked into).
        date: NaiveDate,
        /// The known years, e.g. "2024–2026" or "2024–2026, 2027–2100 (provisional)".
        known: String,
    },
}

/// The working-day calendar: for each known year, which days are worked.
///
/// Every question is O(1) or O(log n): each year is precomputed into a bitset of its working
/// days, a running count and the list of its working days.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    /// The known years, ascending, each with `before` set to the working days of the known
    /// years before it.
    years: Vec<YearTable>,
}

impl Calendar {
    /// The calendar shipped with fazhi: the official arrangements for 2024–2026, and a
    /// provisional year for every later year up to 2100.
    pub fn stock() -> Calendar {
        static PARSED: OnceLock<Calendar> = OnceLock::new();
        PARSED
            .get_or_init(|| {
                let source = SourceFile::new("calendar.ron (built in)", STOCK);
                let mut calendar = Calendar::parse(&source).unwrap_or_else(|diagnostics| {
                    let problems: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
                    panic!("the built-in calendar.ron is invalid:\n{}", problems.join("\n"))
                });
                let last_official = calendar.years.last().map_or(i32::MIN, |table| table.year);
                for festivals in FestivalDates::table().iter().filter(|dates| dates.year > last_official) {
                    if let Some(year) = ProvisionalYear::derive(festivals.year) {
                        calendar.years.push(year.table());
                    }
                }
                calendar.reindex();
                calendar
            })
            .clone()
    }

    /// Parses and validates a calendar.ron, reporting every problem found: a syntax or shape
    /// error, an impossible date, a date outside its entry's year, a holiday that ends before
    /// it starts or overlaps another, an adjusted working day that is not a Saturday or Sunday,
    /// is also a holiday or is listed twice, a year listed twice.
    pub fn parse(source: &SourceFile) -> Result<Calendar, Vec<Diagnostic>> {
        let mut calendar = Calendar { years: CalendarFile::load(source)? };
        calendar.reindex();
        Ok(calendar)
    }

    /// Adds `other`'s years; a year known to both is replaced by `other`'s (so an official
    /// arrangement replaces a provisional year).
    pub fn extend(&mut self, other: Calendar) {
        for table in other.years {
            match self.years.binary_search_by_key(&table.year, |known| known.year) {
                Ok(i) => self.years[i] = table,
                Err(i) => self.years.insert(i, table),
            }
        }
        self.reindex();
    }

    /// The known years, ascending, provisional ones included.
    pub fn years(&self) -> Vec<i32> {
        self.years.iter().map(|table| table.year).collect()
    }

    /// The years with an official arrangement, ascending.
    pub fn official_years(&self) -> Vec<i32> {
        self.years.iter().filter(|table| !table.provisional).map(|table| table.year).collect()
    }

    /// Whether `year` is provisional (暂定): known only as derived from the 放假办法, without
    /// the year's 调休. False for an official year and for a year the calendar does not know.
    pub fn is_provisional(&self, year: i32) -> bool {
        self.years.binary_search_by_key(&year, |table| table.year).is_ok_and(|i| self.years[i].provisional)
    }

    /// The provisional years from `from`'s year to `to`'s (in either order), ascending: the
    /// years a count between the two dates depends on that have no official arrangement yet.
    pub fn provisional_between(&self, from: NaiveDate, to: NaiveDate) -> Vec<i32> {
        let (first, last) = (from.year().min(to.year()), from.year().max(to.year()));
        self.years
            .iter()
            .filter(|table| table.provisional && (first..=last).contains(&table.year))
            .map(|table| table.year)
            .collect()
    }

    /// The provisional years that a span of `dates` touches (every year from the earliest date's
    /// to the latest's), ascending; empty when there are no dates.
    pub fn provisional_among(&self, dates: impl IntoIterator<Item = NaiveDate>) -> Vec<i32> {
        let mut span: Option<(NaiveDate, NaiveDate)> = None;
        for date in dates {
            span = Some(span.map_or((date, date), |(first, last)| (first.min(date), last.max(date))));
        }
        span.map_or_else(Vec::new, |(first, last)| self.provisional_between(first, last))
    }

    /// What kind of day `date` is.
    pub fn day(&self, date: NaiveDate) -> Result<DayKind, CalendarError> {
        Ok(self.table(date)?.1.day(date))
    }

    /// Whether `date` is worked: a Monday to Friday that is not a holiday, or an adjusted
    /// working day.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        Ok(self.table(date)?.1.is_working(date))
    }

    /// The `n`-th working day after `start` (`start` itself never counts; `n = 0` gives
    /// `start`). Fails if `start`, or any day the count passes, lies outside the known years.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        let (i, table) = self.table(start)?;
        if n == 0 {
            return Ok(start);
        }
        let target = table.working_through(start) + i64::from(n);
        let j = i + self.years[i..].partition_point(|table| table.before + table.count() < target);
        match self.years.get(j) {
            Some(table) => {
                self.contiguous(i, j)?;
                let k = usize::try_from(target - table.before - 1).expect("the count reaches into this year");
                Ok(table.nth_working(k))
            }
            None => {
                let last = self.years.len() - 1;
                self.contiguous(i, last)?;
                Err(self.unknown(first_day(self.years[last].year + 1)))
            }
        }
    }

    /// `date` if it is worked, otherwise the first working day after it: where a period counted
    /// in calendar days ends when its last day is a statutory holiday or rest day (法定休假日,
    /// 《民法典》第二百零三条). Fails if a day it looks at lies outside the known years.
    pub fn first_working_day_from(&self, date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        let mut day = date;
        loop {
            if self.table(day)?.1.is_working(day) {
                return Ok(day);
            }
            day = day.succ_opt().ok_or_else(|| self.unknown(NaiveDate::MAX))?;
        }
    }

    /// Why a period counted to `last_day` ends later: `None` if `last_day` is worked, otherwise
    /// the holiday or rest day it is and the first working day after it.
    pub fn roll_forward(&self, last_day: NaiveDate) -> Result<Option<RollForward>, CalendarError> {
        let to = self.first_working_day_from(last_day)?;
        if to == last_day {
            return Ok(None);
        }
        Ok(Some(RollForward { last_day, to, rest: self.day(last_day)? }))
    }

    /// The working days in `(from, to]`: `from` is not counted, `to` is. Negative (the mirror
    /// count) if `to` is before `from`, 0 if they are equal. Fails if either date, or a year
    /// between them, is unknown.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> Result<i64, CalendarError> {
        let (i, from_table) = self.table(from)?;
        let (j, to_table) = self.table(to)?;
        self.contiguous(i.min(j), i.max(j))?;
        Ok(to_table.working_through(to) - from_table.working_through(from))
    }

    /// `start` plus `n` calendar days (negative `n` goes back). The result must lie in a known
    /// year.
    pub fn add_days(&self, start: NaiveDate, n: i64) -> Result<NaiveDate, CalendarError> {
        let result = TimeDelta::try_days(n)
            .and_then(|delta| start.checked_add_signed(delta))
            .ok_or_else(|| self.unknown(if n < 0 { NaiveDate::MIN } else { NaiveDate::MAX }))?;
        self.table(result)?;
        Ok(result)
    }

    /// Sorts the years and sets each one's running count of working days.
    fn reindex(&mut self) {
        self.years.sort_by_key(|table| table.year);
        let mut before = 0;
        for table in &mut self.years {
            table.before = before;
            before += table.count();
        }
    }

    /// The index and table of `date`'s year.
    fn table(&self, date: NaiveDate) -> Result<(usize, &YearTable), CalendarError> {
        let year = date.year();
        // The known years are almost always consecutive: try the direct index first.
        let guess = self.years.first().and_then(|first| usize::try_from(i64::from(year) - i64::from(first.year)).ok());
        let i = match guess.filter(|&i| self.years.get(i).is_some_and(|table| table.year == year)) {
            Some(i) => i,
            None => self.years.binary_search_by_key(&year, |table| table.year).map_err(|_| self.unknown(date))?,
        };
        Ok((i, &self.years[i]))
    }

    /// Fails with the first day of the first unknown year between known years `i` and `j`
    /// (`i <= j`).
    fn contiguous(&self, i: usize, j: usize) -> Result<(), CalendarError> {
        if i64::from(self.years[j].year) - i64::from(self.years[i].year) == (j - i) as i64 {
            return Ok(());
        }
        let gap = self.years[i..=j].windows(2).find(|pair| pair[1].year != pair[0].year + 1);
        match gap {
            Some(pair) => Err(self.unknown(first_day(pair[0].year + 1))),
            None => Ok(()),
        }
    }

    fn unknown(&self, date: NaiveDate) -> CalendarError {
        CalendarError::UnknownYear { date, known: self.known() }
    }

    /// The known years as ranges: "2024–2026, 2027–2100 (provisional)".
    fn known(&self) -> String {
        let mut ranges: Vec<(i32, i32, bool)> = Vec::new();
        for table in &self.years {
            match ranges.last_mut() {
                Some((_, last, provisional)) if *last + 1 == table.year && *provisional == table.provisional => {
                    *last = table.year
                }
                _ => ranges.push((table.year, table.year, table.provisional)),
            }
        }
        if ranges.is_empty() {
            return "(none)".to_string();
        }
        let ranges: Vec<String> = ranges
            .into_iter()
            .map(|(first, last, provisional)| {
                let years = if first == last { first.to_string() } else { format!("{first}–{last}") };
                if provisional {
                    format!("{years} (provisional)")
                } else {
                    years
                }
            })
            .collect();
        ranges.join(", ")
    }
}

/// 1 January of `year` (a validated year, or the one after it).
fn first_day(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 1, 1).expect("known years are four-digit years")
}
