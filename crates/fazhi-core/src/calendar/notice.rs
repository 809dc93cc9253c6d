use chrono::{Datelike, NaiveDate, Weekday};

use super::calendar_file::CalendarFile;
use super::Calendar;
use crate::{Diagnostic, SourceFile};

/// A year's holiday arrangement read from the text of the State Council's notice
/// (《国务院办公厅关于20XX年部分节假日安排的通知》), as published.
///
/// Each item of the notice is read: `二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、
/// 周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。` gives the holiday period (checked
/// against its "共N天" and against the weekdays in brackets) and the adjusted working days.
/// Other paragraphs (the title, the preamble, the closing request) are not arrangements and
/// are passed over; an item that cannot be read is refused with its line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The year the notice arranges.
    pub year: i32,
    /// The holiday periods: (name, first day off, last day off), in the notice's order.
    pub holidays: Vec<(String, NaiveDate, NaiveDate)>,
    /// The adjusted working days (调休): (the holiday's name, the worked weekend day).
    pub workdays: Vec<(String, NaiveDate)>,
    /// Days the notice names in another year (a 元旦 starting on 31 December): not written,
    /// since they belong to that year's entry.
    pub other_years: Vec<(String, NaiveDate)>,
}

/// A piece of a notice's line being read: the text left and its byte offset in the file.
#[derive(Clone, Copy)]
struct Cursor<'a> {
    rest: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    /// Passes over spaces and line breaks (an item may run over several lines).
    fn skip_space(&mut self) {
        let trimmed = self.rest.trim_start();
        self.at += self.rest.len() - trimmed.len();
        self.rest = trimmed;
    }

    fn eat(&mut self, prefix: &str) -> bool {
        self.skip_space();
        match self.rest.strip_prefix(prefix) {
            Some(rest) => {
                self.at += prefix.len();
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    fn number(&mut self) -> Option<u32> {
        let digits = self.rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 4 {
            return None;
        }
        let value = self.rest[..digits].parse().ok()?;
        self.at += digits;
        self.rest = &self.rest[digits..];
        Some(value)
    }

    /// Skips a bracketed remark `（…）` or `(…)`, returning its text.
    fn remark(&mut self) -> Option<&'a str> {
        let close = if self.eat("（") {
            "）"
        } else if self.eat("(") {
            ")"
        } else {
            return None;
        };
        let end = self.rest.find(close).unwrap_or(self.rest.len());
        let text = &self.rest[..end];
        self.at += end;
        self.rest = &self.rest[end..];
        self.eat(close);
        Some(text)
    }
}

impl Notice {
    /// Reads the notice `source`. `year` is the year it arranges when the text does not say
    /// (the title "关于2027年部分节假日安排的通知" or "现将2027年…" does), or must agree with it.
    pub fn parse(source: &SourceFile, year: Option<i32>) -> Result<Notice, Vec<Diagnostic>> {
        let text = source.text.strip_prefix('\u{feff}').unwrap_or(&source.text);
        let shift = source.text.len() - text.len();
        let mut problems = Vec::new();
        let stated = stated_year(text);
        let year = match (year, stated) {
            (Some(given), Some((found, at))) if given != found => {
                problems.push(
                    source.diagnostic_at(shift + at, format!("the notice is for {found}, not {given} as --year says")),
                );
                given
            }
            (Some(given), _) => given,
            (None, Some((found, _))) => found,
            (None, None) => {
                return Err(vec![source.diagnostic_at(
                    0,
                    "cannot tell which year the notice is for: the text has no \"关于20XX年部分节假日安排的通知\" \
                     or \"现将20XX年\"; give the year with --year",
                )])
            }
        };
        let mut notice = Notice { year, holidays: Vec::new(), workdays: Vec::new(), other_years: Vec::new() };
        for (at, item) in items(text) {
            let cursor = Cursor { rest: item, at: shift + at };
            if let Err((offset, message)) = notice.read_item(cursor) {
                problems.push(source.diagnostic_at(offset, message));
            }
        }
        if problems.is_empty() && notice.holidays.is_empty() {
            problems.push(source.diagnostic_at(
                0,
                "the notice has no item such as \"一、元旦：1月1日放假…\": paste the notice's own text",
            ));
        }
        if problems.is_empty() {
            // The arrangement must make a valid calendar year (no overlap, workdays on weekends).
            let checked = SourceFile::new(source.path.clone(), notice.calendar_ron());
            if let Err(found) = Calendar::parse(&checked) {
                let messages: Vec<String> = found.into_iter().map(|problem| problem.message).collect();
                problems.push(
                    source.diagnostic_at(0, format!("the arrangement is not a valid year: {}", messages.join("; "))),
                );
            }
        }
        if problems.is_empty() {
            Ok(notice)
        } else {
            Err(problems)
        }
    }

    /// Reads one item, `春节：…` (its ordinal already taken off).
    fn read_item(&mut self, mut cursor: Cursor) -> Result<(), (usize, String)> {
        let colon = cursor
            .rest
            .find(['：', ':'])
            .ok_or((cursor.at, "an item needs the holiday's name and a colon, as in \"二、春节：…\"".to_string()))?;
        let name = cursor.rest[..colon].trim().to_string();
        if name.is_empty() {
            return Err((cursor.at, "the item names no holiday before its colon".to_string()));
        }
        let colon_len = cursor.rest[colon..].chars().next().map_or(1, char::len_utf8);
        cursor.at += colon + colon_len;
        cursor.rest = &cursor.rest[colon + colon_len..];

        let mut period = None;
        let mut at = cursor.at;
        for sentence in cursor.rest.split_inclusive(['。', '；', ';']) {
            let here = Cursor { rest: sentence.trim_end_matches(['。', '；', ';']), at };
            at += sentence.len();
            if here.rest.trim().is_empty() {
                continue;
            }
            if here.rest.contains("上班") {
                for date in
                    self.read_dates_before(here, "上班", period.map(|(from, _): (NaiveDate, NaiveDate)| from))?
                {
                    self.keep_workday(&name, date);
                }
            } else if here.rest.contains("放假") && period.is_none() {
                period = Some(self.read_period(here)?);
                let (from, to) = period.expect("just read");
                self.keep_holiday(&name, from, to);
            } else if here.rest.contains("放假") {
                return Err((
                    here.at,
                    format!("\"{name}\" has a second holiday period; write each holiday as its own item"),
                ));
            }
            // Anything else (鼓励各单位……) is advice, not an arrangement.
        }
        if period.is_none() {
            return Err((cursor.at, format!("\"{name}\": no holiday period (\"…月…日至…日放假\") was found")));
        }
        Ok(())
    }

    /// `2月15日（…）至23日（…）放假调休，共9天` or `1月1日放假，与周末连休`.
    fn read_period(&self, mut cursor: Cursor) -> Result<(NaiveDate, NaiveDate), (usize, String)> {
        let from = self.read_date(&mut cursor, None)?;
        let to = if cursor.eat("至") || cursor.eat("—") || cursor.eat("-") || cursor.eat("~") {
            self.read_date(&mut cursor, Some(from))?
        } else {
            from
        };
        if !cursor.rest.trim_start().starts_with("放假") {
            return Err((cursor.at, format!("expected \"放假\" after the dates, found \"{}\"", excerpt(cursor.rest))));
        }
        if to < from {
            return Err((cursor.at, format!("the holiday ends ({to}) before it starts ({from})")));
        }
        let days = (to - from).num_days() + 1;
        if let Some(stated) = stated_days(cursor.rest) {
            if stated != days {
                return Err((cursor.at, format!("the notice says 共{stated}天, but {from} to {to} is {days} days")));
            }
        }
        Ok((from, to))
    }

    /// The dates listed before `word` (`2月14日（周六）、2月28日（周六）上班`).
    fn read_dates_before(
        &self,
        mut cursor: Cursor,
        word: &str,
        context: Option<NaiveDate>,
    ) -> Result<Vec<NaiveDate>, (usize, String)> {
        let mut dates = Vec::new();
        let mut previous = context;
        loop {
            let date = self.read_date(&mut cursor, previous)?;
            dates.push(date);
            previous = Some(date);
            if cursor.eat("、") || cursor.eat("，") || cursor.eat(",") || cursor.eat("和") {
                continue;
            }
            if cursor.rest.trim_start().starts_with(word) {
                return Ok(dates);
            }
            return Err((
                cursor.at,
                format!("expected \"、\" or \"{word}\" after a date, found \"{}\"", excerpt(cursor.rest)),
            ));
        }
    }

    /// `[2026年]2月15日[（…周日）]`; the year and the month may be left out after an earlier date
    /// of the item (`至23日`).
    fn read_date(&self, cursor: &mut Cursor, previous: Option<NaiveDate>) -> Result<NaiveDate, (usize, String)> {
        cursor.skip_space();
        let start = cursor.at;
        let first = cursor
            .number()
            .ok_or((cursor.at, format!("expected a date such as \"2月15日\", found \"{}\"", excerpt(cursor.rest))))?;
        let (year, month, day) = if cursor.eat("年") {
            let month = cursor.number().ok_or((cursor.at, "expected the month after the year".to_string()))?;
            if !cursor.eat("月") {
                return Err((cursor.at, "expected \"月\" after the month".to_string()));
            }
            let day = cursor.number().ok_or((cursor.at, "expected the day after the month".to_string()))?;
            (first as i32, month, day)
        } else if cursor.eat("月") {
            let day = cursor.number().ok_or((cursor.at, "expected the day after the month".to_string()))?;
            (previous.map_or(self.year, |date| date.year()), first, day)
        } else {
            let previous = previous.ok_or((start, "a date needs its month, as in \"2月15日\"".to_string()))?;
            (previous.year(), previous.month(), first)
        };
        if !cursor.eat("日") && !cursor.eat("号") {
            return Err((cursor.at, format!("expected \"日\" after the day, found \"{}\"", excerpt(cursor.rest))));
        }
        let date = NaiveDate::from_ymd_opt(year, month, day)
            .ok_or((start, format!("{year}年{month}月{day}日 is not a date")))?;
        if let Some(remark) = cursor.remark() {
            if let Some(stated) = stated_weekday(remark) {
                if stated != date.weekday() {
                    return Err((
                        start,
                        format!(
                            "{month}月{day}日 is a {} in {year}, but the notice says {}",
                            date.format("%A"),
                            weekday_name(stated)
                        ),
                    ));
                }
            }
        }
        Ok(date)
    }

    fn keep_holiday(&mut self, name: &str, from: NaiveDate, to: NaiveDate) {
        let (first, last) = (self.first_day(), self.last_day());
        for day in from.iter_days().take_while(|day| *day <= to).filter(|day| day.year() != self.year) {
            self.other_years.push((name.to_string(), day));
        }
        let (from, to) = (from.max(first), to.min(last));
        if from <= to {
            self.holidays.push((name.to_string(), from, to));
        }
    }

    fn keep_workday(&mut self, name: &str, date: NaiveDate) {
        if date.year() == self.year {
            self.workdays.push((name.to_string(), date));
        } else {
            self.other_years.push((name.to_string(), date));
        }
    }

    fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, 1, 1).unwrap_or(NaiveDate::MIN)
    }

    fn last_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, 12, 31).unwrap_or(NaiveDate::MAX)
    }

    /// The year's entry as it stands in calendar.ron's `years: [...]`, indented by `indent`.
    pub fn entry(&self, indent: &str) -> String {
        let mut out = String::new();
        out.push_str(&format!("{indent}// 国务院办公厅关于{}年部分节假日安排的通知\n", self.year));
        out.push_str(&format!("{indent}(\n{indent}    year: {},\n{indent}    holidays: [\n", self.year));
        for (name, from, to) in &self.holidays {
            out.push_str(&format!("{indent}        (name: {}, from: \"{from}\", to: \"{to}\"),\n", quoted(name)));
        }
        out.push_str(&format!("{indent}    ],\n{indent}    workdays: [\n"));
        for (name, date) in &self.workdays {
            out.push_str(&format!(
                "{indent}        (name: {}, date: \"{date}\"),      // {}\n",
                quoted(name),
                date.format("%A")
            ));
        }
        out.push_str(&format!("{indent}    ],\n{indent}),\n"));
        out
    }

    /// A calendar.ron holding only this year.
    pub fn calendar_ron(&self) -> String {
        format!(
            "// The working-day calendar of this workspace: the State Council's arrangement for each year it\n\
             // lists (see docs/calendar.md). Written by `fazhi calendar import`.\n(\n    years: [\n{}    ],\n)\n",
            self.entry("        ")
        )
    }

    /// The text of `existing` (a valid calendar.ron) with this year's entry put in: replacing
    /// the entry of the same year, or added after the last one. Comments and the other years
    /// stay as they are written.
    pub fn merge_into(&self, existing: &SourceFile) -> Result<String, Vec<Diagnostic>> {
        let file: CalendarFile = existing.parse_ron().map_err(|problem| vec![problem])?;
        Calendar::parse(existing)?;
        let spans = year_spans(&existing.text)
            .ok_or_else(|| vec![existing.diagnostic_at(0, "cannot find the list `years: [...]` in the file")])?;
        if spans.entries.len() != file.years.len() {
            return Err(vec![
                existing.diagnostic_at(spans.close, "cannot place the years of the file's `years: [...]` list")
            ]);
        }
        let text = &existing.text;
        let merged = match file.years.iter().position(|entry| entry.year == self.year) {
            Some(i) => {
                let (start, end) = spans.entries[i];
                let line_start = text[..start].rfind('\n').map_or(0, |at| at + 1);
                let indent = &text[line_start..start];
                let indent = if indent.trim().is_empty() { indent } else { "        " };
                let entry = self.entry(indent);
                // The entry without its comment line and first indent, and without its comma.
                let body = entry
                    .split_once('\n')
                    .map_or(entry.as_str(), |(_, body)| body)
                    .trim_start()
                    .trim_end()
                    .trim_end_matches(',');
                format!("{}{}{}", &text[..start], body, &text[end..])
            }
            None => {
                let (before, after) = match spans.entries.last() {
                    Some(&(_, end)) => {
                        let comma = text[end..].trim_start().starts_with(',');
                        let at = if comma { end + text[end..].find(',').expect("a comma follows") + 1 } else { end };
                        (format!("{}{}", &text[..at], if comma { "" } else { "," }), &text[at..])
                    }
                    None => (text[..spans.open + 1].to_string(), &text[spans.open + 1..]),
                };
                let after = after.strip_prefix('\n').unwrap_or(after);
                format!("{before}\n{}{after}", self.entry("        "))
            }
        };
        let checked = SourceFile::new(existing.path.clone(), merged.clone());
        Calendar::parse(&checked)?;
        Ok(merged)
    }
}

/// Where the `years: [...]` list and each of its entries lie in a calendar.ron.
struct YearSpans {
    /// The offset of the list's `[`.
    open: usize,
    /// The offset of the list's `]`.
    close: usize,
    /// Each entry's `(` to just after its `)`.
    entries: Vec<(usize, usize)>,
}

/// Scans a (valid) calendar.ron for the `years` list, passing over comments and strings.
fn year_spans(text: &str) -> Option<YearSpans> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut list: Option<(usize, usize)> = None; // (offset of `[`, depth inside it)
    let mut entries = Vec::new();
    let mut entry_start = None;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(bytes.len(), |at| i + at);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map_or(bytes.len(), |at| i + 2 + at + 2);
                continue;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'(' | b'[' => {
                depth += 1;
                match list {
                    None if bytes[i] == b'[' && text[..i].trim_end().ends_with(':') && depth == 2 => {
                        let key = text[..i].trim_end().trim_end_matches(':').trim_end();
                        if key.ends_with("years") {
                            list = Some((i, depth));
                        }
                    }
                    Some((_, inside)) if depth == inside + 1 && bytes[i] == b'(' => entry_start = Some(i),
                    _ => {}
                }
            }
            b')' | b']' => {
                if let Some((open, inside)) = list {
                    if depth == inside + 1 && bytes[i] == b')' {
                        entries.push((entry_start.take()?, i + 1));
                    } else if depth == inside {
                        return Some(YearSpans { open, close: i, entries });
                    }
                }
                depth = depth.checked_sub(1)?;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The numbered items of a notice (`一、元旦：…`), each with its offset, the ordinal taken off,
/// and continued over the following lines until it ends with "。".
fn items(text: &str) -> Vec<(usize, &str)> {
    let mut items: Vec<(usize, usize)> = Vec::new(); // (start, end) of each item's text
    let mut open = false; // the item's last sentence goes on
    let mut in_item = false; // the line before belongs to an item
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start_matches([' ', '\t', '\u{3000}']);
        let lead = content.len() - trimmed.len();
        if let Some(ordinal) = ordinal_length(trimmed) {
            items.push((start + lead + ordinal, start + content.len()));
            open = !trimmed.trim_end().ends_with('。');
            in_item = true;
        } else if in_item && !trimmed.trim().is_empty() && (open || arranges(trimmed)) {
            let last = items.last_mut().expect("an item is open");
            last.1 = start + content.len();
            open = !trimmed.trim_end().ends_with('。');
        } else {
            // A blank line or another paragraph ends the item before it.
            (open, in_item) = (false, false);
        }
    }
    // An item continued over lines keeps its line breaks: they are read as spaces.
    items.into_iter().map(|(start, end)| (start, &text[start..end])).collect()
}

/// Whether a line says what is off or worked: a line of an item, such as "2月14日（周六）上班。"
/// put on a line of its own.
fn arranges(line: &str) -> bool {
    line.contains("上班") || line.contains("放假")
}

/// The length of a leading `一、` … `十二、` (or `1.`/`1、`), if the line starts with one.
fn ordinal_length(line: &str) -> Option<usize> {
    let numerals = line.chars().take_while(|c| "一二三四五六七八九十".contains(*c)).map(char::len_utf8).sum::<usize>();
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let (count, rest) = if numerals > 0 { (numerals, &line[numerals..]) } else { (digits, &line[digits..]) };
    if count == 0 {
        return None;
    }
    ["、", "．", "."].iter().find(|mark| rest.starts_with(**mark)).map(|mark| count + mark.len())
}

/// The year the notice names: "关于2027年部分节假日安排" or "现将2027年", and its offset.
fn stated_year(text: &str) -> Option<(i32, usize)> {
    for marker in ["关于", "现将"] {
        let mut from = 0;
        while let Some(found) = text[from..].find(marker) {
            let at = from + found + marker.len();
            let digits = text[at..].bytes().take_while(u8::is_ascii_digit).count();
            if digits == 4 && text[at + 4..].starts_with('年') {
                if let Ok(year) = text[at..at + 4].parse() {
                    return Some((year, at));
                }
            }
            from = at;
        }
    }
    None
}

/// The N of "共N天" in `text`, if it says.
fn stated_days(text: &str) -> Option<i64> {
    let at = text.find("共")? + "共".len();
    let digits = text[at..].bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || !text[at + digits..].starts_with('天') {
        return None;
    }
    text[at..at + digits].parse().ok()
}

/// The weekday a remark such as "农历腊月二十八、周日" or "星期六" names.
fn stated_weekday(remark: &str) -> Option<Weekday> {
    let days = [
        ('一', Weekday::Mon),
        ('二', Weekday::Tue),
        ('三', Weekday::Wed),
        ('四', Weekday::Thu),
        ('五', Weekday::Fri),
        ('六', Weekday::Sat),
        ('日', Weekday::Sun),
        ('天', Weekday::Sun),
    ];
    for marker in ["星期", "周"] {
        if let Some(at) = remark.find(marker) {
            let next = remark[at + marker.len()..].chars().next()?;
            return days.iter().find(|(c, _)| *c == next).map(|(_, day)| *day);
        }
    }
    None
}

fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "周一",
        Weekday::Tue => "周二",
        Weekday::Wed => "周三",
        Weekday::Thu => "周四",
        Weekday::Fri => "周五",
        Weekday::Sat => "周六",
        Weekday::Sun => "周日",
    }
}

/// The first characters of `text`, for a message.
fn excerpt(text: &str) -> String {
    let short: String = text.chars().take(12).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

/// `text` as a RON string.
fn quoted(text: &str) -> String {
    format!("{text:?}")
}
