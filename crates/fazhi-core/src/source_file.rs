use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::de::DeserializeOwned;

use crate::Diagnostic;

/// The text of one workspace file, kept so that problems found after parsing can be given a
/// line and column.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path shown in diagnostics (relative to the workspace root where possible).
    pub path: PathBuf,
    /// The whole text of the file.
    pub text: String,
    /// The byte offset of the start of each line, found on first use: placing each of the
    /// thousands of problems of a big file costs a search, not a scan from its start.
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// Wraps text read from `path`.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> SourceFile {
        SourceFile { path: path.into(), text: text.into(), line_starts: OnceLock::new() }
    }

    /// Reads `full_path`, naming it `shown` in diagnostics.
    pub fn read(full_path: &Path, shown: &Path) -> Result<SourceFile, Diagnostic> {
        match std::fs::read(full_path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Ok(SourceFile::new(shown, text)),
                Err(err) => {
                    let offset = err.utf8_error().valid_up_to();
                    let text = String::from_utf8_lossy(&err.into_bytes()[..offset]).into_owned();
                    let source = SourceFile::new(shown, text);
                    Err(source.diagnostic_at(offset, "the file is not valid UTF-8 (save it as UTF-8)"))
                }
            },
            Err(err) => Err(Diagnostic {
                file: shown.to_path_buf(),
                line: 1,
                column: 1,
                message: format!("cannot read the file: {err}"),
            }),
        }
    }

    /// Reads the file `relative` of the workspace folder `root`, named `relative` in diagnostics:
    /// refused unless it resolves inside the workspace ([`crate::resolve_inside`]) and is a
    /// regular file (a FIFO would block the read, a device never end it). This is how every
    /// file a workspace names is read.
    pub fn read_in(root: &Path, relative: &Path) -> Result<SourceFile, Diagnostic> {
        let at_start = |message: String| Diagnostic { file: relative.to_path_buf(), line: 1, column: 1, message };
        let real = crate::resolve_inside(root, relative).map_err(|err| at_start(err.to_string()))?;
        crate::confine::regular_file(&real).map_err(at_start)?;
        SourceFile::read(&real, relative)
    }

    /// Reads every `*.{extension}` file of the folder `root/folder`, in name order, each named
    /// relative to `root` and read with [`SourceFile::read_in`]; a folder that does not exist
    /// holds none.
    pub fn read_folder(root: &Path, folder: &str, extension: &str) -> Vec<Result<SourceFile, Diagnostic>> {
        SourceFile::folder_paths(root, folder, extension)
            .into_iter()
            .map(|path| {
                let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                SourceFile::read_in(root, &shown)
            })
            .collect()
    }

    /// The paths of the `*.extension` files in `root/folder`, sorted: the files
    /// [`SourceFile::read_folder`] reads.
    pub fn folder_paths(root: &Path, folder: &str, extension: &str) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = match std::fs::read_dir(root.join(folder)) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == extension))
                .collect(),
            Err(_) => Vec::new(),
        };
        paths.sort();
        paths
    }

    /// Parses the whole file as RON into `T`, turning a syntax or shape error into a
    /// diagnostic with its position.
    pub fn parse_ron<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(&self.text)
            .map_err(|err: ron::error::SpannedError| {
                self.syntax_diagnostic(err.span.start.line, err.span.start.col, err.code.to_string())
            })
    }

    /// The diagnostic of a syntax error the parser reports at `line`:`column` with `message`:
    /// blamed instead on the full-width punctuation or curly quote typed in place of an ASCII
    /// one before it, if there is one (the likeliest cause in a file written with a Chinese input
    /// method), naming the character and the ASCII one meant, the parser's words kept after it.
    /// Every RON (and JSON) reader of workspace files reports its syntax errors through this.
    pub fn syntax_diagnostic(&self, line: usize, column: usize, message: String) -> Diagnostic {
        let blamed = crate::full_width::suspect(&self.text).filter(|suspect| {
            let at = self.line_column(suspect.offset);
            let before = at <= (line, column) || at.0 == line;
            // A curly quote that seems to close a string is blamed only for what follows it closely.
            before && (!suspect.closes_string || line.saturating_sub(at.0) <= 2)
        });
        match blamed {
            Some(suspect) => self.diagnostic_at(suspect.offset, format!("{} (parser: {message})", suspect.message())),
            None => Diagnostic { file: self.path.clone(), line, column, message },
        }
    }

    /// A diagnostic at byte `offset` of the text.
    pub fn diagnostic_at(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.line_column(offset);
        Diagnostic { file: self.path.clone(), line, column, message: message.into() }
    }

    /// The 1-based line and column (in characters) of byte `offset`.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = self
            .line_starts
            .get_or_init(|| std::iter::once(0).chain(self.text.match_indices('\n').map(|(at, _)| at + 1)).collect());
        // The lines that start at or before the offset: the last of them holds it.
        let line = starts.partition_point(|&start| start <= offset);
        (line, self.text[starts[line - 1]..offset].chars().count() + 1)
    }

    /// A diagnostic placed at the string literal `"value"`, searched for after the literal
    /// `"anchor"` (for example a duty's id), or from the start of the file when `anchor` is
    /// `None` or not found. Falls back to the anchor, then to line 1.
    ///
    /// Deserialized values carry no positions, so problems found after parsing (an unknown
    /// owner, an impossible date) are placed by finding the offending literal in the text.
    pub fn diagnostic_near(&self, anchor: Option<&str>, value: &str, message: impl Into<String>) -> Diagnostic {
        let start = anchor.and_then(|anchor| self.find_literal(anchor, 0));
        let from = start.unwrap_or(0);
        let offset = self.find_literal(value, from).or(start).unwrap_or(0);
        self.diagnostic_at(offset, message)
    }

    /// The byte offset of the `nth` (0-based) occurrence of the string literal `"value"`.
    pub fn nth_literal(&self, value: &str, nth: usize) -> Option<usize> {
        let mut from = 0;
        for _ in 0..nth {
            from = self.find_literal(value, from)? + 1;
        }
        self.find_literal(value, from)
    }

    fn find_literal(&self, value: &str, from: usize) -> Option<usize> {
        let needle = format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""));
        self.text.get(from..)?.find(&needle).map(|i| i + from)
    }
}

impl SourceFile {
    /// The byte offset of `field: "value"` (any spacing around the colon) at or after `from`,
    /// or of the bare literal `"value"` when `field` is `None`.
    pub fn find_field(&self, field: Option<&str>, value: &str, from: usize) -> Option<usize> {
        let mut at = from;
        loop {
            let offset = self.find_literal(value, at)?;
            let Some(field) = field else { return Some(offset) };
            let before = self.text[..offset].trim_end();
            if let Some(before) = before.strip_suffix(':') {
                let before = before.trim_end();
                let preceded_by_name = before.ends_with(field)
                    && !before[..before.len() - field.len()]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_');
                if preceded_by_name {
                    return Some(offset);
                }
            }
            at = offset + 1;
        }
    }

    /// The byte offset of the value of the field at the dotted path `path` (`penalty.amount`;
    /// a number, which indexes a list, is passed over): each key, RON `key:` or JSON
    /// `"key":`, searched for after the one before it. For values that cannot be searched for
    /// by their text (a number, a huge or escaped string).
    pub fn find_value_of(&self, path: &str) -> Option<usize> {
        let text = self.text.as_str();
        let mut from = 0;
        for key in path.split('.').filter(|part| part.parse::<usize>().is_err()) {
            from = key_end(text, key, from)?;
        }
        let after_colon = from + text[from..].find(':')? + 1;
        let rest = &text[after_colon..];
        Some(after_colon + rest.len() - rest.trim_start().len())
    }
}

/// The end of the first `key` at or after `from` that is a whole name followed by `:`.
fn key_end(text: &str, key: &str, from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        let start = at + text.get(at..)?.find(key)?;
        let end = start + key.len();
        let whole = !text[..start].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_');
        if whole && text[end..].trim_start_matches('"').trim_start().starts_with(':') {
            return Some(end);
        }
        at = end;
    }
}

#[cfg(test)]
mod tests {
    use super::SourceFile;

    #[test]
    fn line_and_column_count_lines_and_characters() {
        let source = SourceFile::new("a.ron", "(\n    名称: \"王团镇\",\n)\n");
        assert_eq!(source.line_column(0), (1, 1));
        assert_eq!(source.line_column(1), (1, 2));
        assert_eq!(source.line_column(2), (2, 1));
        let quote = source.text.find('"').unwrap();
        assert_eq!(source.line_column(quote), (2, 9));
        // Inside a character: the character's own column.
        assert_eq!(source.line_column(quote + 2), (2, 10));
        assert_eq!(source.line_column(source.text.len()), (4, 1));
        assert_eq!(source.line_column(usize::MAX), (4, 1));
        assert_eq!(SourceFile::new("empty.ron", "").line_column(3), (1, 1));
    }

    #[test]
    fn a_value_is_found_by_its_path() {
        let ron = SourceFile::new(
            "a.ron",
            "(\n    // penalty: none\n    penalty: (kind: \"fine\", amount: 500),\n    amount: 1,\n)",
        );
        assert_eq!(ron.line_column(ron.find_value_of("penalty.amount").unwrap()), (3, 37));
        assert_eq!(ron.line_column(ron.find_value_of("amount").unwrap()), (3, 37));
        let json = SourceFile::new(
            "a.json",
            "{\"experts\": [{\"name\": \"a\"}, {\"name\": 2}],\n \"touches_market\":  \"x\"}",
        );
        assert_eq!(json.line_column(json.find_value_of("experts.0.name").unwrap()), (1, 23));
        assert_eq!(json.line_column(json.find_value_of("touches_market").unwrap()), (2, 21));
        assert_eq!(json.find_value_of("market"), None);
    }
}
