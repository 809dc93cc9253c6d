use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::DayKind;

/// One known year, precomputed so that asking about a day is O(1) and counting working days is
/// O(1) (between two days) or O(log n) (the n-th working day).
#[derive(Debug, Clone)]
pub(super) struct YearTable {
    /// The year.
    pub year: i32,
    /// Working days in all the known years before this one (set by the calendar, so that
    /// counts across a year boundary are one subtraction).
    pub before: i64,
    /// Whether the year is derived from the 放假办法 (暂定) rather than the State Council's
    /// arrangement for it.
    pub provisional: bool,
    /// 1 January of the year.
    first: NaiveDate,
    /// Bit `d` is set when the day with 0-based ordinal `d` is worked.
    working: [u64; 6],
    /// `prefix[d]`: the working days among ordinals `0..d`; one longer than the year.
    prefix: Box<[u16]>,
    /// The 0-based ordinals of the worked days, ascending.
    working_days: Box<[u16]>,
    /// Holidays and adjusted working days by 0-based ordinal, ascending.
    special: Box<[(u16, DayKind)]>,
}

impl YearTable {
    /// Builds a year from validated holiday periods and adjusted working days: all inside
    /// `year`, not overlapping, workdays on weekends.
    pub fn new(year: i32, holidays: &[(String, NaiveDate, NaiveDate)], workdays: &[(String, NaiveDate)]) -> YearTable {
        let first = NaiveDate::from_ymd_opt(year, 1, 1).expect("a validated year has a 1 January");
        let mut special: Vec<(u16, DayKind)> = Vec::new();
        for (name, from, to) in holidays {
            for day in from.iter_days().take_while(|day| day <= to) {
                special.push((ordinal0(day), DayKind::Holiday { name: name.clone() }));
            }
        }
        for (name, date) in workdays {
            special.push((ordinal0(*date), DayKind::AdjustedWorkday { name: name.clone() }));
        }
        special.sort_by_key(|(ordinal, _)| *ordinal);
        special.dedup_by_key(|(ordinal, _)| *ordinal);

        let days: u16 = if first.leap_year() { 366 } else { 365 };
        let mut working = [0u64; 6];
        let mut prefix = Vec::with_capacity(usize::from(days) + 1);
        let mut working_days = Vec::with_capacity(260);
        let mut special_iter = special.iter().peekable();
        prefix.push(0);
        for (ordinal, date) in (0..days).zip(first.iter_days()) {
            let kind = special_iter.next_if(|(o, _)| *o == ordinal).map(|(_, kind)| kind);
            let worked = match kind {
                Some(DayKind::Holiday { .. }) => false,
                Some(DayKind::AdjustedWorkday { .. }) => true,
                _ => !is_weekend(date),
            };
            if worked {
                working[usize::from(ordinal / 64)] |= 1 << (ordinal % 64);
                working_days.push(ordinal);
            }
            prefix.push(working_days.len() as u16);
        }
        YearTable {
            year,
            before: 0,
            provisional: false,
            first,
            working,
            prefix: prefix.into(),
            working_days: working_days.into(),
            special: special.into(),
        }
    }

    /// The working days in the year.
    pub fn count(&self) -> i64 {
        self.working_days.len() as i64
    }

    /// Working days in the known years up to and including `date` (which lies in this year).
    pub fn working_through(&self, date: NaiveDate) -> i64 {
        self.before + i64::from(self.prefix[usize::from(ordinal0(date)) + 1])
    }

    /// Whether `date` (which lies in this year) is worked.
    pub fn is_working(&self, date: NaiveDate) -> bool {
        let ordinal = ordinal0(date);
        self.working[usize::from(ordinal / 64)] & (1 << (ordinal % 64)) != 0
    }

    /// The `k`-th (0-based) working day of the year; `k < count()`.
    pub fn nth_working(&self, k: usize) -> NaiveDate {
        self.first + Days::new(u64::from(self.working_days[k]))
    }

    /// What kind of day `date` (which lies in this year) is.
    pub fn day(&self, date: NaiveDate) -> DayKind {
        let ordinal = ordinal0(date);
        match self.special.binary_search_by_key(&ordinal, |(o, _)| *o) {
            Ok(i) => self.special[i].1.clone(),
            Err(_) if is_weekend(date) => DayKind::Weekend,
            Err(_) => DayKind::Working,
        }
    }
}

fn ordinal0(date: NaiveDate) -> u16 {
    date.ordinal0() as u16
}

/// Whether `date` is a Saturday or a Sunday.
pub(super) fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}
