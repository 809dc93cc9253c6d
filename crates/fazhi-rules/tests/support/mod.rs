//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use fazhi_rules::{Review, RulePack};

/// The repository's `rules/` folder.
pub fn stock_rules() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules")
}

/// This crate's `tests/fixtures/` folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The organisation the fixtures are reviewed with (`tests/org/org.ron`).
pub fn fixture_org() -> fazhi_core::Org {
    fazhi_core::Workspace::load_org(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/org")).unwrap()
}

/// The stock pack, or a panic listing every problem.
pub fn stock_pack() -> RulePack {
    load(None)
}

/// Loads the stock pack plus `dir`, or panics listing every problem.
pub fn load(dir: Option<&Path>) -> RulePack {
    RulePack::load(dir).unwrap_or_else(|err| {
        let problems: Vec<String> = err.diagnostics().iter().map(ToString::to_string).collect();
        panic!("{err}:\n{}", problems.join("\n"))
    })
}

/// A review as text, for snapshots: the verdict, then each finding.
pub fn render(review: &Review) -> String {
    let mut out = format!("verdict: {} ({} rules run)\n", review.verdict, review.rules_run);
    for finding in &review.findings {
        let field = finding.field.as_deref().unwrap_or("-");
        writeln!(
            out,
            "{} {} @ {}\n    {}\n    {}",
            finding.severity, finding.rule, field, finding.message, finding.basis
        )
        .unwrap();
    }
    out
}

/// Writes `files` (path relative to `root`, text) under `root`.
pub fn write_tree(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}
