//! `fazhi user passwd` and `fazhi web`: a password set from standard input, refusals, and the
//! pages served by the binary itself.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use crate::support::Fixture;

/// Runs `fazhi -C WS ARGS…` with `input` on standard input: exit code, stdout, stderr.
fn run_with_input(ws: &Fixture, args: &[&str], input: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args([&["-C", ws.path().to_str().unwrap()], args].concat())
        .env("FAZHI_LANG", "en")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run fazhi");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (output.status.code().unwrap_or(-1), text(&output.stdout), text(&output.stderr))
}

#[test]
fn a_password_from_standard_input_is_kept_as_an_argon2id_hash() {
    let ws = Fixture::example("wangtuan-2024");
    let (code, stdout, stderr) =
        run_with_input(&ws, &["user", "passwd", "金涛", "--password-stdin"], "correct horse\n");
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "password set for 金涛 (jin_tao); their other sessions were signed out\n");
    let db = rusqlite::Connection::open(ws.path().join(".fazhi/state.db")).unwrap();
    let hash: String =
        db.query_row("SELECT password_hash FROM account WHERE person = 'jin_tao'", [], |r| r.get(0)).unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains("correct horse"));
    let audit = ws.run(&["audit", "log"]);
    assert!(audit.stdout.contains("account.password") && !audit.stdout.contains("argon2"), "{}", audit.stdout);
    assert_eq!(ws.run(&["audit", "verify"]).code, 0);

    for (args, input, message) in [
        (&["user", "passwd", "nobody", "--password-stdin"][..], "long enough\n", "unknown person \"nobody\""),
        (&["user", "passwd", "jin_tao", "--password-stdin"][..], "short\n", "the password is too short"),
        (&["user", "passwd", "jin_tao"][..], "", "give the password on standard input with --password-stdin"),
    ] {
        let (code, _, stderr) = run_with_input(&ws, args, input);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains(message), "{stderr}");
    }
}

#[test]
fn fazhi_web_serves_the_sign_in_page_and_refuses_a_fixed_date() {
    let ws = Fixture::example("wangtuan-2024");
    let run = ws.run(&["--today", "2025-03-20", "web"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("records changes at the server's clock: drop --today"), "{}", run.stderr);

    let mut child = Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(["-C", ws.path().to_str().unwrap(), "web", "--listen", "127.0.0.1:0"])
        .env("FAZHI_LANG", "en")
        .stderr(Stdio::piped())
        .spawn()
        .expect("run fazhi web");
    let mut stderr = child.stderr.take().unwrap();
    let mut seen = String::new();
    let mut byte = [0u8; 1];
    while !seen.contains("(stop with Ctrl-C)") {
        assert_eq!(stderr.read(&mut byte).unwrap(), 1, "fazhi web ended: {seen}");
        seen.push(byte[0] as char);
    }
    let address = seen.split("http://").nth(1).unwrap().split('/').next().unwrap().to_string();
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    write!(stream, "GET / HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
    assert!(answer.to_ascii_lowercase().contains("location: /login?next=%2f"), "{answer}");
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    write!(stream, "GET /login HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("王团镇人民政府") && answer.contains("登录"));
    // SIGTERM ends it cleanly.
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
}

#[test]
fn a_bad_web_section_is_found_by_check_with_positions() {
    let ws = Fixture::example("wangtuan-2024");
    let path = ws.path().join("fazhi.ron");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "web: (admin_units: [\"dangzhengban\"], reviewer_units: [\"sifasuo\"],",
        "web: (admin_units: [\"nowhere\"], reviewer_units: [\"elsewhere\"], session_hours: 0, listen: \"here\",\n    \
         max_failed_logins_per_address: 0, trusted_proxies: [\"127.0.0.1\", \"nginx\"],",
    );
    std::fs::write(&path, &text).unwrap();
    let run = ws.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.render());
    for message in [
        "web `admin_units` names unknown unit \"nowhere\"",
        "web `reviewer_units` names unknown unit \"elsewhere\"",
        "web `session_hours` is 0; it must be from 1 to 720",
        "web `listen` \"here\" is not an address and port such as \"127.0.0.1:8080\"",
        "web `max_failed_logins_per_address` is 0; it must be from 1 to 100000",
        "web `trusted_proxies` entry \"nginx\" is not an IP address such as \"127.0.0.1\" or \"::1\"",
    ] {
        let line = run.stderr.lines().find(|line| line.contains(message)).unwrap_or_else(|| panic!("{}", run.stderr));
        assert!(line.starts_with("error: fazhi.ron:"), "positioned: {line}");
    }
    // The proxy that is not an address, at its own line and column.
    let (line, text_before) = text.lines().enumerate().find(|(_, line)| line.contains("\"nginx\"")).unwrap();
    let column = text_before[..text_before.find("\"nginx\"").unwrap()].chars().count() + 1;
    assert!(
        run.stderr.contains(&format!("error: fazhi.ron:{}:{column}: web `trusted_proxies`", line + 1)),
        "{}",
        run.stderr
    );
}

#[test]
fn fazhi_serve_serves_the_pages_too_when_fazhi_ron_names_where() {
    let ws = Fixture::example("wangtuan-2024");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let path = ws.path().join("fazhi.ron");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("web: (admin_units:", &format!("web: (listen: \"127.0.0.1:{port}\", admin_units:"));
    std::fs::write(&path, text).unwrap();
    // No jobs: the daemon serves the pages only.
    let mut child = Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(["-C", ws.path().to_str().unwrap(), "serve"])
        .env("FAZHI_LANG", "en")
        .stderr(Stdio::piped())
        .spawn()
        .expect("run fazhi serve");
    let mut stderr = child.stderr.take().unwrap();
    let mut seen = String::new();
    let mut byte = [0u8; 1];
    while !seen.contains(&format!("web interface on http://127.0.0.1:{port}/\n")) {
        assert_eq!(stderr.read(&mut byte).unwrap(), 1, "fazhi serve ended: {seen}");
        seen.push(byte[0] as char);
    }
    let address = format!("127.0.0.1:{port}");
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    write!(stream, "GET /login HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200") && answer.contains("登录"), "{answer}");
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?} {rest}");
    assert!(rest.ends_with("fazhi serve: stopped\n"), "{rest}");
}
