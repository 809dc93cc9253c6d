use std::fmt::Write as _;

/// The county's figures, one line per measure: PostgreSQL beside SQLite.
#[derive(Default)]
pub(super) struct SideBySide {
    pub(super) lines: String,
}

impl SideBySide {
    pub(super) fn line(&mut self, measure: &str, postgres: &str, sqlite: &str) {
        let _ = writeln!(self.lines, "| {measure} | {postgres} | {sqlite} |");
    }
}
