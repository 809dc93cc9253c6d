/// `text` escaped for HTML content and attribute values (quoted with `"` or `'`): the one
/// escaping every HTML fazhi writes uses (the report page, mail digests, the web pages' SVG).
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            super::escape_html("<a href=\"x\">'法治' & </a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;法治&#39; &amp; &lt;/a&gt;"
        );
    }
}
