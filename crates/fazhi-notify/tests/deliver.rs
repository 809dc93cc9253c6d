//! Digests of the example workspace queued once and delivered through the outbox, memory and a
//! real SMTP server (mailin-embedded) over TCP.

use fazhi_store::prelude::*;
use std::io;
use std::net::{IpAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use fazhi_core::{Item, Workspace};
use fazhi_notify::{
    build_message, deliver, plan, queue_digests, MailError, MemoryMailer, OutboxMailer, RetryPolicy, SendError,
    SmtpMailer, StockPolicy,
};
use fazhi_store::{MailStatus, OpenOptions, Store};
use mailin_embedded::{Handler, Response, Server, SslConfig};

fn example() -> Workspace {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/wangtuan-2024");
    Workspace::load(&root).expect("the example loads")
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 25).unwrap()
}

fn now(workspace: &Workspace) -> DateTime<Utc> {
    workspace.config.time_zone.from_local_datetime(&today().and_hms_opt(9, 0, 0).unwrap()).unwrap().to_utc()
}

fn items(workspace: &Workspace, store: &Store) -> Vec<Item> {
    workspace.items(&store.task_states(workspace).unwrap()).unwrap()
}

/// Queues today's digests of the example in `store`; returns the number of new messages.
fn queue(workspace: &Workspace, store: &mut Store) -> usize {
    let items = items(workspace, store);
    let planned = plan(&items, &workspace.org, &workspace.calendar, today(), &StockPolicy::default()).unwrap();
    assert!(!planned.notices.is_empty());
    let report = queue_digests(workspace, store, &planned, today(), now(workspace), None).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    report.queued.len()
}

fn store(dir: &tempfile::TempDir) -> Store {
    Store::open(&dir.path().join("state.db"), &OpenOptions::default()).unwrap()
}

#[tokio::test]
async fn digests_are_queued_once_and_sent_once() {
    let workspace = example();
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(&dir);
    let queued = queue(&workspace, &mut store);
    assert!(queued > 0);
    assert_eq!(queue(&workspace, &mut store), 0, "a second run queues nothing");

    let mailer = MemoryMailer::new();
    let local = workspace.local(now(&workspace));
    let report = deliver(&mut store, &mailer, local, &RetryPolicy::default(), false).await.unwrap();
    assert_eq!(report.sent.len(), queued);
    let again = deliver(&mut store, &mailer, local, &RetryPolicy::default(), false).await.unwrap();
    assert!(again.sent.is_empty());
    assert_eq!(mailer.sent().len(), queued);
    // One message per recipient.
    let mut addresses: Vec<String> = mailer.sent().into_iter().map(|(address, _)| address).collect();
    addresses.sort();
    addresses.dedup();
    assert_eq!(addresses.len(), queued);
    assert!(store.mail(true).unwrap().is_empty());
}

#[tokio::test]
async fn failures_are_retried_with_backoff_and_given_up_visibly() {
    let workspace = example();
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(&dir);
    let queued = queue(&workspace, &mut store);
    let mailer = MemoryMailer::new();
    mailer.refuse(Some(SendError { message: "421 service not available".into(), permanent: false }));
    let retry = RetryPolicy { first: Duration::from_secs(60), longest: Duration::from_secs(600), attempts: 3 };
    let t0 = workspace.local(now(&workspace));
    let report = deliver(&mut store, &mailer, t0, &retry, false).await.unwrap();
    assert_eq!(report.failed.len(), queued);
    // Not due again before the backoff.
    let early = deliver(&mut store, &mailer, t0 + chrono::TimeDelta::seconds(30), &retry, false).await.unwrap();
    assert!(early.failed.is_empty() && early.sent.is_empty());
    let unsent = store.mail(true).unwrap();
    assert!(unsent.iter().all(|m| m.status == MailStatus::Failed && m.attempts == 1));
    assert_eq!(unsent[0].last_error.as_deref(), Some("421 service not available"));
    assert_eq!(unsent[0].next_attempt_at, Some(t0 + chrono::TimeDelta::seconds(60)));
    // Second failure: waits twice as long; third: given up, still listed.
    let t1 = t0 + chrono::TimeDelta::seconds(60);
    deliver(&mut store, &mailer, t1, &retry, false).await.unwrap();
    assert_eq!(store.mail(true).unwrap()[0].next_attempt_at, Some(t1 + chrono::TimeDelta::seconds(120)));
    let t2 = t1 + chrono::TimeDelta::seconds(120);
    let last = deliver(&mut store, &mailer, t2, &retry, false).await.unwrap();
    assert_eq!(last.abandoned.len(), queued);
    assert!(store.mail(true).unwrap().iter().all(|m| m.status == MailStatus::Abandoned && m.attempts == 3));
    assert!(mailer.sent().is_empty());
}

/// Records every message it accepts in a list shared by all senders. With `started`, its first
/// send tells the test that it has begun, then takes a while.
struct SharedServer {
    accepted: Arc<Mutex<Vec<i64>>>,
    started: Mutex<Option<std::sync::mpsc::Sender<()>>>,
}

impl fazhi_notify::Mailer for SharedServer {
    fn send<'a>(&'a self, mail: &'a fazhi_notify::Outgoing<'a>) -> fazhi_notify::BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async move {
            if let Some(started) = self.started.lock().unwrap().take() {
                started.send(()).unwrap();
                std::thread::sleep(Duration::from_millis(300));
            }
            self.accepted.lock().unwrap().push(mail.id);
            Ok(())
        })
    }

    fn describe(&self) -> String {
        "a server shared by two senders".to_string()
    }
}

#[test]
fn two_senders_at_once_send_each_message_once() {
    // The daemon and `fazhi remind --send` delivering from the same state at the same moment.
    let workspace = example();
    let dir = tempfile::tempdir().unwrap();
    let queued = queue(&workspace, &mut store(&dir));
    let accepted = Arc::new(Mutex::new(Vec::new()));
    let local = workspace.local(now(&workspace));
    let (signal, started) = std::sync::mpsc::channel();
    let sender = |started: Option<std::sync::mpsc::Sender<()>>| {
        let mailer = SharedServer { accepted: accepted.clone(), started: Mutex::new(started) };
        let dir = &dir;
        move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            let mut store = store(dir);
            runtime.block_on(deliver(&mut store, &mailer, local, &RetryPolicy::default(), false)).unwrap()
        }
    };
    let (first, second) = std::thread::scope(|scope| {
        let first = scope.spawn(sender(Some(signal)));
        // The first sender is in the middle of sending; every message is still queued in the store.
        started.recv().unwrap();
        let second = scope.spawn(sender(None));
        (first.join().unwrap(), second.join().unwrap())
    });
    let mut ids = accepted.lock().unwrap().clone();
    ids.sort_unstable();
    let unique = ids.len();
    ids.dedup();
    assert_eq!(unique, ids.len(), "a message was sent twice: {:?}", accepted.lock().unwrap());
    assert_eq!(ids.len(), queued);
    assert_eq!(first.sent.len() + second.sent.len(), queued);
    assert!(store(&dir).mail(true).unwrap().is_empty());
}

#[tokio::test]
async fn the_outbox_holds_one_eml_per_message() {
    let workspace = example();
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(&dir);
    let queued = queue(&workspace, &mut store);
    let outbox = OutboxMailer::new(dir.path().join("outbox"));
    let local = workspace.local(now(&workspace));
    deliver(&mut store, &outbox, local, &RetryPolicy::default(), false).await.unwrap();
    let files: Vec<_> = std::fs::read_dir(outbox.folder()).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), queued);
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(text.contains("Content-Type: multipart/alternative"), "{text}");
    assert!(text.contains("text/html"));
    assert!(text.is_ascii(), "headers and bodies are encoded");
}

#[test]
fn line_breaks_in_names_and_addresses_are_refused() {
    let date = std::time::SystemTime::UNIX_EPOCH;
    let build = |name: &str, address: &str| {
        build_message(
            "王团镇",
            "fazhi@example.org",
            name,
            address,
            "提醒",
            "正文".into(),
            "<p>正文</p>".into(),
            date,
            "<a@b>",
        )
    };
    assert!(build("马军", "majun@example.org").is_ok());
    assert!(matches!(build("马军\r\nBcc: x@evil.org", "majun@example.org"), Err(MailError::LineBreak { .. })));
    assert!(matches!(build("马军", "majun@example.org\nBcc: x@evil.org"), Err(MailError::LineBreak { .. })));
    assert!(matches!(build("马军", "not an address"), Err(MailError::Address { .. })));
    let raw = String::from_utf8(build("马军", "majun@example.org").unwrap()).unwrap();
    assert!(raw.contains("To: =?utf-8?b?"), "{raw}");
    assert!(raw.contains("Subject: =?utf-8?b?"), "{raw}");
}

/// What the test SMTP server received: each message's bytes.
#[derive(Clone, Default)]
struct Inbox {
    messages: Arc<Mutex<Vec<Vec<u8>>>>,
    current: Vec<u8>,
}

impl Handler for Inbox {
    fn mail(&mut self, _ip: IpAddr, _domain: &str, _from: &str) -> Response {
        self.current.clear();
        mailin_embedded::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> io::Result<()> {
        self.current.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        self.messages.lock().unwrap().push(std::mem::take(&mut self.current));
        mailin_embedded::response::OK
    }
}

fn start_server(listener: TcpListener, ssl: SslConfig) -> Inbox {
    let inbox = Inbox::default();
    let mut server = Server::new(inbox.clone());
    server.with_name("localhost").with_ssl(ssl).unwrap().with_tcp_listener(listener);
    std::thread::spawn(move || {
        let _ = server.serve();
    });
    inbox
}

/// Decodes a header value of RFC 2047 `=?utf-8?b?…?=` words and plain words (the space between
/// two encoded words is not part of the text).
fn decode_words(value: &str) -> String {
    let mut text = String::new();
    let mut previous_encoded = None;
    for word in value.split_whitespace() {
        let encoded = word.strip_prefix("=?utf-8?b?").and_then(|w| w.strip_suffix("?="));
        if previous_encoded.is_some() && !(previous_encoded == Some(true) && encoded.is_some()) {
            text.push(' ');
        }
        match encoded {
            Some(inner) => text.push_str(&String::from_utf8(base64(inner)).unwrap()),
            None => text.push_str(word),
        }
        previous_encoded = Some(encoded.is_some());
    }
    text
}

fn base64(text: &str) -> Vec<u8> {
    use base64::Engine as _;
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD.decode(text).expect("base64")
}

fn header(raw: &str, name: &str) -> String {
    let start = raw.find(&format!("\r\n{name}: ")).map(|i| i + 2).or_else(|| raw.starts_with(name).then_some(0));
    let rest = &raw[start.expect("the header") + name.len() + 2..];
    let mut value = String::new();
    for (i, line) in rest.split("\r\n").enumerate() {
        if i > 0 && !line.starts_with([' ', '\t']) {
            break;
        }
        value.push_str(line.trim());
        value.push(' ');
    }
    value.trim().to_string()
}

#[tokio::test]
async fn a_real_smtp_server_receives_each_digest_once_even_after_being_down() {
    let workspace = example();
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(&dir);
    let queued = queue(&workspace, &mut store);

    // The server is down: nothing listens on the port.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let url = format!("smtp://127.0.0.1:{port}");
    let mailer = SmtpMailer::new(&url, None, None, None, Duration::from_secs(5)).unwrap();
    let local = workspace.local(now(&workspace));
    let report = deliver(&mut store, &mailer, local, &RetryPolicy::default(), false).await.unwrap();
    assert_eq!(report.failed.len(), queued, "{report:?}");
    assert!(report.sent.is_empty());
    assert_eq!(store.mail(true).unwrap().len(), queued);

    // Back up: the retry delivers everything, once.
    let inbox = start_server(TcpListener::bind(("127.0.0.1", port)).unwrap(), SslConfig::None);
    let mailer = SmtpMailer::new(&url, None, None, None, Duration::from_secs(5)).unwrap();
    let later = local + chrono::TimeDelta::minutes(5);
    let report = deliver(&mut store, &mailer, later, &RetryPolicy::default(), false).await.unwrap();
    assert_eq!(report.sent.len(), queued, "{report:?}");
    let again =
        deliver(&mut store, &mailer, later + chrono::TimeDelta::hours(1), &RetryPolicy::default(), true).await.unwrap();
    assert!(again.sent.is_empty());
    assert_eq!(queue(&workspace, &mut store), 0);

    let received = inbox.messages.lock().unwrap().clone();
    assert_eq!(received.len(), queued);
    let stored = store.mail(false).unwrap();
    for message in &stored {
        assert_eq!(message.status, MailStatus::Sent);
        let text = String::from_utf8(message.raw.clone()).unwrap();
        let id = header(&text, "Message-ID");
        let copies: Vec<&Vec<u8>> = received.iter().filter(|raw| String::from_utf8_lossy(raw).contains(&id)).collect();
        assert_eq!(copies.len(), 1, "{id} arrived once");
        let got = String::from_utf8(copies[0].clone()).unwrap();
        let subject = decode_words(&header(&got, "Subject"));
        assert_eq!(subject, message.subject);
        assert!(subject.starts_with("【王团镇人民政府】法治工作提醒（2025-03-25）："), "{subject}");
    }
}

/// The decoded text/plain part of a message.
fn plain_text(raw: &str) -> String {
    let part = &raw[raw.find("Content-Type: text/plain").expect("a text/plain part")..];
    let body = &part[part.find("\r\n\r\n").expect("the part's body") + 4..];
    let encoded: String = body.split("\r\n").take_while(|line| !line.is_empty() && !line.starts_with("--")).collect();
    if part[..part.find("\r\n\r\n").unwrap()].contains("Content-Transfer-Encoding: base64") {
        String::from_utf8(base64(&encoded)).unwrap()
    } else {
        body.to_string()
    }
}

#[test]
fn the_weekly_digest_to_unit_leaders_names_the_audit_head() {
    let workspace = example();
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(&dir);
    let items = items(&workspace, &store);
    let planned =
        plan(&items, &workspace.org, &workspace.calendar, today(), &fazhi_notify::UnitDigestPolicy::default()).unwrap();
    let head =
        fazhi_store::AuditHead { seq: 226, hash: format!("3f9a1c2e7b5d0a41{}", "0".repeat(48)), recorded_at: None };
    let line = "法治工作记录的审计日志头：226:3f9a1c2e7b5d0a41（截至本邮件生成时）。请留存本邮件，\
                日后可用 fazhi audit verify --head 226:3f9a1c2e7b5d0a41 核验此前的记录未被改写。";

    let (digests, _) = fazhi_notify::digests(&planned, &workspace);
    let mut digest = digests[0].clone();
    assert!(!digest.text(&workspace, today()).contains("审计日志头"), "none unless given");
    digest.audit_head = Some(head.to_string());
    assert!(digest.text(&workspace, today()).contains(line));
    assert!(digest.html(&workspace, today()).contains(&format!("<p><small>{line}</small></p>")));

    let report = queue_digests(&workspace, &mut store, &planned, today(), now(&workspace), Some(&head)).unwrap();
    assert!(!report.queued.is_empty());
    for message in store.mail(false).unwrap() {
        let text = plain_text(&String::from_utf8(message.raw).unwrap());
        assert!(text.contains(line), "{text}");
    }
}

#[tokio::test]
async fn a_refused_connection_is_said_once() {
    let workspace = example();
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(&dir);
    let queued = queue(&workspace, &mut store);
    // A port nobody listens on.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mailer =
        SmtpMailer::new(&format!("smtp://127.0.0.1:{port}"), None, None, None, Duration::from_secs(5)).unwrap();
    let local = workspace.local(now(&workspace));
    let report = deliver(&mut store, &mailer, local, &RetryPolicy::default(), false).await.unwrap();
    assert_eq!(report.failed.len(), queued);
    let text = &report.failed[0].1;
    assert_eq!(text.matches("Connection refused").count(), 1, "{text}");
}

/// An office's own certificate authority and a certificate it issued to `localhost`, made with
/// the openssl command in `folder`: `ca.pem`, `server.pem` and `server.key`.
fn office_ca(folder: &std::path::Path) {
    let openssl = |args: &[&str]| {
        let output = std::process::Command::new("openssl")
            .args(args)
            .current_dir(folder)
            .output()
            .expect("the openssl command (Debian's openssl, installed by .ci/run)");
        assert!(output.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    };
    let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    openssl(
        &[&["req", "-x509"][..], &ec, &["-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Office CA"]]
            .concat(),
    );
    openssl(&[&["req"][..], &ec, &["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"]].concat());
    std::fs::write(
        folder.join("server.ext"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n",
    )
    .unwrap();
    openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "server.ext",
    ]);
}

#[tokio::test]
async fn a_relay_whose_certificate_the_offices_own_ca_issued_is_trusted_through_ca_file_only() {
    // The test server's rustls finds two crypto providers linked in: it is given one.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let certificates = tempfile::tempdir().unwrap();
    office_ca(certificates.path());
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let file = |name: &str| certificates.path().join(name).display().to_string();
    let inbox = start_server(
        listener,
        SslConfig::Trusted { cert_path: file("server.pem"), key_path: file("server.key"), chain_path: file("ca.pem") },
    );

    let mut workspace = example();
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(&dir);
    let queued = queue(&workspace, &mut store);
    let local = workspace.local(now(&workspace));
    let mut mail = fazhi_core::MailConfig {
        smtp: Some(format!("smtp://127.0.0.1:{port}?tls=required")),
        from: "fazhi@localhost".to_string(),
        user: None,
        password_file: None,
        ca_file: None,
    };

    // Without the office's CA the server's certificate is not trusted: nothing is sent.
    workspace.config.mail = Some(mail.clone());
    let mailer = fazhi_notify::Channels::new(fazhi_notify::configured_mailer(&workspace).unwrap(), Vec::new());
    let report = deliver(&mut store, &mailer, local, &RetryPolicy::default(), false).await.unwrap();
    assert_eq!(report.failed.len(), queued, "{report:?}");
    let (_, error) = &report.failed[0];
    assert!(error.contains("certificate") || error.contains("UnknownIssuer"), "{error}");
    assert!(inbox.messages.lock().unwrap().is_empty());

    // With `ca_file` naming it, every digest goes through, once, encrypted.
    mail.ca_file = Some(certificates.path().join("ca.pem"));
    workspace.config.mail = Some(mail);
    let mailer = fazhi_notify::Channels::new(fazhi_notify::configured_mailer(&workspace).unwrap(), Vec::new());
    let later = local + chrono::TimeDelta::minutes(5);
    let report = deliver(&mut store, &mailer, later, &RetryPolicy::default(), false).await.unwrap();
    assert_eq!(report.sent.len(), queued, "{report:?}");
    assert!(report.failed.is_empty(), "{report:?}");
    assert_eq!(inbox.messages.lock().unwrap().len(), queued);
}
