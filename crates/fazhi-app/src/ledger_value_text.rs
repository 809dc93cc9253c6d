/// A ledger value as `fazhi ledger list` and the 台账 page show it: a yes/no as 是/否, tags joined
/// with 、, a whole number without decimals.
pub fn ledger_value_text(value: Option<&serde_json::Value>) -> String {
    match value {
        Some(serde_json::Value::String(text)) => text.clone(),
        Some(serde_json::Value::Bool(flag)) => if *flag { "是" } else { "否" }.to_string(),
        Some(serde_json::Value::Array(tags)) => {
            tags.iter().filter_map(|tag| tag.as_str()).collect::<Vec<_>>().join("、")
        }
        Some(serde_json::Value::Number(number)) => match number.as_f64() {
            Some(value) if number.is_f64() && value.fract() == 0.0 => format!("{value:.0}"),
            _ => number.to_string(),
        },
        Some(serde_json::Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}
