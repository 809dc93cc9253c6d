//! Running fazhi's long-running commands (`serve`, `web`) in tests: started, watched until they
//! say they are ready, stopped with SIGTERM, and how they ended.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one command printed and returned.
pub struct Outcome {
    /// The exit code (`None`: killed by a signal, or after the time allowed).
    pub code: Option<i32>,
    /// What it printed on standard output.
    pub stdout: String,
    /// And on standard error.
    pub stderr: String,
}

impl Outcome {
    /// All of it, for an assertion's message.
    pub fn render(&self) -> String {
        format!("exit: {:?}\n--- stdout\n{}--- stderr\n{}", self.code, self.stdout, self.stderr)
    }
}

/// Reads a child's pipe to its end on a thread of its own.
pub fn drain(pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut pipe = pipe;
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Starts a long-running command, waits until its standard error has a line for which `ready`
/// answers `true` (at most a minute), then stops it with SIGTERM and returns how it ended.
pub fn run_until_ready(mut command: Command, ready: impl Fn(&str) -> bool) -> (bool, Outcome) {
    let mut child = command.stdin(Stdio::null()).spawn().expect("run fazhi");
    let stdout = drain(child.stdout.take().unwrap());
    let (lines, received) = std::sync::mpsc::channel::<String>();
    let mut pipe = std::io::BufReader::new(child.stderr.take().unwrap());
    let stderr = std::thread::spawn(move || {
        let mut all = String::new();
        let mut line = String::new();
        while std::io::BufRead::read_line(&mut pipe, &mut line).unwrap_or(0) > 0 {
            all.push_str(&line);
            let _ = lines.send(std::mem::take(&mut line));
        }
        all
    });
    let started = Instant::now();
    let mut was_ready = false;
    while !was_ready && started.elapsed() < Duration::from_secs(60) {
        match received.recv_timeout(Duration::from_millis(100)) {
            Ok(line) => was_ready = ready(&line),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    // SAFETY: kill(2) on the pid of a child this test started and has not waited for yet.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGTERM);
    }
    let status = wait_at_most(&mut child, Duration::from_secs(30));
    let outcome = Outcome {
        code: status.and_then(|status| status.code()),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    };
    (was_ready, outcome)
}

/// Waits for `child` to end, at most `limit`: its exit status, or `None` when it was killed
/// for running longer.
pub fn wait_at_most(child: &mut std::process::Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}
