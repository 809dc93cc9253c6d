//! Links between the pages: ids and filter values percent-encoded.

/// `text` percent-encoded for a path segment or a query value: every byte but the unreserved
/// characters (RFC 3986) and `@`.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => out.push(byte as char),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// The page of the task `id`.
pub fn task(id: &str) -> String {
    format!("/tasks/{}", encode(id))
}

/// A query string from its pairs, empty values left out (with the leading `?`, or empty).
pub fn query(pairs: &[(&str, &str)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(key, value)| format!("{key}={}", encode(value)))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_and_values_are_encoded() {
        assert_eq!(super::task("xinfang@2025-03-17"), "/tasks/xinfang@2025-03-17");
        assert_eq!(super::task("wz-2025-03/chufa"), "/tasks/wz-2025-03%2Fchufa");
        assert_eq!(super::query(&[("unit", "党政办"), ("owner", "")]), "?unit=%E5%85%9A%E6%94%BF%E5%8A%9E");
        assert_eq!(super::query(&[("a", "")]), "");
    }
}
