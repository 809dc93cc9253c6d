//! Text output on a terminal: control characters from a workspace's files or the command line
//! (ESC/OSC sequences, CR, LF, BEL) are shown escaped, never acted on by the terminal, and a
//! value an error echoes is cut to a readable length.

use crate::support::{Fixture, Run};

/// Asserts that neither stdout nor stderr of `run` has a control character but line feeds.
fn assert_no_raw_controls(run: &Run) {
    for (name, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        let raw: Vec<char> = text.chars().filter(|&c| c.is_control() && c != '\n').collect();
        assert!(raw.is_empty(), "{name} has raw control characters {raw:?}:\n{}", run.render());
    }
}

#[test]
fn control_characters_in_ledger_values_and_headers_are_shown_escaped() {
    let ws = Fixture::new("report-town");
    // A value that sets the terminal's title (OSC) and one that clears the screen.
    let csv = "工单编号,受理日期,问题类别,办理状态\nRX9\u{1b}]0;pwned\u{7},2024-05-01,供暖\u{1b}[2J,已处理\n";
    std::fs::write(ws.path().join("esc.csv"), csv).unwrap();
    let run = ws.run(&["ledger", "import", "rexian_ticket", "esc.csv"]);
    assert_eq!(run.code, 0, "{}", run.render());
    let run = ws.run(&["ledger", "list", "rexian_ticket", "--year", "2024"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_no_raw_controls(&run);
    assert!(run.stdout.contains("RX9\\u{1b}]0;pwned\\u{7}"), "{}", run.render());
    assert!(run.stdout.contains("供暖\\u{1b}[2J"), "{}", run.render());

    // A header with an escape sequence, echoed in the error.
    std::fs::write(ws.path().join("header.csv"), "工单编号,受理日期\u{1b}[31m,办理状态\nRX1,2024-01-02,已处理\n")
        .unwrap();
    let run = ws.run(&["ledger", "import", "rexian_ticket", "header.csv"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert_no_raw_controls(&run);
    assert!(run.stderr.contains("unknown header \"受理日期\\u{1b}[31m\""), "{}", run.render());
}

#[test]
fn a_note_with_line_breaks_forges_no_line_in_task_show() {
    let ws = Fixture::new("basic");
    let forged = "已安排\r\n  status:      done\u{1b}[8m";
    let run = ws.run(&["--today", "2024-11-25", "task", "start", "xuefa@2024-11", "--note", forged]);
    assert_eq!(run.code, 0, "{}", run.render());
    let run = ws.run(&["--today", "2024-11-25", "task", "show", "xuefa@2024-11"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_no_raw_controls(&run);
    let status_lines = run.stdout.lines().filter(|line| line.trim_start().starts_with("status:")).count();
    assert_eq!(status_lines, 1, "{}", run.render());
    assert!(run.stdout.contains("“已安排\\r\\n  status:      done\\u{1b}[8m”"), "{}", run.render());
}

#[test]
fn a_long_value_echoed_in_an_error_is_cut() {
    // Before, the whole header was repeated in the message (3 MB for a 3 MB label).
    let ws = Fixture::new("report-town");
    let long = "长".repeat(3000);
    std::fs::write(ws.path().join("long.csv"), format!("工单编号,受理日期,办理状态,{long}\nRX1,2024-01-02,已处理,x\n"))
        .unwrap();
    let run = ws.run(&["ledger", "import", "rexian_ticket", "long.csv"]);
    assert_eq!(run.code, 2, "{}", run.render());
    let cut = format!("\"{}…\"", "长".repeat(200));
    assert!(run.stderr.contains(&cut), "{}", run.render());
    assert!(!run.stderr.contains(&"长".repeat(201)), "{}", run.render());
}

#[test]
fn a_reader_that_stops_early_ends_fazhi_quietly() {
    // `fazhi tasks | head`: the pipe is closed while fazhi still writes (145 KB of JSON, more
    // than a pipe holds). It ends by SIGPIPE (141 in a shell) or with 0, never by a panic.
    let ws = Fixture::example("wangtuan-2024");
    assert_eq!(ws.run(&["check"]).code, 0);
    for _ in 0..6 {
        let mut command = ws.command(&["--today", "2025-03-20", "--json", "tasks", "--all"]);
        command.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
        let mut child = command.spawn().expect("run fazhi");
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 64];
        std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
        drop(stdout);
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        #[cfg(unix)]
        let signal = std::os::unix::process::ExitStatusExt::signal(&output.status);
        #[cfg(not(unix))]
        let signal: Option<i32> = None;
        assert!(
            matches!(output.status.code(), Some(0 | 141)) || signal == Some(13),
            "status {:?}, stderr: {stderr}",
            output.status
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}
