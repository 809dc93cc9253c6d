//! Gives the crate a fingerprint of its own sources and data (`FAZHI_CORE_SOURCES`): the
//! workspace cache is only read by a fazhi built from the same code that wrote it.

use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for dir in ["src", "data"] {
        files(&root.join(dir), &mut paths);
        println!("cargo:rerun-if-changed={dir}");
    }
    paths.sort();
    let mut hasher = DefaultHasher::new();
    for path in &paths {
        hasher.write(path.strip_prefix(&root).unwrap_or(path).to_string_lossy().as_bytes());
        hasher.write(&std::fs::read(path).unwrap_or_default());
    }
    println!("cargo:rustc-env=FAZHI_CORE_SOURCES={:016x}", hasher.finish());
}
