use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// What a date may look like, for messages.
/// The date shapes read, as a message says them.
fn date_shapes() -> String {
    crate::tr!(
        "expected YYYY-MM-DD (or YYYY/M/D, YYYY.M.D, YYYY年M月D日)",
        "应为 YYYY-MM-DD（或 YYYY/M/D、YYYY.M.D、YYYY年M月D日）"
    )
}

/// Parses a date as people write it — `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D` or `YYYY年M月D日`
/// (month and day with or without a leading zero) — explaining what is wrong with an
/// impossible one (e.g. `2024-02-30`). This is the one date reader of every file fazhi reads:
/// RON, dossiers, history, ledger and checklist cells.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    // The usual shape, read without allocating; anything else takes the explaining path.
    if let Some(date) = quick_date(text.as_bytes()) {
        return Ok(date);
    }
    let shapes = || {
        let shapes = date_shapes();
        crate::tr!("invalid date \"{text}\": {shapes}", "日期“{text}”无效：{shapes}")
    };
    let parts = date_parts(text.trim()).ok_or_else(shapes)?;
    let (Ok(year), Ok(month), Ok(day)) = (parts[0].parse::<i32>(), parts[1].parse::<u32>(), parts[2].parse::<u32>())
    else {
        return Err(shapes());
    };
    if !(1..=12).contains(&month) {
        return Err(crate::tr!(
            "invalid date \"{text}\": there is no month {month}",
            "日期“{text}”无效：没有 {month} 月"
        ));
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        crate::tr!(
            "invalid date \"{text}\": {year}-{month:02} has no day {day}",
            "日期“{text}”无效：{year}年{month}月没有 {day} 日"
        )
    })
}

/// The year, month and day of `YYYY-M-D` (one separator, `-`, `/` or `.`, throughout) or
/// `YYYY年M月D日`: four digits, then one or two, then one or two.
fn date_parts(text: &str) -> Option<[&str; 3]> {
    let parts: Vec<&str> = if let Some(rest) = text.strip_suffix('日') {
        let (year, rest) = rest.split_once('年')?;
        let (month, day) = rest.split_once('月')?;
        vec![year, month, day]
    } else {
        let separator = text.chars().find(|c| ['-', '/', '.'].contains(c))?;
        text.split(separator).collect()
    };
    let [year, month, day] = parts[..] else { return None };
    let digits = |part: &str, lengths: std::ops::RangeInclusive<usize>| {
        lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
    };
    (digits(year, 4..=4) && digits(month, 1..=2) && digits(day, 1..=2)).then_some([year, month, day])
}

/// Parses `YYYY-MM-DD` (taken as 12:00) or `YYYY-MM-DDTHH:MM[:SS]`.
pub fn parse_date_time(text: &str) -> Result<NaiveDateTime, String> {
    let Some((date, time)) = text.split_once(['T', ' ']) else {
        return parse_date(text).map(|date| date.and_time(NaiveTime::from_hms_opt(12, 0, 0).expect("noon exists")));
    };
    let date = parse_date(date)?;
    if let Some(time) = quick_time(time.as_bytes()) {
        return Ok(date.and_time(time));
    }
    NaiveTime::parse_from_str(time, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(time, "%H:%M"))
        .map(|time| date.and_time(time))
        .map_err(|_| {
            crate::tr!(
                "invalid time \"{time}\" in \"{text}\": expected HH:MM or HH:MM:SS",
                "“{text}”中的时间“{time}”无效：应为 HH:MM 或 HH:MM:SS"
            )
        })
}

/// Two ASCII digits as a number.
fn two_digits(bytes: &[u8]) -> Option<u32> {
    match bytes {
        [a @ b'0'..=b'9', b @ b'0'..=b'9'] => Some(u32::from(a - b'0') * 10 + u32::from(b - b'0')),
        _ => None,
    }
}

/// `YYYY-MM-DD` exactly, a date that exists.
fn quick_date(bytes: &[u8]) -> Option<NaiveDate> {
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year = two_digits(&bytes[0..2])? * 100 + two_digits(&bytes[2..4])?;
    NaiveDate::from_ymd_opt(year as i32, two_digits(&bytes[5..7])?, two_digits(&bytes[8..10])?)
}

/// `HH:MM` or `HH:MM:SS` exactly, a time that exists.
fn quick_time(bytes: &[u8]) -> Option<NaiveTime> {
    let seconds = match bytes.len() {
        5 => 0,
        8 if bytes[5] == b':' => two_digits(&bytes[6..8])?,
        _ => return None,
    };
    if bytes[2] != b':' {
        return None;
    }
    NaiveTime::from_hms_opt(two_digits(&bytes[0..2])?, two_digits(&bytes[3..5])?, seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_dates_are_explained() {
        assert_eq!(parse_date("2024-02-29").unwrap(), NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
        assert_eq!(parse_date("2024-02-30").unwrap_err(), "invalid date \"2024-02-30\": 2024-02 has no day 30");
        assert_eq!(parse_date("2025-13-01").unwrap_err(), "invalid date \"2025-13-01\": there is no month 13");
        let shapes = "expected YYYY-MM-DD (or YYYY/M/D, YYYY.M.D, YYYY年M月D日)";
        assert_eq!(parse_date("25-1-1").unwrap_err(), format!("invalid date \"25-1-1\": {shapes}"));
        assert_eq!(parse_date("2025/1-1").unwrap_err(), format!("invalid date \"2025/1-1\": {shapes}"));
        assert_eq!(parse_date("2025年2月30日").unwrap_err(), "invalid date \"2025年2月30日\": 2025-02 has no day 30");
    }

    #[test]
    fn dates_are_read_as_people_write_them() {
        let date = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        for text in ["2025-03-01", "2025-3-1", "2025/3/1", "2025/03/01", "2025.3.1", "2025年3月1日", "2025年03月01日"]
        {
            assert_eq!(parse_date(text), Ok(date), "{text}");
        }
        assert_eq!(parse_date_time("2025年3月1日").unwrap().to_string(), "2025-03-01 12:00:00");
        assert_eq!(parse_date_time("2025/3/1T09:30").unwrap().to_string(), "2025-03-01 09:30:00");
    }

    #[test]
    fn date_times_default_to_noon() {
        assert_eq!(parse_date_time("2024-03-01").unwrap().to_string(), "2024-03-01 12:00:00");
        assert_eq!(parse_date_time("2024-03-01T09:30").unwrap().to_string(), "2024-03-01 09:30:00");
        assert!(parse_date_time("2024-03-01T25:00").is_err());
    }
}
