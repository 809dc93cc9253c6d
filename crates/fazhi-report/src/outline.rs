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
    Part(Line),
    SubPart(Line),
    /// The end of the numbered parts (`---`).
    Closing,
    /// A paragraph: its lines, to be joined without spaces.
    Paragraph(Vec<Line>),
}

/// Reads the outline into blocks, dropping `<!-- … -->` comments.
pub(crate) fn parse(file: &SourceFile) -> Vec<Block> {
    let mut blocks = Vec::new();
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
        let heading = |prefix: &str| {
            body.strip_prefix(prefix).map(|title| Line {
                text: title.trim().to_string(),
                line: number,
                column: column + prefix.chars().count() + (title.len() - title.trim_start().len()),
            })
        };
        if let Some(line) = heading("### ") {
            flush(&mut paragraph, &mut blocks);
            blocks.push(Block::SubPart(line));
        } else if let Some(line) = heading("## ") {
            flush(&mut paragraph, &mut blocks);
            blocks.push(Block::Part(line));
        } else if let Some(line) = heading("# ") {
            flush(&mut paragraph, &mut blocks);
            blocks.push(Block::Title(line));
        } else if body == "---" {
            flush(&mut paragraph, &mut blocks);
            blocks.push(Block::Closing);
        } else {
            paragraph.push(Line { text: body.to_string(), line: number, column });
        }
    }
    flush(&mut paragraph, &mut blocks);
    blocks
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn blocks_keep_their_positions() {
        let text = "<!-- a comment\n over two lines -->\n# 标题{{year}}\n\n前言第一行\n  第二行\n\n## 部分\n\n### 小节。\n\n正文<!-- x -->。\n\n---\n\n结尾\n";
        let blocks = parse(&SourceFile::new(PathBuf::from("report/2024.md"), text));
        assert_eq!(
            blocks,
            vec![
                Block::Title(Line { text: "标题{{year}}".into(), line: 3, column: 3 }),
                Block::Paragraph(vec![
                    Line { text: "前言第一行".into(), line: 5, column: 1 },
                    Line { text: "第二行".into(), line: 6, column: 3 },
                ]),
                Block::Part(Line { text: "部分".into(), line: 8, column: 4 }),
                Block::SubPart(Line { text: "小节。".into(), line: 10, column: 5 }),
                Block::Paragraph(vec![Line { text: "正文。".into(), line: 12, column: 1 }]),
                Block::Closing,
                Block::Paragraph(vec![Line { text: "结尾".into(), line: 16, column: 1 }]),
            ]
        );
    }
}
