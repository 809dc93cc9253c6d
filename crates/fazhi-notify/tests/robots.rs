//! Reminders posted by 钉钉, 企业微信 and 飞书 group robots to real HTTP servers on loopback that
//! check the signature the way each platform documents it and answer with its bodies: queued
//! once, retried after "too fast" and while the server is down, given up on a wrong secret and
//! resent once corrected; nothing lost, nothing doubled.

mod support;

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use fazhi_core::{ChannelKind, Item, RobotConfig, RobotPlatform, Workspace};
use fazhi_notify::{
    deliver, plan, queue_digests, Channel, Channels, MemoryMailer, RetryPolicy, RobotChannel, StockPolicy,
};
use fazhi_store::prelude::*;
use fazhi_store::{MailStatus, OpenOptions, Store};
use support::robot_server::{RobotServer, Script};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 25).unwrap()
}

fn at(workspace: &Workspace, day: NaiveDate) -> DateTime<Utc> {
    workspace.config.time_zone.from_local_datetime(&day.and_hms_opt(9, 0, 0).unwrap()).unwrap().to_utc()
}

/// The example, the people of 司法所 reminded by mail and by `robot`, its leader by robot only,
/// everyone else by mail.
fn example(robot: RobotConfig) -> Workspace {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/wangtuan-2024");
    let mut workspace = Workspace::load(&root).expect("the example loads");
    workspace.config.channels.insert("sifasuo".to_string(), vec![ChannelKind::Email, ChannelKind::Robot]);
    let leader = workspace.org.unit("sifasuo").and_then(|unit| unit.leader.clone()).expect("司法所 has a leader");
    workspace.config.channels.insert(leader.clone(), vec![ChannelKind::Robot]);
    for person in workspace.org.people.iter_mut().filter(|person| person.id == leader) {
        person.mobile = Some("13800001111".to_string());
    }
    workspace.config.robots = vec![robot];
    workspace
}

fn robot_config(server: &RobotServer) -> RobotConfig {
    RobotConfig {
        name: "town".to_string(),
        platform: server.platform,
        url: server.url(),
        units: Vec::new(),
        token_file: None,
        secret_file: None,
        per_minute: server.platform.per_minute(),
    }
}

fn channel(server: &RobotServer, secret: Option<&str>) -> Channels {
    let robot = RobotChannel::new(
        "town",
        server.platform,
        &server.url(),
        server.token.clone(),
        secret.map(str::to_string),
        server.platform.per_minute(),
        Duration::from_secs(10),
    );
    Channels::new(Box::new(MemoryMailer::new()), vec![robot])
}

fn items(workspace: &Workspace, store: &Store) -> Vec<Item> {
    workspace.items(&store.task_states(workspace).unwrap()).unwrap()
}

/// Queues the day's reminders; returns the new robot messages' ids.
fn queue(workspace: &Workspace, store: &mut Store, day: NaiveDate) -> Vec<i64> {
    let items = items(workspace, store);
    let planned = plan(&items, &workspace.org, &workspace.calendar, day, &StockPolicy::default()).unwrap();
    let report = queue_digests(workspace, store, &planned, day, at(workspace, day), None).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let robot: Vec<i64> = store.mail(false).unwrap().iter().filter(|m| m.channel == "robot").map(|m| m.id).collect();
    report.queued.into_iter().filter(|id| robot.contains(id)).collect()
}

fn store(dir: &tempfile::TempDir) -> Store {
    Store::open(&dir.path().join("state.db"), &OpenOptions::default()).unwrap()
}

/// The text of an accepted message.
fn text_of(platform: RobotPlatform, body: &serde_json::Value) -> String {
    let text = match platform {
        RobotPlatform::DingTalk => &body["markdown"]["text"],
        RobotPlatform::WeCom => &body["markdown"]["content"],
        RobotPlatform::Feishu => &body["content"]["text"],
    };
    text.as_str().unwrap().to_string()
}

async fn a_town_gets_its_reminders_from_its_robot_once(platform: RobotPlatform, secret: Option<&str>) {
    let mut server = RobotServer::start(platform, "tok-123+/=", secret);
    let workspace = example(robot_config(&server));
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(&dir);
    let channels = channel(&server, secret);
    let retry = RetryPolicy { first: Duration::from_secs(60), longest: Duration::from_secs(600), attempts: 5 };

    // Day 1: the first post is answered "too fast": retried after the backoff, then accepted.
    let first = queue(&workspace, &mut store, today());
    assert!(!first.is_empty());
    assert!(queue(&workspace, &mut store, today()).is_empty(), "a second run queues nothing");
    server.script.lock().unwrap().push_back(Script::TooFast);
    let t0 = workspace.local(at(&workspace, today()));
    let report = deliver(&mut store, &channels, t0, &retry, false).await.unwrap();
    assert_eq!(report.failed.len(), 1, "{report:?}");
    assert!(report.failed[0].1.contains(&platform.title().to_string()), "{}", report.failed[0].1);
    let retried = deliver(&mut store, &channels, t0 + TimeDelta::seconds(60), &retry, false).await.unwrap();
    assert_eq!(retried.sent.len(), 1, "{retried:?}");
    let unsent_robot = |store: &Store| store.mail(true).unwrap().into_iter().filter(|m| m.channel == "robot").count();
    assert_eq!(unsent_robot(&store), 0);

    // Day 2: the server is down, then comes back.
    let day2 = NaiveDate::from_ymd_opt(2025, 3, 26).unwrap();
    let second = queue(&workspace, &mut store, day2);
    assert!(!second.is_empty());
    server.stop();
    let t1 = workspace.local(at(&workspace, day2));
    let down = deliver(&mut store, &channels, t1, &retry, false).await.unwrap();
    assert!(down.sent.iter().all(|id| !second.contains(id)), "{down:?}");
    assert_eq!(unsent_robot(&store), second.len());
    let failed = store.mail(true).unwrap().into_iter().find(|m| m.channel == "robot").unwrap();
    assert_eq!(failed.status, MailStatus::Failed);
    assert!(!failed.last_error.as_deref().unwrap().contains("tok-123"), "the token is not shown");
    server.restart();
    deliver(&mut store, &channels, t1 + TimeDelta::seconds(60), &retry, false).await.unwrap();
    assert_eq!(unsent_robot(&store), 0);

    // Everything queued arrived once: one accepted post per robot message.
    let record = server.record.lock().unwrap();
    assert_eq!(record.accepted.len(), first.len() + second.len(), "{:?}", record.refused);
    let mut texts: Vec<String> = record.accepted.iter().map(|body| text_of(platform, body)).collect();
    assert!(texts[0].contains("王团镇") && texts[0].contains("法治工作提醒"), "{}", texts[0]);
    texts.sort();
    texts.dedup();
    assert_eq!(texts.len(), record.accepted.len(), "a message arrived twice");
    if platform == RobotPlatform::DingTalk {
        // The leader is @-ed by mobile, in the text too (钉钉 needs both).
        assert!(record.accepted.iter().any(|body| body["at"]["atMobiles"][0] == "13800001111"));
        assert!(texts.iter().any(|text| text.contains("@13800001111")));
    }
}

#[tokio::test]
async fn dingtalk_robot_with_a_signing_secret() {
    a_town_gets_its_reminders_from_its_robot_once(RobotPlatform::DingTalk, Some("SEC0123456789abcdef")).await;
}

#[tokio::test]
async fn wecom_robot() {
    a_town_gets_its_reminders_from_its_robot_once(RobotPlatform::WeCom, None).await;
}

#[tokio::test]
async fn feishu_bot_with_a_signing_secret() {
    a_town_gets_its_reminders_from_its_robot_once(RobotPlatform::Feishu, Some("feishu-secret")).await;
}

#[tokio::test]
async fn a_wrong_secret_is_given_up_and_the_message_resent_once_corrected() {
    for platform in [RobotPlatform::DingTalk, RobotPlatform::Feishu] {
        let server = RobotServer::start(platform, "tok", Some("right"));
        let workspace = example(robot_config(&server));
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(&dir);
        let queued = queue(&workspace, &mut store, today());
        let t0 = workspace.local(at(&workspace, today()));
        let wrong = channel(&server, Some("wrong"));
        let report = deliver(&mut store, &wrong, t0, &RetryPolicy::default(), false).await.unwrap();
        assert_eq!(report.abandoned.len(), queued.len(), "{report:?}");
        let expected =
            if platform == RobotPlatform::DingTalk { "310000: sign not match" } else { "19021: sign match fail" };
        assert!(report.abandoned[0].1.contains(expected), "{}", report.abandoned[0].1);
        // Abandoned: not tried again by itself, even with every retry time passed.
        let later = deliver(&mut store, &wrong, t0 + TimeDelta::days(1), &RetryPolicy::default(), true).await.unwrap();
        assert!(later.sent.is_empty() && later.abandoned.is_empty());
        // The secret corrected, `outbox --retry --abandoned` sends it.
        assert_eq!(store.revive_abandoned(t0).unwrap(), queued.len());
        let right = channel(&server, Some("right"));
        let resent = deliver(&mut store, &right, t0, &RetryPolicy::default(), true).await.unwrap();
        assert_eq!(resent.sent.len(), queued.len(), "{resent:?}");
        assert_eq!(server.record.lock().unwrap().accepted.len(), queued.len());
        assert_eq!(right.describe_target(), format!("memory and the {} robot town", platform.title()));
    }
}

#[tokio::test]
async fn a_digest_too_long_for_wecom_is_split_never_cut() {
    let server = RobotServer::start(RobotPlatform::WeCom, "key", None);
    let mut workspace = example(robot_config(&server));
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(&dir);
    // Sixty overdue items: far more than 4096 bytes of markdown.
    let base = items(&workspace, &store);
    let mut many: Vec<Item> = Vec::new();
    for n in 0..60 {
        let mut item = base[n % base.len()].clone();
        item.id = format!("{}-{n}", item.id);
        item.deadline = Some(NaiveDate::from_ymd_opt(2025, 3, 10).unwrap());
        item.status = fazhi_core::Status::Todo;
        many.push(item);
    }
    let owner = many[0].owner.clone();
    for item in &mut many {
        item.owner = owner.clone();
    }
    workspace.config.channels.clear();
    workspace.config.channels.insert(owner.clone(), vec![ChannelKind::Robot]);
    let planned = plan(&many, &workspace.org, &workspace.calendar, today(), &StockPolicy::default()).unwrap();
    let report = queue_digests(&workspace, &mut store, &planned, today(), at(&workspace, today()), None).unwrap();
    let messages = store.mail(true).unwrap();
    let robot: Vec<_> = messages.iter().filter(|m| m.channel == "robot").collect();
    assert!(robot.len() > 1, "{} robot message(s)", robot.len());
    assert_eq!(report.queued.len(), messages.len());
    let channels = channel(&server, None);
    let local = workspace.local(at(&workspace, today()));
    let sent = deliver(&mut store, &channels, local, &RetryPolicy::default(), false).await.unwrap();
    assert_eq!(sent.sent.len(), messages.len(), "{sent:?}");
    let record = server.record.lock().unwrap();
    assert!(record.refused.is_empty(), "{:?}", record.refused);
    let texts: Vec<String> = record.accepted.iter().map(|body| text_of(RobotPlatform::WeCom, body)).collect();
    let n = texts.len();
    for (i, text) in texts.iter().enumerate() {
        assert!(text.len() <= 4096);
        assert!(text.contains(&format!("（第 {}/{n} 条）", i + 1)), "{text}");
    }
    // Every item of the unit's digest is in exactly one part.
    let whole = texts.concat();
    for notice in planned.notices.iter().filter(|n| n.recipient == owner) {
        assert_eq!(whole.matches(&format!("（{}）", notice.item.id)).count(), 1, "{}", notice.item.id);
    }
}
