use std::path::{Path, PathBuf};

use fazhi_core::{Diagnostic, SourceFile};
use serde_json::Value;

/// An instance's data: the dossier that legality review checks, as RON (or JSON for a
/// `.json` file), kept as its text and read into a tree for guards.
#[derive(Debug, Clone, PartialEq)]
pub struct Dossier {
    path: PathBuf,
    text: String,
    value: Value,
}

impl Dossier {
    /// Parses `text`, read from `path` (shown in errors; JSON when it ends in `.json`, RON
    /// otherwise). A syntax error is a diagnostic with its line and column.
    pub fn parse(path: impl Into<PathBuf>, text: impl Into<String>) -> Result<Dossier, Diagnostic> {
        let source = SourceFile::new(path, text);
        let is_json = source.path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("json"));
        let value: Value = if is_json {
            serde_json::from_str(&source.text).map_err(|err| Diagnostic {
                file: source.path.clone(),
                line: err.line().max(1),
                column: err.column().max(1),
                message: strip_position(&err.to_string()),
            })?
        } else {
            source.parse_ron()?
        };
        if !value.is_object() {
            return Err(source.diagnostic_at(0, "a dossier must be a struct `(kind: …, id: …, title: …, …)`"));
        }
        Ok(Dossier { path: source.path, text: source.text, value })
    }

    /// Reads and parses the file at `full_path`, naming it `shown`.
    pub fn read(full_path: &Path, shown: &Path) -> Result<Dossier, Diagnostic> {
        let source = SourceFile::read(full_path, shown)?;
        Dossier::parse(source.path, source.text)
    }

    /// The file it was read from, as given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The text, exactly as read (what the store keeps, and what the legality review parses).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The whole dossier as a tree (structs become objects, `None` and `()` become null).
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The field at a dotted path (`penalty.fine_amount`; a number indexes a list), if present
    /// and not null.
    pub fn field(&self, path: &str) -> Option<&Value> {
        let mut node = &self.value;
        for part in path.split('.') {
            node = match node {
                Value::Object(map) => map.get(part)?,
                Value::Array(items) => items.get(part.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        (!node.is_null()).then_some(node)
    }

    /// The line and column (1-based) of the value of the field at the dotted path `field` in
    /// the dossier's text, found key by key (a number, which indexes a list, is passed over);
    /// the start of the file when it is not found.
    pub fn position_of(&self, field: &str) -> (usize, usize) {
        let source = SourceFile::new(&self.path, self.text.as_str());
        source.line_column(source.find_value_of(field).unwrap_or(0))
    }

    /// The dossier's `kind` field, if it has one.
    pub fn kind(&self) -> Option<&str> {
        self.field("kind").and_then(Value::as_str)
    }

    /// The dossier's `title` field, if it has one.
    pub fn title(&self) -> Option<&str> {
        self.field("title").and_then(Value::as_str)
    }
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}
