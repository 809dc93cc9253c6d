//! The store's traits on each backend (SQLite, and PostgreSQL when a server is named: see
//! `backend/mod.rs`): status changes and the audit log, workflow instances, the mail queue, job
//! runs, accounts and evidence answer the same on both.

mod backend;

use backend::on_each_backend;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use fazhi_core::{Action, Status};
use fazhi_store::{
    AuditAnchor, Change, JobRun, MailCandidate, MailNotice, MailStatus, NewInstance, NewMail, StoreError, WebSession,
};

fn at(day: u32, hour: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2025, 3, day).unwrap().and_hms_opt(hour, 0, 0).unwrap()
}

fn change(item: &str, action: Action, day: u32, source: Option<&str>) -> Change {
    Change {
        item: item.to_string(),
        action,
        by: "ma_jun".to_string(),
        at: at(day, 9),
        note: Some("依法办理".to_string()),
        evidence: None,
        source: source.map(str::to_string),
    }
}

#[test]
fn status_changes_states_and_the_audit_log() {
    on_each_backend(|store, _| {
        assert_eq!(store.audit_head().unwrap().seq, 0);
        assert_eq!(store.record_change(&change("a", Action::Start, 1, None)).unwrap(), Some(1));
        assert_eq!(store.record_change(&change("a", Action::Done, 2, Some("h#1"))).unwrap(), Some(2));
        assert_eq!(store.record_change(&change("a", Action::Done, 2, Some("h#1"))).unwrap(), None, "source seen");
        let refused = store.record_change(&change("a", Action::Done, 3, None)).unwrap_err();
        assert!(matches!(refused, StoreError::IllegalTransition { from: Status::Done, .. }), "{refused}");
        let state = store.state("a").unwrap();
        assert_eq!(state.status, Status::Done);
        assert_eq!(state.completed_at, Some(at(2, 9)));
        assert_eq!(store.state("never").unwrap().status, Status::Todo);
        let changes = store.changes("a").unwrap();
        assert_eq!(changes.len(), 2);
        assert_eq!((changes[1].from, changes[1].to), (Status::Doing, Status::Done));
        assert_eq!(changes[1].change.source.as_deref(), Some("h#1"));
        assert!(changes[1].recorded_at.is_some());

        // A journal: applied whole, once; its sources already recorded are left out.
        let journal = [change("b", Action::Cancel, 4, Some("j#1")), change("a", Action::Reopen, 4, Some("h#1"))];
        assert!(!store.journal_applied("fp1").unwrap());
        assert_eq!(store.apply_journal(&journal, "fp1").unwrap(), 1);
        assert!(store.journal_applied("fp1").unwrap());
        assert_eq!(store.apply_journal(&journal, "fp1").unwrap(), 0);
        let bad = [change("c", Action::Start, 5, Some("j#2")), change("c", Action::Start, 5, Some("j#3"))];
        let (index, _) = store.apply_journal(&bad, "fp2").unwrap_err();
        assert_eq!(index, 1, "the change refused is named");
        assert_eq!(store.state("c").unwrap().status, Status::Todo, "nothing of a refused journal is written");

        let states = store.states().unwrap();
        assert_eq!(states.len(), 2);
        assert_eq!(states["b"].status, Status::Cancelled);
        let log = store.audit_log().unwrap();
        let actions: Vec<&str> = log.iter().map(|entry| entry.action.as_str()).collect();
        assert_eq!(actions, ["task.start", "task.done", "task.cancel"]);
        assert!(store.verify_audit().unwrap().is_empty());
        assert!(store.verify_state().unwrap().is_empty(), "{:?}", store.verify_state().unwrap());
        let head = store.audit_head().unwrap();
        assert_eq!((head.seq, head.hash.as_str()), (3, log[2].hash.as_str()));
        let anchor = AuditAnchor { seq: 2, hash: log[1].hash.clone() };
        assert_eq!(store.verify_audit_extends(&anchor).unwrap(), None);
        let beyond = AuditAnchor { seq: 9, hash: log[1].hash.clone() };
        assert!(store.verify_audit_extends(&beyond).unwrap().is_some());
    });
}

#[test]
fn workflow_instances_and_their_dossiers() {
    on_each_backend(|store, _| {
        let new = NewInstance {
            id: "jc-1".to_string(),
            workflow: "major_decision".to_string(),
            started: NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
            data_name: "decisions/a.ron".to_string(),
            data: "(kind: \"major_decision\")".to_string(),
            by: "zhang_san".to_string(),
            at: at(1, 9),
        };
        assert_eq!(store.create_instance(&new).unwrap(), Some(1));
        assert_eq!(store.create_instance(&new).unwrap(), None, "the id is taken");
        assert_eq!(store.update_instance_data("jc-1", "b.ron", "(x: 1)", "li_si", at(2, 9)).unwrap(), Some(2));
        assert_eq!(store.update_instance_data("nope", "b.ron", "()", "li_si", at(2, 9)).unwrap(), None);
        store.record_change(&change("jc-1/qidong", Action::Done, 3, None)).unwrap();
        store.record_change(&change("jc-10/qidong", Action::Done, 3, None)).unwrap();
        let record = store.instance("jc-1").unwrap().unwrap();
        assert_eq!((record.data.as_str(), record.data_versions), ("(x: 1)", 2));
        assert_eq!(record.started, new.started);
        assert_eq!(store.instances().unwrap().len(), 1);
        let states = store.instance_states("jc-1").unwrap();
        assert_eq!(states.keys().collect::<Vec<_>>(), ["jc-1/qidong"]);
        assert!(store.verify_audit().unwrap().is_empty());
    });
}

fn candidate(keys: &[&str]) -> MailCandidate {
    MailCandidate {
        recipient: "ma_jun".to_string(),
        day: NaiveDate::from_ymd_opt(2025, 3, 25).unwrap(),
        notices: keys
            .iter()
            .map(|key| MailNotice { key: key.to_string(), item: "x".to_string(), kind: "overdue".to_string() })
            .collect(),
    }
}

fn mail() -> NewMail {
    NewMail {
        channel: "email".to_string(),
        sender: "fazhi@example.org".to_string(),
        address: "majun@example.org".to_string(),
        subject: "提醒".to_string(),
        raw: b"Subject: x\r\n\r\nbody\r\n".to_vec(),
    }
}

#[test]
fn the_mail_queue_sends_each_notice_once() {
    on_each_backend(|store, _| {
        let mut composed = Vec::new();
        let ids = store
            .queue_mail(at(25, 8), &[candidate(&["k1", "k2"])], &mut |index, fresh| {
                composed.push((index, fresh.to_vec()));
                vec![mail()]
            })
            .unwrap();
        assert_eq!(ids.len(), 1);
        let again = store.queue_mail(at(25, 9), &[candidate(&["k1", "k3"])], &mut |_, fresh| {
            assert_eq!(fresh, [false, true]);
            vec![mail()]
        });
        assert_eq!(again.unwrap().len(), 1);
        assert!(store.queue_mail(at(25, 9), &[candidate(&["k1"])], &mut |_, _| vec![mail()]).unwrap().is_empty());
        assert!(store.notice_recorded("k3").unwrap());
        assert!(!store.notice_recorded("k4").unwrap());

        let due = store.due_mail(at(25, 10)).unwrap();
        assert_eq!(due.len(), 2);
        assert_eq!(due[0].notices, ["k1", "k2"]);
        assert_eq!(due[0].raw, mail().raw);
        store.mail_sent(due[0].id, at(25, 10)).unwrap();
        store.mail_failed(due[1].id, "550 no such user", None).unwrap();
        assert!(store.due_mail(at(25, 11)).unwrap().is_empty());
        assert_eq!(store.mail(true).unwrap().len(), 1);
        assert_eq!(store.mail(false).unwrap().len(), 2);
        assert_eq!(store.mail(true).unwrap()[0].status, MailStatus::Abandoned);
        assert_eq!(store.revive_abandoned(at(25, 12)).unwrap(), 1);
        let revived = store.due_mail(at(25, 12)).unwrap();
        assert_eq!((revived.len(), revived[0].attempts), (1, 1));
        store.mail_written(revived[0].id, at(25, 12)).unwrap();
        assert_eq!(store.mail(true).unwrap()[0].status, MailStatus::Written);

        // Claims: the due messages one by one, then none.
        let ids = store.queue_mail(at(26, 8), &[candidate(&["k5"]), candidate(&["k6"])], &mut |_, _| vec![mail()]);
        let ids = ids.unwrap();
        let mut claimed = Vec::new();
        let mut after = 0;
        while let fazhi_store::MailClaim::Message(message) = store.claim_due_mail(at(26, 9), after).unwrap() {
            after = message.id;
            claimed.push(message.id);
            store.mail_sent(message.id, at(26, 9)).unwrap();
        }
        assert_eq!(claimed, ids);
        assert!(store.due_mail(at(26, 9)).unwrap().is_empty());

        let turn = store.try_mail_turn().unwrap();
        assert!(turn.is_some());
        assert!(store.try_mail_turn().unwrap().is_none(), "one turn at a time");
        drop(turn);
        assert!(store.try_mail_turn().unwrap().is_some(), "a turn given up can be taken");
    });
}

fn utc(day: u32, hour: u32) -> DateTime<Utc> {
    at(day, hour).and_utc()
}

#[test]
fn job_runs_and_accounts() {
    on_each_backend(|store, _| {
        assert_eq!(store.last_job_run("remind").unwrap(), None);
        for (job, day) in [("remind", 1), ("remind", 2), ("report", 2)] {
            let run = JobRun {
                job: job.to_string(),
                scheduled_for: utc(day, 8),
                started_at: utc(day, 8),
                finished_at: utc(day, 8) + Duration::seconds(3),
                outcome: "ok".to_string(),
                detail: "2 条提醒".to_string(),
            };
            store.record_job_run(&run).unwrap();
        }
        assert_eq!(store.last_job_run("remind").unwrap(), Some(utc(2, 8)));
        assert_eq!(store.job_runs(None).unwrap().len(), 3);
        assert_eq!(store.job_runs(Some("report")).unwrap().len(), 1);

        assert!(store.account("jin_tao").unwrap().is_none());
        assert!(store.record_failed_login("jin_tao", utc(3, 9), 3, Duration::minutes(15)).unwrap().is_none());
        store.set_password("jin_tao", "$argon2id$x", "admin", at(3, 9)).unwrap();
        for _ in 0..3 {
            store.record_failed_login("jin_tao", utc(3, 9), 3, Duration::minutes(15)).unwrap();
        }
        let locked = store.account("jin_tao").unwrap().unwrap();
        assert_eq!((locked.failed_logins, locked.locked_until), (3, Some(utc(3, 9) + Duration::minutes(15))));
        let session = WebSession {
            token_hash: "t1".to_string(),
            person: "jin_tao".to_string(),
            csrf_token: "c1".to_string(),
            created_at: utc(3, 10),
            expires_at: utc(3, 18),
        };
        store.open_web_session(&session).unwrap();
        assert_eq!(store.account("jin_tao").unwrap().unwrap().failed_logins, 0);
        assert_eq!(store.web_session("t1", utc(3, 11)).unwrap(), Some(session.clone()));
        assert_eq!(store.web_session("t1", utc(3, 19)).unwrap(), None, "expired");
        assert_eq!(store.close_expired_web_sessions(utc(3, 19)).unwrap(), 1);
        store.open_web_session(&session).unwrap();
        store.close_web_session("t1").unwrap();
        assert_eq!(store.web_session("t1", utc(3, 11)).unwrap(), None);
        assert_eq!(store.audit_log().unwrap()[0].action, "account.password");
    });
}

#[test]
fn evidence_is_kept_by_content() {
    on_each_backend(|store, dir| {
        let file = dir.join("通知.pdf");
        std::fs::write(&file, b"%PDF-1.7 evidence").unwrap();
        let kept = store.keep_evidence(&file).unwrap();
        assert_eq!(kept.file_name, "通知.pdf");
        assert_eq!(kept.media_type.as_deref(), Some("application/pdf"));
        assert!(store.keep_evidence(&dir.join("missing.pdf")).is_err());
    });
}
