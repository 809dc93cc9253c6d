use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate};

use super::festival_dates::FestivalDates;
use super::year_table::{is_weekend, YearTable};

/// The first year the 全国年节及纪念日放假办法 as revised in 2024 applies to (in force
/// 2025-01-01): fazhi derives provisional calendars for it and later years only.
pub(super) const FIRST_YEAR: i32 = 2025;

/// A year's days off as the 全国年节及纪念日放假办法 (2024 revision) fixes them, for a year whose
/// official arrangement (the State Council's notice, with its 调休) is not known yet.
///
/// 第二条: 元旦 1 day (1 January); 春节 4 days (除夕 to 正月初三); 清明节 1 day; 劳动节 2 days
/// (1–2 May); 端午节 1 day; 中秋节 1 day; 国庆节 3 days (1–3 October). 第六条: a holiday day that
/// falls on a Saturday or Sunday is made up (补假) on a working day; fazhi puts it on the first
/// weekday after the holiday that is not already off, and a day claimed by two holidays (中秋节
/// in the 国庆 days) is made up once more. No weekend day is worked (no 调休): that is what only
/// the notice can say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ProvisionalYear {
    /// The year.
    pub year: i32,
    /// Every day off, ascending, with the name of its holiday (two names joined by "、" for a
    /// day of two holidays).
    pub days_off: Vec<(NaiveDate, String)>,
}

impl ProvisionalYear {
    /// The provisional days off of `year`, if the rule applies to it and the festival table
    /// knows it.
    pub fn derive(year: i32) -> Option<ProvisionalYear> {
        if year < FIRST_YEAR {
            return None;
        }
        let festivals = FestivalDates::of(year)?;
        let day = |month: u32, day: u32| NaiveDate::from_ymd_opt(year, month, day).expect("a fixed date exists");
        // (name, first day, days), in the order names are joined for a day of two holidays.
        let holidays = [
            ("元旦", day(1, 1), 1),
            ("春节", festivals.new_years_eve(), 4),
            ("清明节", festivals.qingming, 1),
            ("劳动节", day(5, 1), 2),
            ("端午节", festivals.dragon_boat, 1),
            ("国庆节", day(10, 1), 3),
            ("中秋节", festivals.mid_autumn, 1),
        ];
        let mut off: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
        for (h, (_, first, days)) in holidays.iter().enumerate() {
            for date in first.iter_days().take(*days) {
                off.entry(date).or_default().push(h);
            }
        }
        // 补假, holiday by holiday in date order: each of its days on a weekend, and each day it
        // shares with a holiday before it in the list, is made up after its last day.
        let mut order: Vec<usize> = (0..holidays.len()).collect();
        order.sort_by_key(|&h| holidays[h].1);
        let mut made_up: Vec<(NaiveDate, usize)> = Vec::new();
        for h in order {
            let (_, first, days) = holidays[h];
            let owed =
                first.iter_days().take(days).filter(|date| is_weekend(*date) || off[date].first() != Some(&h)).count();
            let mut next = first + Days::new(days as u64);
            for _ in 0..owed {
                while is_weekend(next) || off.contains_key(&next) || made_up.iter().any(|(date, _)| *date == next) {
                    next = next + Days::new(1);
                }
                made_up.push((next, h));
            }
        }
        for (date, h) in made_up {
            off.entry(date).or_default().push(h);
        }
        let days_off = off
            .into_iter()
            .filter(|(date, _)| date.year() == year)
            .map(|(date, mut names)| {
                names.sort_unstable();
                names.dedup();
                let name: Vec<&str> = names.iter().map(|&h| holidays[h].0).collect();
                (date, name.join("、"))
            })
            .collect();
        Some(ProvisionalYear { year, days_off })
    }

    /// The year's table, marked provisional.
    pub fn table(&self) -> YearTable {
        let holidays: Vec<(String, NaiveDate, NaiveDate)> =
            self.days_off.iter().map(|(date, name)| (name.clone(), *date, *date)).collect();
        let mut table = YearTable::new(self.year, &holidays, &[]);
        table.provisional = true;
        table
    }
}
