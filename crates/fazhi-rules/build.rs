//! Embeds the stock rule pack (`rules/` at the repository root) in the library: every module
//! folder (one holding a `module.ron`) contributes its `module.ron` and its `.rhai` scripts,
//! sub-folders included. The generated table is `STOCK_FILES: &[(&str, &str)]` of
//! (path relative to `rules/`, text).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let rules = manifest_dir.join("../../rules");
    println!("cargo:rerun-if-changed={}", rules.display());

    let mut files = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&rules) {
        let mut modules: Vec<PathBuf> =
            entries.flatten().map(|entry| entry.path()).filter(|path| path.join("module.ron").is_file()).collect();
        modules.sort();
        for module in modules {
            println!("cargo:rerun-if-changed={}", module.display());
            collect(&rules, &module, &mut files);
        }
    }
    files.sort();

    let mut out = String::from("/// The stock rule pack: (path relative to `rules/`, text).\n");
    out.push_str("pub(crate) static STOCK_FILES: &[(&str, &str)] = &[\n");
    for (relative, absolute) in &files {
        writeln!(out, "    ({relative:?}, include_str!({:?})),", absolute.display().to_string())
            .expect("writing to a String");
    }
    out.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out_dir.join("stock_rules.rs"), out).expect("OUT_DIR is writable");
}

/// Adds `module.ron` and every `.rhai` file under `dir` (recursively).
fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(root, &path, files);
            continue;
        }
        let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default();
        let is_manifest = name == "module.ron" && path.parent() == Some(dir) && dir.parent() == Some(root);
        if is_manifest || name.ends_with(".rhai") {
            let relative = path.strip_prefix(root).expect("under rules/").components();
            let relative: Vec<String> = relative.map(|part| part.as_os_str().to_string_lossy().into_owned()).collect();
            let absolute = path.canonicalize().unwrap_or(path.clone());
            files.push((relative.join("/"), absolute));
        }
    }
}
