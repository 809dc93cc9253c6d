//! Chinese (full-width) punctuation and curly quotes typed where RON wants ASCII: found so that
//! a RON syntax error can say which character is to blame and what to type instead.

/// A character that RON cannot read where it stands, and the ASCII one meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Suspect {
    /// Its byte offset in the text.
    pub offset: usize,
    /// The character as written.
    pub found: char,
    /// The ASCII character RON wants.
    pub ascii: char,
    /// Whether it stands inside a string, as what looks like the string's closing quote.
    pub closes_string: bool,
}

impl Suspect {
    /// What is wrong, in one sentence.
    pub fn message(&self) -> String {
        let english = crate::Lang::is_english();
        let what = match (self.found, english) {
            ('“' | '”' | '‘' | '’', true) => "curly quote",
            ('\u{3000}', true) => "full-width space",
            (_, true) => "full-width punctuation",
            ('“' | '”' | '‘' | '’', false) => "中文引号",
            ('\u{3000}', false) => "全角空格",
            (_, false) => "全角标点",
        };
        let shown = if self.found == '\u{3000}' { "　".to_string() } else { self.found.to_string() };
        let (code, ascii) = (self.found as u32, self.ascii);
        match self.closes_string {
            true => crate::tr!(
                "{what} '{shown}' (U+{code:04X}) where the string seems to end: strings end with the ASCII '{ascii}'",
                "{what}“{shown}”（U+{code:04X}）似乎是字符串的结尾：字符串须以半角的 '{ascii}' 结尾"
            ),
            false => crate::tr!(
                "{what} '{shown}' (U+{code:04X}) outside a string: write the ASCII '{ascii}' here (switch the input \
                 method to half-width)",
                "字符串之外的{what}“{shown}”（U+{code:04X}）：这里要写半角的 '{ascii}'（请把输入法切换到半角）"
            ),
        }
    }
}

/// The ASCII character a full-width one stands for, if it is one RON uses.
fn ascii_of(c: char) -> Option<char> {
    Some(match c {
        '，' | '、' => ',',
        '：' => ':',
        '（' => '(',
        '）' => ')',
        '【' | '［' => '[',
        '】' | '］' => ']',
        '｛' => '{',
        '｝' => '}',
        '；' => ',',
        '“' | '”' | '‘' | '’' | '＂' => '"',
        '\u{3000}' => ' ',
        _ => return None,
    })
}

/// The first full-width character outside strings and comments; failing that, the first curly
/// quote inside a string that looks meant to close it (followed by `,`, `)`, `]` or a line end).
pub(crate) fn suspect(text: &str) -> Option<Suspect> {
    let mut closing: Option<Suspect> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '/' if matches!(chars.peek(), Some((_, '/'))) => {
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '/' if matches!(chars.peek(), Some((_, '*'))) => {
                chars.next();
                let mut star = false;
                for (_, c) in chars.by_ref() {
                    if star && c == '/' {
                        break;
                    }
                    star = c == '*';
                }
            }
            '"' => {
                while let Some((inside, c)) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        '“' | '”' | '‘' | '’' if closing.is_none() => {
                            let next = text[inside + c.len_utf8()..].trim_start_matches([' ', '\t', '\r']);
                            if next.is_empty() || next.starts_with([',', ')', ']', '\n']) {
                                closing = Some(Suspect { offset: inside, found: c, ascii: '"', closes_string: true });
                            }
                        }
                        _ => {}
                    }
                }
            }
            c => {
                if let Some(ascii) = ascii_of(c) {
                    return Some(Suspect { offset: at, found: c, ascii, closes_string: false });
                }
            }
        }
    }
    closing
}

#[cfg(test)]
mod tests {
    use super::suspect;

    #[test]
    fn punctuation_outside_strings_is_found_and_inside_left() {
        let text = "(\n    title: \"张三，李四\", // 注：说明\n    unit: \"a\"，\n)";
        let found = suspect(text).unwrap();
        assert_eq!((found.found, found.ascii, found.closes_string), ('，', ',', false));
        assert_eq!(&text[found.offset..found.offset + 3], "，");
        let curly = suspect("(unit: “党政办”)").unwrap();
        assert_eq!((curly.found, curly.ascii), ('“', '"'));
        assert_eq!(suspect("(title: \"“法治”宣传\")"), None);
    }

    #[test]
    fn a_curly_quote_closing_a_string_is_found() {
        let found = suspect("(\n  unit: \"党政办”,\n  owner: \"li\",\n)").unwrap();
        assert!(found.closes_string);
        assert_eq!(found.found, '”');
        assert!(found.message().contains("U+201D"), "{}", found.message());
    }
}
