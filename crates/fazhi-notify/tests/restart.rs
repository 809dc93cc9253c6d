//! A reminder run killed half-way and started again: every recipient gets each digest exactly
//! once in total, with one documented exception. The digests are queued (notice keys checked and
//! recorded in one transaction) before any is sent, and each message is recorded `sent` as soon
//! as the server accepted it; a restart plans and queues again (nothing new) and sends what is
//! still queued. The one window for a duplicate, as `deliver` documents, is a crash after the
//! server accepted a message and before the store recorded it: that one message is sent again.
//!
//! A "process" here is a thread that opens the SQLite store in a temporary folder, runs, and dies
//! by a panic (taking its store and runtime with it), or a real child process that aborts (no
//! destructor runs). The mail server outlives them all: it keeps each message it accepted as a
//! file, so what every run delivered is counted together.

use fazhi_store::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use fazhi_core::Workspace;
use fazhi_notify::{
    deliver, plan, queue_digests, BoxFuture, JobRunner, Mailer, Outgoing, RetryPolicy, ScheduledJob, Scheduler,
    SendError, StockPolicy, TokioClock,
};
use fazhi_store::{JobRun, MailRecord, MailStatus, OpenOptions, Store};
use tokio::sync::watch;

fn example() -> Workspace {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/wangtuan-2024");
    Workspace::load(&root).expect("the example loads")
}

/// Tuesday 2025-03-25, a working day with reminders due in the example.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 25).unwrap()
}

/// `hour:minute` on the test day in the workspace's zone.
fn at(workspace: &Workspace, hour: u32, minute: u32) -> DateTime<Utc> {
    let local = today().and_hms_opt(hour, minute, 0).unwrap();
    workspace.config.time_zone.from_local_datetime(&local).unwrap().to_utc()
}

fn open(db: &Path) -> Store {
    Store::open(db, &OpenOptions::default()).unwrap()
}

/// The mail server: it keeps every message it accepts as `<n>-<store id>.eml` in its folder, so
/// that it outlives the runs of fazhi and counts what all of them delivered.
struct Server {
    folder: PathBuf,
}

/// One message the server accepted.
#[derive(Debug, Clone)]
struct Accepted {
    /// The store's number of the message.
    id: i64,
    raw: Vec<u8>,
}

impl Server {
    fn new(folder: PathBuf) -> Server {
        std::fs::create_dir_all(&folder).unwrap();
        Server { folder }
    }

    fn accept(&self, mail: &Outgoing<'_>) {
        let n = std::fs::read_dir(&self.folder).unwrap().count();
        let file = self.folder.join(format!("{n:04}-{}.eml", mail.id));
        let temp = file.with_extension("tmp");
        std::fs::write(&temp, mail.raw).unwrap();
        std::fs::rename(&temp, &file).unwrap();
    }

    /// Everything accepted so far, in order.
    fn accepted(&self) -> Vec<Accepted> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.folder)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|path| {
                let stem = path.file_stem().unwrap().to_str().unwrap();
                let id = stem.split_once('-').unwrap().1.parse().unwrap();
                Accepted { id, raw: std::fs::read(path).unwrap() }
            })
            .collect()
    }
}

/// When the process dies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Crash {
    /// It does not: the run completes.
    Never,
    /// After today's digests were queued, before the first send.
    AfterQueueing,
    /// During the `n`-th send of the run (from 0), before the server accepted the message.
    BeforeAccepted(usize),
    /// During the `n`-th send, after the server accepted the message and before the store could
    /// record it as sent: the documented window.
    AfterAccepted(usize),
}

/// How a process dies: a panic unwinds its thread; a child process aborts on the spot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Death {
    Panic,
    Abort,
}

fn die(death: Death, why: &str) -> ! {
    match death {
        Death::Panic => panic!("process killed {why}"),
        Death::Abort => std::process::abort(),
    }
}

/// Sends to the [`Server`] and dies at the given send.
struct DyingMailer<'s> {
    server: &'s Server,
    crash: Crash,
    death: Death,
    sends: AtomicUsize,
}

impl Mailer for DyingMailer<'_> {
    fn send<'a>(&'a self, mail: &'a Outgoing<'a>) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async move {
            let n = self.sends.fetch_add(1, Ordering::SeqCst);
            if self.crash == Crash::BeforeAccepted(n) {
                die(self.death, &format!("before the server accepted message {}", mail.id));
            }
            self.server.accept(mail);
            if self.crash == Crash::AfterAccepted(n) {
                die(self.death, &format!("after the server accepted message {}", mail.id));
            }
            Ok(())
        })
    }

    fn describe(&self) -> String {
        "the test server".to_string()
    }
}

/// What a completed run did.
#[derive(Debug)]
struct Run {
    queued: usize,
    sent: usize,
}

/// One reminder run at `now`, as `fazhi remind` and the daemon's job do it: opens the store at
/// `db`, plans today's notices, queues the digests, delivers what is due.
async fn remind(
    workspace: &Workspace,
    db: &Path,
    server: &Server,
    now: DateTime<Utc>,
    crash: Crash,
    death: Death,
) -> Run {
    let mut store = open(db);
    let today = workspace.local(now).date();
    let items = workspace.items(&store.task_states(workspace).unwrap()).unwrap();
    let planned = plan(&items, &workspace.org, &workspace.calendar, today, &StockPolicy::default()).unwrap();
    assert!(!planned.notices.is_empty());
    let queued = queue_digests(workspace, &mut store, &planned, today, now, None).unwrap();
    assert!(queued.problems.is_empty(), "{:?}", queued.problems);
    if crash == Crash::AfterQueueing {
        die(death, "after queueing");
    }
    let mailer = DyingMailer { server, crash, death, sends: AtomicUsize::new(0) };
    let report = deliver(&mut store, &mailer, workspace.local(now), &RetryPolicy::default(), false).await.unwrap();
    assert!(report.failed.is_empty() && report.abandoned.is_empty(), "{report:?}");
    Run { queued: queued.queued.len(), sent: report.sent.len() }
}

/// Runs [`remind`] in a process of its own (a thread with its own runtime and store connection);
/// `None` when the process died.
fn process(workspace: &Workspace, db: &Path, server: &Server, now: DateTime<Utc>, crash: Crash) -> Option<Run> {
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                runtime.block_on(remind(workspace, db, server, now, crash, Death::Panic))
            })
            .join()
            .ok()
    })
}

/// The message the `n`-th send of a run carried: the `n`-th due one, oldest first.
fn due(store: &Store, now: NaiveDateTime) -> Vec<MailRecord> {
    store.due_mail(now).unwrap()
}

/// Every recipient received each of today's digests exactly once in total, except that the
/// message `duplicate` (if any) arrived twice; the store lists every message as sent.
fn assert_each_digest_once(store: &Store, server: &Server, duplicate: Option<i64>) {
    let records = store.mail(false).unwrap();
    assert!(!records.is_empty());
    assert!(store.mail(true).unwrap().is_empty(), "nothing left queued or failed: {:?}", store.mail(true));
    let end_of_time = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap().and_hms_opt(23, 59, 59).unwrap();
    assert!(store.due_mail(end_of_time).unwrap().is_empty());
    let accepted = server.accepted();
    let mut per_address: BTreeMap<&str, usize> = BTreeMap::new();
    for record in &records {
        assert_eq!(record.status, MailStatus::Sent, "{record:?}");
        assert_eq!(record.day, today());
        assert!(record.sent_at.is_some() && record.next_attempt_at.is_none(), "{record:?}");
        // A crashed attempt was never recorded: the one that got through is the first counted.
        assert_eq!(record.attempts, 1, "{record:?}");
        let copies: Vec<&Accepted> = accepted.iter().filter(|copy| copy.id == record.id).collect();
        let expected = if duplicate == Some(record.id) { 2 } else { 1 };
        assert_eq!(
            copies.len(),
            expected,
            "message {} to {} arrived {} times",
            record.id,
            record.address,
            copies.len()
        );
        // Each copy is the recorded message byte for byte (the same Message-ID), so a duplicate
        // can be recognised by the receiving side.
        assert!(copies.iter().all(|copy| copy.raw == record.raw));
        *per_address.entry(record.address.as_str()).or_default() += copies.len();
    }
    // One digest per recipient per day, and nothing arrived that the store does not list.
    let addresses: std::collections::BTreeSet<&str> = records.iter().map(|r| r.address.as_str()).collect();
    assert_eq!(addresses.len(), records.len(), "one digest per recipient");
    assert_eq!(accepted.len(), records.len() + usize::from(duplicate.is_some()));
    let twice: Vec<&&str> = per_address.iter().filter(|(_, n)| **n != 1).map(|(address, _)| address).collect();
    match duplicate {
        None => assert!(twice.is_empty(), "received more than once: {twice:?}"),
        Some(id) => {
            let address = records.iter().find(|r| r.id == id).unwrap().address.as_str();
            assert_eq!(twice, [&address]);
            assert_eq!(per_address[address], 2);
        }
    }
}

/// A clean run for comparison: how many digests the example queues today.
fn digests_today(workspace: &Workspace) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::new(dir.path().join("server"));
    let run = process(workspace, &dir.path().join("state.db"), &server, at(workspace, 9, 0), Crash::Never).unwrap();
    assert_eq!(run.sent, run.queued);
    assert!(run.queued >= 3, "enough digests to crash in the middle: {}", run.queued);
    run.queued
}

/// Kills a run at `crash`, restarts at 09:05 the same day, and checks the outcome; returns the
/// id of the message caught in the window between acceptance and record, if any.
fn crash_and_restart(workspace: &Workspace, crash: Crash, digests: usize) -> Option<i64> {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("state.db");
    let server = Server::new(dir.path().join("server"));
    let first = at(workspace, 9, 0);
    assert!(process(workspace, &db, &server, first, crash).is_none(), "{crash:?}: the process died");

    // What the dead process left behind.
    let in_window = {
        let store = open(&db);
        let records = store.mail(false).unwrap();
        assert_eq!(records.len(), digests, "{crash:?}: every digest was queued before the crash");
        // What the killed run was sending, in order (the store sends the oldest first).
        let order: Vec<i64> = records.iter().map(|r| r.id).collect();
        let sent: Vec<i64> = records.iter().filter(|r| r.status == MailStatus::Sent).map(|r| r.id).collect();
        let accepted: Vec<i64> = server.accepted().iter().map(|a| a.id).collect();
        assert!(records.iter().all(|r| matches!(r.status, MailStatus::Sent | MailStatus::Queued)));
        match crash {
            Crash::Never => unreachable!(),
            Crash::AfterQueueing => {
                assert!(sent.is_empty() && accepted.is_empty());
                None
            }
            Crash::BeforeAccepted(n) => {
                assert_eq!(sent, order[..n], "{crash:?}");
                assert_eq!(accepted, sent, "{crash:?}: the store recorded everything the server accepted");
                None
            }
            Crash::AfterAccepted(n) => {
                assert_eq!(sent, order[..n], "{crash:?}");
                assert_eq!(accepted, order[..=n], "{crash:?}");
                // The window: accepted, but still queued and untried in the store.
                let caught = records.iter().find(|r| r.id == order[n]).unwrap();
                assert_eq!((caught.status, caught.attempts), (MailStatus::Queued, 0));
                assert_eq!(due(&store, workspace.local(first)).first().map(|r| r.id), Some(order[n]));
                Some(order[n])
            }
        }
    };

    // The restart: plan, queue and deliver again for the same day, in a new process.
    let run = process(workspace, &db, &server, at(workspace, 9, 5), Crash::Never).expect("the restart completes");
    assert_eq!(run.queued, 0, "{crash:?}: the restart queues nothing new");
    let sent_before = match crash {
        Crash::BeforeAccepted(n) | Crash::AfterAccepted(n) => n,
        _ => 0,
    };
    assert_eq!(run.sent, digests - sent_before, "{crash:?}: the restart sends what was left");
    // A third run the same day has nothing to do.
    let run = process(workspace, &db, &server, at(workspace, 9, 10), Crash::Never).unwrap();
    assert_eq!((run.queued, run.sent), (0, 0));

    assert_each_digest_once(&open(&db), &server, in_window);
    in_window
}

#[test]
fn a_crash_after_queueing_and_before_any_send_loses_and_duplicates_nothing() {
    let workspace = example();
    let digests = digests_today(&workspace);
    assert_eq!(crash_and_restart(&workspace, Crash::AfterQueueing, digests), None);
}

#[test]
fn a_crash_after_some_sends_sends_the_rest_once_at_every_point() {
    let workspace = example();
    let digests = digests_today(&workspace);
    for n in 0..digests {
        assert_eq!(crash_and_restart(&workspace, Crash::BeforeAccepted(n), digests), None);
    }
}

#[test]
fn a_crash_between_acceptance_and_record_duplicates_that_one_message_only() {
    let workspace = example();
    let digests = digests_today(&workspace);
    for n in 0..digests {
        let duplicate = crash_and_restart(&workspace, Crash::AfterAccepted(n), digests);
        assert!(duplicate.is_some(), "at send {n}: the one message in the window is sent again");
    }
}

#[test]
fn crash_after_crash_still_sends_each_digest_once() {
    // Every run gets one message through and dies at the next send; restarts go on until a run
    // completes.
    let workspace = example();
    let digests = digests_today(&workspace);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("state.db");
    let server = Server::new(dir.path().join("server"));
    let mut deaths = 0;
    for minute in 0.. {
        match process(&workspace, &db, &server, at(&workspace, 9, minute), Crash::BeforeAccepted(1)) {
            None => deaths += 1,
            Some(run) => {
                assert_eq!(run.sent, 1);
                break;
            }
        }
    }
    assert_eq!(deaths, digests - 1);
    assert_each_digest_once(&open(&db), &server, None);
}

/// The daemon's job: [`remind`] for each firing, dying at `crash` on the first one.
struct RemindJob<'a> {
    workspace: &'a Workspace,
    db: &'a Path,
    server: &'a Server,
    crash: Crash,
}

impl JobRunner for RemindJob<'_> {
    fn run<'a>(&'a self, _job: &'a ScheduledJob, fired: DateTime<Utc>) -> BoxFuture<'a, Result<String, String>> {
        Box::pin(async move {
            let run = remind(self.workspace, self.db, self.server, fired, self.crash, Death::Panic).await;
            Ok(format!("{} queued, {} sent", run.queued, run.sent))
        })
    }
}

/// `fazhi serve` from `start` (tokio's clock paused) for an hour, in a process of its own; false
/// when it died.
fn daemon(workspace: &Workspace, db: &Path, server: &Server, start: DateTime<Utc>, crash: Crash) -> bool {
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let runtime =
                    tokio::runtime::Builder::new_current_thread().enable_all().start_paused(true).build().unwrap();
                runtime.block_on(async {
                    let scheduler = Scheduler {
                        jobs: vec![ScheduledJob::new("reminders", "0 0 9 * * *", "Reminders", true, 12).unwrap()],
                        zone: workspace.config.time_zone,
                        calendar: workspace.calendar.clone(),
                        clock: Arc::new(TokioClock::starting_at(start)),
                    };
                    let mut store = open(db);
                    let runner = RemindJob { workspace, db, server, crash };
                    let (stop, stopped) = watch::channel(false);
                    let driver = async move {
                        tokio::time::sleep(Duration::from_secs(3600)).await;
                        stop.send(true).unwrap();
                    };
                    let (result, ()) = tokio::join!(scheduler.run(&mut store, &runner, stopped), driver);
                    result.unwrap();
                });
            })
            .join()
            .is_ok()
    })
}

#[test]
fn a_daemon_killed_in_the_middle_of_a_run_catches_up_once_after_the_restart() {
    let workspace = example();
    let digests = digests_today(&workspace);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("state.db");
    let server = Server::new(dir.path().join("server"));
    // The daemon ran yesterday, so a missed firing is caught up after a restart.
    let yesterday = at(&workspace, 9, 0) - chrono::TimeDelta::days(1);
    open(&db)
        .record_job_run(&JobRun {
            job: "reminders".into(),
            scheduled_for: yesterday,
            started_at: yesterday,
            finished_at: yesterday,
            outcome: "ok".into(),
            detail: "yesterday".into(),
        })
        .unwrap();

    // Started at 08:59, it fires at 09:00 and dies at the third send.
    assert!(!daemon(&workspace, &db, &server, at(&workspace, 8, 59), Crash::BeforeAccepted(2)), "the daemon died");
    assert_eq!(server.accepted().len(), 2);
    assert_eq!(open(&db).job_runs(Some("reminders")).unwrap().len(), 1, "the killed run was not recorded");

    // Restarted at 09:30: the 09:00 firing is run again once, and sends the rest.
    assert!(daemon(&workspace, &db, &server, at(&workspace, 9, 30), Crash::Never));
    let store = open(&db);
    let runs = store.job_runs(Some("reminders")).unwrap();
    assert_eq!(runs.len(), 2, "{runs:?}");
    assert_eq!(runs[1].scheduled_for, at(&workspace, 9, 0));
    assert_eq!(runs[1].outcome, "ok");
    assert_eq!(runs[1].detail, format!("catch-up: 0 queued, {} sent", digests - 2));
    assert_each_digest_once(&store, &server, None);
}

/// Where the child process of the next test finds its store and server.
const CHILD: &str = "FAZHI_RESTART_TEST_CHILD";

#[test]
fn a_killed_process_duplicates_at_most_the_message_in_the_window() {
    let workspace = example();
    let digests = digests_today(&workspace);
    for (crash, arg) in [(Crash::BeforeAccepted(1), "before 1"), (Crash::AfterAccepted(1), "after 1")] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("state.db");
        let server = Server::new(dir.path().join("server"));
        // A real process, aborted on the spot: no destructor, no rollback, no close.
        let child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "aborting_child_process", "--ignored", "--nocapture", "--test-threads=1"])
            .env(CHILD, format!("{}|{}|{arg}", db.display(), server.folder.display()))
            .output()
            .unwrap();
        assert!(!child.status.success(), "{crash:?}: the child aborted: {child:?}");
        let order: Vec<i64> = open(&db).mail(false).unwrap().iter().map(|r| r.id).collect();
        assert_eq!(order.len(), digests);
        let window = match crash {
            Crash::AfterAccepted(n) => Some(order[n]),
            _ => None,
        };
        let run = process(&workspace, &db, &server, at(&workspace, 9, 5), Crash::Never).unwrap();
        assert_eq!(run.queued, 0);
        assert_each_digest_once(&open(&db), &server, window);
    }
}

/// The child process of [`a_killed_process_duplicates_at_most_the_message_in_the_window`]: a run
/// at 09:00 that aborts at the send its parent names. Does nothing when run on its own.
#[test]
#[ignore = "a child process of a_killed_process_duplicates_at_most_the_message_in_the_window"]
fn aborting_child_process() {
    let Ok(spec) = std::env::var(CHILD) else { return };
    let parts: Vec<&str> = spec.split('|').collect();
    let (db, folder, crash) = (Path::new(parts[0]), PathBuf::from(parts[1]), parts[2]);
    let crash = match crash.split_once(' ') {
        Some(("before", n)) => Crash::BeforeAccepted(n.parse().unwrap()),
        Some(("after", n)) => Crash::AfterAccepted(n.parse().unwrap()),
        _ => panic!("unknown crash {crash}"),
    };
    let workspace = example();
    let server = Server::new(folder);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(remind(&workspace, db, &server, at(&workspace, 9, 0), crash, Death::Abort));
    unreachable!("the child aborts before its run completes");
}
