//! Every RON example in `docs/` is read by the parser of the format it shows, so that the
//! documentation cannot drift from the formats. Each ```ron block is marked, on the line above
//! it, with `<!-- example: FORMAT -->`; a block without a mark fails, so a new example is
//! checked too.

use std::path::{Path, PathBuf};

use fazhi_core::{parse_workspace_file, Calendar, Diagnostic, SourceFile};
use fazhi_flow::Workflow;
use fazhi_rules::{Dossier, RulePack};

/// One ```ron block of a document: where it is, the format its mark names, its text.
struct Example {
    file: PathBuf,
    line: usize,
    format: Option<String>,
    text: String,
}

fn docs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs")
}

fn examples() -> Vec<Example> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(docs())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    paths.sort();
    let mut examples = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            if lines[i].trim() == "```ron" {
                let format = i
                    .checked_sub(1)
                    .and_then(|above| lines[above].trim().strip_prefix("<!-- example:"))
                    .and_then(|rest| rest.strip_suffix("-->"))
                    .map(|format| format.trim().to_string());
                let end = (i + 1..lines.len()).find(|&j| lines[j].trim() == "```").expect("a closed block");
                examples.push(Example {
                    file: path.file_name().unwrap().into(),
                    line: i + 2,
                    format,
                    text: lines[i + 1..end].join("\n") + "\n",
                });
                i = end;
            }
            i += 1;
        }
    }
    examples
}

/// Reads `text` as `format`: the problem, with the position in the document, if it does not.
fn check(format: &str, text: &str) -> Result<(), String> {
    let source = |text: String| SourceFile::new("example.ron", text);
    let shown = |diagnostic: Diagnostic| format!("{}:{}: {}", diagnostic.line, diagnostic.column, diagnostic.message);
    let shown_all = |diagnostics: Vec<Diagnostic>| diagnostics.into_iter().map(shown).collect::<Vec<_>>().join("; ");
    match format {
        "fazhi.ron" | "org.ron" | "checklist" | "history" | "county.ron" => {
            parse_workspace_file(format, &source(text.to_string())).map_err(shown)
        }
        // A part of fazhi.ron (its `ledger`, `web`, `jobs` …): in a fazhi.ron of its own.
        "fazhi.ron part" => {
            let whole = format!("(organisation: \"某镇人民政府\", year: 2024,\n{text})");
            parse_workspace_file("fazhi.ron", &source(whole)).map_err(shown)
        }
        "calendar.ron" => Calendar::parse(&source(text.to_string())).map(drop).map_err(shown_all),
        "module.ron" => RulePack::parse_manifest(&source(text.to_string())).map_err(shown),
        "module.ron part" => {
            let whole = format!("(id: \"example\", title: \"示例\",\n{text})");
            RulePack::parse_manifest(&source(whole)).map_err(shown)
        }
        "dossier" => Dossier::parse(source(text.to_string())).map(drop).map_err(|err| err.to_string()),
        "workflow" => Workflow::parse_shape(&source(text.to_string())).map_err(shown),
        // One timing entry of a workflow step.
        "timing" => {
            let whole =
                format!("(id: \"example\", name: \"示例\", steps: [(id: \"a\", name: \"a\", owner: \"x\", timing: [\n{text}])])");
            Workflow::parse_shape(&source(whole)).map_err(shown)
        }
        other => Err(format!("no format \"{other}\" to check the example as")),
    }
}

#[test]
fn every_ron_example_in_the_docs_reads_as_the_format_it_shows() {
    let examples = examples();
    assert!(examples.len() >= 19, "found only {} examples", examples.len());
    let mut problems = Vec::new();
    for example in &examples {
        let at = format!("docs/{}:{}", example.file.display(), example.line);
        match &example.format {
            None => problems.push(format!("{at}: no `<!-- example: FORMAT -->` on the line above the block")),
            Some(format) => {
                if let Err(problem) = check(format, &example.text) {
                    problems.push(format!("{at} ({format}): {problem}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_drifted_example_is_found() {
    assert!(check("org.ron", "(units: [], people: [], staff: [])").is_err());
    assert!(check("module.ron part", "ledger_kinds: [(id: \"x\", name: \"x\", fields: { \"a\": \"text\" })],").is_err());
    assert!(check("timing", "NotAfter(days: 20, working: true, from: \"a\", pause: [])").is_err());
    assert!(check("fazhi.ron part", "roles: { \"党政办主任\": \"党政综合办公室主任\" },").is_ok());
    assert!(check("county.ron", "(county: \"怀远县\", towns: [(name: \"王团镇\", dir: \"wangtuan\")])").is_err());
}
