use std::borrow::Cow;

use unicode_width::UnicodeWidthStr;

use crate::terminal::escape;

/// A plain-text table whose columns line up with Chinese text (double-width characters).
#[derive(Debug, Default)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column headings.
    pub fn new(header: &[&str]) -> Table {
        Table { header: header.iter().map(|h| escape(h).into_owned()).collect(), rows: Vec::new() }
    }

    /// A table with these column headings, each given in English and in Chinese: the CLI's
    /// language picks ([`crate::lang`]).
    pub fn headed(header: &[(&str, &str)]) -> Table {
        let english = crate::lang::english();
        let header: Vec<&str> = header.iter().map(|(en, zh)| if english { *en } else { *zh }).collect();
        Table::new(&header)
    }

    /// Adds a row; it must have one cell per column. A cell is shown with its control
    /// characters escaped ([`escape`]): a value from a workspace file cannot move the cursor,
    /// colour the terminal or start a line of its own.
    pub fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.header.len());
        self.rows.push(
            cells
                .into_iter()
                .map(|cell| match escape(&cell) {
                    Cow::Borrowed(_) => cell,
                    Cow::Owned(escaped) => escaped,
                })
                .collect(),
        );
    }

    /// Renders the table, two spaces between columns, no trailing spaces.
    pub fn render(&self) -> String {
        let cell_widths: Vec<Vec<usize>> = std::iter::once(&self.header)
            .chain(&self.rows)
            .map(|row| row.iter().map(|cell| display_width(cell)).collect())
            .collect();
        let mut widths = vec![0; self.header.len()];
        for row in &cell_widths {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(*cell);
            }
        }
        let mut out = String::new();
        for (row, cell_widths) in std::iter::once(&self.header).chain(&self.rows).zip(&cell_widths) {
            let start = out.len();
            for (i, ((cell, cell_width), width)) in row.iter().zip(cell_widths).zip(&widths).enumerate() {
                if i > 0 {
                    out.push_str("  ");
                }
                out.push_str(cell);
                out.extend(std::iter::repeat_n(' ', width - cell_width));
            }
            out.truncate(start + out[start..].trim_end().len());
            out.push('\n');
        }
        out
    }
}

/// The columns `text` takes in a terminal, as [`UnicodeWidthStr::width`] counts them; text of
/// printable ASCII and CJK ideographs alone (most cells) is counted without the tables.
fn display_width(text: &str) -> usize {
    let mut width = 0;
    for c in text.chars() {
        width += match c {
            ' '..='~' => 1,
            '\u{4E00}'..='\u{9FFF}' => 2,
            _ => return text.width(),
        };
    }
    width
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_those_of_unicode_width() {
        for text in ["", "abc", "党委会议会前学法", "t0098@2024-10-14", "（一）全面", "é", "\u{1F600}", "a\tb"]
        {
            assert_eq!(display_width(text), text.width(), "{text:?}");
        }
    }

    #[test]
    fn columns_line_up_and_lines_have_no_trailing_spaces() {
        let mut table = Table::new(&["ID", "TITLE", "OWNER"]);
        table.row(vec!["a".into(), "学法".into(), String::new()]);
        table.row(vec!["bbb".into(), "x".into(), "刘婷".into()]);
        assert_eq!(table.render(), "ID   TITLE  OWNER\na    学法\nbbb  x      刘婷\n");
    }

    #[test]
    fn control_characters_in_cells_are_escaped_before_the_columns_are_lined_up() {
        let mut table = Table::new(&["A", "B"]);
        table.row(vec!["\u{1b}[2J".into(), "x\ny".into()]);
        table.row(vec!["ok".into(), "z".into()]);
        assert_eq!(table.render(), "A          B\n\\u{1b}[2J  x\\ny\nok         z\n");
    }
}
