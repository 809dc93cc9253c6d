//! Tests of the calendar's API against the stock data and parsed calendars.

use chrono::{Datelike, NaiveDate, Weekday};

use super::*;

fn d(text: &str) -> NaiveDate {
    crate::parse_date(text).unwrap()
}

fn holiday(name: &str) -> DayKind {
    DayKind::Holiday { name: name.to_string() }
}

fn adjusted(name: &str) -> DayKind {
    DayKind::AdjustedWorkday { name: name.to_string() }
}

fn parse(text: &str) -> Result<Calendar, Vec<Diagnostic>> {
    Calendar::parse(&SourceFile::new("calendar.ron", text))
}

/// The shipped official arrangements alone (2024–2026), without the provisional years.
fn official() -> Calendar {
    parse(STOCK).unwrap()
}

/// The spec table (DESIGN.md "Working days"): every holiday period, first and last day.
const HOLIDAYS: &[(&str, &str, &str)] = &[
    ("元旦", "2024-01-01", "2024-01-01"),
    ("春节", "2024-02-10", "2024-02-17"),
    ("清明节", "2024-04-04", "2024-04-06"),
    ("劳动节", "2024-05-01", "2024-05-05"),
    ("端午节", "2024-06-10", "2024-06-10"),
    ("中秋节", "2024-09-15", "2024-09-17"),
    ("国庆节", "2024-10-01", "2024-10-07"),
    ("元旦", "2025-01-01", "2025-01-01"),
    ("春节", "2025-01-28", "2025-02-04"),
    ("清明节", "2025-04-04", "2025-04-06"),
    ("劳动节", "2025-05-01", "2025-05-05"),
    ("端午节", "2025-05-31", "2025-06-02"),
    ("国庆节、中秋节", "2025-10-01", "2025-10-08"),
    ("元旦", "2026-01-01", "2026-01-03"),
    ("春节", "2026-02-15", "2026-02-23"),
    ("清明节", "2026-04-04", "2026-04-06"),
    ("劳动节", "2026-05-01", "2026-05-05"),
    ("端午节", "2026-06-19", "2026-06-21"),
    ("中秋节", "2026-09-25", "2026-09-27"),
    ("国庆节", "2026-10-01", "2026-10-07"),
];

/// The spec table: every adjusted working day, with the weekday the table gives.
const WORKDAYS: &[(&str, &str, Weekday)] = &[
    ("春节", "2024-02-04", Weekday::Sun),
    ("春节", "2024-02-18", Weekday::Sun),
    ("清明节", "2024-04-07", Weekday::Sun),
    ("劳动节", "2024-04-28", Weekday::Sun),
    ("劳动节", "2024-05-11", Weekday::Sat),
    ("中秋节", "2024-09-14", Weekday::Sat),
    ("国庆节", "2024-09-29", Weekday::Sun),
    ("国庆节", "2024-10-12", Weekday::Sat),
    ("春节", "2025-01-26", Weekday::Sun),
    ("春节", "2025-02-08", Weekday::Sat),
    ("劳动节", "2025-04-27", Weekday::Sun),
    ("国庆节、中秋节", "2025-09-28", Weekday::Sun),
    ("国庆节、中秋节", "2025-10-11", Weekday::Sat),
    ("元旦", "2026-01-04", Weekday::Sun),
    ("春节", "2026-02-14", Weekday::Sat),
    ("春节", "2026-02-28", Weekday::Sat),
    ("劳动节", "2026-05-09", Weekday::Sat),
    ("国庆节", "2026-09-20", Weekday::Sun),
    ("国庆节", "2026-10-10", Weekday::Sat),
];

/// What the spec table says `date` is.
fn expected(date: NaiveDate) -> DayKind {
    if let Some((name, ..)) = HOLIDAYS.iter().find(|(_, from, to)| d(from) <= date && date <= d(to)) {
        return holiday(name);
    }
    if let Some((name, ..)) = WORKDAYS.iter().find(|(_, day, _)| d(day) == date) {
        return adjusted(name);
    }
    if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
        DayKind::Weekend
    } else {
        DayKind::Working
    }
}

fn all_days() -> impl Iterator<Item = NaiveDate> {
    d("2024-01-01").iter_days().take_while(|day| day.year() <= 2026)
}

#[test]
fn stock_knows_2024_to_2026() {
    assert_eq!(Calendar::stock().official_years(), vec![2024, 2025, 2026]);
}

#[test]
fn stock_matches_the_spec_table_on_every_day() {
    let calendar = Calendar::stock();
    for (_, day, weekday) in WORKDAYS {
        assert_eq!(d(day).weekday(), *weekday, "{day}");
    }
    let mut checked = 0;
    for date in all_days() {
        let kind = expected(date);
        assert_eq!(calendar.day(date).unwrap(), kind, "{date}");
        let working = matches!(kind, DayKind::Working | DayKind::AdjustedWorkday { .. });
        assert_eq!(calendar.is_working_day(date).unwrap(), working, "{date}");
        checked += 1;
    }
    assert_eq!(checked, 366 + 365 + 365);
}

#[test]
fn stock_spot_checks() {
    let calendar = Calendar::stock();
    let cases = [
        ("2024-01-01", holiday("元旦")),
        ("2024-01-02", DayKind::Working),
        ("2024-02-04", adjusted("春节")),
        ("2024-02-09", DayKind::Working),
        ("2024-02-10", holiday("春节")),
        ("2024-02-17", holiday("春节")),
        ("2024-02-18", adjusted("春节")),
        ("2024-04-06", holiday("清明节")),
        ("2024-04-07", adjusted("清明节")),
        ("2024-04-28", adjusted("劳动节")),
        ("2024-05-05", holiday("劳动节")),
        ("2024-05-11", adjusted("劳动节")),
        ("2024-06-08", DayKind::Weekend), // 端午 2024: 6/10, joined to the weekend
        ("2024-06-10", holiday("端午节")),
        ("2024-09-14", adjusted("中秋节")),
        ("2024-09-15", holiday("中秋节")),
        ("2024-09-28", DayKind::Weekend),
        ("2024-09-29", adjusted("国庆节")),
        ("2024-10-07", holiday("国庆节")),
        ("2024-10-12", adjusted("国庆节")),
        ("2024-10-13", DayKind::Weekend),
        ("2025-01-01", holiday("元旦")),
        ("2025-01-26", adjusted("春节")),
        ("2025-01-28", holiday("春节")),
        ("2025-02-04", holiday("春节")),
        ("2025-02-08", adjusted("春节")),
        ("2025-04-05", holiday("清明节")),
        ("2025-04-27", adjusted("劳动节")),
        ("2025-06-02", holiday("端午节")),
        ("2025-09-28", adjusted("国庆节、中秋节")),
        ("2025-10-06", holiday("国庆节、中秋节")),
        ("2025-10-08", holiday("国庆节、中秋节")),
        ("2025-10-11", adjusted("国庆节、中秋节")),
        ("2026-01-03", holiday("元旦")),
        ("2026-01-04", adjusted("元旦")),
        ("2026-02-14", adjusted("春节")),
        ("2026-02-23", holiday("春节")),
        ("2026-02-28", adjusted("春节")),
        ("2026-05-09", adjusted("劳动节")),
        ("2026-06-19", holiday("端午节")),
        ("2026-09-20", adjusted("国庆节")),
        ("2026-09-27", holiday("中秋节")),
        ("2026-10-10", adjusted("国庆节")),
        ("2026-12-31", DayKind::Working),
    ];
    for (date, kind) in cases {
        assert_eq!(calendar.day(d(date)).unwrap(), kind, "{date}");
    }
}

#[test]
fn a_review_over_national_day_2024() {
    // Sent Fri 2024-09-27, answered Tue 2024-10-08: 9/29 (a worked Sunday), 9/30 and 10/8.
    let calendar = Calendar::stock();
    assert_eq!(calendar.working_days_between(d("2024-09-27"), d("2024-10-08")).unwrap(), 3);
    assert_eq!(calendar.working_days_between(d("2024-10-08"), d("2024-09-27")).unwrap(), -3);
    assert_eq!(calendar.add_working_days(d("2024-09-27"), 1).unwrap(), d("2024-09-29"));
    assert_eq!(calendar.add_working_days(d("2024-09-27"), 3).unwrap(), d("2024-10-08"));
    assert_eq!(calendar.add_working_days(d("2024-09-27"), 7).unwrap(), d("2024-10-12"));
}

#[test]
fn the_start_day_never_counts() {
    let calendar = Calendar::stock();
    assert_eq!(calendar.add_working_days(d("2024-03-04"), 0).unwrap(), d("2024-03-04"));
    assert_eq!(calendar.add_working_days(d("2024-03-02"), 0).unwrap(), d("2024-03-02"));
    assert_eq!(calendar.add_working_days(d("2024-03-04"), 1).unwrap(), d("2024-03-05"));
    assert_eq!(calendar.add_working_days(d("2024-03-02"), 1).unwrap(), d("2024-03-04"));
    assert_eq!(calendar.working_days_between(d("2024-03-04"), d("2024-03-04")).unwrap(), 0);
    assert_eq!(calendar.working_days_between(d("2024-03-04"), d("2024-03-05")).unwrap(), 1);
    assert_eq!(calendar.working_days_between(d("2024-03-01"), d("2024-03-03")).unwrap(), 0);
    assert_eq!(calendar.working_days_between(d("2024-03-01"), d("2024-03-04")).unwrap(), 1);
}

/// Counting day by day, the obvious way.
fn walk_between(calendar: &Calendar, from: NaiveDate, to: NaiveDate) -> i64 {
    from.iter_days().skip(1).take_while(|day| *day <= to).filter(|day| calendar.is_working_day(*day).unwrap()).count()
        as i64
}

#[test]
fn adding_and_counting_agree_with_a_day_by_day_walk() {
    let calendar = Calendar::stock();
    for start in all_days().step_by(3) {
        for n in [0u32, 1, 2, 3, 5, 7, 10, 15, 20, 30, 60, 200] {
            let Ok(end) = calendar.add_working_days(start, n) else {
                assert!(walk_between(&calendar, start, d("2026-12-31")) < i64::from(n), "{start} + {n}");
                continue;
            };
            assert_eq!(calendar.working_days_between(start, end).unwrap(), i64::from(n), "{start} + {n}");
            assert_eq!(calendar.working_days_between(end, start).unwrap(), -i64::from(n), "{start} + {n}");
            if n > 0 {
                assert!(calendar.is_working_day(end).unwrap(), "{start} + {n} = {end}");
                assert_eq!(walk_between(&calendar, start, end), i64::from(n), "{start} + {n}");
                let before = end.pred_opt().unwrap();
                assert_eq!(calendar.working_days_between(start, before).unwrap(), i64::from(n) - 1, "{start} + {n}");
            }
        }
    }
    for (from, to) in [("2024-01-01", "2026-12-31"), ("2024-06-30", "2025-02-10"), ("2025-12-31", "2026-01-05")] {
        assert_eq!(calendar.working_days_between(d(from), d(to)).unwrap(), walk_between(&calendar, d(from), d(to)));
    }
}

#[test]
fn counting_crosses_year_boundaries() {
    let calendar = Calendar::stock();
    // 2025-01-01 is 元旦: Thu 1/2, Fri 1/3, Mon 1/6.
    assert_eq!(calendar.add_working_days(d("2024-12-31"), 1).unwrap(), d("2025-01-02"));
    assert_eq!(calendar.add_working_days(d("2024-12-31"), 3).unwrap(), d("2025-01-06"));
    assert_eq!(calendar.working_days_between(d("2024-12-27"), d("2025-01-02")).unwrap(), 3);
    // 2026-01-01..03 off, Sun 1/4 worked.
    assert_eq!(calendar.add_working_days(d("2025-12-31"), 1).unwrap(), d("2026-01-04"));
    assert_eq!(calendar.working_days_between(d("2026-01-05"), d("2025-12-30")).unwrap(), -3);
    let whole = calendar.working_days_between(d("2023-12-31").succ_opt().unwrap(), d("2026-12-31")).unwrap();
    assert_eq!(calendar.add_working_days(d("2024-01-01"), whole as u32).unwrap(), d("2026-12-31"));
}

#[test]
fn dates_outside_the_known_years_are_errors() {
    let calendar = official();
    let unknown = |date: &str| CalendarError::UnknownYear { date: d(date), known: "2024–2026".to_string() };
    assert_eq!(calendar.day(d("2023-12-31")), Err(unknown("2023-12-31")));
    assert_eq!(calendar.is_working_day(d("2027-01-01")), Err(unknown("2027-01-01")));
    assert_eq!(calendar.add_working_days(d("2023-06-01"), 0), Err(unknown("2023-06-01")));
    assert_eq!(calendar.add_working_days(d("2026-12-25"), 10), Err(unknown("2027-01-01")));
    assert_eq!(calendar.add_working_days(d("2024-01-01"), u32::MAX), Err(unknown("2027-01-01")));
    assert_eq!(calendar.working_days_between(d("2026-12-01"), d("2027-01-05")), Err(unknown("2027-01-05")));
    assert_eq!(calendar.working_days_between(d("2023-12-01"), d("2024-01-05")), Err(unknown("2023-12-01")));
    assert_eq!(calendar.add_days(d("2026-12-31"), 1), Err(unknown("2027-01-01")));
    assert_eq!(calendar.add_days(d("2024-01-01"), -1), Err(unknown("2023-12-31")));
    assert_eq!(calendar.add_days(d("2024-01-01"), 0).unwrap(), d("2024-01-01"));
    assert_eq!(calendar.add_days(d("2024-12-31"), 366).unwrap(), d("2026-01-01"));
    assert_eq!(calendar.add_days(d("2024-03-01"), -1).unwrap(), d("2024-02-29"));
    assert!(calendar.add_days(d("2024-01-01"), i64::MAX).is_err());
    assert_eq!(
        calendar.day(d("2027-03-01")).unwrap_err().to_string(),
        "2027-03-01 is outside the working-day calendar, which knows the years 2024–2026; add the year to calendar.ron"
    );
    assert!(Calendar::default().day(d("2024-01-01")).unwrap_err().to_string().contains("knows the years (none)"));
}

const Y2027: &str = r#"
// 2027 (a test arrangement)
(
    years: [
        (
            year: 2027,
            holidays: [
                (name: "元旦", from: "2027-01-01", to: "2027-01-03"),
                (name: "国庆节", from: "2027-10-01", to: "2027-10-07"),
            ],
            workdays: [(name: "国庆节", date: "2027-09-26")],
        ),
    ],
)
"#;

#[test]
fn extending_adds_a_year() {
    let mut calendar = official();
    calendar.extend(parse(Y2027).unwrap());
    assert_eq!(calendar.years(), vec![2024, 2025, 2026, 2027]);
    assert_eq!(calendar.day(d("2027-01-01")).unwrap(), holiday("元旦"));
    assert_eq!(calendar.day(d("2027-09-26")).unwrap(), adjusted("国庆节"));
    assert_eq!(calendar.day(d("2027-03-01")).unwrap(), DayKind::Working);
    // Thu 2026-12-31 → Fri 2027-01-01 off, weekend → Mon 1/4.
    assert_eq!(calendar.add_working_days(d("2026-12-31"), 1).unwrap(), d("2027-01-04"));
    assert_eq!(calendar.working_days_between(d("2026-12-30"), d("2027-01-04")).unwrap(), 2);
    assert!(calendar.day(d("2028-01-01")).unwrap_err().to_string().contains("knows the years 2024–2027"));
}

#[test]
fn extending_replaces_a_known_year() {
    let mut calendar = official();
    let plain = parse(r#"(years: [(year: 2024, holidays: [])])"#).unwrap();
    calendar.extend(plain);
    assert_eq!(calendar.years(), vec![2024, 2025, 2026]);
    assert_eq!(calendar.day(d("2024-10-01")).unwrap(), DayKind::Working);
    assert_eq!(calendar.day(d("2024-09-29")).unwrap(), DayKind::Weekend);
    assert_eq!(calendar.day(d("2025-10-01")).unwrap(), holiday("国庆节、中秋节"));
    // The running counts were recomputed: 2024 has 262 weekdays, all worked now; 1/1 is not
    // counted, 2025-01-02 is.
    assert_eq!(calendar.working_days_between(d("2024-01-01"), d("2025-01-02")).unwrap(), 261 + 1);
    assert_eq!(calendar.add_working_days(d("2024-12-31"), 1).unwrap(), d("2025-01-02"));
}

#[test]
fn counting_across_a_missing_year_fails_at_the_gap() {
    let mut calendar = official();
    calendar.extend(parse(r#"(years: [(year: 2028, holidays: [])])"#).unwrap());
    assert_eq!(calendar.years(), vec![2024, 2025, 2026, 2028]);
    let gap = CalendarError::UnknownYear { date: d("2027-01-01"), known: "2024–2026, 2028".to_string() };
    assert_eq!(calendar.add_working_days(d("2026-12-01"), 100), Err(gap.clone()));
    assert_eq!(calendar.add_working_days(d("2026-12-01"), 1000), Err(gap.clone()));
    assert_eq!(calendar.working_days_between(d("2026-12-01"), d("2028-01-05")), Err(gap.clone()));
    assert_eq!(calendar.working_days_between(d("2028-01-05"), d("2026-12-01")), Err(gap));
    assert_eq!(calendar.add_working_days(d("2028-01-01"), 3).unwrap(), d("2028-01-05"));
    assert_eq!(calendar.add_working_days(d("2026-12-01"), 5).unwrap(), d("2026-12-08"));
    assert_eq!(
        calendar.add_working_days(d("2028-12-01"), 100).unwrap_err().to_string(),
        "2029-01-01 is outside the working-day calendar, which knows the years 2024–2026, 2028; add the year to calendar.ron"
    );
}

#[test]
fn the_festival_table_matches_an_astronomical_calendar() {
    use tyme4rs::tyme::lunar::LunarDay;
    use tyme4rs::tyme::solar::SolarDay;
    use tyme4rs::tyme::Culture;
    let solar = |day: SolarDay| {
        NaiveDate::from_ymd_opt(day.get_year() as i32, day.get_month() as u32, day.get_day() as u32).unwrap()
    };
    let table = festival_dates::FestivalDates::table();
    assert_eq!((table.first().unwrap().year, table.last().unwrap().year), (2024, 2100));
    for dates in table {
        let year = dates.year as isize;
        assert_eq!(dates.spring_festival, solar(LunarDay::from_ymd(year, 1, 1).get_solar_day()), "{year} 春节");
        assert_eq!(dates.dragon_boat, solar(LunarDay::from_ymd(year, 5, 5).get_solar_day()), "{year} 端午");
        assert_eq!(dates.mid_autumn, solar(LunarDay::from_ymd(year, 8, 15).get_solar_day()), "{year} 中秋");
        let qingming =
            (1..=10).map(|day| SolarDay::from_ymd(year, 4, day)).find(|day| day.get_term().get_name() == "清明");
        assert_eq!(Some(dates.qingming), qingming.map(solar), "{year} 清明");
    }
}

#[test]
fn the_derived_holidays_fall_in_the_official_ones_of_2024_to_2026() {
    let stock = official();
    // 2024 was arranged under the former rule: check the festivals' own days.
    let dates = festival_dates::FestivalDates::of(2024).unwrap();
    for day in [dates.spring_festival, dates.qingming, dates.dragon_boat, dates.mid_autumn] {
        assert!(matches!(stock.day(day).unwrap(), DayKind::Holiday { .. }), "{day}");
    }
    // 2025 and 2026: every statutory day of the revised rule is an official day off of the
    // same holiday (the official periods add weekends and 调休 around them).
    for year in [2025, 2026] {
        let derived = provisional_year::ProvisionalYear::derive(year).unwrap();
        let statutory = derived.days_off.iter().filter(|(date, _)| !is_made_up(&derived, *date));
        for (date, name) in statutory {
            match stock.day(*date).unwrap() {
                DayKind::Holiday { name: official } => {
                    assert!(name.split('、').all(|part| official.contains(part)), "{date}: {name} vs {official}")
                }
                other => panic!("{date} ({name}) is {other:?} in the official {year}"),
            }
        }
    }
}

/// Whether `date` is a day the rule adds as 补假 (not a holiday's own day).
fn is_made_up(year: &provisional_year::ProvisionalYear, date: NaiveDate) -> bool {
    let dates = festival_dates::FestivalDates::of(year.year).unwrap();
    let own = |first: NaiveDate, days: u64| date >= first && date < first + chrono::Days::new(days);
    let fixed = |m, d| NaiveDate::from_ymd_opt(year.year, m, d).unwrap();
    !(own(fixed(1, 1), 1)
        || own(dates.new_years_eve(), 4)
        || own(dates.qingming, 1)
        || own(fixed(5, 1), 2)
        || own(dates.dragon_boat, 1)
        || own(fixed(10, 1), 3)
        || own(dates.mid_autumn, 1))
}

#[test]
fn a_year_without_an_arrangement_is_provisional() {
    let calendar = Calendar::stock();
    assert_eq!(calendar.official_years(), vec![2024, 2025, 2026]);
    assert!(!calendar.is_provisional(2026) && calendar.is_provisional(2027) && calendar.is_provisional(2100));
    assert!(!calendar.is_provisional(2101));
    // 2027 by the 放假办法: the statutory days, and each one on a weekend made up (补假) on
    // the first weekday after its holiday; no weekend day is worked.
    let expected = [
        ("2027-01-01", "元旦"),
        ("2027-02-05", "春节"), // 除夕, Friday
        ("2027-02-06", "春节"),
        ("2027-02-07", "春节"),
        ("2027-02-08", "春节"),
        ("2027-02-09", "春节"), // 补假 for Saturday 2/6
        ("2027-02-10", "春节"), // 补假 for Sunday 2/7
        ("2027-04-05", "清明节"),
        ("2027-05-01", "劳动节"),
        ("2027-05-02", "劳动节"),
        ("2027-05-03", "劳动节"),
        ("2027-05-04", "劳动节"),
        ("2027-06-09", "端午节"),
        ("2027-09-15", "中秋节"),
        ("2027-10-01", "国庆节"),
        ("2027-10-02", "国庆节"),
        ("2027-10-03", "国庆节"),
        ("2027-10-04", "国庆节"),
        ("2027-10-05", "国庆节"),
    ];
    let derived = provisional_year::ProvisionalYear::derive(2027).unwrap();
    let found: Vec<(String, &str)> =
        derived.days_off.iter().map(|(date, name)| (date.to_string(), name.as_str())).collect();
    let expected: Vec<(String, &str)> = expected.iter().map(|(date, name)| (date.to_string(), *name)).collect();
    assert_eq!(found, expected);
    assert_eq!(calendar.day(d("2027-02-08")).unwrap(), holiday("春节"));
    assert_eq!(calendar.day(d("2027-02-13")).unwrap(), DayKind::Weekend);
    assert_eq!(calendar.day(d("2027-02-11")).unwrap(), DayKind::Working);
    // Counting runs from the official years into the provisional ones: Thu 2026-12-31, then
    // Fri 1/1 off and the weekend, Mon 2027-01-04.
    assert_eq!(calendar.add_working_days(d("2026-12-31"), 1).unwrap(), d("2027-01-04"));
    assert_eq!(calendar.provisional_between(d("2026-12-31"), d("2028-01-04")), vec![2027, 2028]);
    assert_eq!(calendar.provisional_among([d("2025-03-01"), d("2026-06-01")]), Vec::<i32>::new());
    assert_eq!(calendar.provisional_among([d("2027-03-01"), d("2025-06-01")]), vec![2027]);
    assert_eq!(
        calendar.day(d("2101-01-01")).unwrap_err().to_string(),
        "2101-01-01 is outside the working-day calendar, which knows the years 2024–2026, 2027–2100 (provisional); add the year to calendar.ron"
    );
}

#[test]
fn a_holiday_shared_by_two_festivals_is_made_up_once_more() {
    // 2031: 中秋节 falls on 10/1, a day of 国庆节 (Wednesday 10/1 – Friday 10/3).
    let derived = provisional_year::ProvisionalYear::derive(2031).unwrap();
    let october: Vec<(String, &str)> = derived
        .days_off
        .iter()
        .filter(|(date, _)| date.month() == 10)
        .map(|(date, name)| (date.to_string(), name.as_str()))
        .collect();
    assert_eq!(
        october,
        vec![
            ("2031-10-01".to_string(), "国庆节、中秋节"),
            ("2031-10-02".to_string(), "国庆节"),
            ("2031-10-03".to_string(), "国庆节"),
            ("2031-10-06".to_string(), "中秋节"), // the shared day made up on the Monday after
        ]
    );
    // 元旦 on a Saturday (2028 is no such year; 2033 is): made up on Monday 1/3.
    let derived = provisional_year::ProvisionalYear::derive(2033).unwrap();
    assert_eq!(
        derived.days_off[..2].iter().map(|(date, _)| date.to_string()).collect::<Vec<_>>(),
        ["2033-01-01", "2033-01-03"]
    );
    // The rule starts with the revision in force on 2025-01-01.
    assert!(provisional_year::ProvisionalYear::derive(2024).is_none());
}

#[test]
fn a_calendar_day_period_ending_on_a_rest_day_rolls_forward() {
    use crate::Counting;
    let calendar = Calendar::stock();
    // 30 days after 2025-09-03 is Fri 10/3, inside 国庆节 and 中秋节 (10/1–10/8): the period ends
    // on Thu 10/9, the first working day after (《民法典》第二百零三条).
    let end = Counting::CalendarDays.end(&calendar, d("2025-09-03"), 30).unwrap();
    assert_eq!((end.date, end.rolled_from), (d("2025-10-09"), Some(d("2025-10-03"))));
    let why = calendar.roll_forward(d("2025-10-03")).unwrap().unwrap();
    assert_eq!(why.to_string(), "10月3日为法定节假日（国庆节、中秋节），顺延至10月9日");
    // An ordinary Saturday rolls to Monday; a worked Sunday (调休) does not roll at all.
    let why = calendar.roll_forward(d("2024-06-08")).unwrap().unwrap();
    assert_eq!(why.to_string(), "6月8日为休息日（星期六），顺延至6月11日");
    assert_eq!(calendar.roll_forward(d("2024-09-29")).unwrap(), None);
    assert_eq!(Counting::CalendarDays.end(&calendar, d("2024-08-30"), 30).unwrap().rolled_from, None);
    // Across the year: 12/31 is worked in 2024, but 2025-01-01 is 元旦.
    let why = calendar.roll_forward(d("2025-01-01")).unwrap().unwrap();
    assert_eq!(why.to_string(), "1月1日为法定节假日（元旦），顺延至1月2日");
    let why = calendar.roll_forward(d("2024-12-29")).unwrap().unwrap();
    assert_eq!(why.to_string(), "12月29日为休息日（星期日），顺延至12月30日");
}

#[test]
fn a_lead_time_never_moves_and_working_days_count_as_before() {
    use crate::Counting;
    let calendar = Calendar::stock();
    let lead = Counting::LeadTime.end(&calendar, d("2025-09-03"), 30).unwrap();
    assert_eq!((lead.date, lead.rolled_from), (d("2025-10-03"), None));
    let working = Counting::WorkingDays.end(&calendar, d("2024-09-27"), 7).unwrap();
    assert_eq!((working.date, working.rolled_from), (d("2024-10-12"), None));
    // 0 days: the start itself, rolled forward when it is not worked.
    assert_eq!(Counting::CalendarDays.end(&calendar, d("2024-10-01"), 0).unwrap().date, d("2024-10-08"));
    assert_eq!("lead".parse::<Counting>(), Ok(Counting::LeadTime));
    assert!("weeks".parse::<Counting>().unwrap_err().contains("\"calendar\", \"working\" or \"lead\""));
}
