use super::SUGGESTIONS_TITLE;
use crate::document::{Document, Section};

/// Renders the report as Markdown: `# title`, the preamble, one `## ` heading per part, the
/// heading of each section below in bold, run in at the start of its first paragraph or alone
/// on its line (as the section says), the closing paragraphs
/// without a heading and, if there are any suggestions, an appendix after a rule that lists them
/// apart from the report.
///
/// The text is written as it is (Chinese text needs no escaping); only a paragraph whose start
/// would read as block markup (a heading, list, quote, rule or code fence) has that character
/// escaped.
pub fn render_markdown(doc: &Document) -> String {
    let mut blocks: Vec<String> = Vec::new();
    blocks.push(format!("# {}", doc.title));
    blocks.extend(doc.preamble.iter().map(|p| escape_block_start(p)));
    for part in &doc.parts {
        push_section(&mut blocks, part);
    }
    blocks.extend(doc.closing.iter().map(|p| escape_block_start(p)));
    if !doc.suggestions.is_empty() {
        blocks.push("---".to_owned());
        blocks.push(format!("## {SUGGESTIONS_TITLE}"));
        let items: Vec<String> = doc.suggestions.iter().map(|s| format!("- {s}")).collect();
        blocks.push(items.join("\n"));
    }
    let mut out = blocks.join("\n\n");
    out.push('\n');
    out
}

/// Writes a section and those below it: a part's heading as `## `, a lower one in bold, before
/// the first paragraph when it runs in, else alone.
fn push_section(blocks: &mut Vec<String>, section: &Section) {
    let mut paragraphs = section.paragraphs.iter();
    if section.level == 1 {
        blocks.push(format!("## {}", section.heading));
    } else if section.run_in && !section.paragraphs.is_empty() {
        let first = paragraphs.next().expect("not empty");
        blocks.push(format!("{}{first}", bold_run_in(&section.heading, first.chars().next())));
    } else {
        blocks.push(bold_run_in(&section.heading, None));
    }
    blocks.extend(paragraphs.map(|p| escape_block_start(p)));
    for below in &section.sections {
        push_section(blocks, below);
    }
}

/// The heading in bold, followed by text starting with `next`.
///
/// CommonMark lets `**` close after punctuation only if whitespace, punctuation or the end of the
/// line follows, so "**（一）深学笃行习近平法治思想。**镇党委" would stay literal. In that case the
/// heading's last character goes after the closing `**`: "**（一）深学笃行习近平法治思想**。镇党委".
fn bold_run_in(heading: &str, next: Option<char>) -> String {
    let is_punctuation = |c: char| !c.is_alphanumeric() && !c.is_whitespace();
    let (body, tail) = match heading.char_indices().next_back() {
        Some((at, last)) if is_punctuation(last) && next.is_some_and(|n| !is_punctuation(n) && !n.is_whitespace()) => {
            heading.split_at(at)
        }
        _ => (heading, ""),
    };
    if body.is_empty() {
        return escape_emphasis(heading);
    }
    format!("**{}**{}", escape_emphasis(body), escape_emphasis(tail))
}

/// Escapes the characters that would end or start emphasis inside a heading.
fn escape_emphasis(text: &str) -> String {
    text.replace('*', "\\*")
}

/// Backslash-escapes the start of a paragraph that Markdown would otherwise read as block
/// markup: `#`, `-`, `+`, `*`, `_`, `>`, `<`, `` ` ``, `~`, or an ordered-list number such as
/// `1.` or `2)` (whose `.` or `)` is escaped, since a backslash before a digit is literal).
fn escape_block_start(paragraph: &str) -> String {
    let Some(first) = paragraph.chars().next() else {
        return String::new();
    };
    if matches!(first, '#' | '-' | '+' | '*' | '_' | '>' | '<' | '`' | '~') {
        return format!("\\{paragraph}");
    }
    let digits = paragraph.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && matches!(paragraph.as_bytes().get(digits), Some(b'.' | b')')) {
        return format!("{}\\{}", &paragraph[..digits], &paragraph[digits..]);
    }
    paragraph.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_at_the_start_of_a_paragraph_is_escaped() {
        assert_eq!(escape_block_start("# 不是标题"), "\\# 不是标题");
        assert_eq!(escape_block_start("- 不是列表"), "\\- 不是列表");
        assert_eq!(escape_block_start("> 不是引用"), "\\> 不是引用");
        assert_eq!(escape_block_start("1. 不是编号"), "1\\. 不是编号");
        assert_eq!(escape_block_start("12) 不是编号"), "12\\) 不是编号");
        assert_eq!(escape_block_start("2024年以来"), "2024年以来");
        assert_eq!(escape_block_start("镇党委*重视*"), "镇党委*重视*");
    }

    #[test]
    fn a_run_in_heading_stays_bold_before_a_letter() {
        let bold = |heading, next| bold_run_in(heading, next);
        assert_eq!(bold("（一）深学笃行习近平法治思想。", Some('镇')), "**（一）深学笃行习近平法治思想**。");
        assert_eq!(bold("（一）坚持行政执法“三项制度”。", Some('公')), "**（一）坚持行政执法“三项制度”**。");
        assert_eq!(bold("（二）压紧责任落实。", None), "**（二）压紧责任落实。**");
        assert_eq!(bold("（二）压紧责任落实。", Some('“')), "**（二）压紧责任落实。**");
        assert_eq!(bold("（三）压紧责任落实", Some('镇')), "**（三）压紧责任落实**");
        assert_eq!(bold("（四）*重点*。", None), "**（四）\\*重点\\*。**");
        assert_eq!(bold("。", Some('镇')), "。");
    }
}
