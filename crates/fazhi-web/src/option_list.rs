use std::collections::HashMap;

use askama::Template;

/// A long list of a filter's options (the units, the people), rendered once: each request
/// copies it, marking the chosen option, instead of rendering thousands of options again.
pub struct OptionList {
    /// Every option, not chosen, one after another.
    html: String,
    /// Each option: where it is in `html`, and its HTML when chosen.
    options: Vec<(std::ops::Range<usize>, String)>,
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
        let mut list = OptionList { html: String::new(), options: Vec::new(), by_value: HashMap::new() };
        for (value, label) in options {
            let render = |selected| OptionHtml { value, label, selected }.render().unwrap_or_default();
            let start = list.html.len();
            list.html.push_str(&render(false));
            list.by_value.entry(value.to_string()).or_insert(list.options.len());
            list.options.push((start..list.html.len(), render(true)));
        }
        list
    }

    /// The options as HTML, the one whose value is `chosen` (if any) marked as chosen.
    pub fn html(&self, chosen: &str) -> String {
        match self.by_value.get(chosen).and_then(|&i| self.options.get(i)) {
            Some((range, selected)) => {
                let mut html = String::with_capacity(self.html.len() + 9);
                html.push_str(&self.html[..range.start]);
                html.push_str(selected);
                html.push_str(&self.html[range.end..]);
                html
            }
            None => self.html.clone(),
        }
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
