use std::io::Cursor;

use docx_rs::{
    AlignmentType, BreakType, Docx, DocxError, FieldCharType, Footer, InstrPAGE, InstrText, LineSpacing,
    LineSpacingType, PageMargin, Paragraph, Run, RunFonts, SpecialIndentType,
};

use super::audit_head_line;
use crate::document::{Document, Section};
use crate::render_error::RenderError;
use crate::word_text;

/// A4 in twips (1/20 pt): 210 mm × 297 mm.
const PAGE_WIDTH: u32 = 11906;
/// A4 height in twips.
const PAGE_HEIGHT: u32 = 16838;

/// Millimetres to twips (1 mm = 56.7 twips), rounded to the nearest twip.
const fn mm(millimetres: i32) -> i32 {
    (millimetres * 567 + 5) / 10
}

/// 方正小标宋简体: the title.
const TITLE_FONT: &str = "方正小标宋简体";
/// 仿宋_GB2312: the body text.
const BODY_FONT: &str = "仿宋_GB2312";
/// 黑体: first-level headings (一、).
const HEADING_FONT: &str = "黑体";
/// 楷体_GB2312: second-level headings (（一）).
const LEVEL_2_FONT: &str = "楷体_GB2312";
/// 宋体: the page number.
const PAGE_NUMBER_FONT: &str = "宋体";

/// 二号 (22 pt) in half-points.
const SIZE_ERHAO: usize = 44;
/// 三号 (16 pt) in half-points.
const SIZE_SANHAO: usize = 32;
/// 四号 (14 pt) in half-points.
const SIZE_SIHAO: usize = 28;

/// Fixed line spacing: 28 pt, in twips.
const LINE_EXACT: i32 = 560;
/// First-line indent: two characters of 三号 (2 × 16 pt), in twips.
const FIRST_LINE_INDENT: i32 = 640;

/// Renders the report as a Word file in the layout of GB/T 9704 (党政机关公文格式): A4, margins
/// 37/35/28/26 mm (top/bottom/left/right), the title in 方正小标宋简体 二号 centred, the body in
/// 仿宋_GB2312 三号 with a fixed line spacing of 28 pt and a first-line indent of two characters,
/// first-level headings in 黑体 三号 on their own line, second-level headings in 楷体_GB2312 三号
/// and third-level ones in 仿宋_GB2312 三号 bold, run in at the start of their paragraph or on
/// their own line, and the page number "— 1 —" centred in the footer in 宋体 四号.
///
/// The audit log's head, if given, ends the file in a line of its own (仿宋 四号, not indented);
/// the suggestions are not part of the report and are left out. A manual line break as Word
/// pastes it (U+000B) is written as a line break; the characters XML does not allow (the
/// other C0 controls but tab and line ends, U+FFFE, U+FFFF) are left out, so that the file
/// always opens ([`Report::build`](crate::Report::build) warns about each one it finds).
///
/// # Errors
///
/// [`RenderError::DocxPack`] if docx-rs cannot write the ZIP container.
pub fn render_docx(doc: &Document) -> Result<Vec<u8>, RenderError> {
    let mut docx = Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(mm(37))
                .bottom(mm(35))
                .left(mm(28))
                .right(mm(26))
                // The page number's dash sits 7 mm below the text block (35 mm - 7 mm - the line).
                .footer(mm(25)),
        )
        .default_fonts(fonts(BODY_FONT))
        .default_size(SIZE_SANHAO)
        .footer(page_number_footer());

    docx = docx.add_paragraph(title(&doc.title));
    for paragraph in &doc.preamble {
        docx = docx.add_paragraph(body(paragraph));
    }
    for part in &doc.parts {
        for paragraph in section_paragraphs(part) {
            docx = docx.add_paragraph(paragraph);
        }
    }
    for paragraph in &doc.closing {
        docx = docx.add_paragraph(body(paragraph));
    }
    if let Some(head) = &doc.audit_head {
        docx = docx.add_paragraph(audit_head_paragraph(head));
    }

    let mut out = Cursor::new(Vec::new());
    docx.pack(&mut out).map_err(|e| RenderError::DocxPack { source: DocxError::from(e) })?;
    Ok(out.into_inner())
}

/// The same font for every script of a run (ASCII, high ANSI, East Asian, complex).
fn fonts(name: &str) -> RunFonts {
    RunFonts::new().ascii(name).hi_ansi(name).east_asia(name).cs(name)
}

/// A run of text in a font and size: a manual line break (U+000B) as a line break, and
/// without the characters XML does not allow (which would make the file unreadable).
fn run(text: &str, font: &str, size: usize) -> Run {
    let mut run = Run::new();
    for (k, line) in word_text::lines(text).enumerate() {
        if k > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run.fonts(fonts(font)).size(size)
}

/// The fixed line spacing, with no space before or after.
fn exact_spacing() -> LineSpacing {
    LineSpacing::new().line_rule(LineSpacingType::Exact).line(LINE_EXACT).before(0).after(0)
}

/// A paragraph of the body: fixed spacing, justified, first line indented by two characters.
fn indented() -> Paragraph {
    Paragraph::new()
        .line_spacing(exact_spacing())
        .indent(None, Some(SpecialIndentType::FirstLine(FIRST_LINE_INDENT)), None, None)
        .align(AlignmentType::Both)
}

/// The title, centred, followed by one empty line.
fn title(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, TITLE_FONT, SIZE_ERHAO))
        .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Exact).line(LINE_EXACT).before(0).after(560))
        .align(AlignmentType::Center)
}

/// A paragraph of body text.
fn body(text: &str) -> Paragraph {
    indented().add_run(run(text, BODY_FONT, SIZE_SANHAO))
}

/// The heading of a section as a run: 黑体 (level 1), 楷体 (level 2), 仿宋 bold (level 3).
fn heading_run(section: &Section) -> Run {
    match section.level {
        1 => run(&section.heading, HEADING_FONT, SIZE_SANHAO),
        2 => run(&section.heading, LEVEL_2_FONT, SIZE_SANHAO),
        _ => run(&section.heading, BODY_FONT, SIZE_SANHAO).bold(),
    }
}

/// A section's paragraphs and those of the sections below it: its heading run in before the
/// first paragraph, or alone (kept with the next paragraph, in Word's outline at its level).
fn section_paragraphs(section: &Section) -> Vec<Paragraph> {
    let mut paragraphs = Vec::new();
    let mut texts = section.paragraphs.iter();
    let heading = heading_run(section);
    if section.run_in && !section.paragraphs.is_empty() {
        let first = texts.next().expect("not empty");
        paragraphs.push(indented().add_run(heading).add_run(run(first, BODY_FONT, SIZE_SANHAO)));
    } else {
        let level = usize::from(section.level.saturating_sub(1));
        paragraphs.push(indented().add_run(heading).keep_next(true).outline_lvl(level));
    }
    paragraphs.extend(texts.map(|text| body(text)));
    for below in &section.sections {
        paragraphs.extend(section_paragraphs(below));
    }
    paragraphs
}

/// The line with the audit log's head: after one empty line, 仿宋 四号, not indented.
fn audit_head_paragraph(head: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(&audit_head_line(head), BODY_FONT, SIZE_SIHAO))
        .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Exact).line(LINE_EXACT).before(560).after(0))
        .align(AlignmentType::Left)
}

/// The footer: the page number as "— 1 —", centred, in 宋体 四号 (a PAGE field).
fn page_number_footer() -> Footer {
    let dash = |text: &str| run(text, PAGE_NUMBER_FONT, SIZE_SIHAO);
    let number = Run::new()
        .fonts(fonts(PAGE_NUMBER_FONT))
        .size(SIZE_SIHAO)
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false);
    Footer::new().add_paragraph(
        Paragraph::new().align(AlignmentType::Center).add_run(dash("— ")).add_run(number).add_run(dash(" —")),
    )
}
