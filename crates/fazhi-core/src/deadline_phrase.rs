use chrono::{Datelike, NaiveDate};

use crate::{Counting, Deadline, Recurrence};

/// A deadline as towns write it in a 任务清单's 完成时限 column (`2025年3月31日`, `3月底`,
/// `每季度末`, `长期坚持`, `立案后90日内`), read onto the checklist's deadline forms.
///
/// A phrase counted from something names it in words; the caller finds what it names (a duty of
/// the same table by its title, else an event) and makes the [`Deadline`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeadlinePhrase {
    /// A fixed date or a recurrence.
    Fixed(Deadline),
    /// `days` after what `what` names (`立案后90日内`: what = 立案; `X完成后10日内`: what = X完成).
    After {
        /// The words before 后.
        what: String,
        /// How many days.
        days: u32,
        /// How they are counted: 个工作日 → working days, （不顺延） → a lead time.
        counting: Counting,
    },
    /// `days` before what `what` names (`听证会前7日`), never moved.
    Before {
        /// The words before 前.
        what: String,
        /// How many days.
        days: u32,
    },
}

/// The weekdays as written after 每周, with the cron name of each.
const WEEKDAYS: [(&str, &str); 9] = [
    ("一", "Mon"),
    ("二", "Tue"),
    ("三", "Wed"),
    ("四", "Thu"),
    ("五", "Fri"),
    ("六", "Sat"),
    ("日", "Sun"),
    ("天", "Sun"),
    ("末", "Fri"),
];

impl DeadlinePhrase {
    /// Reads `text` as a deadline of a checklist for `year` (the year a phrase without one,
    /// such as `3月底` or `年底前`, falls in). The error says, in a sentence, what is accepted.
    ///
    /// Fixed dates: `2025年3月31日`, `2025.3.31`, `2025/3/31`, `2025-03-31` (with 前, 之前 or
    /// 以前 after), `3月31日`, `3月底`, `3月`, `3月上旬`/`中旬`/`下旬`, `上半年`, `年底前`,
    /// `年内`. Recurrences: `每月` (the month's last day), `每月25日`, `每季度` or `每季度末`,
    /// `每季度第2个月15日`, `每年`, `每年6月30日`, `每周一` … `每周日` (09:00), `长期坚持` (checked
    /// each year on 31 December), `按计划 CRON`. Counted: `立案后90日内`, `X后10个工作日内`,
    /// `X完成后7日内（不顺延）`, `听证会前7日`; numbers in digits or in Chinese (`三十日内`).
    pub fn parse(text: &str, year: i32) -> Result<DeadlinePhrase, String> {
        let cleaned: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '（' => '(',
                '）' => ')',
                c => c,
            })
            .collect();
        let unknown = || {
            crate::tr!(
                "\"{text}\" is not a deadline fazhi can read: write a date (2025年3月31日, 3月底, 年底前), a \
                 recurrence (每月, 每季度末, 每年6月30日, 每周一, 长期坚持) or a period (立案后90日内)",
                "“{text}”不是能识别的完成时限：请写日期（2025年3月31日、3月底、年底前）、周期（每月、每季度末、每年6月30日、\
                 每周一、长期坚持）或期间（立案后90日内）"
            )
        };
        if cleaned.is_empty() {
            return Err(crate::tr!("a deadline is required", "须填写完成时限"));
        }
        if let Some(cron) = cleaned.strip_prefix("按计划") {
            let expression = text.trim().trim_start_matches("按计划").trim();
            return if cron.is_empty() {
                Err(unknown())
            } else {
                Ok(DeadlinePhrase::Fixed(Deadline::Every(Recurrence::Cron(expression.to_string()))))
            };
        }
        if let Some(recurrence) = recurrence(&cleaned)? {
            return Ok(DeadlinePhrase::Fixed(Deadline::Every(recurrence)));
        }
        if let Some(date) = fixed_date(&cleaned, year)? {
            return Ok(DeadlinePhrase::Fixed(Deadline::On(date)));
        }
        relative(&cleaned).ok_or_else(unknown)
    }

    /// How `deadline` is written in a 任务清单, so that [`DeadlinePhrase::parse`] reads it back
    /// as the same deadline; `named` gives the words for a duty (its title) or an event (its name)
    /// a deadline counts from.
    pub fn write(deadline: &Deadline, named: &dyn Fn(&str) -> String) -> String {
        let days = |days: u32, counting: Counting| match counting {
            Counting::CalendarDays => format!("{days}日内"),
            Counting::WorkingDays => format!("{days}个工作日内"),
            Counting::LeadTime => format!("{days}日内（不顺延）"),
        };
        match deadline {
            Deadline::On(date) => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
            Deadline::AfterDuty { duty, days: n, counting } => format!("{}完成后{}", named(duty), days(*n, *counting)),
            Deadline::AfterEvent { event, days: n, counting } => format!("{}后{}", named(event), days(*n, *counting)),
            Deadline::BeforeEvent { event, days } => format!("{}前{days}日", named(event)),
            Deadline::Every(Recurrence::Monthly { day: 31 }) => "每月".to_string(),
            Deadline::Every(Recurrence::Monthly { day }) => format!("每月{day}日"),
            Deadline::Every(Recurrence::Quarterly { month: 3, day: 31 }) => "每季度末".to_string(),
            Deadline::Every(Recurrence::Quarterly { month, day }) => format!("每季度第{month}个月{day}日"),
            Deadline::Every(Recurrence::Yearly { month, day }) => format!("每年{month}月{day}日"),
            Deadline::Every(Recurrence::Cron(expression)) => {
                let weekday = WEEKDAYS[..7].iter().find(|(_, name)| *expression == format!("0 0 9 * * {name}"));
                match weekday {
                    Some((day, _)) => format!("每周{day}"),
                    None => format!("按计划 {expression}"),
                }
            }
        }
    }
}

/// A recurrence, `Ok(None)` if `text` is none.
fn recurrence(text: &str) -> Result<Option<Recurrence>, String> {
    let text = text.trim_end_matches("前").trim_end_matches("完成");
    if matches!(text, "长期坚持" | "长期" | "持续推进" | "常态化" | "长期坚持,常态化推进") || text.starts_with("长期")
    {
        return Ok(Some(Recurrence::Yearly { month: 12, day: 31 }));
    }
    if let Some(rest) = text.strip_prefix("每月") {
        return match rest {
            "" | "底" | "末" | "月底" => Ok(Some(Recurrence::Monthly { day: 31 })),
            _ => match rest.strip_suffix('日').or_else(|| rest.strip_suffix('号')).and_then(number) {
                Some(day @ 1..=31) => Ok(Some(Recurrence::Monthly { day })),
                _ => Err(crate::tr!("\"每月{rest}\": write 每月 or 每月25日", "“每月{rest}”：请写 每月 或 每月25日")),
            },
        };
    }
    if let Some(rest) = text.strip_prefix("每季度").or_else(|| text.strip_prefix("每季")) {
        if matches!(rest, "" | "末" | "底") {
            return Ok(Some(Recurrence::Quarterly { month: 3, day: 31 }));
        }
        let parsed = rest.strip_prefix('第').and_then(|rest| rest.split_once("个月")).and_then(|(month, day)| {
            Some((number(month)?, number(day.strip_suffix('日').or_else(|| day.strip_suffix('号'))?)?))
        });
        return match parsed {
            Some((month @ 1..=3, day @ 1..=31)) => Ok(Some(Recurrence::Quarterly { month, day })),
            _ => Err(crate::tr!(
                "\"每季度{rest}\": write 每季度末 or 每季度第2个月15日",
                "“每季度{rest}”：请写 每季度末 或 每季度第2个月15日"
            )),
        };
    }
    if let Some(rest) = text.strip_prefix("每年") {
        if matches!(rest, "" | "底" | "末" | "年底") {
            return Ok(Some(Recurrence::Yearly { month: 12, day: 31 }));
        }
        return match month_day(rest) {
            Some((month, day)) => Ok(Some(Recurrence::Yearly { month, day })),
            None => {
                Err(crate::tr!("\"每年{rest}\": write 每年 or 每年6月30日", "“每年{rest}”：请写 每年 或 每年6月30日"))
            }
        };
    }
    if let Some(rest) = text.strip_prefix("每周").or_else(|| text.strip_prefix("每星期")) {
        let rest = if rest.is_empty() { "末" } else { rest };
        return match WEEKDAYS.iter().find(|(day, _)| *day == rest) {
            Some((_, name)) => Ok(Some(Recurrence::Cron(format!("0 0 9 * * {name}")))),
            None => Err(crate::tr!("\"每周{rest}\": write 每周一 … 每周日", "“每周{rest}”：请写 每周一 … 每周日")),
        };
    }
    Ok(None)
}

/// A fixed date, `Ok(None)` if `text` is none.
fn fixed_date(text: &str, year: i32) -> Result<Option<NaiveDate>, String> {
    let text =
        ["之前", "以前", "前完成", "前", "完成"].iter().find_map(|suffix| text.strip_suffix(suffix)).unwrap_or(text);
    let end_of = |year: i32, month: u32| {
        NaiveDate::from_ymd_opt(year, month, 1)
            .and_then(|first| first.checked_add_months(chrono::Months::new(1)))
            .and_then(|next| next.pred_opt())
    };
    let invalid = |what: &str| crate::tr!("\"{what}\" is not a valid date", "“{what}”不是有效的日期");
    match text {
        "年底" | "年末" | "年内" | "全年" | "本年度" | "年度内" | "下半年" => {
            return Ok(NaiveDate::from_ymd_opt(year, 12, 31))
        }
        "上半年" | "年中" => return Ok(NaiveDate::from_ymd_opt(year, 6, 30)),
        _ => {}
    }
    // 2025年3月31日, 2025.3.31, 2025/3/31, 2025-03-31
    let normalised = text.trim_end_matches(['日', '号']).replace(['年', '月', '/', '.', '-'], "-");
    let parts: Vec<&str> = normalised.split('-').collect();
    if let [y, m, d] = parts[..] {
        if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) {
            let (Ok(y), Some(m), Some(d)) = (y.parse::<i32>(), number(m), number(d)) else {
                return Err(invalid(text));
            };
            return NaiveDate::from_ymd_opt(y, m, d).map(Some).ok_or_else(|| invalid(text));
        }
    }
    // 2025年3月底, 2025年3月
    let (year, rest) = match text.split_once('年') {
        Some((y, rest)) if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => {
            (y.parse::<i32>().map_err(|_| invalid(text))?, rest)
        }
        _ => (year, text),
    };
    if let Some((month, rest)) = rest.split_once('月') {
        let Some(month) = number(month).filter(|month| (1..=12).contains(month)) else { return Ok(None) };
        let day = match rest {
            "" | "底" | "末" | "下旬" => return Ok(end_of(year, month)),
            "上旬" => 10,
            "中旬" => 20,
            day => match day.strip_suffix('日').or_else(|| day.strip_suffix('号')).and_then(number) {
                Some(day) => day,
                None => return Ok(None),
            },
        };
        return NaiveDate::from_ymd_opt(year, month, day).map(Some).ok_or_else(|| invalid(text));
    }
    Ok(None)
}

/// A period counted from something: `X后N日内`, `X后N个工作日内`, `X前N日`.
fn relative(text: &str) -> Option<DeadlinePhrase> {
    let (text, lead) = match text.strip_suffix("(不顺延)") {
        Some(text) => (text, true),
        None => (text, false),
    };
    let text = text.trim_end_matches("完成").trim_end_matches('内').trim_end_matches("以");
    let (text, working) = if let Some(text) = text.strip_suffix("个工作日") {
        (text, true)
    } else if let Some(text) = text.strip_suffix("工作日") {
        (text, true)
    } else {
        (text.strip_suffix('日').or_else(|| text.strip_suffix('天'))?, false)
    };
    let start = text.char_indices().rev().take_while(|(_, c)| is_numeral(*c)).last()?.0;
    let days = number(&text[start..])?;
    let before_number = &text[..start];
    if let Some(what) = before_number.strip_suffix('后').filter(|what| !what.is_empty()) {
        let counting = match (working, lead) {
            (true, _) => Counting::WorkingDays,
            (false, true) => Counting::LeadTime,
            (false, false) => Counting::CalendarDays,
        };
        return Some(DeadlinePhrase::After { what: what.to_string(), days, counting });
    }
    if let Some(what) = before_number.strip_suffix('前').filter(|what| !what.is_empty() && !working) {
        return Some(DeadlinePhrase::Before { what: what.to_string(), days });
    }
    None
}

fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || "零〇一二两三四五六七八九十百".contains(c)
}

/// `M月D日` (D may end in 号).
fn month_day(text: &str) -> Option<(u32, u32)> {
    let (month, day) = text.split_once('月')?;
    let month = number(month).filter(|month| (1..=12).contains(month))?;
    let day =
        number(day.strip_suffix('日').or_else(|| day.strip_suffix('号'))?).filter(|day| (1..=31).contains(day))?;
    Some((month, day))
}

/// A whole number in digits (`90`) or Chinese (`九十`, `三十五`, `一百二十`).
fn number(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok().filter(|n| *n < 100_000);
    }
    let digit = |c: char| {
        "零一二三四五六七八九".find(c).map(|at| (at / '零'.len_utf8()) as u32).or(match c {
            '〇' => Some(0),
            '两' => Some(2),
            _ => None,
        })
    };
    let (mut total, mut pending) = (0u32, None::<u32>);
    for c in text.chars() {
        match c {
            '百' => {
                total += pending.take().unwrap_or(1) * 100;
            }
            '十' => {
                total += pending.take().unwrap_or(1) * 10;
            }
            c => {
                if pending.is_some() {
                    return None;
                }
                pending = Some(digit(c)?);
            }
        }
    }
    Some(total + pending.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::DeadlinePhrase;
    use crate::{Counting, Deadline, Recurrence};

    fn on(y: i32, m: u32, d: u32) -> DeadlinePhrase {
        DeadlinePhrase::Fixed(Deadline::On(NaiveDate::from_ymd_opt(y, m, d).unwrap()))
    }

    fn every(recurrence: Recurrence) -> DeadlinePhrase {
        DeadlinePhrase::Fixed(Deadline::Every(recurrence))
    }

    #[test]
    fn the_phrases_towns_write_are_read_onto_the_deadline_forms() {
        let cases = [
            ("2025年3月31日", on(2025, 3, 31)),
            ("2025.3.31", on(2025, 3, 31)),
            ("2025/3/31", on(2025, 3, 31)),
            ("2025-03-31", on(2025, 3, 31)),
            ("2025年3月31日前", on(2025, 3, 31)),
            ("3月底", on(2025, 3, 31)),
            ("2月底前", on(2025, 2, 28)),
            ("6月30日前", on(2025, 6, 30)),
            ("9月中旬", on(2025, 9, 20)),
            ("年底前", on(2025, 12, 31)),
            ("上半年", on(2025, 6, 30)),
            ("每月", every(Recurrence::Monthly { day: 31 })),
            ("每月25日前", every(Recurrence::Monthly { day: 25 })),
            ("每季度末", every(Recurrence::Quarterly { month: 3, day: 31 })),
            ("每季度第2个月15日", every(Recurrence::Quarterly { month: 2, day: 15 })),
            ("每年6月30日", every(Recurrence::Yearly { month: 6, day: 30 })),
            ("每周一", every(Recurrence::Cron("0 0 9 * * Mon".to_string()))),
            ("每周五", every(Recurrence::Cron("0 0 9 * * Fri".to_string()))),
            ("长期坚持", every(Recurrence::Yearly { month: 12, day: 31 })),
            (
                "立案后90日内",
                DeadlinePhrase::After { what: "立案".to_string(), days: 90, counting: Counting::CalendarDays },
            ),
            (
                "受理后二十个工作日内",
                DeadlinePhrase::After { what: "受理".to_string(), days: 20, counting: Counting::WorkingDays },
            ),
            (
                "公示完成后7日内（不顺延）",
                DeadlinePhrase::After { what: "公示完成".to_string(), days: 7, counting: Counting::LeadTime },
            ),
            ("听证会前七日", DeadlinePhrase::Before { what: "听证会".to_string(), days: 7 }),
        ];
        for (text, expected) in cases {
            assert_eq!(DeadlinePhrase::parse(text, 2025), Ok(expected), "{text}");
        }
    }

    #[test]
    fn what_is_no_deadline_is_refused_with_what_is_accepted() {
        for text in ["尽快", "2025年2月30日", "每月40日", "每周八", "13月底", ""] {
            assert!(DeadlinePhrase::parse(text, 2025).is_err(), "{text}");
        }
        let message = DeadlinePhrase::parse("尽快", 2025).unwrap_err();
        assert!(message.contains("立案后90日内"), "{message}");
    }

    #[test]
    fn every_deadline_written_reads_back_as_itself() {
        let deadlines = [
            Deadline::On(NaiveDate::from_ymd_opt(2025, 3, 31).unwrap()),
            Deadline::Every(Recurrence::Monthly { day: 31 }),
            Deadline::Every(Recurrence::Monthly { day: 5 }),
            Deadline::Every(Recurrence::Quarterly { month: 3, day: 31 }),
            Deadline::Every(Recurrence::Quarterly { month: 1, day: 10 }),
            Deadline::Every(Recurrence::Yearly { month: 12, day: 31 }),
            Deadline::Every(Recurrence::Cron("0 0 9 * * Wed".to_string())),
            Deadline::Every(Recurrence::Cron("0 30 8 1 * *".to_string())),
        ];
        for deadline in deadlines {
            let text = DeadlinePhrase::write(&deadline, &|id| id.to_string());
            assert_eq!(DeadlinePhrase::parse(&text, 2024), Ok(DeadlinePhrase::Fixed(deadline.clone())), "{text}");
        }
        let after = Deadline::AfterEvent { event: "lian".to_string(), days: 10, counting: Counting::WorkingDays };
        let text = DeadlinePhrase::write(&after, &|_| "立案".to_string());
        assert_eq!(text, "立案后10个工作日内");
        assert_eq!(
            DeadlinePhrase::parse(&text, 2024),
            Ok(DeadlinePhrase::After { what: "立案".to_string(), days: 10, counting: Counting::WorkingDays })
        );
    }
}
