//! The renderers of the year-end report: Markdown and HTML snapshots, the GB/T 9704 layout of the
//! Word file, and a conversion of the Word file by LibreOffice.

use std::io::{Cursor, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fazhi_report::{render_docx, render_html, render_markdown, Document, Section};

const SUGGESTION: &str = "行政复议纠错率偏高，说明部分执法行为仍不规范。";
const AUDIT_HEAD: &str = "226:3f9a1c2e7b5d0a41";

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// A small report in the shape of the reference (王团镇2024年法治政府建设工作报告).
fn sample() -> Document {
    Document {
        title: "王团镇2024年法治政府建设工作报告".to_owned(),
        preamble: strings(&[
            "2024年以来，我镇坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻落实习近平法治思想，现将王团镇2024年法治政府建设工作报告如下：",
        ]),
        parts: vec![
            Section {
                sections: vec![
                    Section {
                        paragraphs: strings(&[
                            "镇党委、政府把学习宣传贯彻习近平法治思想作为重大政治任务，今年镇党委会议及党委理论学习中心组学习党内法规、国家法律等40余部。",
                            "目前全镇持有执法证件的干部28人。",
                        ]),
                        ..Section::new(2, "（一）深学笃行习近平法治思想。", true)
                    },
                    Section {
                        paragraphs: strings(&["梳理任务清单，细化责任单位，明确责任人及完成时限。"]),
                        ..Section::new(2, "（二）压紧责任落实。", true)
                    },
                ],
                ..Section::new(1, "一、强化政治引领，把牢正确方向", false)
            },
            Section {
                paragraphs: strings(&["全镇共计配备执法人员10人，有执法证6人。"]),
                sections: vec![
                    Section {
                        paragraphs: strings(&[
                            "公示内容包括<行政许可>与<行政处罚>清单 & \"双随机\"抽查结果。",
                            "1.严格实施执法人员持证上岗、亮证执法。",
                        ]),
                        ..Section::new(2, "（一）坚持行政执法“三项制度”。", true)
                    },
                    Section {
                        sections: vec![
                            Section {
                                paragraphs: strings(&["全年开展执法培训6场。"]),
                                ..Section::new(3, "1.执法人员培训", false)
                            },
                            Section {
                                paragraphs: strings(&["评查行政执法案卷12卷。"]),
                                ..Section::new(3, "2.开展案卷评查。", true)
                            },
                        ],
                        ..Section::new(2, "（二）提升执法能力", false)
                    },
                ],
                ..Section::new(1, "二、严格依法行政，保障法治建设行稳致远", false)
            },
        ],
        closing: strings(&[
            "虽然我镇法治政府建设取得了一定成效，但仍存在一些不足。",
            "# 下一步，我镇将继续深入学习贯彻习近平法治思想。",
        ]),
        suggestions: strings(&[SUGGESTION]),
        audit_head: Some(AUDIT_HEAD.to_owned()),
    }
}

#[test]
fn markdown_snapshot() {
    insta::assert_snapshot!("markdown", render_markdown(&sample()));
}

#[test]
fn markdown_has_no_appendix_without_suggestions() {
    let doc = Document { suggestions: Vec::new(), ..sample() };
    let markdown = render_markdown(&doc);
    assert!(!markdown.contains("---"));
    assert!(!markdown.contains("附："));
    assert!(markdown.ends_with("继续深入学习贯彻习近平法治思想。\n"));
}

#[test]
fn html_snapshot() {
    insta::assert_snapshot!("html", render_html(&sample()));
}

#[test]
fn html_escapes_text_and_loads_nothing_external() {
    let html = render_html(&sample());
    assert!(html.contains("公示内容包括&lt;行政许可&gt;与&lt;行政处罚&gt;清单 &amp; &quot;双随机&quot;抽查结果。"));
    assert!(!html.contains("<行政许可>"));
    for external in ["<link", "<script", "src=", "href=", "@import", "url("] {
        assert!(!html.contains(external), "{external} in the HTML");
    }
    let aside = html.find("<aside>").expect("suggestions in an <aside>");
    assert!(html[aside..].contains(SUGGESTION));
    assert!(html.find("</article>").unwrap() < aside, "the aside follows the report");
}

#[test]
fn the_audit_head_ends_the_html_and_word_files_but_not_the_markdown() {
    let line =
        format!("审计日志头：{AUDIT_HEAD}（制作本报告时的工作记录；核验命令：fazhi audit verify --head {AUDIT_HEAD}）");
    let html = render_html(&sample());
    let footer = html.find(&format!("<footer>{line}</footer>")).expect("the head in a <footer>");
    assert!(html.find("继续深入学习贯彻习近平法治思想。").unwrap() < footer, "after the text");
    assert!(footer < html.find("</article>").unwrap(), "part of the report, before the suggestions");
    let docx = render_docx(&sample()).unwrap();
    let xml = &docx_parts(&docx, "word/document.xml")[0].1;
    let paragraph = paragraph_with(xml, &line);
    assert_font(paragraph, "仿宋_GB2312");
    assert!(paragraph.contains(r#"<w:sz w:val="28""#) && !paragraph.contains("w:firstLine"), "{paragraph}");
    assert!(xml.find("继续深入学习贯彻习近平法治思想。").unwrap() < xml.find(&line).unwrap());
    assert!(!render_markdown(&sample()).contains(AUDIT_HEAD));
    // Without a head, nothing.
    let doc = Document { audit_head: None, ..sample() };
    assert!(!render_html(&doc).contains("<footer>"));
    assert!(!docx_parts(&render_docx(&doc).unwrap(), "word/document.xml")[0].1.contains("审计日志头"));
}

#[test]
fn html_has_no_aside_without_suggestions() {
    let doc = Document { suggestions: Vec::new(), ..sample() };
    assert!(!render_html(&doc).contains("<aside>"));
}

/// The files of a DOCX (a ZIP archive) whose names start with `prefix`, as text.
fn docx_parts(docx: &[u8], prefix: &str) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).expect("the DOCX is a ZIP archive");
    let names: Vec<String> = archive
        .file_names()
        .map(|name| name.expect("a UTF-8 file name").into_owned())
        .filter(|name| name.starts_with(prefix))
        .collect();
    names
        .into_iter()
        .map(|name| {
            let mut text = String::new();
            archive.by_name(&name).unwrap().read_to_string(&mut text).unwrap();
            (name, text)
        })
        .collect()
}

/// The `<w:p>` element of `xml` that contains `text`.
fn paragraph_with<'a>(xml: &'a str, text: &str) -> &'a str {
    let at = xml.find(text).unwrap_or_else(|| panic!("{text} not in document.xml"));
    let start = xml[..at].rfind("<w:p>").or_else(|| xml[..at].rfind("<w:p ")).expect("paragraph start");
    let end = at + xml[at..].find("</w:p>").expect("paragraph end");
    &xml[start..end]
}

/// Asserts that `paragraph` sets both the East Asian and the ASCII font to `font`.
fn assert_font(paragraph: &str, font: &str) {
    assert!(paragraph.contains(&format!("w:eastAsia=\"{font}\"")), "east-asia font {font} in {paragraph}");
    assert!(paragraph.contains(&format!("w:ascii=\"{font}\"")), "ascii font {font} in {paragraph}");
}

/// Asserts that every XML part of `docx` is well-formed XML (roxmltree also checks that every
/// character is one XML allows), and returns `word/document.xml`.
fn assert_well_formed(docx: &[u8]) -> String {
    let parts = docx_parts(docx, "");
    assert!(parts.iter().any(|(name, _)| name == "word/document.xml"), "no word/document.xml");
    for (name, text) in &parts {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            if let Err(error) = roxmltree::Document::parse(text) {
                panic!("{name} is not well-formed XML: {error}");
            }
        }
    }
    parts.into_iter().find(|(name, _)| name == "word/document.xml").unwrap().1
}

#[test]
fn every_docx_written_is_well_formed_xml() {
    assert_well_formed(&render_docx(&sample()).unwrap());
    assert_well_formed(&render_docx(&Document::default()).unwrap());

    // Text as hostile as an outline or a ledger value can be: XML's own characters, every C0
    // control character, U+FFFE and U+FFFF, and U+000B, which Word pastes for a manual line
    // break. Before, any of the controls made word/document.xml not well-formed.
    let controls: String = (0u32..0x20).chain([0x7F, 0xFFFE, 0xFFFF]).filter_map(char::from_u32).collect();
    let hostile = format!("甲<&\"'>]]>乙\u{B}丙{controls}丁");
    let mut doc = sample();
    doc.title = hostile.clone();
    doc.preamble.push(hostile.clone());
    doc.parts[0].heading = hostile.clone();
    doc.parts[0].sections[0].heading = hostile.clone();
    doc.parts[1].sections[0].paragraphs.push(hostile.clone());
    doc.closing.push(hostile.clone());
    let xml = assert_well_formed(&render_docx(&doc).unwrap());

    // U+000B is a line break; the other controls are left out; the text around them stays.
    let paragraph = paragraph_with(&xml, "丙");
    assert!(paragraph.contains("<w:br w:type=\"textWrapping\""), "{paragraph}");
    assert!(paragraph.contains("丁"), "{paragraph}");
    assert!(!xml.contains('\u{1}') && !xml.contains('\u{1B}') && !xml.contains('\u{FFFE}'), "controls are left out");
    assert!(xml.contains("甲&lt;&amp;"), "XML's own characters are escaped");
}

#[test]
fn docx_has_the_official_layout() {
    let docx = render_docx(&sample()).expect("render the DOCX");
    let parts = docx_parts(&docx, "word/document.xml");
    let xml = &parts.first().expect("word/document.xml").1;

    // A4 and the margins of GB/T 9704: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
    assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "A4 page size");
    for margin in [r#"w:top="2098""#, r#"w:bottom="1985""#, r#"w:left="1588""#, r#"w:right="1474""#] {
        assert!(xml.contains(margin), "margin {margin}");
    }

    // The title: 方正小标宋简体 二号, centred.
    let title = paragraph_with(xml, "王团镇2024年法治政府建设工作报告");
    assert_font(title, "方正小标宋简体");
    assert!(title.contains(r#"<w:sz w:val="44""#));
    assert!(title.contains(r#"<w:jc w:val="center""#));

    // Body text: 仿宋_GB2312 三号, exactly 28 pt apart, first line indented by two characters.
    let body = paragraph_with(xml, "全镇共计配备执法人员10人");
    assert_font(body, "仿宋_GB2312");
    assert!(body.contains(r#"<w:sz w:val="32""#));
    assert!(body.contains(r#"w:line="560""#) && body.contains(r#"w:lineRule="exact""#), "exact 28 pt: {body}");
    assert!(body.contains(r#"w:firstLine="640""#), "first-line indent: {body}");

    // A first-level heading: 黑体 三号.
    let heading = paragraph_with(xml, "一、强化政治引领，把牢正确方向");
    assert_font(heading, "黑体");
    assert!(heading.contains(r#"<w:sz w:val="32""#));

    // A second-level heading runs in, in 楷体, at the start of its first paragraph.
    let run_in = paragraph_with(xml, "（一）深学笃行习近平法治思想。");
    assert_font(run_in, "楷体_GB2312");
    assert_font(run_in, "仿宋_GB2312");
    let heading_at = run_in.find("（一）深学笃行习近平法治思想。").unwrap();
    let text_at = run_in.find("镇党委、政府把学习宣传贯彻").expect("the first paragraph follows its heading");
    assert!(heading_at < text_at);
    assert!(run_in.find("楷体_GB2312").unwrap() < heading_at && heading_at < run_in.rfind("仿宋_GB2312").unwrap());

    // A second-level heading without a full stop stands on its own line, in 楷体.
    let alone = paragraph_with(xml, "（二）提升执法能力");
    assert_font(alone, "楷体_GB2312");
    assert!(!alone.contains("执法人员培训"), "alone on its line: {alone}");

    // Third-level headings are in 仿宋 bold: alone on their line, or run in.
    let third = paragraph_with(xml, "1.执法人员培训");
    assert_font(third, "仿宋_GB2312");
    assert!(third.contains("<w:b />") || third.contains("<w:b/>"), "bold: {third}");
    assert!(!third.contains("全年开展执法培训6场"), "alone on its line: {third}");
    let third = paragraph_with(xml, "2.开展案卷评查。");
    assert!(third.contains("<w:b />") || third.contains("<w:b/>"), "bold: {third}");
    assert!(third.contains("评查行政执法案卷12卷。"), "run in: {third}");

    // Text is escaped as XML; the suggestions are not part of the Word file.
    assert!(xml.contains("公示内容包括&lt;行政许可&gt;与&lt;行政处罚&gt;清单 &amp;"));
    assert!(!xml.contains(SUGGESTION));
    assert!(!xml.contains("附："));

    // The page number: a PAGE field in a footer, referenced by the section.
    let footers = docx_parts(&docx, "word/footer");
    assert!(!footers.is_empty(), "a footer part");
    let footer = footers.iter().find(|(_, text)| text.contains("PAGE")).expect("a PAGE field in a footer");
    assert!(footer.1.contains(r#"w:fldCharType="begin""#) && footer.1.contains("<w:instrText>PAGE</w:instrText>"));
    assert!(footer.1.contains("— ") && footer.1.contains(" —"));
    assert!(footer.1.contains(r#"<w:jc w:val="center""#));
    assert!(xml.contains("<w:footerReference"), "the section refers to the footer");
}

/// LibreOffice's binary, if one is on PATH.
fn libreoffice() -> Option<&'static str> {
    ["soffice", "libreoffice"]
        .into_iter()
        .find(|bin| Command::new(bin).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok())
}

#[test]
fn docx_converts_to_pdf_with_libreoffice() {
    let Some(bin) = libreoffice() else {
        if std::env::var("FAZHI_REQUIRE_LIBREOFFICE").as_deref() == Ok("1") {
            panic!("FAZHI_REQUIRE_LIBREOFFICE=1 but neither soffice nor libreoffice is on PATH");
        }
        eprintln!("notice: LibreOffice (soffice) is not on PATH; the DOCX is not converted to PDF");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let docx_path = dir.path().join("report.docx");
    std::fs::write(&docx_path, render_docx(&sample()).unwrap()).unwrap();
    let out_dir = dir.path().join("out");
    // A profile of its own, so that a LibreOffice already running elsewhere does not take the job.
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("profile").display());
    let mut child = Command::new(bin)
        .arg(profile)
        .args(["--headless", "--norestore", "--convert-to", "pdf", "--outdir"])
        .arg(&out_dir)
        .arg(&docx_path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start LibreOffice");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(180) {
            let _ = child.kill();
            panic!("LibreOffice did not finish converting within 180 s");
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let output = child.wait_with_output().unwrap();
    assert!(
        status.success(),
        "LibreOffice failed: {status}\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let pdf = out_dir.join("report.pdf");
    let bytes = std::fs::read(&pdf)
        .unwrap_or_else(|e| panic!("no PDF from LibreOffice ({e}): {}", String::from_utf8_lossy(&output.stderr)));
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    assert!(bytes.len() > 1000, "PDF of only {} bytes", bytes.len());
    // A debugging aid: FAZHI_RENDER_KEEP=DIR keeps the DOCX and the PDF to look at.
    if let Ok(keep) = std::env::var("FAZHI_RENDER_KEEP") {
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::copy(&docx_path, Path::new(&keep).join("report.docx")).unwrap();
        std::fs::copy(&pdf, Path::new(&keep).join("report.pdf")).unwrap();
    }
}
