//! A dossier read from a file, validated against its kind's schema and turned into the map
//! rule scripts see.

mod format;

use std::path::{Path, PathBuf};

use fazhi_core::{Diagnostic, SourceFile};
use rhai::Dynamic;
use serde::Serialize;

use crate::schema::{DisclosureRequest, EnforcementDecision, MajorContract, MajorDecision};
use crate::{DossierError, ParamValue};
use format::Format;

/// A dossier for legality review: a major decision, a major contract or important agreement,
/// an enforcement decision, a request for government information — or a kind a workspace
/// module defines.
///
/// The built-in kinds are checked against their schema ([`crate::schema`]) when read: a
/// missing required field, an unknown field, a value of the wrong type or an impossible date
/// is an error naming the file, the field, the line and the column. A kind without a built-in
/// schema is read as plain data, with `kind`, `id` and `title` required.
#[derive(Debug, Clone)]
pub struct Dossier {
    source: SourceFile,
    kind: String,
    id: String,
    title: String,
    value: Dynamic,
}

impl Dossier {
    /// Reads the dossier at `path`: JSON if its name ends in `.json`, RON otherwise.
    pub fn load(path: &Path) -> Result<Dossier, DossierError> {
        Dossier::read(path, path)
    }

    /// Reads the dossier at `full_path`, naming it `shown` in errors.
    pub fn read(full_path: &Path, shown: &Path) -> Result<Dossier, DossierError> {
        let source = SourceFile::read(full_path, shown).map_err(|diagnostic| invalid(shown, diagnostic))?;
        Dossier::parse(source)
    }

    /// Parses a dossier from text: JSON if the source's path ends in `.json`, RON otherwise.
    pub fn parse(source: SourceFile) -> Result<Dossier, DossierError> {
        let format = Format::of(&source.path);
        let probe: format::KindProbe = format.parse(&source).map_err(|diagnostic| invalid(&source.path, diagnostic))?;
        let parsed = match probe.kind.as_str() {
            "major_decision" => typed::<MajorDecision>(&source, format, |d| (&d.id, &d.title)),
            "major_contract" => typed::<MajorContract>(&source, format, |d| (&d.id, &d.title)),
            "major_enforcement_decision" => typed::<EnforcementDecision>(&source, format, |d| (&d.id, &d.title)),
            "disclosure_request" => typed::<DisclosureRequest>(&source, format, |d| (&d.id, &d.title)),
            _ => plain(&source, format),
        };
        let (id, title, value) = parsed.map_err(|diagnostic| invalid(&source.path, diagnostic))?;
        fits_the_rules(&source, &value).map_err(|diagnostic| invalid(&source.path, diagnostic))?;
        Ok(Dossier { kind: probe.kind, id, title, value, source })
    }

    /// The file, as given.
    pub fn path(&self) -> &Path {
        &self.source.path
    }

    /// The kind, e.g. `major_decision`.
    pub fn kind(&self) -> &str {
        &self.kind
    }

    /// The line and column of the value of its `kind` field (RON `kind: "…"` or JSON
    /// `"kind": "…"`).
    pub fn kind_position(&self) -> (usize, usize) {
        let offset = self
            .source
            .find_field(Some("kind"), &self.kind, 0)
            .or_else(|| self.source.find_field(None, &self.kind, 0))
            .unwrap_or(0);
        self.source.line_column(offset)
    }

    /// The dossier's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The dossier's title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The dossier as scripts see it.
    pub(crate) fn value(&self) -> &Dynamic {
        &self.value
    }

    /// Whether one of the dossier's texts is `value`.
    pub(crate) fn holds_text(&self, value: &str) -> bool {
        find_path(&self.value, value, String::new()).is_some()
    }

    /// A diagnostic placed at the field holding the string `value` (e.g. a date), naming the
    /// field.
    pub(crate) fn diagnostic_at_value(&self, value: &str, message: &str) -> Diagnostic {
        let field = find_path(&self.value, value, String::new());
        let last = field.as_deref().map(|path| path.rsplit(['.', ']']).find(|part| !part.is_empty()).unwrap_or(path));
        let offset =
            self.source.find_field(last, value, 0).or_else(|| self.source.find_field(None, value, 0)).unwrap_or(0);
        let message = match field {
            Some(field) => format!("field `{field}`: {message}"),
            None => message.to_string(),
        };
        self.source.diagnostic_at(offset, message)
    }
}

fn invalid(path: &Path, diagnostic: Diagnostic) -> DossierError {
    DossierError::Invalid { file: PathBuf::from(path), problems: vec![diagnostic] }
}

/// Parses a built-in kind against its schema.
fn typed<T>(
    source: &SourceFile,
    format: Format,
    header: impl Fn(&T) -> (&String, &String),
) -> Result<(String, String, Dynamic), Diagnostic>
where
    T: serde::de::DeserializeOwned + Serialize,
{
    let dossier: T = format.parse(source)?;
    let (id, title) = header(&dossier);
    let (id, title) = (id.clone(), title.clone());
    for (field, text) in [("id", &id), ("title", &title)] {
        if text.trim().is_empty() {
            let offset = source.find_field(Some(field), text, 0).unwrap_or(0);
            return Err(source.diagnostic_at(offset, format!("field `{field}`: must not be empty")));
        }
    }
    let value = rhai::serde::to_dynamic(&dossier)
        .map_err(|err| source.diagnostic_at(0, format!("the dossier cannot be given to the rules: {err}")))?;
    Ok((id, title, value))
}

/// Parses a kind without a built-in schema as plain data.
fn plain(source: &SourceFile, format: Format) -> Result<(String, String, Dynamic), Diagnostic> {
    let value: ParamValue = format.parse(source)?;
    let ParamValue::Map(map) = &value else {
        return Err(source.diagnostic_at(0, "a dossier must be a struct `(kind: …, id: …, title: …, …)`"));
    };
    let text = |field: &str| match map.get(field) {
        Some(ParamValue::Text(text)) if !text.trim().is_empty() => Ok(text.clone()),
        Some(_) => Err(source.diagnostic_at(0, format!("field `{field}`: must be a non-empty string"))),
        None => Err(source.diagnostic_at(0, format!("missing field `{field}`"))),
    };
    Ok((text("id")?, text("title")?, value.to_dynamic()))
}

/// What a value holds as the sandbox counts it (rhai's data sizes): the elements of its lists,
/// the entries of its maps and the bytes of its strings, nested ones included; with the field
/// of the longest string and of the largest list.
#[derive(Default)]
struct Sizes {
    elements: usize,
    entries: usize,
    bytes: usize,
    longest_text: (usize, String),
    largest_list: (usize, String),
}

impl Sizes {
    fn add(&mut self, node: &Dynamic, path: &str) {
        if let Ok(map) = node.as_map_ref() {
            for (key, child) in map.iter() {
                self.entries += 1;
                self.add(child, &if path.is_empty() { key.to_string() } else { format!("{path}.{key}") });
            }
        } else if let Ok(array) = node.as_array_ref() {
            if array.len() > self.largest_list.0 {
                self.largest_list = (array.len(), path.to_string());
            }
            for (i, child) in array.iter().enumerate() {
                self.elements += 1;
                self.add(child, &format!("{path}.{i}"));
            }
        } else if let Ok(text) = node.as_immutable_string_ref() {
            self.bytes += text.len();
            if text.len() > self.longest_text.0 {
                self.longest_text = (text.len(), path.to_string());
            }
        }
    }
}

/// Refuses a dossier the rules could not take in. The sandbox counts a value's texts, list
/// elements and map entries as a whole whenever a script hands it on (`f(dossier)`, a list's
/// `len()`), so a dossier past its limits made every stock rule reading it fail, with an error
/// in the rule rather than in the dossier. Placed at the longest text or the largest list.
fn fits_the_rules(source: &SourceFile, value: &Dynamic) -> Result<(), Diagnostic> {
    use crate::limits::{MAX_ARRAY_SIZE, MAX_MAP_SIZE, MAX_STRING_SIZE};
    let mut sizes = Sizes::default();
    sizes.add(value, "");
    let at = |path: &str, message: String| {
        let offset = source.find_value_of(path).unwrap_or(0);
        let field = path.split('.').fold(String::new(), |shown, part| match part.parse::<usize>() {
            Ok(i) => format!("{shown}[{i}]"),
            Err(_) if shown.is_empty() => part.to_string(),
            Err(_) => format!("{shown}.{part}"),
        });
        source.diagnostic_at(offset, format!("field `{field}`: {message}"))
    };
    if sizes.bytes > MAX_STRING_SIZE {
        let (longest, path) = &sizes.longest_text;
        return Err(at(
            path,
            format!(
                "the dossier's texts hold {} bytes together, more than the {MAX_STRING_SIZE} the review's rules can \
                 take in; this one is the longest ({longest} bytes): shorten it, or keep the full text outside the \
                 dossier",
                sizes.bytes
            ),
        ));
    }
    if sizes.elements > MAX_ARRAY_SIZE || sizes.entries > MAX_MAP_SIZE {
        let (largest, path) = &sizes.largest_list;
        return Err(at(
            path,
            format!(
                "the dossier holds {} list elements and {} fields, more than the review's rules can take in \
                 ({MAX_ARRAY_SIZE} and {MAX_MAP_SIZE}); this list is the largest ({largest} elements)",
                sizes.elements, sizes.entries
            ),
        ));
    }
    Ok(())
}

/// The dotted path of the first string leaf equal to `value`.
fn find_path(node: &Dynamic, value: &str, path: String) -> Option<String> {
    if let Ok(map) = node.as_map_ref() {
        return map.iter().find_map(|(key, child)| {
            let child_path = if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
            find_path(child, value, child_path)
        });
    }
    if let Ok(array) = node.as_array_ref() {
        return array.iter().enumerate().find_map(|(i, child)| find_path(child, value, format!("{path}[{i}]")));
    }
    match node.as_immutable_string_ref() {
        Ok(text) if text.as_str() == value => Some(path),
        _ => None,
    }
}
