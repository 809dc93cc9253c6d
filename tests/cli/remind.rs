//! `fazhi remind`, `fazhi outbox` and `fazhi calendar export` on the example workspace, with the
//! outbox and with a real SMTP server (mailin-embedded) in the test process.

use std::io;
use std::net::{IpAddr, TcpListener};
use std::sync::{Arc, Mutex};

use crate::support::Fixture;

const TODAY: &str = "2025-03-25";

pub(crate) fn outbox_files(ws: &Fixture) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(ws.path().join(".fazhi/outbox")) else { return Vec::new() };
    let mut names: Vec<String> = entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// The text/plain part of a message as the outbox keeps it (base64 in the message).
pub(crate) fn plain_text(eml: &str) -> String {
    let part = &eml[eml.find("Content-Type: text/plain").expect("a text/plain part")..];
    let body = &part[part.find("\r\n\r\n").or_else(|| part.find("\n\n")).expect("the part's body")..];
    let encoded: String = body
        .trim_start()
        .lines()
        .map(str::trim_end)
        .take_while(|line| !line.is_empty() && !line.starts_with("--"))
        .collect();
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD.decode(encoded).expect("base64");
    String::from_utf8(bytes).unwrap()
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|err| panic!("{err}: {text}"))
}

/// The example with `mail: (smtp: URL)` added to its fazhi.ron.
fn example_with_smtp(url: &str) -> Fixture {
    let ws = Fixture::example("wangtuan-2024");
    let path = ws.path().join("fazhi.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let end = text.rfind(')').unwrap();
    let text = format!("{}    mail: (smtp: \"{url}\", from: \"fazhi@wangtuan.example.org\"),\n)\n", &text[..end]);
    std::fs::write(&path, text).unwrap();
    ws
}

#[test]
fn dry_run_says_who_gets_what_and_why_and_changes_nothing() {
    let ws = Fixture::example("wangtuan-2024");
    let run = ws.run(&["--today", TODAY, "remind", "--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert!(run.stdout.contains("su_ming 苏明"), "{}", run.stdout);
    assert!(run.stdout.contains("责任人：完成时限 2025-03-24，已逾期 1 个工作日"), "{}", run.stdout);
    assert!(run.stdout.contains("(dry run: nothing sent)"));
    assert!(outbox_files(&ws).is_empty());

    let run = ws.run(&["--today", TODAY, "--json", "remind", "--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.render());
    let value = json(&run.stdout);
    let notices = value["notices"].as_array().unwrap();
    assert!(!notices.is_empty());
    let escalation = notices
        .iter()
        .find(|n| n["kind"] == "escalation" && n["item"] == "xinfang-lianxi-2025@2025-03-24")
        .expect("an escalation to the unit's leader");
    assert_eq!(escalation["recipient"], "su_lan");
    assert_eq!(escalation["working_days_overdue"], 1);
    assert_eq!(escalation["already_sent"], false);
}

#[test]
fn remind_puts_digests_in_the_outbox_once() {
    let ws = Fixture::example("wangtuan-2024");
    let run = ws.run(&["--today", TODAY, "remind"]);
    assert_eq!(run.code, 0, "{}", run.render());
    let first = outbox_files(&ws);
    assert_eq!(first.len(), 11, "one digest per recipient: {first:?}");
    assert!(first.contains(&"000002-su_ming.eml".to_string()), "{first:?}");
    let eml = std::fs::read_to_string(ws.path().join(".fazhi/outbox/000002-su_ming.eml")).unwrap();
    assert!(eml.contains("Subject: =?utf-8?b?"), "{eml}");
    assert!(eml.contains("multipart/alternative"));

    let run = ws.run(&["--today", TODAY, "--json", "remind"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_eq!(json(&run.stdout)["queued"], 0);
    assert_eq!(outbox_files(&ws), first, "a second run adds none");

    // The dry run now marks them as sent.
    let dry = json(&ws.run(&["--today", TODAY, "--json", "remind", "--dry-run"]).stdout);
    assert!(dry["notices"].as_array().unwrap().iter().all(|n| n["already_sent"] == true));

    // The next day brings new notices only.
    let run = ws.run(&["--today", "2025-03-26", "--json", "remind"]);
    let queued = json(&run.stdout)["queued"].as_u64().unwrap();
    assert!(queued > 0);
    assert_eq!(outbox_files(&ws).len(), first.len() + queued as usize);

    // Without SMTP nothing was sent, and fazhi says so (issue 22): written to the outbox only.
    assert!(run.stderr.is_empty(), "{}", run.render());
    let summary = json(&run.stdout);
    assert_eq!(summary["written"].as_array().unwrap().len(), queued as usize);
    assert!(summary["sent"].as_array().unwrap().is_empty());
    let run = ws.run(&["--today", "2025-03-26", "remind"]);
    assert!(run.stdout.contains("0 written to the outbox, not sent (no SMTP server in fazhi.ron"), "{}", run.stdout);
    assert!(!run.stdout.contains("sent to"), "{}", run.stdout);
    let run = ws.run(&["outbox"]);
    assert_eq!(run.code, 0, "{}", run.render());
    let total = first.len() + queued as usize;
    assert_eq!(run.stdout.matches("written (not sent)").count(), total, "{}", run.stdout);
    assert!(run
        .stdout
        .contains(&format!("{total} message(s), {total} not sent\n{total} written to the outbox, not sent")));
    let all = json(&ws.run(&["--json", "outbox", "--all"]).stdout);
    assert_eq!(all.as_array().unwrap().len(), total);
    assert!(all.as_array().unwrap().iter().all(|m| m["status"] == "written"));
}

/// What the test SMTP server received.
#[derive(Clone, Default)]
struct Inbox {
    messages: Arc<Mutex<Vec<String>>>,
    current: Vec<u8>,
    /// Answers every recipient 550 (no such mailbox) while set.
    refuse: Arc<std::sync::atomic::AtomicBool>,
}

impl mailin_embedded::Handler for Inbox {
    fn mail(&mut self, _ip: IpAddr, _domain: &str, _from: &str) -> mailin_embedded::Response {
        self.current.clear();
        mailin_embedded::response::OK
    }

    fn rcpt(&mut self, _to: &str) -> mailin_embedded::Response {
        if self.refuse.load(std::sync::atomic::Ordering::SeqCst) {
            mailin_embedded::response::NO_MAILBOX
        } else {
            mailin_embedded::response::OK
        }
    }

    fn data(&mut self, buf: &[u8]) -> io::Result<()> {
        self.current.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> mailin_embedded::Response {
        let message = String::from_utf8_lossy(&std::mem::take(&mut self.current)).into_owned();
        self.messages.lock().unwrap().push(message);
        mailin_embedded::response::OK
    }
}

fn serve(listener: TcpListener) -> Inbox {
    let inbox = Inbox::default();
    let mut server = mailin_embedded::Server::new(inbox.clone());
    server.with_name("localhost").with_ssl(mailin_embedded::SslConfig::None).unwrap().with_tcp_listener(listener);
    std::thread::spawn(move || {
        let _ = server.serve();
    });
    inbox
}

fn subjects(inbox: &Inbox) -> Vec<String> {
    inbox
        .messages
        .lock()
        .unwrap()
        .iter()
        .map(|m| m.lines().find(|l| l.starts_with("Subject: ")).unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_real_smtp_server_receives_each_digest_once() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let inbox = serve(listener);
    let ws = example_with_smtp(&format!("smtp://127.0.0.1:{port}"));
    let run = ws.run(&["--today", TODAY, "remind"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert!(run.stdout.contains(&format!("11 sent to the SMTP server smtp://127.0.0.1:{port}")), "{}", run.stdout);
    assert_eq!(inbox.messages.lock().unwrap().len(), 11);
    assert!(outbox_files(&ws).is_empty(), "SMTP configured: no outbox files");
    let run = ws.run(&["--today", TODAY, "remind"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_eq!(inbox.messages.lock().unwrap().len(), 11, "the second run sends nothing");
    for subject in subjects(&inbox) {
        // 【王团镇人民政府】 in UTF-8, base64, as an RFC 2047 encoded word.
        assert!(subject.starts_with("Subject: =?utf-8?b?44CQ546L5Zui6ZWH5Lq65rCR5pS/5bqc44CR"), "{subject}");
    }
    let messages = inbox.messages.lock().unwrap().clone();
    assert!(messages.iter().any(|m| m.contains("To: =?utf-8?b?6IuP5piO?= <suming@example.org>")), "苏明");
}

#[test]
fn smtp_down_then_back_loses_nothing() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let ws = example_with_smtp(&format!("smtp://127.0.0.1:{port}"));
    let run = ws.run(&["--today", TODAY, "remind"]);
    // Nothing delivered: the run failed, and says how much.
    assert_eq!(run.code, 1, "{}", run.render());
    assert!(run.stdout.contains("0 sent"), "{}", run.stdout);
    assert!(run.stdout.contains("11 to retry"), "{}", run.stdout);
    assert!(run.stderr.contains("will be retried"), "{}", run.stderr);
    assert!(run.stderr.contains("11 of 11 message(s) not delivered (11 to retry, 0 given up)"), "{}", run.stderr);
    // Each cause once ("Connection refused (os error 111)" was said twice).
    let first = run.stderr.lines().find(|l| l.contains("will be retried")).unwrap();
    assert_eq!(first.matches("os error 111").count(), 1, "{first}");

    let run = ws.run(&["--today", TODAY, "outbox"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert!(run.stdout.contains("11 message(s), 11 not sent"), "{}", run.stdout);
    assert!(run.stdout.contains("failed"), "{}", run.stdout);
    let listed = json(&ws.run(&["--json", "outbox"]).stdout);
    assert!(listed.as_array().unwrap().iter().all(|m| m["attempts"] == 1 && m["last_error"].is_string()));

    // A second remind the same day neither duplicates nor drops: the messages wait for their retry.
    let run = ws.run(&["--today", TODAY, "--json", "remind"]);
    assert_eq!(run.code, 0, "nothing was due, nothing failed: {}", run.render());
    assert_eq!(json(&run.stdout)["queued"], 0);

    let inbox = serve(TcpListener::bind(("127.0.0.1", port)).unwrap());
    let run = ws.run(&["--today", TODAY, "outbox", "--retry"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert!(run.stdout.contains("nothing waiting"), "{}", run.render());
    assert_eq!(inbox.messages.lock().unwrap().len(), 11);
    let run = ws.run(&["--today", TODAY, "outbox", "--retry"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_eq!(inbox.messages.lock().unwrap().len(), 11, "sent once");
}

#[test]
fn abandoned_messages_are_resent_only_when_asked() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let inbox = serve(listener);
    inbox.refuse.store(true, std::sync::atomic::Ordering::SeqCst);
    let ws = example_with_smtp(&format!("smtp://127.0.0.1:{port}"));
    let run = ws.run(&["--today", TODAY, "remind"]);
    assert_eq!(run.code, 1, "{}", run.render());
    assert!(run.stderr.contains("11 of 11 message(s) not delivered (0 to retry, 11 given up)"), "{}", run.stderr);
    assert!(run.stderr.contains("given up: permanent error (550)"), "{}", run.stderr);
    // The mailbox fixed: --retry alone leaves the abandoned messages alone.
    inbox.refuse.store(false, std::sync::atomic::Ordering::SeqCst);
    let run = ws.run(&["--today", TODAY, "outbox", "--retry"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert!(run.stdout.contains("11 message(s), 11 not sent"), "{}", run.stdout);
    assert!(inbox.messages.lock().unwrap().is_empty());
    let run = ws.run(&["--today", TODAY, "outbox", "--retry", "--abandoned"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert!(run.stderr.contains("11 sent"), "{}", run.stderr);
    assert!(run.stdout.contains("nothing waiting"), "{}", run.stdout);
    assert_eq!(inbox.messages.lock().unwrap().len(), 11);
    let run = ws.run(&["--today", TODAY, "outbox", "--retry", "--abandoned"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert_eq!(inbox.messages.lock().unwrap().len(), 11, "sent once");
    // --abandoned means nothing without --retry.
    assert_eq!(ws.run(&["outbox", "--abandoned"]).code, 2);
}

#[test]
fn calendar_export_is_deterministic() {
    let ws = Fixture::example("wangtuan-2024");
    let a = ws.path().join("a.ics");
    let b = ws.path().join("b.ics");
    let run = ws.run(&["calendar", "export", "-o", a.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert!(run.stderr.contains("event(s) to"), "{}", run.stderr);
    ws.run(&["calendar", "export", "-o", b.to_str().unwrap()]);
    let text = std::fs::read_to_string(&a).unwrap();
    assert_eq!(text, std::fs::read_to_string(&b).unwrap());
    assert!(text.contains("UID:baogao-qicao."), "a stable UID per item");
    assert!(text.contains("DTSTAMP:20231231T160000Z"), "1 January of the working year, Asia/Shanghai");
    let events = text.matches("BEGIN:VEVENT").count();
    let uids: std::collections::HashSet<&str> =
        text.lines().filter(|l| l.starts_with("UID:") && !l.starts_with("UID:alarm.")).collect();
    assert_eq!(uids.len(), events, "UIDs are unique");
}

/// Reads an .ics file with Python's icalendar (RFC 5545 as a calendar application reads it) and
/// prints one JSON object per event; `None` when the library is not installed and the test may
/// be skipped (`FAZHI_REQUIRE_ICALENDAR=1`, as in .ci/run, makes it a failure).
fn read_with_python_icalendar(file: &std::path::Path) -> Option<(String, Vec<serde_json::Value>)> {
    const SCRIPT: &str = r#"
import json, sys, icalendar
calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
print(str(calendar["PRODID"]))
for event in calendar.walk("VEVENT"):
    alarms = [{"action": str(a["ACTION"]), "trigger": a.decoded("TRIGGER").isoformat(), "text": str(a["DESCRIPTION"])}
              for a in event.walk("VALARM")]
    print(json.dumps({
        "uid": str(event["UID"]), "summary": str(event["SUMMARY"]), "start": event.decoded("DTSTART").isoformat(),
        "status": str(event["STATUS"]), "categories": [str(c) for c in event.get("CATEGORIES").cats],
        "sequence": int(event["SEQUENCE"]), "description": str(event["DESCRIPTION"]),
        "last_modified": event.decoded("LAST-MODIFIED").isoformat() if "LAST-MODIFIED" in event else None,
        "alarms": alarms}, ensure_ascii=False))
"#;
    let output = std::process::Command::new("python3").arg("-c").arg(SCRIPT).arg(file).output();
    let required = std::env::var_os("FAZHI_REQUIRE_ICALENDAR").is_some();
    match output {
        Ok(output) if output.status.success() => {
            let text = String::from_utf8(output.stdout).unwrap();
            let mut lines = text.lines();
            let prodid = lines.next().unwrap().to_string();
            Some((prodid, lines.map(|line| serde_json::from_str(line).unwrap()).collect()))
        }
        Ok(output) if !required && String::from_utf8_lossy(&output.stderr).contains("No module named") => {
            eprintln!("skipped: Python's icalendar is not installed (pip install icalendar)");
            None
        }
        Ok(output) => panic!("python3 could not read the calendar: {}", String::from_utf8_lossy(&output.stderr)),
        Err(err) if !required => {
            eprintln!("skipped: no python3 ({err})");
            None
        }
        Err(err) => panic!("python3: {err}"),
    }
}

#[test]
fn calendar_export_reads_in_python_icalendar_with_workflow_steps_alarms_and_revisions() {
    let ws = Fixture::example("wangtuan-2024");
    let file = ws.path().join("duties.ics");
    let export = |ws: &Fixture| {
        let run = ws.run(&["--today", "2025-03-20", "calendar", "export", "-o", file.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{}", run.render());
        read_with_python_icalendar(&file)
    };
    let Some((prodid, events)) = export(&ws) else { return };
    assert!(prodid.starts_with("-//fazhi//fazhi "), "{prodid}");
    // The open step of the example's enforcement case: its decision within 90 days of 立案.
    let step = events
        .iter()
        .find(|e| e["uid"].as_str().unwrap().starts_with("wz-2025-03/"))
        .unwrap_or_else(|| panic!("no open step of wz-2025-03 in the export"));
    assert_eq!(step["status"], "CONFIRMED", "{step}");
    assert!(step["description"].as_str().unwrap().contains("状态：未开始"), "{step}");

    // Every open event has its first reminder as an alarm, before its day, at 09:00 Beijing time.
    for event in events.iter().filter(|e| e["description"].as_str().unwrap().contains("状态：未开始")) {
        let alarms = event["alarms"].as_array().unwrap();
        assert_eq!(alarms.len(), 1, "{event}");
        assert_eq!(alarms[0]["action"], "DISPLAY");
        let trigger = alarms[0]["trigger"].as_str().unwrap();
        assert!(trigger.ends_with("T01:00:00+00:00"), "09:00 in Asia/Shanghai: {event}");
        assert!(trigger[..10] < *event["start"].as_str().unwrap(), "{event}");
        assert!(alarms[0]["text"].as_str().unwrap().starts_with("提醒："), "{event}");
    }
    // Chinese statuses and module titles, no English words.
    assert!(events.iter().all(|e| !e["description"].as_str().unwrap().contains("todo")));
    assert!(events.iter().any(|e| e["categories"][0] == "领导责任"), "{events:#?}");
    assert!(events.iter().all(|e| e["categories"][0].as_str().unwrap().chars().any(|c| c > '\u{2e80}')));

    // A change of a task gives its event a higher SEQUENCE and a LAST-MODIFIED; others keep theirs.
    let open = events
        .iter()
        .find(|e| {
            e["sequence"] == 0
                && e["description"].as_str().unwrap().contains("状态：未开始")
                && !e["uid"].as_str().unwrap().contains('/')
        })
        .unwrap()
        .clone();
    assert_eq!(open["last_modified"], serde_json::Value::Null);
    let id = open["uid"].as_str().unwrap().rsplit_once('.').unwrap().0.to_string();
    let run = ws.run(&["--today", "2025-03-20", "task", "start", &id, "--note", "已安排"]);
    assert_eq!(run.code, 0, "{}", run.render());
    let (_, after) = export(&ws).unwrap();
    let changed = after.iter().find(|e| e["uid"] == open["uid"]).unwrap();
    assert_eq!(changed["sequence"], 1, "{changed}");
    assert!(changed["last_modified"].is_string(), "{changed}");
    assert!(changed["description"].as_str().unwrap().contains("状态：进行中"), "{changed}");
    let unchanged = |e: &&serde_json::Value| e["uid"] != open["uid"];
    assert_eq!(
        events.iter().filter(unchanged).map(|e| &e["sequence"]).collect::<Vec<_>>(),
        after.iter().filter(unchanged).map(|e| &e["sequence"]).collect::<Vec<_>>()
    );
}

#[test]
fn a_ca_file_must_be_a_certificate_for_an_encrypted_connection() {
    let cases = [
        ("smtp://mail.example.org", "office-ca.pem", "is for a TLS connection, but the SMTP URL is plain smtp://"),
        ("smtps://mail.example.org", "missing.pem", "ca_file \"missing.pem\" cannot be read"),
        ("smtps://mail.example.org", "org.ron", "ca_file \"org.ron\" holds no PEM certificate"),
    ];
    for (url, file, message) in cases {
        let ws = Fixture::example("wangtuan-2024");
        std::fs::write(
            ws.path().join("office-ca.pem"),
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
        )
        .unwrap();
        ws.add_to_config(&format!("    mail: (smtp: \"{url}\", ca_file: \"{file}\"),"));
        let run = ws.run(&["check"]);
        assert_eq!(run.code, 2, "{}", run.render());
        let line = run.stderr.lines().next().unwrap();
        assert!(line.starts_with("error: fazhi.ron:") && line.contains(message), "{}", run.stderr);
    }
}

#[test]
fn bad_mail_and_job_settings_are_positioned_errors() {
    let ws = Fixture::new("remind-bad-config");
    let run = ws.run(&["--today", TODAY, "remind", "--dry-run"]);
    assert_eq!(run.code, 2, "{}", run.render());
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 5, "{}", run.stderr);
    assert_eq!(
        lines[..4],
        [
            "error: fazhi.ron:7:15: malformed SMTP URL \"http://mail.example.org\": unknown scheme `http` (use smtp \
             or smtps)",
            "error: fazhi.ron:10:19: the SMTP password must not be in fazhi.ron: set the environment variable \
             FAZHI_SMTP_PASSWORD or name a file with `password_file`",
            "error: fazhi.ron:13:35: invalid cron expression \"0 8 * * Mon-Fri\": it has 5 fields like a Unix \
             crontab, but fazhi's cron wants 6 or 7, seconds first (e.g. \"0 0 8 * * Mon-Fri\" for 08:00 on \
             weekdays)",
            "error: fazhi.ron:14:32: invalid cron expression \"0 0 25 * * Mon\": Hours must be less than 23. ('25' \
             specified.) (6 or 7 fields, seconds first, e.g. \"0 0 8 * * Mon-Fri\")",
        ]
    );
    assert!(lines[4].starts_with("error: ") && lines[4].ends_with(" 4 problem(s)"), "{}", lines[4]);

    let ws = Fixture::new("remind-bad-kind");
    let run = ws.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(run.stderr.contains("fazhi.ron:7:53: Unexpected variant named `Hourly`"), "{}", run.stderr);
    assert!(run.stderr.contains("`Reminders`, `WeeklyDigest`, or `ReportDraft`"), "{}", run.stderr);
}

/// The example without the jobs its fazhi.ron declares, for a test to declare its own.
fn example_without_jobs() -> Fixture {
    let ws = Fixture::example("wangtuan-2024");
    let path = ws.path().join("fazhi.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let kept: Vec<&str> = text.lines().filter(|line| !line.trim_start().starts_with("jobs: [")).collect();
    assert!(kept.len() < text.lines().count(), "the example declares its jobs on one line");
    std::fs::write(&path, kept.join("\n") + "\n").unwrap();
    ws
}

/// The example with a reminders job and a weekly digest in its fazhi.ron.
fn example_with_job() -> Fixture {
    let ws = example_without_jobs();
    let path = ws.path().join("fazhi.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let end = text.rfind(')').unwrap();
    let jobs = "(name: \"reminders\", cron: \"0 0 8 * * Mon-Fri\", kind: Reminders, skip_non_working_days: true), \
                (name: \"weekly\", cron: \"0 30 8 * * Mon\", kind: WeeklyDigest)";
    std::fs::write(&path, format!("{}    jobs: [{jobs}],\n)\n", &text[..end])).unwrap();
    ws
}

#[test]
fn run_job_runs_the_reminders_once_a_day() {
    let ws = example_with_job();
    let run = ws.run(&["--today", TODAY, "run-job", "reminders"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert!(run.stdout.starts_with("reminders: 2025-03-25: 11 new digest(s)"), "{}", run.stdout);
    assert_eq!(outbox_files(&ws).len(), 11);
    let run = ws.run(&["--today", TODAY, "run-job", "reminders"]);
    assert!(run.stdout.contains(": 0 new digest(s)"), "{}", run.stdout);
    assert_eq!(outbox_files(&ws).len(), 11);

    // The weekly digest: each unit leader hears of the unit's late and coming items.
    let run = ws.run(&["--today", TODAY, "run-job", "weekly"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert!(!run.stdout.contains(": 0 new digest(s)"), "{}", run.stdout);
    let files = outbox_files(&ws);
    assert!(files.len() > 11);
    assert!(files.iter().any(|f| f.ends_with("-su_lan.eml")), "综治中心's leader: {files:?}");
    // It names the audit log's head, so the leaders' mail keeps a copy; the daily reminders do not.
    let head = ws.run(&["audit", "head"]).stdout.lines().next().unwrap().to_string();
    let line = format!("法治工作记录的审计日志头：{head}（截至本邮件生成时）");
    for (index, file) in files.iter().enumerate() {
        let text = plain_text(&std::fs::read_to_string(ws.path().join(".fazhi/outbox").join(file)).unwrap());
        assert_eq!(text.contains(&line), index >= 11, "{file}: {text}");
    }

    let run = ws.run(&["run-job", "nope"]);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(run.stderr.contains("no job named \"nope\" (jobs: reminders, weekly)"), "{}", run.stderr);
}

#[test]
fn jobs_lists_each_job_with_its_last_run_and_next_firing() {
    let ws = example_with_job();
    let run = ws.run(&["--today", TODAY, "jobs"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert!(run.stdout.contains("reminders (Reminders): next 2025-03-26 08:00; never run"), "{}", run.stdout);
    assert!(!run.stdout.contains("recent runs"), "{}", run.stdout);
    assert_eq!(ws.run(&["--today", TODAY, "run-job", "reminders"]).code, 0);
    let run = ws.run(&["--today", TODAY, "jobs", "--runs", "1"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert!(run.stdout.contains("reminders (Reminders): next 2025-03-26 08:00; last 2025-03-25"), "{}", run.stdout);
    assert!(run.stdout.contains(" ok (run-job: 2025-03-25: 11 new digest(s)"), "{}", run.stdout);
    assert!(run.stdout.contains("weekly (WeeklyDigest): next 2025-03-31 08:30; never run"), "{}", run.stdout);
    let recent: Vec<&str> = run.stdout.lines().skip_while(|line| *line != "recent runs:").skip(1).collect();
    assert_eq!(recent.len(), 1, "{}", run.stdout);
    assert!(recent[0].contains("reminders ok"), "{}", run.stdout);
}

#[test]
fn a_job_run_whose_messages_were_not_delivered_is_recorded_as_failed() {
    let ws = example_with_job();
    // Nothing listens on port 1 of this machine: every message fails and stays queued.
    ws.add_to_config("    mail: (smtp: \"smtp://127.0.0.1:1\"),");
    let run = ws.run(&["--today", TODAY, "run-job", "reminders"]);
    assert_eq!(run.code, 1, "{}", run.render());
    assert!(run.stderr.contains("11 of 11 message(s) not delivered (11 to retry, 0 given up)"), "{}", run.render());
    let run = ws.run(&["--today", TODAY, "jobs", "--runs", "1"]);
    let recent: Vec<&str> = run.stdout.lines().skip_while(|line| *line != "recent runs:").skip(1).collect();
    assert_eq!(recent.len(), 1, "{}", run.stdout);
    assert!(recent[0].contains("reminders failed"), "{}", run.stdout);
    assert!(recent[0].contains("11 new digest(s)"), "what the run did is still said: {}", run.stdout);
}

#[test]
fn serve_holds_a_lock_and_stops_cleanly_on_sigterm() {
    use std::io::BufRead;

    let ws = example_with_job();
    let mut daemon = std::process::Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(["-C", ws.path().to_str().unwrap(), "serve"])
        .env("FAZHI_LANG", "en")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The daemon is up (lock taken, signals handled) once it says when its job fires next.
    let mut stderr = std::io::BufReader::new(daemon.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    assert!(first.starts_with("fazhi serve: job reminders (Reminders) next at"), "{first}");

    let second = ws.run(&["serve"]);
    assert_eq!(second.code, 2, "{}", second.render());
    assert!(second.stderr.contains("another `fazhi serve` is running"), "{}", second.stderr);

    let killed = std::process::Command::new("kill").args(["-TERM", &daemon.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    let status = daemon.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{rest}");
    assert!(rest.starts_with("fazhi serve: job weekly (WeeklyDigest) next at"), "{rest}");
    assert!(rest.ends_with("fazhi serve: stopped\n"), "{rest}");
}

#[test]
fn serve_says_each_run_in_a_line_of_its_own() {
    use std::io::BufRead;

    let ws = example_without_jobs();
    ws.add_to_config("    jobs: [(name: \"tick\", cron: \"* * * * * *\", kind: Reminders)],");
    let mut daemon = std::process::Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(["-C", ws.path().to_str().unwrap(), "serve"])
        .env("FAZHI_LANG", "en")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(daemon.stderr.take().unwrap());
    let mut line = String::new();
    let mut seen = Vec::new();
    // The job fires every second: its first run is said as it is recorded.
    while stderr.read_line(&mut line).unwrap() > 0 {
        seen.push(std::mem::take(&mut line));
        let last = seen.last().unwrap();
        if last.starts_with("fazhi serve: job tick ") && !last.contains(" next at ") {
            break;
        }
        assert!(seen.len() < 50, "{seen:?}");
    }
    let _ = std::process::Command::new("kill").args(["-TERM", &daemon.id().to_string()]).status();
    let _ = daemon.wait();
    let run = seen.last().unwrap();
    assert!(run.starts_with("fazhi serve: job tick ok (for "), "{seen:?}");
    assert!(run.contains(" s): ") && run.contains("new digest(s)"), "{seen:?}");
}

#[test]
fn a_login_or_a_robot_without_its_credential_is_a_check_error() {
    let ws = Fixture::example("wangtuan-2024");
    let path = ws.path().join("fazhi.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let end = text.rfind(')').unwrap();
    let text = format!(
        "{}    mail: (smtp: \"smtp://mail.example.org?tls=required\", user: \"fazhi\"),\n    robots: [(name: \"town\", platform: DingTalk)],\n)\n",
        &text[..end]
    );
    std::fs::write(&path, &text).unwrap();
    let line = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let before = ws.state();
    let mut command = ws.command(&["check"]);
    command
        .env_remove("FAZHI_SMTP_PASSWORD")
        .env_remove("FAZHI_SMTP_PASSWORD_FILE")
        .env_remove("FAZHI_ROBOT_TOWN_TOKEN");
    let run = ws.run_command(command);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(
        run.stderr.contains(&format!("fazhi.ron:{}:", line("user: \"fazhi\"")))
            && run.stderr.contains("SMTP user \"fazhi\" has no password"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("fazhi.ron:{}:", line("name: \"town\"")))
            && run.stderr.contains("robot \"town\" has no token: set FAZHI_ROBOT_TOWN_TOKEN"),
        "{}",
        run.stderr
    );
    assert_eq!(ws.state(), before, "nothing stored");
    // With both in the environment, check passes.
    let mut command = ws.command(&["check"]);
    command.env("FAZHI_SMTP_PASSWORD", "pw").env("FAZHI_ROBOT_TOWN_TOKEN", "tok");
    let run = ws.run_command(command);
    assert_eq!(run.code, 0, "{}", run.render());
}

#[test]
fn bad_robot_settings_are_positioned_errors() {
    let ws = Fixture::example("wangtuan-2024");
    let path = ws.path().join("fazhi.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let end = text.rfind(')').unwrap();
    let text = format!(
        "{}    robots: [\n        (name: \"town\", platform: WeCom, url: \"http://qyapi.example.org/send\", secret: \"s3cret\"),\n        (name: \"town\", platform: DingTalk, units: [\"nowhere\"], per_minute: 50),\n    ],\n    channels: {{\"nobody\": [Robot]}},\n)\n",
        &text[..end]
    );
    std::fs::write(&path, &text).unwrap();
    let before = ws.state();
    let run = ws.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.render());
    for expected in [
        "plain http is allowed only to this machine",
        "the robot's secret must not be in fazhi.ron: set the environment variable FAZHI_ROBOT_TOWN_SECRET",
        "robot name \"town\" is declared twice",
        "per_minute 50: a 钉钉 robot takes 1 to 20 messages a minute",
        "robot \"town\" serves unknown unit \"nowhere\"",
        "`channels` names \"nobody\", neither a person nor a unit of org.ron",
    ] {
        let line =
            run.stderr.lines().find(|l| l.contains(expected)).unwrap_or_else(|| panic!("{expected}: {}", run.stderr));
        assert!(line.starts_with("error: fazhi.ron:") && !line.starts_with("error: fazhi.ron:1:1:"), "{line}");
    }
    assert!(!run.stderr.contains("s3cret"), "the secret is not repeated: {}", run.stderr);
    assert_eq!(ws.state(), before, "nothing stored");
}
