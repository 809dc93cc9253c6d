use std::collections::HashMap;

use askama::Template;
use axum::body::Bytes;

/// A long list of a filter's options (the units, the people), rendered once: each request
/// sends it from here ([`OptionList::parts`]), the chosen option marked, instead of rendering
/// thousands of options again.
pub struct OptionList {
    /// Every option, not chosen, one after another.
    html: Bytes,
    /// Each option: where it is in `html`, and its HTML when chosen.
    options: Vec<(std::ops::Range<usize>, Bytes)>,
    /// The option of each value.
    by_value: HashMap<String, usize>,
}

/// One `<option>`, as the task list's template writes it.
#[derive(Template)]
#[template(
    source = r#"<option value="{{ value }}" {% if selected %}selected{% endif %}>{{ label }}</option>"#,
    ext = "html"
)]
struct OptionHtml<'a> {
    value: &'a str,
    label: &'a str,
    selected: bool,
}

impl OptionList {
    /// The options (value, label), in order.
    pub fn new<'a>(options: impl IntoIterator<Item = (&'a str, &'a str)>) -> OptionList {
        let (mut html, mut list) = (String::new(), Vec::new());
        let mut by_value = HashMap::new();
        for (value, label) in options {
            let render = |selected| OptionHtml { value, label, selected }.render().unwrap_or_default();
            let start = html.len();
            html.push_str(&render(false));
            by_value.entry(value.to_string()).or_insert(list.len());
            list.push((start..html.len(), Bytes::from(render(true))));
        }
        OptionList { html: Bytes::from(html), options: list, by_value }
    }

    /// The options as HTML in parts (shared with every request, not copied): the one whose
    /// value is `chosen` (if any) marked as chosen.
    pub fn parts(&self, chosen: &str) -> Vec<Bytes> {
        match self.by_value.get(chosen).and_then(|&i| self.options.get(i)) {
            Some((range, selected)) => {
                vec![self.html.slice(..range.start), selected.clone(), self.html.slice(range.end..)]
            }
            None => vec![self.html.clone()],
        }
    }

    /// The options as HTML, the one whose value is `chosen` (if any) marked as chosen.
    pub fn html(&self, chosen: &str) -> String {
        let bytes: Vec<u8> = self.parts(chosen).concat();
        String::from_utf8(bytes).expect("the parts of one UTF-8 text at its options' edges")
    }
}

#[cfg(test)]
mod tests {
    use super::OptionList;

    #[test]
    fn the_chosen_option_is_marked_and_values_escaped() {
        let list = OptionList::new([("a", "甲"), ("b&<", "乙\"")]);
        assert_eq!(list.html(""), r#"<option value="a" >甲</option><option value="b&#38;&#60;" >乙&#34;</option>"#);
        assert_eq!(
            list.html("b&<"),
            r#"<option value="a" >甲</option><option value="b&#38;&#60;" selected>乙&#34;</option>"#
        );
        assert_eq!(list.html("nowhere"), list.html(""));
    }
}
