//! Turning rhai's errors into fazhi's: a parse error into a positioned [`Diagnostic`], a
//! runtime error into a [`ScriptError`] naming the script, line, column and rule, in words a
//! rule-pack author can act on.

use std::path::PathBuf;

use fazhi_core::Diagnostic;
use rhai::{EvalAltResult, ParseError, Position};

use super::host_api::{BAD_DATE, OUTSIDE_CALENDAR};
use super::{
    MAX_ARRAY_SIZE, MAX_CALL_LEVELS, MAX_MAP_SIZE, MAX_OPERATIONS, MAX_STRING_SIZE, REVIEW_TIME_LIMIT, REVIEW_TIME_UP,
    TIME_LIMIT,
};
use crate::ScriptError;

/// What a failed script call means.
#[derive(Debug)]
pub(crate) enum ScriptFailure {
    /// The script is at fault.
    Script(ScriptError),
    /// A host function could not read a date: the script's fault, unless the text is one of the
    /// dossier's (a kind without a schema, whose dates are not checked when it is read).
    BadDate {
        /// The text given as a date.
        date: String,
        /// The failure as the script's.
        error: ScriptError,
    },
    /// A date of the dossier lies outside the working-day calendar.
    OutsideCalendar {
        /// The date, `YYYY-MM-DD`.
        date: String,
        /// The calendar's explanation.
        message: String,
    },
}

/// A parse error of `file` as a diagnostic. One rhai gives no position (a string left open at
/// the end of the script) is placed at the end of the file.
pub(crate) fn parse_diagnostic(err: &ParseError, file: &fazhi_core::SourceFile) -> Diagnostic {
    let (line, column) = match line_column(err.position()) {
        (0, _) => file.line_column(file.text.trim_end().len()),
        found => found,
    };
    let text = err.err_type().to_string();
    let message = if text.contains("'eval'") {
        "`eval` is not allowed in rule scripts".to_string()
    } else if text.starts_with("Undefined variable") {
        // Closures capture nothing (the engine is built without shared values, which makes every
        // script faster), so a closure naming a variable around it ends up here too.
        format!(
            "syntax error: {text} (declare a variable with `let` before using it; a function or a closure `|x| …` sees only its own parameters and variables, not those around it such as `dossier`: pass it what it needs)"
        )
    } else {
        format!("syntax error: {text}")
    };
    Diagnostic { file: file.path.clone(), line, column, message }
}

/// Explains a runtime error of the rule `rule`, whose script is `script`.
pub(crate) fn classify(err: &EvalAltResult, script: &str, rule: &str) -> ScriptFailure {
    let mut source = script.to_string();
    let mut calls: Vec<String> = Vec::new();
    let mut err = err;
    loop {
        match err {
            EvalAltResult::ErrorInFunctionCall(name, defined_in, inner, pos) => {
                calls.push(format!("in {name}() called at {source}:{}", line_column(*pos).0));
                if !defined_in.is_empty() {
                    source = defined_in.clone();
                }
                err = inner;
            }
            EvalAltResult::ErrorInModule(library, inner, pos) => {
                calls.push(format!("while importing {library} at {source}:{}", line_column(*pos).0));
                source = library.clone();
                err = inner;
            }
            _ => break,
        }
    }
    let mut bad_date = None;
    let mut message = None;
    if let EvalAltResult::ErrorRuntime(value, _) = err {
        if let Ok(map) = value.as_map_ref() {
            if let (Some(date), Some(text)) = (map.get(OUTSIDE_CALENDAR), map.get("message")) {
                return ScriptFailure::OutsideCalendar { date: date.to_string(), message: text.to_string() };
            }
            if let (Some(date), Some(text)) = (map.get(BAD_DATE), map.get("message")) {
                bad_date = Some(date.to_string());
                message = Some(text.to_string());
            }
        }
    }
    let (line, column) = line_column(err.position());
    let mut message = message.unwrap_or_else(|| describe(err));
    if !calls.is_empty() {
        calls.reverse();
        message = format!("{message} ({})", calls.join(", "));
    }
    let error = ScriptError { script: PathBuf::from(source), line, column, rule: rule.to_string(), message };
    match bad_date {
        Some(date) => ScriptFailure::BadDate { date, error },
        None => ScriptFailure::Script(error),
    }
}

/// A signature with rhai's Rust type names replaced by the names scripts know.
fn script_types(signature: &str) -> String {
    [
        ("&str | ImmutableString | String", "string"),
        ("ImmutableString", "string"),
        ("rhai::Map", "map"),
        ("rhai::Array", "array"),
        ("i64", "int"),
        ("f64", "float"),
    ]
    .iter()
    .fold(signature.to_string(), |text, (rust, script)| text.replace(rust, script))
}

/// 1-based line and column; (0, 0) when unknown.
fn line_column(pos: Position) -> (usize, usize) {
    match pos.line() {
        Some(line) => (line, pos.position().unwrap_or(1)),
        None => (0, 0),
    }
}

fn describe(err: &EvalAltResult) -> String {
    match err {
        EvalAltResult::ErrorTooManyOperations(_) => {
            format!("stopped after {MAX_OPERATIONS} operations (an endless loop?)")
        }
        EvalAltResult::ErrorTerminated(token, _) if token.to_string() == REVIEW_TIME_UP => {
            format!("stopped: the review's rules ran for more than {} s together", REVIEW_TIME_LIMIT.as_secs_f64())
        }
        EvalAltResult::ErrorTerminated(..) => {
            format!("stopped after running for more than {} s", TIME_LIMIT.as_secs_f64())
        }
        EvalAltResult::ErrorStackOverflow(_) => {
            format!("function calls nested more than {MAX_CALL_LEVELS} deep (endless recursion?)")
        }
        EvalAltResult::ErrorDataTooLarge(what, _) => {
            let limit = match what.as_str() {
                text if text.contains("string") => format!("a string may hold at most {MAX_STRING_SIZE} bytes"),
                text if text.contains("array") => format!("an array may hold at most {MAX_ARRAY_SIZE} elements"),
                text if text.contains("map") => format!("a map may hold at most {MAX_MAP_SIZE} entries"),
                _ => "over the sandbox's limit".to_string(),
            };
            format!("{what} too large: {limit}")
        }
        EvalAltResult::ErrorFunctionNotFound(signature, _) => {
            format!("no function {} (the host API is listed in docs/rules-host-api.md)", script_types(signature))
        }
        EvalAltResult::ErrorModuleNotFound(path, _) => format!(
            "cannot import \"{path}\": only libraries of the loaded rule packs can be imported, as \"MODULE/NAME\" for rules/MODULE/lib/NAME.rhai"
        ),
        EvalAltResult::ErrorPropertyNotFound(name, _) => {
            format!("no field `{name}` (use has(\"…\") or get(\"…\") for a field the dossier may leave out)")
        }
        EvalAltResult::ErrorRuntime(value, _) => match value.clone().into_immutable_string() {
            Ok(text) => text.to_string(),
            Err(_) => format!("the script threw {value}"),
        },
        other => {
            let text = other.to_string();
            match text.rfind(" (line ") {
                Some(at) if text.ends_with(')') => text[..at].to_string(),
                _ => text,
            }
        }
    }
}
