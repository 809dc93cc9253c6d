use std::collections::HashMap;

/// Where each field value of a RON file starts, so that problems found after deserializing
/// can be placed exactly.
///
/// A value is found by the list it is in, the entry's index in that list counted over the whole
/// file, and the field name: `("holidays", 3, "from")` is the `from` of the fourth holiday in
/// the file, whichever year it is in. Comments and string contents are skipped, so a date
/// mentioned in a comment, or the same date written twice, never misplaces a diagnostic.
#[derive(Debug, Default)]
pub(super) struct FieldSpans {
    values: HashMap<(String, usize, String), usize>,
}

/// An open bracket while scanning.
enum Frame {
    /// `[`, with the field it is the value of.
    List(Option<String>),
    /// `(`, with the list it is an entry of and its index there.
    Entry(Option<(String, usize)>),
}

impl FieldSpans {
    /// Scans `text` (which should be valid RON, though nothing fails if it is not).
    pub fn scan(text: &str) -> FieldSpans {
        let bytes = text.as_bytes();
        let mut spans = FieldSpans::default();
        let mut stack: Vec<Frame> = Vec::new();
        let mut counters: HashMap<String, usize> = HashMap::new();
        let mut pending: Option<String> = None;
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'/' if matches!(bytes.get(i + 1), Some(b'/' | b'*')) => i = skip_comment(bytes, i),
                b'"' => {
                    pending = None;
                    i = skip_string(bytes, i);
                }
                b'r' if raw_string_hashes(bytes, i).is_some() && !is_ident_byte(bytes, i.wrapping_sub(1)) => {
                    pending = None;
                    i = skip_raw_string(bytes, i);
                }
                b'[' => {
                    stack.push(Frame::List(pending.take()));
                    i += 1;
                }
                b'(' => {
                    let entry = match stack.last() {
                        Some(Frame::List(Some(list))) => {
                            let counter = counters.entry(list.clone()).or_default();
                            *counter += 1;
                            Some((list.clone(), *counter - 1))
                        }
                        _ => None,
                    };
                    pending = None;
                    stack.push(Frame::Entry(entry));
                    i += 1;
                }
                b')' | b']' => {
                    stack.pop();
                    pending = None;
                    i += 1;
                }
                byte if byte.is_ascii_alphabetic() || byte == b'_' => {
                    let end = i + bytes[i..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'_').count();
                    let after = skip_blank(bytes, end);
                    if bytes.get(after) == Some(&b':') {
                        let field = text[i..end].to_string();
                        let value = skip_blank(bytes, after + 1);
                        if let Some(Frame::Entry(Some((list, index)))) = stack.last() {
                            spans.values.insert((list.clone(), *index, field.clone()), value);
                        }
                        pending = Some(field);
                        i = value;
                    } else {
                        pending = None;
                        i = end;
                    }
                }
                b',' => {
                    pending = None;
                    i += 1;
                }
                _ => i += 1,
            }
        }
        spans
    }

    /// The byte offset where the value of `field` starts in entry `index` of the lists named
    /// `list` (counted over the whole file).
    pub fn get(&self, list: &str, index: usize, field: &str) -> Option<usize> {
        self.values.get(&(list.to_string(), index, field.to_string())).copied()
    }
}

fn is_ident_byte(bytes: &[u8], i: usize) -> bool {
    bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
}

/// The offset after the whitespace and comments starting at `i`.
fn skip_blank(bytes: &[u8], mut i: usize) -> usize {
    loop {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if bytes.get(i) == Some(&b'/') && matches!(bytes.get(i + 1), Some(b'/' | b'*')) {
            i = skip_comment(bytes, i);
        } else {
            return i;
        }
    }
}

/// The offset after the `//` or (nested) `/* */` comment starting at `i`.
fn skip_comment(bytes: &[u8], i: usize) -> usize {
    if bytes.get(i + 1) == Some(&b'/') {
        return bytes[i..].iter().position(|b| *b == b'\n').map_or(bytes.len(), |n| i + n + 1);
    }
    let mut depth = 0usize;
    let mut j = i;
    while j < bytes.len() {
        if bytes[j..].starts_with(b"/*") {
            depth += 1;
            j += 2;
        } else if bytes[j..].starts_with(b"*/") {
            depth -= 1;
            j += 2;
            if depth == 0 {
                return j;
            }
        } else {
            j += 1;
        }
    }
    bytes.len()
}

/// The offset after the `"…"` string starting at `i`.
fn skip_string(bytes: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' => j += 2,
            b'"' => return j + 1,
            _ => j += 1,
        }
    }
    bytes.len()
}

/// The number of `#` of the raw string `r#…"` starting at `i`, if one starts there.
fn raw_string_hashes(bytes: &[u8], i: usize) -> Option<usize> {
    let hashes = bytes[i + 1..].iter().take_while(|b| **b == b'#').count();
    (bytes.get(i + 1 + hashes) == Some(&b'"')).then_some(hashes)
}

/// The offset after the raw string starting at `i`.
fn skip_raw_string(bytes: &[u8], i: usize) -> usize {
    let hashes = raw_string_hashes(bytes, i).unwrap_or(0);
    let mut closing = vec![b'"'];
    closing.extend(std::iter::repeat_n(b'#', hashes));
    let body = i + hashes + 2;
    bytes
        .get(body..)
        .and_then(|rest| rest.windows(closing.len()).position(|w| w == closing))
        .map_or(bytes.len(), |n| body + n + closing.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_found_by_list_entry_and_field() {
        let text = r##"// "2024-01-01" in a comment
(
    years: [
        (
            /* a (block [comment]) with "quotes" */
            year: 2024,
            holidays: [
                (name: "元旦", from: "2024-01-01", to: "2024-01-01"),
                (to: "2024-02-17", name: "a \" ( [", from: r#"2024-02-10"#),
            ],
        ),
        (year: 2025, holidays: [(name: "元旦", from: "2025-01-01", to: "2025-01-01")], workdays: []),
    ],
)
"##;
        let spans = FieldSpans::scan(text);
        let at = |list, index, field| spans.get(list, index, field).map(|offset| &text[offset..offset + 4]);
        assert_eq!(at("years", 0, "year"), Some("2024"));
        assert_eq!(at("years", 1, "year"), Some("2025"));
        assert_eq!(spans.get("holidays", 0, "to").map(|o| &text[o..o + 12]), Some("\"2024-01-01\""));
        let from = spans.get("holidays", 0, "from").unwrap();
        let to = spans.get("holidays", 0, "to").unwrap();
        assert!(from < to);
        assert_eq!(at("holidays", 1, "from"), Some("r#\"2"));
        assert_eq!(at("holidays", 1, "to"), Some("\"202"));
        assert_eq!(spans.get("holidays", 2, "from").map(|o| &text[o..o + 5]), Some("\"2025"));
        assert_eq!(spans.get("holidays", 3, "from"), None);
        assert_eq!(spans.get("years", 0, "holidays").map(|o| &text[o..o + 1]), Some("["));
    }
}
