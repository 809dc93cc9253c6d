//! The workspace's outline `report/<year>.md` (`docs/report.md`): read into blocks that keep
//! the line and column of every line, so a placeholder with no figure can be pointed at.

use fazhi_core::SourceFile;

/// One line of text with where it starts in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    pub(crate) text: String,
    pub(crate) line: usize,
    /// 1-based column (in characters) of `text`'s first character.
    pub(crate) column: usize,
}

/// A block of the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    Title(Line),
    /// A heading of level 1 (`## `), 2 (`### `) or 3 (`#### `).
    Heading(u8, Line),
    /// The end of the numbered parts (`---`).
    Closing,
    /// A paragraph: its lines, to be joined without spaces.
    Paragraph(Vec<Line>),
}

/// Markdown the outline's dialect does not have, found where it was written: the construct is
/// left out of the report (its text kept) and warned about, never printed as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Markup {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) message: String,
}

/// The outline read: its blocks and the Markdown it does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outline {
    pub(crate) blocks: Vec<Block>,
    pub(crate) markup: Vec<Markup>,
}

/// Reads the outline into blocks, dropping `<!-- … -->` comments.
pub(crate) fn parse(file: &SourceFile) -> Outline {
    let mut blocks = Vec::new();
    let mut markup = Vec::new();
    let mut paragraph: Vec<Line> = Vec::new();
    let mut in_comment = false;
    let flush = |paragraph: &mut Vec<Line>, blocks: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph(std::mem::take(paragraph)));
        }
    };
    for (index, raw) in file.text.lines().enumerate() {
        let number = index + 1;
        let mut text = raw.to_string();
        // Comments, possibly over several lines.
        let mut kept = String::new();
        let mut rest = text.as_str();
        loop {
            if in_comment {
                match rest.find("-->") {
                    Some(end) => {
                        in_comment = false;
                        rest = &rest[end + 3..];
                    }
                    None => break,
                }
            } else {
                match rest.find("<!--") {
                    Some(start) => {
                        kept.push_str(&rest[..start]);
                        in_comment = true;
                        rest = &rest[start + 4..];
                    }
                    None => {
                        kept.push_str(rest);
                        break;
                    }
                }
            }
        }
        let had_comment = kept.len() != text.len();
        text = kept;
        let trimmed_start = text.len() - text.trim_start().len();
        let column = text[..trimmed_start].chars().count() + 1;
        let body = text.trim();
        if body.is_empty() {
            if !had_comment {
                flush(&mut paragraph, &mut blocks);
            }
            continue;
        }
        let hashes = body.chars().take_while(|c| *c == '#').count();
        let after = &body[hashes..];
        if hashes > 0 && after.starts_with([' ', '\u{3000}']) {
            let title = after.trim_start_matches([' ', '\u{3000}']);
            let line = Line {
                text: title.trim_end().to_string(),
                line: number,
                column: column + hashes + (after.chars().count() - title.chars().count()),
            };
            flush(&mut paragraph, &mut blocks);
            match hashes {
                1 => blocks.push(Block::Title(line)),
                2..=4 => blocks.push(Block::Heading(hashes as u8 - 1, line)),
                _ => {
                    markup.push(Markup {
                        line: number,
                        column,
                        message: format!(
                            "a heading of level {} ({}): the report has three levels (##, ###, ####); written as a paragraph",
                            hashes - 1,
                            "#".repeat(hashes)
                        ),
                    });
                    paragraph.push(line);
                }
            }
        } else if body == "---" {
            flush(&mut paragraph, &mut blocks);
            blocks.push(Block::Closing);
        } else {
            let (text, found) = plain_text(body, number, column);
            markup.extend(found);
            if !text.is_empty() {
                paragraph.push(Line { text, line: number, column });
            }
        }
    }
    flush(&mut paragraph, &mut blocks);
    Outline { blocks, markup }
}

/// The text of one line of a paragraph without the Markdown the dialect does not have — at the
/// line's start a list marker, a quote, a code fence, a table row or hashes with no space; in
/// the line emphasis, code, links and images — and where each was. `{{…}}` is left alone.
fn plain_text(body: &str, line: usize, column: usize) -> (String, Vec<Markup>) {
    let mut markup: Vec<Markup> = Vec::new();
    // Each construct once per line, at its first place (a line of 100,000 `**` says it once).
    let mut note = |at: usize, message: &str| {
        if !markup.iter().any(|known| known.message == message) {
            markup.push(Markup { line, column: column + body[..at].chars().count(), message: message.to_string() })
        }
    };
    let mut start = 0;
    if body.starts_with("```") || body.starts_with("~~~") {
        note(0, "a code fence (```): the report has no code blocks; the line is left out");
        return (String::new(), markup);
    }
    if body.starts_with('#') {
        note(
            0,
            "hashes without a space after them: write `## ` (with a space) for a heading; written as text without them",
        );
        start = body.len() - body.trim_start_matches('#').len();
    } else if let Some(rest) = ["- ", "* ", "+ "].iter().find_map(|marker| body.strip_prefix(marker)) {
        note(0, "a list item: the report has no lists (write the items as sentences); written without its marker");
        start = body.len() - rest.len();
    } else if let Some(rest) = body.strip_prefix('>') {
        note(0, "a quotation (>): the report has no quotations; written without its marker");
        start = body.len() - rest.trim_start().len();
    } else if body.starts_with('|') {
        if body.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
            note(0, "a table: the report has no tables; the line is left out");
            return (String::new(), markup);
        }
        note(0, "a table row: the report has no tables; its cells are written as text");
    }
    let mut out = String::new();
    let text = &body[start..];
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < text.len() {
        let rest = &text[i..];
        if rest.starts_with("{{") {
            let end = rest.find("}}").map_or(rest.len(), |end| end + 2);
            out.push_str(&rest[..end]);
            i += end;
        } else if rest.starts_with("**") || rest.starts_with("__") {
            note(start + i, "emphasis (** or __): the report has no bold text; written without the marks");
            i += 2;
        } else if rest.starts_with('`') {
            note(start + i, "code (`): written without the marks");
            i += 1;
        } else if rest.starts_with("![") {
            let end = link_end(rest).unwrap_or(2);
            note(start + i, "an image: the report has no images; left out");
            i += end;
        } else if rest.starts_with('[') && link_end(rest).is_some() {
            let end = link_end(rest).expect("checked");
            let label = &rest[1..rest[..end].find("](").expect("a link")];
            note(start + i, "a link: the report has no links; its text is written without the address");
            out.push_str(label);
            i += end;
        } else if bytes[i] == b'|' && body.starts_with('|') {
            if !out.is_empty() && i + 1 < text.len() {
                out.push('\u{3000}');
            }
            i += 1;
        } else {
            let c = rest.chars().next().expect("not at the end");
            out.push(c);
            i += c.len_utf8();
        }
    }
    (out.trim().to_string(), markup)
}

/// How far a link's label and address may reach: beyond, `[` is plain text (and a line of
/// 100,000 `[` is read in linear time).
const LINK_REACH: usize = 2048;

/// The length of `[label](address)` (or `![…](…)`) at the start of `text`, if it is one.
fn link_end(text: &str) -> Option<usize> {
    let mut reach = text.len().min(LINK_REACH);
    while !text.is_char_boundary(reach) {
        reach -= 1;
    }
    let near = &text[..reach];
    let middle = near.find("](")?;
    let close = near[middle..].find(')')? + middle;
    Some(close + 1)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn blocks_keep_their_positions() {
        let text = "<!-- a comment\n over two lines -->\n# 标题{{year}}\n\n前言第一行\n  第二行\n\n## 部分\n\n### 小节。\n\n正文<!-- x -->。\n\n---\n\n结尾\n";
        let blocks = parse(&SourceFile::new(PathBuf::from("report/2024.md"), text)).blocks;
        assert_eq!(
            blocks,
            vec![
                Block::Title(Line { text: "标题{{year}}".into(), line: 3, column: 3 }),
                Block::Paragraph(vec![
                    Line { text: "前言第一行".into(), line: 5, column: 1 },
                    Line { text: "第二行".into(), line: 6, column: 3 },
                ]),
                Block::Heading(1, Line { text: "部分".into(), line: 8, column: 4 }),
                Block::Heading(2, Line { text: "小节。".into(), line: 10, column: 5 }),
                Block::Paragraph(vec![Line { text: "正文。".into(), line: 12, column: 1 }]),
                Block::Closing,
                Block::Paragraph(vec![Line { text: "结尾".into(), line: 16, column: 1 }]),
            ]
        );
    }

    #[test]
    fn markdown_outside_the_dialect_is_left_out_and_placed() {
        let text =
            "#### 第三层。\n\n##### 第四层\n\n- 列表**重点**项\n> 引用[链接](http://x)\n|甲|乙|\n|---|---|\n```\n";
        let outline = parse(&SourceFile::new(PathBuf::from("report/2024.md"), text));
        assert_eq!(outline.blocks[0], Block::Heading(3, Line { text: "第三层。".into(), line: 1, column: 6 }));
        let texts: Vec<&str> = outline.blocks[1..]
            .iter()
            .flat_map(|block| match block {
                Block::Paragraph(lines) => lines.iter().map(|line| line.text.as_str()).collect::<Vec<_>>(),
                other => panic!("{other:?}"),
            })
            .collect::<Vec<&str>>();
        assert_eq!(texts, ["第四层", "列表重点项", "引用链接", "甲\u{3000}乙"]);
        let places: Vec<(usize, usize)> = outline.markup.iter().map(|m| (m.line, m.column)).collect();
        assert_eq!(places, [(3, 1), (5, 1), (5, 5), (6, 1), (6, 5), (7, 1), (8, 1), (9, 1)]);
    }
}
