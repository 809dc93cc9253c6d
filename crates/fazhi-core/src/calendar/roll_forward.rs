use std::fmt;

use chrono::{Datelike, NaiveDate, Weekday};

use super::DayKind;

/// Why a period's last day moved: the day the count reached was not worked, so the period ends
/// on the first working day after it (《民法典》第二百零三条).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollForward {
    /// The day the count reached.
    pub last_day: NaiveDate,
    /// The first working day after it: the period's last day.
    pub to: NaiveDate,
    /// What `last_day` is: a holiday or an ordinary weekend day.
    pub rest: DayKind,
}

impl fmt::Display for RollForward {
    /// `10月3日为法定节假日（国庆节），顺延至10月9日`, `6月8日为休息日（星期六），顺延至6月11日`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let with_year = self.last_day.year() != self.to.year();
        let day = |date: NaiveDate| {
            if with_year {
                format!("{}年{}月{}日", date.year(), date.month(), date.day())
            } else {
                format!("{}月{}日", date.month(), date.day())
            }
        };
        let what = match &self.rest {
            DayKind::Holiday { name } => format!("法定节假日（{name}）"),
            _ => format!("休息日（{}）", weekday(self.last_day.weekday())),
        };
        write!(f, "{}为{what}，顺延至{}", day(self.last_day), day(self.to))
    }
}

fn weekday(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}
