//! A fast reader for the plain shape of the two largest files, the checklists and the history:
//! strings without escapes, decimal numbers, the known fields, `//` comments. It gives exactly
//! what the RON reader gives for such a file, and `None` at the first thing outside that
//! shape, so that the RON reader (with its positioned errors) reads the file instead. A
//! provincial checklist of a million tasks is read several times faster this way.

use super::format::{ChecklistFile, DeadlineEntry, DutyEntry, EventEntry, HistoryLine};
use crate::{Action, Counting};

struct Reader<'t> {
    source: &'t str,
    text: &'t [u8],
    at: usize,
}

impl<'t> Reader<'t> {
    fn new(source: &'t str) -> Reader<'t> {
        Reader { source, text: source.as_bytes(), at: 0 }
    }

    /// Skips white space and `//` comments; `None` at a block comment.
    fn skip(&mut self) -> Option<()> {
        loop {
            match self.text.get(self.at) {
                Some(b' ' | b'\n' | b'\r' | b'\t') => self.at += 1,
                Some(b'/') => match self.text.get(self.at + 1) {
                    Some(b'/') => {
                        let rest = &self.text[self.at..];
                        self.at += rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
                    }
                    _ => return None,
                },
                _ => return Some(()),
            }
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip()?;
        self.text.get(self.at).copied()
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.at += 1)
    }

    /// Consumes `byte` if it comes next.
    fn eat(&mut self, byte: u8) -> Option<bool> {
        Some(if self.peek()? == byte {
            self.at += 1;
            true
        } else {
            false
        })
    }

    fn identifier(&mut self) -> Option<&'t str> {
        self.skip()?;
        let start = self.at;
        while self.text.get(self.at).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_') {
            self.at += 1;
        }
        if start == self.at || self.text[start].is_ascii_digit() {
            return None;
        }
        // ASCII bytes around: the slice is on character boundaries.
        self.source.get(start..self.at)
    }

    /// A `"…"` string without escapes or line breaks.
    fn string(&mut self) -> Option<String> {
        self.expect(b'"')?;
        let start = self.at;
        let rest = &self.text[start..];
        let end = rest.iter().position(|&b| matches!(b, b'"' | b'\\' | b'\n' | b'\r'))?;
        if rest[end] != b'"' {
            return None;
        }
        self.at = start + end + 1;
        // Between two ASCII quotes: the slice is on character boundaries.
        self.source.get(start..start + end).map(str::to_string)
    }

    /// Decimal digits only, fitting a u32.
    fn number(&mut self) -> Option<u32> {
        self.skip()?;
        let start = self.at;
        while self.text.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        // Anything that continues a number in RON (`_`, `.`, `e`, a suffix) is left to RON.
        if start == self.at
            || self.text.get(self.at).is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.'))
        {
            return None;
        }
        self.source.get(start..self.at)?.parse().ok()
    }

    fn boolean(&mut self) -> Option<bool> {
        match self.identifier()? {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }

    /// `[item, item, …]` with an optional trailing comma.
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        self.expect(b'[')?;
        let mut items = Vec::new();
        loop {
            if self.eat(b']')? {
                return Some(items);
            }
            items.push(item(self)?);
            if !self.eat(b',')? {
                self.expect(b']')?;
                return Some(items);
            }
        }
    }

    /// `(field: value, …)`: calls `field` with each name (each name once); an optional trailing
    /// comma.
    fn fields(&mut self, mut field: impl FnMut(&mut Self, &str) -> Option<()>) -> Option<()> {
        self.expect(b'(')?;
        // Every struct read here has at most 11 fields.
        let mut seen: [&str; 12] = [""; 12];
        let mut count = 0;
        loop {
            if self.eat(b')')? {
                return Some(());
            }
            let name = self.identifier()?;
            if count == seen.len() || seen[..count].contains(&name) {
                return None;
            }
            seen[count] = name;
            count += 1;
            self.expect(b':')?;
            field(self, name)?;
            if !self.eat(b',')? {
                return self.expect(b')');
            }
        }
    }

    fn end(&mut self) -> Option<()> {
        self.skip()?;
        (self.at == self.text.len()).then_some(())
    }
}

/// A history file, if it has the plain shape.
pub(super) fn history(text: &str) -> Option<Vec<HistoryLine>> {
    let mut reader = Reader::new(text);
    let lines = reader.list(|reader| {
        let (mut task, mut action, mut at, mut by, mut note) = (None, None, None, None, None);
        reader.fields(|reader, name| {
            match name {
                "task" => task = Some(reader.string()?),
                "action" => {
                    action = Some(match reader.identifier()? {
                        "Start" => Action::Start,
                        "Done" => Action::Done,
                        "Cancel" => Action::Cancel,
                        "Reopen" => Action::Reopen,
                        _ => return None,
                    })
                }
                "at" => at = Some(reader.string()?),
                "by" => by = Some(reader.string()?),
                "note" => note = Some(reader.string()?),
                _ => return None,
            }
            Some(())
        })?;
        Some(HistoryLine { task: task?, action: action?, at: at?, by: by?, note })
    })?;
    reader.end()?;
    Some(lines)
}

/// A checklist file, if it has the plain shape.
pub(super) fn checklist(text: &str) -> Option<ChecklistFile> {
    let mut reader = Reader::new(text);
    let (mut year, mut events, mut duties) = (None, None, None);
    reader.fields(|reader, name| {
        match name {
            "year" => year = Some(i32::try_from(reader.number()?).ok()?),
            "events" => events = Some(reader.list(event)?),
            "duties" => duties = Some(reader.list(duty)?),
            _ => return None,
        }
        Some(())
    })?;
    reader.end()?;
    Some(ChecklistFile { year, events: events.unwrap_or_default(), duties: duties? })
}

fn event(reader: &mut Reader) -> Option<EventEntry> {
    let (mut id, mut name, mut date) = (None, None, None);
    reader.fields(|reader, field| {
        match field {
            "id" => id = Some(reader.string()?),
            "name" => name = Some(reader.string()?),
            "date" => date = Some(reader.string()?),
            _ => return None,
        }
        Some(())
    })?;
    Some(EventEntry { id: id?, name: name?, date })
}

fn duty(reader: &mut Reader) -> Option<DutyEntry> {
    let (mut id, mut title, mut module, mut unit, mut owner) = (None, None, None, None, None);
    let (mut cooperating, mut deadline, mut basis, mut detail, mut from, mut until) =
        (None, None, None, None, None, None);
    reader.fields(|reader, field| {
        match field {
            "id" => id = Some(reader.string()?),
            "title" => title = Some(reader.string()?),
            "module" => module = Some(reader.string()?),
            "unit" => unit = Some(reader.string()?),
            "owner" => owner = Some(reader.string()?),
            "cooperating" => cooperating = Some(reader.list(Reader::string)?),
            "deadline" => deadline = Some(self::deadline(reader)?),
            "basis" => basis = Some(reader.string()?),
            "detail" => detail = Some(reader.string()?),
            "from" => from = Some(reader.string()?),
            "until" => until = Some(reader.string()?),
            _ => return None,
        }
        Some(())
    })?;
    Some(DutyEntry {
        id: id?,
        title: title?,
        module: module?,
        unit: unit?,
        owner: owner?,
        cooperating: cooperating.unwrap_or_default(),
        deadline: deadline?,
        basis,
        detail,
        from,
        until,
    })
}

fn deadline(reader: &mut Reader) -> Option<DeadlineEntry> {
    let variant = reader.identifier()?;
    match variant {
        "On" | "Cron" => {
            reader.expect(b'(')?;
            let text = reader.string()?;
            reader.eat(b',')?;
            reader.expect(b')')?;
            Some(if variant == "On" { DeadlineEntry::On(text) } else { DeadlineEntry::Cron(text) })
        }
        "AfterDuty" | "AfterEvent" | "BeforeEvent" => {
            let (mut base, mut days, mut working, mut counting) = (None, None, false, None);
            let base_field = if variant == "AfterDuty" { "duty" } else { "event" };
            let before = variant == "BeforeEvent";
            reader.fields(|reader, field| {
                match field {
                    "days" => days = Some(reader.number()?),
                    "working" if !before => working = reader.boolean()?,
                    "counting" if !before => {
                        counting = Some(match reader.identifier()? {
                            "CalendarDays" => Counting::CalendarDays,
                            "WorkingDays" => Counting::WorkingDays,
                            "LeadTime" => Counting::LeadTime,
                            _ => return None,
                        })
                    }
                    _ if field == base_field => base = Some(reader.string()?),
                    _ => return None,
                }
                Some(())
            })?;
            let (base, days) = (base?, days?);
            Some(match variant {
                "AfterDuty" => DeadlineEntry::AfterDuty { duty: base, days, working, counting },
                "AfterEvent" => DeadlineEntry::AfterEvent { event: base, days, working, counting },
                _ => DeadlineEntry::BeforeEvent { event: base, days },
            })
        }
        "Monthly" | "Quarterly" | "Yearly" => {
            let (mut month, mut day) = (None, None);
            reader.fields(|reader, field| {
                match field {
                    "month" if variant != "Monthly" => month = Some(reader.number()?),
                    "day" => day = Some(reader.number()?),
                    _ => return None,
                }
                Some(())
            })?;
            let day = day?;
            Some(match variant {
                "Monthly" => DeadlineEntry::Monthly { day },
                "Quarterly" => DeadlineEntry::Quarterly { month: month?, day },
                _ => DeadlineEntry::Yearly { month: month?, day },
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SourceFile;

    #[test]
    fn the_quick_reader_reads_what_ron_reads() {
        let checklist_text = r#"// a comment
(
    year: 2024,
    events: [(id: "e", name: "事件", date: "2024-06-14"), (id: "f", name: "未定")],
    duties: [
        (id: "a", title: "任务", module: "m", unit: "u", owner: "o", cooperating: ["x", "y"],
         deadline: On("2024-03-15"), basis: "依据", detail: "细节",),
        (id: "b", title: "t", module: "m", unit: "u", owner: "o", deadline: AfterDuty(duty: "a", days: 10, working: true)),
        (id: "c", title: "t", module: "m", unit: "u", owner: "o", deadline: AfterEvent(event: "e", days: 3)),
        (id: "c3", title: "t", module: "m", unit: "u", owner: "o", deadline: AfterEvent(event: "e", days: 30, counting: LeadTime)),
        (id: "c4", title: "t", module: "m", unit: "u", owner: "o", deadline: AfterDuty(duty: "a", days: 5, counting: WorkingDays, working: true)),
        (id: "c5", title: "t", module: "m", unit: "u", owner: "o", deadline: BeforeEvent(event: "e", days: 7)),
        (deadline: Monthly(day: 28), id: "d", title: "t", module: "m", unit: "u", owner: "o", from: "2024-07-01"),
        (id: "q", title: "t", module: "m", unit: "u", owner: "o", deadline: Quarterly(month: 3, day: 25), until: "2024-09-30"),
        (id: "y", title: "t", module: "m", unit: "u", owner: "o", deadline: Yearly(month: 12, day: 4)),
        (id: "c2", title: "t", module: "m", unit: "u", owner: "o", deadline: Cron("0 0 9 * * Mon")),
    ],
)
"#;
        let quick = checklist(checklist_text).expect("the plain shape");
        let ron: ChecklistFile = SourceFile::new("c.ron", checklist_text).parse_ron().unwrap();
        assert_eq!(format!("{quick:?}"), format!("{ron:?}"));

        let history_text = "// h\n[\n    (task: \"a\", action: Done, at: \"2024-03-14T09:30\", by: \"o\", note: \"备注\"),\n    (task: \"b\", action: Start, at: \"2024-03-15\", by: \"o\"),\n]\n";
        let quick = history(history_text).expect("the plain shape");
        let ron: Vec<HistoryLine> = SourceFile::new("h.ron", history_text).parse_ron().unwrap();
        assert_eq!(format!("{quick:?}"), format!("{ron:?}"));
    }

    #[test]
    fn anything_else_is_left_to_ron() {
        for text in [
            "[(task: \"a\", action: Done, at: \"x\", by: \"o\", note: Some(\"n\"))]",
            "[(task: \"a\\\"\", action: Done, at: \"x\", by: \"o\")]",
            "[(task: \"a\", action: Done, at: \"x\", by: \"o\", extra: 1)]",
            "[(task: \"a\", task: \"b\", action: Done, at: \"x\", by: \"o\")]",
            "/* block */ []",
            "[(task: \"a\", action: Done, at: \"x\")]",
            "[] trailing",
        ] {
            assert!(history(text).is_none(), "{text}");
        }
        assert!(checklist("(duties: [(id: \"a\", title: \"t\", module: \"m\", unit: \"u\", owner: \"o\", deadline: Monthly(day: 0x1c))])").is_none());
        // A counting the quick reader does not know, and `working` on a lead time, are left to
        // RON (which reports them).
        assert!(checklist("(duties: [(id: \"a\", title: \"t\", module: \"m\", unit: \"u\", owner: \"o\", deadline: AfterEvent(event: \"e\", days: 1, counting: Weeks))])").is_none());
        assert!(checklist("(duties: [(id: \"a\", title: \"t\", module: \"m\", unit: \"u\", owner: \"o\", deadline: BeforeEvent(event: \"e\", days: 1, working: true))])").is_none());
    }
}
