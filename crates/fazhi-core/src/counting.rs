use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Calendar, CalendarError, PeriodEnd};

/// How a period of days is counted, as the law that sets it says.
///
/// - [`Counting::CalendarDays`]: the general rule for periods (《民法典》第二百零一条至第二百零四条;
///   《民事诉讼法》第八十五条, applied by 《行政诉讼法》第一百零一条): the day the period starts is
///   not counted, and a period whose last day is a statutory holiday or rest day (法定休假日)
///   ends on the first working day after it.
/// - [`Counting::WorkingDays`]: periods the law counts in working days (《行政许可法》第八十二条,
///   《行政处罚法》第八十五条, 《行政复议法》第八十八条, 《政府信息公开条例》): holidays, rest
///   days and 调休 come from the calendar.
/// - [`Counting::LeadTime`]: a minimum span (听证会七日前通知, 不少于三十日): calendar days that
///   must pass, never moved, since moving its end would shorten it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Counting {
    /// Calendar days; a last day that is not worked rolls forward to the next working day.
    #[default]
    CalendarDays,
    /// Working days (工作日) on the working-day calendar.
    WorkingDays,
    /// A minimum lead time in calendar days, never rolled forward.
    LeadTime,
}

impl Counting {
    /// The law behind roll-forward, cited when a date moves.
    pub const ROLL_FORWARD_BASIS: &'static str = "《中华人民共和国民法典》第二百零三条";

    /// The day a period of `days` counted this way ends, `start` not counted. `days = 0` ends on
    /// `start` itself (rolled forward when counted in calendar days). Fails for a day outside
    /// the calendar's years.
    pub fn end(self, calendar: &Calendar, start: NaiveDate, days: u32) -> Result<PeriodEnd, CalendarError> {
        match self {
            Counting::WorkingDays => Ok(PeriodEnd::fixed(calendar.add_working_days(start, days)?)),
            Counting::LeadTime => Ok(PeriodEnd::fixed(calendar.add_days(start, i64::from(days))?)),
            Counting::CalendarDays => {
                let last = calendar.add_days(start, i64::from(days))?;
                let date = calendar.first_working_day_from(last)?;
                Ok(PeriodEnd { date, rolled_from: (date != last).then_some(last) })
            }
        }
    }

    /// The name used in files: `CalendarDays`, `WorkingDays`, `LeadTime`.
    pub fn name(self) -> &'static str {
        match self {
            Counting::CalendarDays => "CalendarDays",
            Counting::WorkingDays => "WorkingDays",
            Counting::LeadTime => "LeadTime",
        }
    }

    /// The counting in Chinese, with its basis, for `task show` and the docs.
    pub fn describe(self) -> &'static str {
        match self {
            Counting::CalendarDays => {
                "按日计算，开始的当日不计入；期间最后一日是法定休假日的，以其后的第一个工作日为期间的最后一日（《中华人民共和国民法典》第二百零三条）"
            }
            Counting::WorkingDays => "按工作日计算，开始的当日不计入，不含法定节假日和休息日",
            Counting::LeadTime => "提前或者最短期限，按日计算，不因法定休假日顺延",
        }
    }

    /// The unit after a number of days: 日, 个工作日.
    pub fn unit(self) -> &'static str {
        match self {
            Counting::WorkingDays => "个工作日",
            Counting::CalendarDays | Counting::LeadTime => "日",
        }
    }
}

impl fmt::Display for Counting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Counting {
    type Err = String;

    /// `CalendarDays`, `WorkingDays`, `LeadTime`, or the short forms `calendar`, `working`,
    /// `lead` (as rule scripts write them).
    fn from_str(text: &str) -> Result<Counting, String> {
        match text {
            "CalendarDays" | "calendar" => Ok(Counting::CalendarDays),
            "WorkingDays" | "working" => Ok(Counting::WorkingDays),
            "LeadTime" | "lead" => Ok(Counting::LeadTime),
            other => Err(format!(
                "unknown counting \"{other}\" (expected \"calendar\", \"working\" or \"lead\": CalendarDays, WorkingDays, LeadTime)"
            )),
        }
    }
}
