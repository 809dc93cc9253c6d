use chrono::NaiveDate;

use crate::{Calendar, Item, Status};

/// How much time a task has left on a day, as every front end says it: the CLI's tables, the
/// web pages and, for overdue tasks, the reminders (overdue is counted in working days, as the
/// reminders count it, with calendar days beside).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeLeft {
    /// The task has no deadline yet (its start event has not happened).
    NoDeadline,
    /// Cancelled: no time counts any more.
    Cancelled,
    /// Done by its deadline (or done with no deadline).
    DoneOnTime,
    /// Done this many calendar days after its deadline.
    DoneLate {
        /// Calendar days after the deadline.
        days: i64,
    },
    /// Open, and its deadline is today.
    DueToday,
    /// Open, with this many calendar days to its deadline.
    Left {
        /// Calendar days to the deadline.
        days: i64,
    },
    /// Open past its deadline.
    Overdue {
        /// Calendar days since the deadline.
        days: i64,
        /// Working days since the deadline (the reminders' count); `None` where the calendar
        /// does not know a year in between.
        working_days: Option<i64>,
    },
}

impl TimeLeft {
    /// What `item` has left on `today`, working days counted by `calendar`.
    pub fn of(item: &Item, today: NaiveDate, calendar: &Calendar) -> TimeLeft {
        match (item.status, item.deadline) {
            (Status::Cancelled, _) => TimeLeft::Cancelled,
            (Status::Done, deadline) => {
                let late = match (deadline, item.completed_at) {
                    (Some(deadline), Some(done)) => (done.date() - deadline).num_days(),
                    _ => 0,
                };
                if late > 0 {
                    TimeLeft::DoneLate { days: late }
                } else {
                    TimeLeft::DoneOnTime
                }
            }
            (_, None) => TimeLeft::NoDeadline,
            (_, Some(deadline)) => match (deadline - today).num_days() {
                0 => TimeLeft::DueToday,
                days if days > 0 => TimeLeft::Left { days },
                days => {
                    TimeLeft::Overdue { days: -days, working_days: calendar.working_days_between(deadline, today).ok() }
                }
            },
        }
    }

    /// In Chinese: `已逾期 74 个工作日（111 天）`, `剩 3 天`, `今日到期`, `按期办结`.
    pub fn chinese(self) -> String {
        match self {
            TimeLeft::NoDeadline => "尚未确定".to_string(),
            TimeLeft::Cancelled => "—".to_string(),
            TimeLeft::DoneOnTime => "按期办结".to_string(),
            TimeLeft::DoneLate { days } => format!("逾期 {days} 天办结"),
            TimeLeft::DueToday => "今日到期".to_string(),
            TimeLeft::Left { days } => format!("剩 {days} 天"),
            TimeLeft::Overdue { days, working_days: Some(working) } => {
                format!("已逾期 {working} 个工作日（{days} 天）")
            }
            TimeLeft::Overdue { days, working_days: None } => format!("已逾期 {days} 天"),
        }
    }

    /// In English: `74 working days overdue (111 days)`, `3 days`, `due today`, `done on time`.
    pub fn english(self) -> String {
        let days_word = |n: i64| if n == 1 { "1 day".to_string() } else { format!("{n} days") };
        match self {
            TimeLeft::NoDeadline | TimeLeft::Cancelled => "-".to_string(),
            TimeLeft::DoneOnTime => "done on time".to_string(),
            TimeLeft::DoneLate { days } => format!("done {} late", days_word(days)),
            TimeLeft::DueToday => "due today".to_string(),
            TimeLeft::Left { days } => days_word(days),
            TimeLeft::Overdue { days, working_days: Some(working) } => {
                let unit = if working == 1 { "working day" } else { "working days" };
                format!("{working} {unit} overdue ({})", days_word(days))
            }
            TimeLeft::Overdue { days, working_days: None } => format!("{} overdue", days_word(days)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(status: Status, deadline: &str) -> Item {
        Item {
            id: "t@2025".into(),
            duty: "t".into(),
            title: "学法".into(),
            module: "m".into(),
            unit: "u".into(),
            owner: "p".into(),
            cooperating: Vec::new(),
            deadline: Some(deadline.parse().unwrap()),
            rolled_from: None,
            status,
            completed_at: None,
        }
    }

    #[test]
    fn overdue_counts_working_days_as_the_reminders_do_with_calendar_days_beside() {
        let calendar = Calendar::stock();
        let today: NaiveDate = "2025-03-20".parse().unwrap();
        // 2025-02-28 (Friday) to 2025-03-20 (Thursday): 20 days, 14 working days.
        let left = TimeLeft::of(&item(Status::Todo, "2025-02-28"), today, &calendar);
        assert_eq!(left, TimeLeft::Overdue { days: 20, working_days: Some(14) });
        assert_eq!(left.chinese(), "已逾期 14 个工作日（20 天）");
        assert_eq!(left.english(), "14 working days overdue (20 days)");
        assert_eq!(TimeLeft::of(&item(Status::Doing, "2025-03-21"), today, &calendar).chinese(), "剩 1 天");
        assert_eq!(TimeLeft::of(&item(Status::Todo, "2025-03-20"), today, &calendar).english(), "due today");
        assert_eq!(TimeLeft::of(&item(Status::Cancelled, "2025-01-01"), today, &calendar), TimeLeft::Cancelled);
    }

    #[test]
    fn a_year_the_calendar_does_not_know_leaves_the_calendar_days_alone() {
        let left = TimeLeft::of(&item(Status::Todo, "1990-01-01"), "1990-01-03".parse().unwrap(), &Calendar::stock());
        assert_eq!(left, TimeLeft::Overdue { days: 2, working_days: None });
        assert_eq!(left.chinese(), "已逾期 2 天");
    }
}
