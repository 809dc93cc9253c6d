//! `scripts/release` lays out the folder an office copies: the binary, README, docs and the
//! example without state, packed beside it. Run here with the tests' debug binary
//! (`--binary`), so no release build is needed; the script itself runs the binary it laid out
//! (`--version`, `check` on a copy of the example).

use std::process::Command;

use crate::support::repo;

#[cfg(unix)]
#[test]
fn the_release_script_lays_out_one_folder_to_copy() {
    let out = tempfile::tempdir().unwrap();
    let result = Command::new("bash")
        .arg(repo().join("scripts/release"))
        .args(["--binary", env!("CARGO_BIN_EXE_fazhi"), "--out"])
        .arg(out.path())
        .output()
        .expect("run scripts/release");
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(result.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&result.stderr));
    let host = String::from_utf8(Command::new("rustc").arg("-vV").output().unwrap().stdout).unwrap();
    let host = host.lines().find_map(|line| line.strip_prefix("host: ")).unwrap().to_string();
    let name = format!("fazhi-{}-{host}", env!("CARGO_PKG_VERSION"));
    let folder = out.path().join(&name);
    assert_eq!(stdout.trim(), folder.to_str().unwrap());
    let mut entries: Vec<String> =
        std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    entries.sort();
    assert_eq!(entries, ["README.md", "docs", "examples", "fazhi"]);
    assert_eq!(std::fs::read(folder.join("fazhi")).unwrap(), std::fs::read(env!("CARGO_BIN_EXE_fazhi")).unwrap());
    assert_eq!(std::fs::read(folder.join("README.md")).unwrap(), std::fs::read(repo().join("README.md")).unwrap());
    assert!(folder.join("docs/install.md").is_file());
    let example = folder.join("examples/wangtuan-2024");
    assert!(example.join("fazhi.ron").is_file());
    assert!(!example.join(".fazhi").exists(), "the release holds no state");
    let archive = out.path().join(format!("{name}.tar.gz"));
    let listing = Command::new("tar").arg("-tzf").arg(&archive).output().unwrap();
    let listing = String::from_utf8_lossy(&listing.stdout);
    assert!(listing.lines().any(|line| line == format!("{name}/fazhi")), "{listing}");
    assert!(listing.lines().any(|line| line == format!("{name}/examples/wangtuan-2024/fazhi.ron")), "{listing}");
}
