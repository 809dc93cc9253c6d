use std::path::Path;

use fazhi_core::Diagnostic;

use crate::LedgerError;

/// At most this many problems are kept; the rest are counted.
const MAX_PROBLEMS: usize = 200;

/// The problems found in one file so far.
pub(crate) struct Problems<'a> {
    file: &'a Path,
    list: Vec<Diagnostic>,
    left_out: usize,
    first_left_out: (usize, usize),
}

impl<'a> Problems<'a> {
    /// No problems yet in `file` (the path shown in diagnostics).
    pub(crate) fn new(file: &'a Path) -> Problems<'a> {
        Problems { file, list: Vec::new(), left_out: 0, first_left_out: (0, 0) }
    }

    /// A problem at 1-based `line` and `column`.
    pub(crate) fn add(&mut self, line: usize, column: usize, message: String) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(Diagnostic { file: self.file.to_path_buf(), line, column, message });
        } else {
            if self.left_out == 0 {
                self.first_left_out = (line, column);
            }
            self.left_out += 1;
        }
    }

    /// Adds the problems of `other`, found further down the file (by another thread).
    pub(crate) fn absorb(&mut self, other: Problems) {
        for problem in other.list {
            self.add(problem.line, problem.column, problem.message);
        }
        if other.left_out > 0 {
            if self.left_out == 0 {
                self.first_left_out = other.first_left_out;
            }
            self.left_out += other.left_out;
        }
    }

    /// Forgets the problems found at `line` and after (kept ones only: the problems past the
    /// first 200 are counted, not kept), when what was read there turns out to be misread.
    pub(crate) fn forget_from(&mut self, line: usize) {
        self.list.retain(|problem| problem.line < line);
    }

    /// How many problems have been found.
    pub(crate) fn len(&self) -> usize {
        self.list.len() + self.left_out
    }

    /// `value` if no problem was found, else every problem.
    pub(crate) fn finish<T>(self, value: T) -> Result<T, LedgerError> {
        if self.list.is_empty() {
            Ok(value)
        } else {
            Err(self.into_error())
        }
    }

    /// Every problem found, as an error.
    pub(crate) fn into_error(mut self) -> LedgerError {
        // In file order: problems of columns without a header are found last.
        self.list.sort_by_key(|problem| (problem.line, problem.column));
        if self.left_out > 0 {
            let (line, column) = self.first_left_out;
            let n = self.left_out;
            let were = if n == 1 { " was" } else { "s were" };
            let message = fazhi_core::tr!(
                "{n} more problem{were} left out (only the first {MAX_PROBLEMS} are shown); fix these and read the file again",
                "另有 {n} 个问题未列出（只列出前 {MAX_PROBLEMS} 个）；请改正这些后重新读取文件"
            );
            self.list.push(Diagnostic { file: self.file.to_path_buf(), line, column, message });
        }
        LedgerError::Invalid { problems: self.list }
    }
}
