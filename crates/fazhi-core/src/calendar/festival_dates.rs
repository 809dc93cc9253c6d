use std::sync::OnceLock;

use chrono::{Days, NaiveDate};

/// The shipped table of festival dates (data/festivals.ron).
const TABLE: &str = include_str!("../../data/festivals.ron");

/// The days in one year of the festivals that the 全国年节及纪念日放假办法 fixes by the Chinese
/// calendar or a solar term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FestivalDates {
    /// The year.
    pub year: i32,
    /// 春节: the first day of the first lunar month (正月初一).
    pub spring_festival: NaiveDate,
    /// 清明节: the day of the solar term 清明.
    pub qingming: NaiveDate,
    /// 端午节: the fifth day of the fifth lunar month.
    pub dragon_boat: NaiveDate,
    /// 中秋节: the fifteenth day of the eighth lunar month.
    pub mid_autumn: NaiveDate,
}

impl FestivalDates {
    /// The festival dates of `year`, if the shipped table has the year.
    pub fn of(year: i32) -> Option<FestivalDates> {
        let table = FestivalDates::table();
        let first = table.first()?.year;
        let index = usize::try_from(i64::from(year) - i64::from(first)).ok()?;
        table.get(index).copied()
    }

    /// Every year of the shipped table, ascending and consecutive.
    pub fn table() -> &'static [FestivalDates] {
        static PARSED: OnceLock<Vec<FestivalDates>> = OnceLock::new();
        PARSED.get_or_init(|| {
            let rows: Vec<(i32, String, String, String, String)> =
                ron::from_str(TABLE).unwrap_or_else(|err| panic!("the built-in festivals.ron is invalid: {err}"));
            let dates: Vec<FestivalDates> = rows
                .into_iter()
                .map(|(year, spring, qingming, dragon, moon)| {
                    let day = |text: &str| {
                        NaiveDate::parse_from_str(&format!("{year}-{text}"), "%Y-%m-%d")
                            .unwrap_or_else(|err| panic!("festivals.ron: {year} \"{text}\" is not a date: {err}"))
                    };
                    FestivalDates {
                        year,
                        spring_festival: day(&spring),
                        qingming: day(&qingming),
                        dragon_boat: day(&dragon),
                        mid_autumn: day(&moon),
                    }
                })
                .collect();
            assert!(
                dates.windows(2).all(|pair| pair[1].year == pair[0].year + 1),
                "festivals.ron: the years must be consecutive"
            );
            dates
        })
    }

    /// 除夕: the last day of the lunar year, the day before 春节.
    pub fn new_years_eve(&self) -> NaiveDate {
        self.spring_festival - Days::new(1)
    }
}
