use fazhi_core::escape_html as escape;
use std::fmt::Write as _;

use super::{audit_head_line, SUGGESTIONS_TITLE};
use crate::document::{Document, Section};

/// The page's style sheet: the layout of GB/T 9704 as far as a browser can print it.
const STYLE: &str = r#"@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
html { background: #fff; color: #000; }
body { margin: 0 auto; max-width: 156mm; font-family: "仿宋_GB2312", "FangSong", "STFangsong", serif; font-size: 16pt; line-height: 28pt; }
@media screen { body { padding: 20mm 10mm; } }
h1 { margin: 0 0 28pt; font-family: "FZXiaoBiaoSong-B05S", "方正小标宋简体", "SimSun", serif; font-size: 22pt; font-weight: normal; line-height: 1.5; text-align: center; }
h2 { margin: 0; font-family: "SimHei", "Heiti SC", sans-serif; font-size: 16pt; font-weight: normal; line-height: 28pt; text-indent: 2em; }
p { margin: 0; text-align: justify; text-indent: 2em; }
h3, h4 { margin: 0; font-size: 16pt; line-height: 28pt; text-indent: 2em; }
h3, .level-2 { font-family: "楷体_GB2312", "KaiTi", "STKaiti", serif; font-weight: normal; }
h4, .level-3 { font-family: "仿宋_GB2312", "FangSong", "STFangsong", serif; font-weight: bold; }
aside { margin-top: 28pt; padding: 8pt 12pt; border: 1px dashed #888; background: #f5f5f5; font-family: sans-serif; font-size: 12pt; line-height: 1.6; }
aside h2 { font-family: sans-serif; font-size: 12pt; font-weight: bold; line-height: 1.6; text-indent: 0; }
aside ul { margin: 4pt 0 0; padding-left: 1.5em; }
@media print { aside { break-before: page; } }
footer { margin-top: 28pt; font-family: "仿宋_GB2312", "FangSong", "STFangsong", serif; font-size: 12pt; line-height: 1.6; word-break: break-all; }
"#;

/// Renders the report as one standalone, printable HTML page (A4, GB/T 9704 fonts and sizes,
/// inline style only, no external resources). The audit log's head, if given, follows the text
/// in a `<footer>`; the suggestions, if any, follow the report in a separate `<aside>`.
pub fn render_html(doc: &Document) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(&doc.title));
    let _ = write!(out, "<style>\n{STYLE}</style>\n</head>\n<body>\n<article>\n");
    let _ = writeln!(out, "<h1>{}</h1>", escape(&doc.title));
    push_paragraphs(&mut out, &doc.preamble);
    for part in &doc.parts {
        push_section(&mut out, part);
    }
    push_paragraphs(&mut out, &doc.closing);
    if let Some(head) = &doc.audit_head {
        let _ = writeln!(out, "<footer>{}</footer>", escape(&audit_head_line(head)));
    }
    out.push_str("</article>\n");
    if !doc.suggestions.is_empty() {
        let _ = writeln!(out, "<aside>\n<h2>{}</h2>\n<ul>", escape(SUGGESTIONS_TITLE));
        for suggestion in &doc.suggestions {
            let _ = writeln!(out, "<li>{}</li>", escape(suggestion));
        }
        out.push_str("</ul>\n</aside>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Writes a section and those below it: a part in a `<section>` under an `<h2>`; a lower
/// heading run in as a `<span>` at the start of its first paragraph, or as an `<h3>`/`<h4>`.
fn push_section(out: &mut String, section: &Section) {
    let mut paragraphs = section.paragraphs.as_slice();
    let heading = escape(&section.heading);
    match section.level {
        1 => {
            let _ = writeln!(out, "<section>\n<h2>{heading}</h2>");
        }
        level if section.run_in && !paragraphs.is_empty() => {
            let _ = writeln!(out, "<p><span class=\"level-{level}\">{heading}</span>{}</p>", escape(&paragraphs[0]));
            paragraphs = &paragraphs[1..];
        }
        level => {
            let _ = writeln!(out, "<h{tag}>{heading}</h{tag}>", tag = level + 1);
        }
    }
    push_paragraphs(out, paragraphs);
    for below in &section.sections {
        push_section(out, below);
    }
    if section.level == 1 {
        out.push_str("</section>\n");
    }
}

/// Writes each paragraph as a `<p>`.
fn push_paragraphs(out: &mut String, paragraphs: &[String]) {
    for paragraph in paragraphs {
        let _ = writeln!(out, "<p>{}</p>", escape(paragraph));
    }
}
