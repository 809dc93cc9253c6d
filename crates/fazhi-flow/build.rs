//! Embeds the stock workflows (`workflows/*.ron` at the repository root) in the library. The
//! generated table is `STOCK_FILES: &[(&str, &str)]` of (file name, text), sorted by name.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let folder = manifest_dir.join("../../workflows");
    println!("cargo:rerun-if-changed={}", folder.display());

    let mut files: Vec<(String, PathBuf)> = match std::fs::read_dir(&folder) {
        Ok(entries) => entries
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "ron"))
            .map(|path| {
                println!("cargo:rerun-if-changed={}", path.display());
                let name = path.file_name().expect("a file").to_string_lossy().into_owned();
                (name, path.canonicalize().unwrap_or(path))
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();

    let mut out = String::from("/// The stock workflows: (file name in `workflows/`, text).\n");
    out.push_str("pub(crate) static STOCK_FILES: &[(&str, &str)] = &[\n");
    for (name, path) in &files {
        writeln!(out, "    ({name:?}, include_str!({:?})),", path.display().to_string()).expect("writing to a String");
    }
    out.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out_dir.join("stock_workflows.rs"), out).expect("OUT_DIR is writable");
}
