//! Three `fazhi serve` daemons of one town on one PostgreSQL schema share its reminders job: a
//! firing is run by one of them at a time while the others help send its messages, and when one
//! sending is killed mid-delivery, the others run the firing again and send the rest — every
//! message reaches the SMTP server exactly once. Each daemon sends through an SMTP server of its own (so the test knows which
//! daemon is sending); the servers hold each recipient until the test lets it through, so a
//! daemon is killed only while its message is not yet accepted.
#![cfg(feature = "postgres")]

use std::io;
use std::net::{IpAddr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::migrate::{database_url, drop_schema};
use crate::support::Fixture;

/// What the servers share: every message accepted, which servers hold a recipient now, and how
/// many more recipients may pass (`None`: all).
#[derive(Default)]
struct Shared {
    accepted: Vec<String>,
    holding: Vec<usize>,
    passes: Option<usize>,
}

#[derive(Clone)]
struct Relay {
    index: usize,
    shared: Arc<(Mutex<Shared>, Condvar)>,
    current: Vec<u8>,
}

impl mailin_embedded::Handler for Relay {
    fn mail(&mut self, _ip: IpAddr, _domain: &str, _from: &str) -> mailin_embedded::Response {
        self.current.clear();
        mailin_embedded::response::OK
    }

    fn rcpt(&mut self, _to: &str) -> mailin_embedded::Response {
        let (lock, changed) = &*self.shared;
        let mut shared = lock.lock().unwrap();
        shared.holding.push(self.index);
        changed.notify_all();
        while shared.passes == Some(0) {
            shared = changed.wait(shared).unwrap();
        }
        if let Some(passes) = shared.passes.as_mut() {
            *passes -= 1;
        }
        let index = self.index;
        shared.holding.retain(|held| *held != index);
        changed.notify_all();
        mailin_embedded::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> io::Result<()> {
        self.current.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> mailin_embedded::Response {
        let message = String::from_utf8_lossy(&std::mem::take(&mut self.current)).into_owned();
        let (lock, changed) = &*self.shared;
        lock.lock().unwrap().accepted.push(message);
        changed.notify_all();
        mailin_embedded::response::OK
    }
}

/// An SMTP server on a free port, numbered `index`; returns its port.
fn relay(index: usize, shared: &Arc<(Mutex<Shared>, Condvar)>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut server = mailin_embedded::Server::new(Relay { index, shared: shared.clone(), current: Vec::new() });
    server
        .with_name("localhost")
        .with_num_threads(8)
        .with_ssl(mailin_embedded::SslConfig::None)
        .unwrap()
        .with_tcp_listener(listener);
    std::thread::spawn(move || {
        let _ = server.serve();
    });
    port
}

/// Waits (at most a minute) until `ready` holds of the shared state.
fn wait_for(shared: &Arc<(Mutex<Shared>, Condvar)>, what: &str, ready: impl Fn(&Shared) -> bool) {
    let (lock, changed) = &**shared;
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut state = lock.lock().unwrap();
    while !ready(&state) {
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(
            !left.is_zero(),
            "timed out waiting for {what}: {} accepted, holding {:?}",
            state.accepted.len(),
            state.holding
        );
        state = changed.wait_timeout(state, left.min(Duration::from_millis(200))).unwrap().0;
    }
}

/// The Message-ID header of a message as received.
fn message_id(message: &str) -> String {
    message.lines().find(|line| line.to_ascii_lowercase().starts_with("message-id:")).unwrap_or(message).to_string()
}

#[test]
fn three_daemons_and_two_kills_send_every_reminder_exactly_once() {
    let Some(url) = database_url() else { return };
    let schema = format!("cli_daemons_{}", std::process::id());
    let shared: Arc<(Mutex<Shared>, Condvar)> =
        Arc::new((Mutex::new(Shared { passes: Some(2), ..Shared::default() }), Condvar::new()));
    let towns: Vec<Fixture> = (0..3).map(|_| Fixture::example("wangtuan-2024")).collect();
    for (index, ws) in towns.iter().enumerate() {
        let port = relay(index, &shared);
        ws.edit(
            "fazhi.ron",
            "jobs: [(name: \"reminders\", cron: \"0 0 8 * * Mon-Fri\", kind: Reminders, skip_non_working_days: true)],",
            "jobs: [(name: \"reminders\", cron: \"* * * * * *\", kind: Reminders)],",
        );
        ws.add_to_config(&format!(
            "    storage: \"{url}\",\n    schema: \"{schema}\",\n    mail: (smtp: \"smtp://127.0.0.1:{port}\", from: \"fazhi@wangtuan.example.org\"),"
        ));
    }
    // The town's state is made once, before the daemons start.
    let first = towns[0].run(&["tasks"]);
    assert_eq!(first.code, 0, "{}", first.render());
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let mut count = |status: &str| -> i64 {
        client
            .query_one(&format!("SELECT COUNT(*) FROM \"{schema}\".mail_message WHERE status = $1"), &[&status])
            .unwrap()
            .get(0)
    };
    let daemon = |ws: &Fixture| {
        Command::new(env!("CARGO_BIN_EXE_fazhi"))
            .args(["-C", ws.path().to_str().unwrap(), "serve"])
            .env("FAZHI_LANG", "en")
            .env_remove("FAZHI_DATABASE_URL")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let mut daemons: Vec<Option<Child>> = towns.iter().map(|ws| Some(daemon(ws))).collect();
    // Twice: once the messages let through are recorded as sent, kill the daemon whose message
    // is held (it is mid-delivery, nothing of it accepted), and let two more through.
    for round in 0..2 {
        let alive: Vec<usize> = (0..3).filter(|k| daemons[*k].is_some()).collect();
        wait_for(&shared, "a daemon sending", |state| {
            state.passes == Some(0) && state.holding.iter().any(|k| alive.contains(k))
        });
        let accepted = shared.0.lock().unwrap().accepted.len() as i64;
        let deadline = Instant::now() + Duration::from_secs(30);
        while count("sent") < accepted {
            assert!(Instant::now() < deadline, "round {round}: {accepted} accepted, not recorded");
            std::thread::sleep(Duration::from_millis(20));
        }
        let sender = *shared.0.lock().unwrap().holding.iter().find(|k| alive.contains(k)).unwrap();
        let mut child = daemons[sender].take().unwrap();
        child.kill().unwrap();
        child.wait().unwrap();
        let (lock, changed) = &*shared;
        lock.lock().unwrap().passes = Some(2);
        changed.notify_all();
    }
    // The last daemon finishes the work.
    {
        let (lock, changed) = &*shared;
        lock.lock().unwrap().passes = None;
        changed.notify_all();
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (queued, failed, sent) = (count("queued"), count("failed"), count("sent"));
        let accepted = shared.0.lock().unwrap().accepted.len() as i64;
        if queued == 0 && failed == 0 && sent > 0 && accepted == sent {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "not all sent: {queued} queued, {failed} failed, {sent} sent, {accepted} accepted"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // The two killed come back: three daemons run the job every second for a few seconds,
    // each firing once, and send nothing more.
    for (k, slot) in daemons.iter_mut().enumerate() {
        slot.get_or_insert_with(|| daemon(&towns[k]));
    }
    let runs = |client: &mut postgres::Client| -> i64 {
        client.query_one(&format!("SELECT COUNT(*) FROM \"{schema}\".job_run"), &[]).unwrap().get(0)
    };
    let before = runs(&mut client);
    let deadline = Instant::now() + Duration::from_secs(60);
    while runs(&mut client) < before + 4 {
        assert!(Instant::now() < deadline, "the daemons stopped running the job");
        std::thread::sleep(Duration::from_millis(100));
    }
    for child in daemons.iter_mut().flatten() {
        child.kill().unwrap();
        child.wait().unwrap();
    }
    let accepted = shared.0.lock().unwrap().accepted.clone();
    let total: i64 = client.query_one(&format!("SELECT COUNT(*) FROM \"{schema}\".mail_message"), &[]).unwrap().get(0);
    assert!(total > 4, "the kills came mid-delivery: {total} messages");
    let mut ids: Vec<String> = accepted.iter().map(|message| message_id(message)).collect();
    ids.sort();
    ids.dedup();
    assert_eq!((accepted.len() as i64, ids.len() as i64), (total, total), "each message accepted once");
    // Each firing was run once: no two runs of one firing recorded.
    let runs: Vec<(String, i64)> = client
        .query(
            &format!(
                "SELECT scheduled_for, COUNT(*) FROM \"{schema}\".job_run GROUP BY scheduled_for HAVING COUNT(*) > 1"
            ),
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect();
    assert_eq!(runs, [], "a firing run twice");
    drop_schema(&url, &schema);
}
