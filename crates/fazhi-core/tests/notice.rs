//! `Notice`: the State Council's holiday notice, read from its published text, gives exactly
//! the arrangement fazhi ships; what it cannot read is refused at its line and column.

use chrono::NaiveDate;
use fazhi_core::calendar::DayKind;
use fazhi_core::{Calendar, Notice, SourceFile};
use serde::Deserialize;

#[derive(Deserialize)]
struct Shipped {
    years: Vec<ShippedYear>,
}

#[derive(Deserialize)]
struct ShippedYear {
    year: i32,
    holidays: Vec<ShippedHoliday>,
    #[serde(default)]
    workdays: Vec<ShippedWorkday>,
}

#[derive(Deserialize)]
struct ShippedHoliday {
    name: String,
    from: String,
    to: String,
}

#[derive(Deserialize)]
struct ShippedWorkday {
    name: String,
    date: String,
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn notice(year: i32) -> Notice {
    let path = format!("{}/tests/notices/{year}.txt", env!("CARGO_MANIFEST_DIR"));
    let source = SourceFile::new(format!("{year}.txt"), std::fs::read_to_string(path).unwrap());
    Notice::parse(&source, None).unwrap_or_else(|problems| panic!("{problems:?}"))
}

fn problems(text: &str) -> Vec<String> {
    let source = SourceFile::new("notice.txt", text);
    Notice::parse(&source, None).expect_err("the notice is refused").iter().map(ToString::to_string).collect()
}

#[test]
fn the_2024_to_2026_notices_give_exactly_the_shipped_years() {
    let shipped: Shipped = ron::from_str(include_str!("../data/calendar.ron")).unwrap();
    for year in 2024..=2026 {
        let expected = shipped.years.iter().find(|entry| entry.year == year).unwrap();
        let notice = notice(year);
        assert_eq!(notice.year, year);
        let holidays: Vec<(String, NaiveDate, NaiveDate)> =
            expected.holidays.iter().map(|h| (h.name.clone(), date(&h.from), date(&h.to))).collect();
        let workdays: Vec<(String, NaiveDate)> =
            expected.workdays.iter().map(|w| (w.name.clone(), date(&w.date))).collect();
        assert_eq!(notice.holidays, holidays, "{year}");
        assert_eq!(notice.workdays, workdays, "{year}");
        assert!(notice.other_years.is_empty());

        // The calendar.ron it writes is the shipped year, day by day.
        let written = Calendar::parse(&SourceFile::new("calendar.ron", notice.calendar_ron())).unwrap();
        let stock = Calendar::stock();
        for day in date(&format!("{year}-01-01")).iter_days().take_while(|day| *day <= date(&format!("{year}-12-31"))) {
            assert_eq!(written.day(day), stock.day(day), "{day}");
        }
    }
}

#[test]
fn an_imported_year_replaces_the_provisional_one() {
    let mut calendar = Calendar::stock();
    assert!(calendar.is_provisional(2027));
    let text = "国务院办公厅关于2027年部分节假日安排的通知\n\
                一、春节：2月5日（农历除夕、周五）至11日（周四）放假调休，共7天。2月13日（周六）上班。\n";
    let notice = Notice::parse(&SourceFile::new("notice.txt", text), None).unwrap();
    calendar.extend(Calendar::parse(&SourceFile::new("calendar.ron", notice.calendar_ron())).unwrap());
    assert!(!calendar.is_provisional(2027));
    assert_eq!(calendar.day(date("2027-02-11")).unwrap(), DayKind::Holiday { name: "春节".into() });
    assert_eq!(calendar.day(date("2027-02-13")).unwrap(), DayKind::AdjustedWorkday { name: "春节".into() });
    // Only the notice's days: no provisional 劳动节 is left in an official year.
    assert_eq!(calendar.day(date("2027-05-03")).unwrap(), DayKind::Working);
}

#[test]
fn merging_keeps_the_other_years_and_their_comments() {
    let existing = "// 本镇的日历\n(\n    years: [\n        // 2028年（示例）\n        (year: 2028, holidays: [(name: \"元旦\", from: \"2028-01-01\", to: \"2028-01-01\")]),\n    ],\n)\n";
    let source = SourceFile::new("calendar.ron", existing);
    let notice = notice(2026);
    let merged = notice.merge_into(&source).unwrap();
    assert!(merged.starts_with("// 本镇的日历\n"), "{merged}");
    assert!(merged.contains("// 2028年（示例）"), "{merged}");
    let calendar = Calendar::parse(&SourceFile::new("calendar.ron", merged.clone())).unwrap();
    assert_eq!(calendar.years(), vec![2026, 2028]);

    // Importing the same year again replaces its entry rather than adding a second one.
    let again = notice.merge_into(&SourceFile::new("calendar.ron", merged.clone())).unwrap();
    assert_eq!(again.matches("year: 2026").count(), 1, "{again}");
    assert_eq!(Calendar::parse(&SourceFile::new("calendar.ron", again)).unwrap().years(), vec![2026, 2028]);
}

#[test]
fn what_cannot_be_read_is_refused_at_its_line_and_column() {
    let title = "国务院办公厅关于2026年部分节假日安排的通知\n";
    // A weekday that does not match the date.
    let found = problems(&format!("{title}一、元旦：1月1日（周五）至3日（周六）放假调休，共3天。\n"));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("notice.txt:2:6:"), "{found:?}");
    assert!(found[0].contains("is a Thursday in 2026, but the notice says 周五"), "{found:?}");
    // A count that does not match the period.
    let found = problems(&format!("{title}\n三、清明节：4月4日（周六）至6日（周一）放假，共4天。\n"));
    assert!(found[0].starts_with("notice.txt:3:"), "{found:?}");
    assert!(found[0].contains("共4天, but 2026-04-04 to 2026-04-06 is 3 days"), "{found:?}");
    // A date that is not one.
    let found = problems(&format!("{title}二、春节：2月30日至3月1日放假。\n"));
    assert!(found[0].contains("2026年2月30日 is not a date"), "{found:?}");
    // An item with no period.
    let found = problems(&format!("{title}四、劳动节：另行通知。\n"));
    assert!(found[0].contains("no holiday period"), "{found:?}");
    // A list of workdays that is not one.
    let found =
        problems(&format!("{title}七、国庆节：10月1日至7日放假调休，共7天。9月20日（周日）及10月10日（周六）上班。\n"));
    assert!(found[0].contains("expected \"、\" or \"上班\" after a date"), "{found:?}");
    // A worked day that is not a weekend day.
    let found = problems(&format!("{title}七、国庆节：10月1日至7日放假调休，共7天。9月21日上班。\n"));
    assert!(found[0].contains("is a Monday, not a Saturday or Sunday"), "{found:?}");
    // No year, and no items.
    assert!(problems("一、元旦：1月1日放假。\n")[0].contains("give the year with --year"));
    assert!(problems(title)[0].contains("has no item"));
}

#[test]
fn an_item_may_run_over_several_lines_and_the_year_may_be_given() {
    let text = "一、春节：2月15日（农历腊月二十八、周日）至23日\n（农历正月初七、周一）放假调休，共9天。\n2月14日（周六）上班。\n节假日期间，各地区要妥善安排。\n";
    let notice = Notice::parse(&SourceFile::new("notice.txt", text), Some(2026)).unwrap();
    assert_eq!(notice.holidays, vec![("春节".to_string(), date("2026-02-15"), date("2026-02-23"))]);
    assert_eq!(notice.workdays, vec![("春节".to_string(), date("2026-02-14"))]);
    // A given year that disagrees with the text is refused.
    let source = SourceFile::new("notice.txt", "国务院办公厅关于2026年部分节假日安排的通知\n一、元旦：1月1日放假。\n");
    let refused = Notice::parse(&source, Some(2027)).unwrap_err();
    assert!(refused[0].message.contains("the notice is for 2026, not 2027"), "{refused:?}");
}

#[test]
fn days_in_another_year_are_set_aside() {
    let text = "国务院办公厅关于2023年部分节假日安排的通知\n一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。\n";
    let notice = Notice::parse(&SourceFile::new("notice.txt", text), None).unwrap();
    assert_eq!(notice.holidays, vec![("元旦".to_string(), date("2023-01-01"), date("2023-01-02"))]);
    assert_eq!(notice.other_years, vec![("元旦".to_string(), date("2022-12-31"))]);
}
