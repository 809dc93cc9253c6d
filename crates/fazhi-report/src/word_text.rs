//! Text as a Word file can hold it: `word/document.xml` is XML 1.0, which allows no C0 control
//! character but tab, line feed and carriage return, and neither U+FFFE nor U+FFFF. U+000B,
//! which Word itself pastes for a manual line break (Shift+Enter), is written as a line break.

use fazhi_core::SourceFile;
use fazhi_rules::ModuleReport;

use crate::ReportWarning;

/// The character Word pastes for a manual line break, written as one.
pub(crate) const LINE_BREAK: char = '\u{B}';

/// Whether XML 1.0 allows `c` in text.
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `text` without the characters XML does not allow, in the pieces between its line breaks
/// (U+000B): one piece for text without a line break.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(LINE_BREAK).map(|piece| piece.chars().filter(|&c| is_xml_char(c)).collect())
}

/// The characters of `text` that the Word file leaves out: each with its 0-based index among
/// the characters of `text`. A line break (U+000B) is not one of them.
fn left_out(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    text.chars().enumerate().filter(|&(_, c)| c != LINE_BREAK && !is_xml_char(c))
}

/// What a warning says of the character `c`.
fn what(c: char) -> String {
    format!("U+{:04X} (a control character) cannot be written to the Word file and is left out of it", c as u32)
}

/// A warning for each character of the outline `file` that the Word file leaves out, at its
/// line and column.
pub(crate) fn outline_warnings(file: &SourceFile) -> Vec<ReportWarning> {
    let mut warnings = Vec::new();
    for (line, text) in file.text.split('\n').enumerate() {
        for (column, c) in left_out(text) {
            let message = format!("{}:{}:{}: {}", file.path.display(), line + 1, column + 1, what(c));
            warnings.push(ReportWarning { kind: "character", message, rows: Vec::new(), figures: Vec::new() });
        }
    }
    warnings
}

/// A warning for each character of the modules' own texts (their sections, where the
/// scripts may have written ledger values) that the Word file leaves out, naming the module,
/// the paragraph and the character.
pub(crate) fn section_warnings(modules: &[ModuleReport]) -> Vec<ReportWarning> {
    let mut warnings = Vec::new();
    for module in modules {
        let Some(section) = &module.section else { continue };
        let texts = std::iter::once(("title".to_string(), &section.title))
            .chain(section.paragraphs.iter().enumerate().map(|(k, text)| (format!("paragraph {}", k + 1), text)));
        for (place, text) in texts {
            for (index, c) in left_out(text) {
                let message =
                    format!("module {}'s section, {place}, character {}: {}", module.module, index + 1, what(c));
                warnings.push(ReportWarning { kind: "character", message, rows: Vec::new(), figures: Vec::new() });
            }
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use fazhi_core::SourceFile;
    use fazhi_rules::{ModuleReport, ReportSection};

    use super::{lines, outline_warnings, section_warnings};

    #[test]
    fn line_breaks_split_the_text_and_other_controls_are_left_out() {
        assert_eq!(lines("甲\u{B}乙\u{1}丙\u{FFFE}\t").collect::<Vec<_>>(), ["甲", "乙丙\t"]);
        assert_eq!(lines("").collect::<Vec<_>>(), [""]);
    }

    #[test]
    fn every_character_left_out_is_a_warning_at_its_place() {
        let outline = SourceFile::new("report/2024.md", "# 标题\n正文\u{1B}[31m红\u{B}字\n\u{FFFE}\n");
        let messages: Vec<String> = outline_warnings(&outline).into_iter().map(|w| w.message).collect();
        assert_eq!(
            messages,
            [
                "report/2024.md:2:3: U+001B (a control character) cannot be written to the Word file and is left out of it",
                "report/2024.md:3:1: U+FFFE (a control character) cannot be written to the Word file and is left out of it",
            ]
        );
        let module = ModuleReport {
            module: "disclosure".to_string(),
            figures: BTreeMap::new(),
            checks: Vec::new(),
            section: Some(ReportSection {
                title: "信息公开".to_string(),
                paragraphs: vec!["好".to_string(), "类别：建设\u{1}".to_string()],
            }),
            suggestions: Vec::new(),
        };
        let messages: Vec<String> = section_warnings(&[module]).into_iter().map(|w| w.message).collect();
        assert_eq!(
            messages,
            ["module disclosure's section, paragraph 2, character 6: U+0001 (a control character) cannot be written \
              to the Word file and is left out of it"]
        );
    }
}
