//! Turning what a rule script returned into findings, checking its shape.

use rhai::{Dynamic, Map};

use crate::{Finding, Severity};

/// The findings in a rule's result: `()`, one finding map, or an array of finding maps.
pub(crate) fn findings(value: Dynamic, module: &str) -> Result<Vec<Finding>, String> {
    if value.is_unit() {
        return Ok(Vec::new());
    }
    if let Ok(array) = value.as_array_ref() {
        return array
            .iter()
            .enumerate()
            .filter(|(_, element)| !element.is_unit())
            .map(|(i, element)| match element.as_map_ref() {
                Ok(map) => finding_from_map(&map, module)
                    .map_err(|message| format!("element {i} of the returned array: {message}")),
                Err(_) => {
                    Err(format!("element {i} of the returned array is {}, not a finding", describe_type(element)))
                }
            })
            .collect();
    }
    if let Ok(map) = value.as_map_ref() {
        return Ok(vec![finding_from_map(&map, module)?]);
    }
    Err(format!(
        "a rule must end with an array of findings, one finding or (), not {} (build findings with block(), warn(), info() or finding())",
        describe_type(&value)
    ))
}

/// Checks a finding map: `rule`, `severity`, `message` and `basis` strings, `field` a string or
/// `()`, nothing else.
pub(crate) fn finding_from_map(map: &Map, module: &str) -> Result<Finding, String> {
    if let Some(key) = map.keys().find(|key| !["rule", "severity", "message", "basis", "field"].contains(&key.as_str()))
    {
        return Err(format!("a finding has no key `{key}` (keys: rule, severity, message, basis, field)"));
    }
    let text = |key: &str| -> Result<String, String> {
        match map.get(key) {
            Some(value) => match value.as_immutable_string_ref() {
                Ok(text) if !text.trim().is_empty() => Ok(text.as_str().to_owned()),
                Ok(_) => Err(format!("a finding's `{key}` must not be empty")),
                Err(_) => Err(format!("a finding's `{key}` must be a string, not {}", describe_type(value))),
            },
            None => Err(format!("a finding needs `{key}`")),
        }
    };
    let severity: Severity = text("severity")?.parse()?;
    let field = match map.get("field") {
        None => None,
        Some(value) if value.is_unit() => None,
        Some(value) => match value.as_immutable_string_ref() {
            Ok(text) if text.trim().is_empty() => None,
            Ok(text) => Some(text.as_str().to_owned()),
            Err(_) => return Err(format!("a finding's `field` must be a string, not {}", describe_type(value))),
        },
    };
    Ok(Finding {
        rule: text("rule")?,
        module: module.to_string(),
        severity,
        message: text("message")?,
        basis: text("basis")?,
        field,
    })
}

fn describe_type(value: &Dynamic) -> String {
    let name = match value.type_name() {
        "i64" | "i32" => "an integer",
        "f64" | "f32" => "a number",
        "bool" => "a boolean",
        "char" => "a character",
        "()" => "()",
        name if name.contains("ImmutableString") || name == "string" => "a string",
        name if name.contains("Array") || name == "array" => "an array",
        name if name.contains("Map") || name == "map" => "a map",
        name => return format!("a value of type {name}"),
    };
    name.to_string()
}
