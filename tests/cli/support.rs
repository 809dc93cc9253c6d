//! Running the real `fazhi` binary on a copy of a fixture workspace.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A fixture workspace copied into a temporary folder, so tests can change its state freely.
pub struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    /// Adds `extra` (entries of fazhi.ron's top level) at the end of the workspace's fazhi.ron,
    /// and returns the new text.
    pub fn add_to_config(&self, extra: &str) -> String {
        let path = self.path().join("fazhi.ron");
        let text = std::fs::read_to_string(&path).unwrap();
        let end = text.rfind(')').unwrap();
        let text = format!("{}{extra}\n)\n", &text[..end]);
        std::fs::write(&path, &text).unwrap();
        text
    }

    /// Copies `tests/fixtures/<name>` into a new temporary folder.
    pub fn new(name: &str) -> Fixture {
        let source = fixtures().join(name);
        assert!(source.is_dir(), "no fixture {}", source.display());
        let dir = tempfile::tempdir().expect("temporary folder");
        copy_dir(&source, dir.path());
        Fixture { dir }
    }

    /// Copies the folder `source` whole (a workspace prepared by a test, its state included).
    pub fn copy_of(source: &Path) -> Fixture {
        let dir = tempfile::tempdir().expect("temporary folder");
        copy_dir(source, dir.path());
        Fixture { dir }
    }

    /// Copies the example workspace `examples/<name>`.
    pub fn example(name: &str) -> Fixture {
        let source = repo().join("examples").join(name);
        let dir = tempfile::tempdir().expect("temporary folder");
        copy_dir(&source, dir.path());
        let _ = std::fs::remove_dir_all(dir.path().join(".fazhi"));
        Fixture { dir }
    }

    /// A copy of this workspace as it is now, its state included.
    pub fn duplicate(&self) -> Fixture {
        let dir = tempfile::tempdir().expect("temporary folder");
        copy_dir(self.path(), dir.path());
        Fixture { dir }
    }

    /// Replaces the first `from` with `to` in the file `path` of the workspace; `from` must
    /// occur.
    pub fn edit(&self, path: &str, from: &str, to: &str) {
        let file = self.path().join(path);
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains(from), "{from:?} not in {path}");
        std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
    }

    /// Appends `text` to the file `path` of the workspace.
    pub fn append(&self, path: &str, text: &str) {
        let file = self.path().join(path);
        let mut whole = std::fs::read_to_string(&file).unwrap();
        whole.push_str(text);
        std::fs::write(&file, whole).unwrap();
    }

    /// The workspace root.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `fazhi -C <workspace> ARGS…`.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), &[&["-C", self.path().to_str().unwrap()], args].concat(), self.path())
    }

    /// The command `fazhi -C <workspace> ARGS…` that [`Fixture::run`] runs, to add to it (an
    /// environment variable, a limit) before running it with [`Fixture::run_command`].
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_fazhi"));
        command
            .args([&["-C", self.path().to_str().unwrap()], args].concat())
            .current_dir(self.path())
            .env("NO_COLOR", "1")
            .env("FAZHI_LANG", "en")
            .env_remove("FAZHI_DATABASE_URL");
        command
    }

    /// Runs a command made by [`Fixture::command`].
    pub fn run_command(&self, mut command: Command) -> Run {
        finished(command.output().expect("run fazhi"), self.path())
    }

    /// Runs `fazhi -C <workspace> ARGS…` like [`Fixture::run`], killing it if it is still
    /// running after `limit` (a guard against a hang, not a measure of speed): `None` then.
    /// Its output is read while it runs, so that a command printing more than a pipe holds is
    /// not taken for a hang.
    pub fn run_within(&self, args: &[&str], limit: std::time::Duration) -> Option<Run> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_fazhi"))
            .args([&["-C", self.path().to_str().unwrap()], args].concat())
            .current_dir(self.path())
            .env("NO_COLOR", "1")
            .env("FAZHI_LANG", "en")
            .env_remove("FAZHI_DATABASE_URL")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run fazhi");
        let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                if let Some(mut pipe) = pipe {
                    let _ = pipe.read_to_end(&mut bytes);
                }
                bytes
            })
        };
        let stdout = drain(child.stdout.take().map(|pipe| Box::new(pipe) as Box<dyn std::io::Read + Send>));
        let stderr = drain(child.stderr.take().map(|pipe| Box::new(pipe) as Box<dyn std::io::Read + Send>));
        let started = std::time::Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait for fazhi") {
                break status;
            }
            if started.elapsed() > limit {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        };
        let output = std::process::Output {
            status,
            stdout: stdout.join().expect("read fazhi's output"),
            stderr: stderr.join().expect("read fazhi's errors"),
        };
        Some(finished(output, self.path()))
    }

    /// The bytes of the state database (with its WAL folded in), to prove a command changed
    /// nothing: the audit log, the task states and every ledger table (rows, keys, imports,
    /// corrections and what they superseded).
    pub fn state(&self) -> Vec<u8> {
        let db = self.path().join(".fazhi/state.db");
        if !db.exists() {
            return Vec::new();
        }
        let conn = rusqlite::Connection::open(&db).unwrap();
        let mut tables: Vec<String> =
            ["audit", "status_change", "item_state"].iter().map(|table| table.to_string()).collect();
        let mut ledger = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'ledger%' ORDER BY name")
            .unwrap();
        tables.extend(ledger.query_map([], |row| row.get::<_, String>(0)).unwrap().map(Result::unwrap));
        let mut rows = Vec::new();
        for table in &tables {
            rows.extend(format!("{table}:\n").into_bytes());
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\" ORDER BY 1")).unwrap();
            let columns = stmt.column_count();
            let mut query = stmt.query([]).unwrap();
            while let Some(row) = query.next().unwrap() {
                for i in 0..columns {
                    let value: rusqlite::types::Value = row.get(i).unwrap();
                    rows.extend(format!("{value:?}|").into_bytes());
                }
                rows.push(b'\n');
            }
        }
        rows
    }
}

/// What one run printed and returned.
pub struct Run {
    /// The exit code, or -1 when a signal ended the process.
    pub code: i32,
    /// The signal that ended the process, if one did.
    pub signal: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Exit code, stdout and stderr in one text, for snapshots.
    pub fn render(&self) -> String {
        format!("exit: {}\n--- stdout\n{}--- stderr\n{}", self.code, self.stdout, self.stderr)
    }
}

/// Runs the binary with `args` in `cwd`, replacing `redact` in its output with `[WS]`.
pub fn run_in(cwd: &Path, args: &[&str], redact: &Path) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("FAZHI_LANG", "en")
        .env_remove("FAZHI_DATABASE_URL")
        .output()
        .expect("run fazhi");
    finished(output, redact)
}

/// What a finished run printed and returned, with `redact` in its output replaced by `[WS]`.
fn finished(output: std::process::Output, redact: &Path) -> Run {
    let clean = |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let redact = redact.to_str().unwrap();
        let canonical = redact.replace("/private", "");
        text.replace(redact, "[WS]").replace(&canonical, "[WS]")
    };
    #[cfg(unix)]
    let signal = std::os::unix::process::ExitStatusExt::signal(&output.status);
    #[cfg(not(unix))]
    let signal = None;
    Run {
        code: output.status.code().unwrap_or(-1),
        signal,
        stdout: clean(&output.stdout),
        stderr: clean(&output.stderr),
    }
}

/// Copies the example workspace `examples/wangtuan-2024` into the folder `to`, without any state.
pub fn copy_example(to: &Path) {
    copy_dir(&repo().join("examples/wangtuan-2024"), to);
    let _ = std::fs::remove_dir_all(to.join(".fazhi"));
}

/// The repository's root folder.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn fixtures() -> PathBuf {
    repo().join("tests/fixtures")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
