//! Reading a dossier's text as RON or JSON into a typed value, with every error placed at its
//! line and column and naming the field.

use std::path::Path;

use fazhi_core::{Diagnostic, SourceFile};
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// Just the kind, read first to choose the schema.
#[derive(Debug, Deserialize)]
pub(super) struct KindProbe {
    pub kind: String,
}

/// The text format of a dossier file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Ron,
    Json,
}

impl Format {
    /// JSON for `*.json`, RON otherwise.
    pub fn of(path: &Path) -> Format {
        match path.extension().and_then(|ext| ext.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("json") => Format::Json,
            _ => Format::Ron,
        }
    }

    /// Parses the whole text as a `T`.
    pub fn parse<T: DeserializeOwned>(self, source: &SourceFile) -> Result<T, Diagnostic> {
        match self {
            Format::Ron => parse_ron(source),
            Format::Json => parse_json(source),
        }
    }
}

fn parse_ron<T: DeserializeOwned>(source: &SourceFile) -> Result<T, Diagnostic> {
    let options = ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let spanned = |err: ron::error::SpannedError, path: &str| {
        source.syntax_diagnostic(err.span.start.line, err.span.start.col, describe(path, ron_message(&err.code)))
    };
    let mut deserializer =
        ron::Deserializer::from_str_with_options(&source.text, &options).map_err(|err| spanned(err, ""))?;
    match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(value) => {
            deserializer.end().map_err(|err| spanned(deserializer.span_error(err), ""))?;
            Ok(value)
        }
        Err(err) => {
            let path = err.path().to_string();
            let inner = err.into_inner();
            Err(spanned(deserializer.span_error(inner), &path))
        }
    }
}

fn parse_json<T: DeserializeOwned>(source: &SourceFile) -> Result<T, Diagnostic> {
    let positioned = |err: serde_json::Error, path: &str| {
        let text = err.to_string();
        let message = match text.rfind(" at line ") {
            Some(at) => text[..at].to_string(),
            None => text,
        };
        let message = describe(path, message);
        if err.is_syntax() || err.is_eof() {
            source.syntax_diagnostic(err.line().max(1), err.column().max(1), message)
        } else {
            Diagnostic { file: source.path.clone(), line: err.line().max(1), column: err.column().max(1), message }
        }
    };
    let mut deserializer = serde_json::Deserializer::from_str(&source.text);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let path = err.path().to_string();
        positioned(err.into_inner(), &path)
    })?;
    deserializer.end().map_err(|err| positioned(err, ""))?;
    Ok(value)
}

/// RON's message, in the same words as serde_json's for the common shape errors.
fn ron_message(code: &ron::Error) -> String {
    match code {
        ron::Error::MissingStructField { field, .. } => format!("missing field `{field}`"),
        ron::Error::NoSuchStructField { expected, found, .. } => {
            format!("unknown field `{found}`, expected one of: {}", quoted(expected))
        }
        ron::Error::DuplicateStructField { field, .. } => format!("duplicate field `{field}`"),
        ron::Error::InvalidValueForType { expected, found } => format!("expected {expected}, found {found}"),
        other => other.to_string(),
    }
}

fn quoted(names: &[&str]) -> String {
    names.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ")
}

/// Prefixes the message with the field it concerns (for an unknown field, the struct holding
/// it); a message from RON starts lowercase like serde_json's.
fn describe(path: &str, message: String) -> String {
    let mut message = message;
    if let Some(first) = message.get(..1) {
        if first != first.to_lowercase() && !message.starts_with("Non-") {
            message = first.to_lowercase() + &message[1..];
        }
    }
    let path =
        if message.starts_with("unknown field") { path.rfind(['.', '[']).map_or("", |at| &path[..at]) } else { path };
    if path.is_empty() || path == "." || path.contains('?') {
        message
    } else {
        format!("field `{path}`: {message}")
    }
}
