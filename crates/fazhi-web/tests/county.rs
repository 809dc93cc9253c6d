//! A county's server ([`fazhi_web::CountySite`]): three towns and the county office on one
//! server, each town's data kept apart — a town's people read and change only their own town,
//! whatever cookie or address they try — and the county office's people reading every town
//! (the overview, the figures, each town's pages) and changing none. On PostgreSQL too when
//! `FAZHI_TEST_DATABASE_URL` is set (every town in a schema of its own on one database).

mod support;

use axum::http::StatusCode;
use fazhi_app::Access;
use support::client::{encode, Client, Reply};
use support::county::{password_in, CountyFixture};

fn client(fixture: &CountyFixture) -> Client {
    Client::on(fazhi_web::county_router(fixture.site.clone()), "192.0.2.1")
}

/// A browser signed in as `person` to the pages under `base`, with `folder`'s password.
async fn signed_in(fixture: &CountyFixture, base: &str, folder: &str, person: &str) -> Client {
    let mut browser = client(fixture);
    let reply = browser.sign_in_under(base, person, &password_in(folder, person)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{person} signs in to {base}: {}", reply.body);
    assert_eq!(reply.location(), format!("{base}/"));
    browser
}

fn task_path(base: &str, id: &str) -> String {
    format!("{base}/tasks/{}", encode(id).replace("%40", "@"))
}

fn assert_to_login(reply: &Reply, base: &str, what: &str) {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{what}: {}", reply.body);
    assert!(reply.location().starts_with(&format!("{base}/login")), "{what} → {}", reply.location());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_towns_people_read_and_change_only_their_own_town() {
    let fixture = CountyFixture::new();
    let (wangtuan, longxi) = (fixture.folder("wangtuan"), fixture.folder("longxi"));
    let (here, there) = (format!("/towns/{wangtuan}"), format!("/towns/{longxi}"));
    let mut na = signed_in(&fixture, &here, &wangtuan, "na_li").await;
    let page = na.get(&format!("{here}/tasks")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!("href=\"{here}/tasks/")), "the town's links carry its address");
    assert!(page.body.contains(&format!("action=\"{here}/logout\"")));

    // The same person id in the next town is another account: not signed in there.
    for page in ["/", "/tasks", "/audit", "/ledger", "/report", "/flows"] {
        assert_to_login(&na.get(&format!("{there}{page}")).await, &there, &format!("GET {there}{page}"));
    }
    // Nor with the first town's token under the second town's cookie name, nor as the office.
    let token = na.cookies.values().next().cloned().expect("a session cookie");
    let mut forger = client(&fixture);
    for cookie in [format!("fazhi_session_town_{longxi}"), "fazhi_session_office".to_string(), "fazhi_session".into()] {
        forger.cookies.clear();
        forger.cookies.insert(cookie.clone(), token.clone());
        assert_to_login(&forger.get(&format!("{there}/tasks")).await, &there, &cookie);
    }
    // Her password of the first town does not open the second.
    let mut stranger = client(&fixture);
    let reply = stranger.sign_in_under(&there, "na_li", &password_in(&wangtuan, "na_li")).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);

    // A change posted to the second town with the first town's session changes nothing there.
    let foreign = fixture.open_tasks(&longxi).remove(0);
    let (before_there, before_here) = (fixture.audit_seq(&longxi), fixture.audit_seq(&wangtuan));
    let csrf = na.get(&format!("{here}/")).await.csrf();
    let reply = na.post_multipart(&format!("{}/done", task_path(&there, &foreign.id)), &[("csrf", &csrf)], None).await;
    assert_to_login(&reply, &there, "POST to the other town");
    assert_eq!(fixture.audit_seq(&longxi), before_there, "nothing written in the other town");

    // Her own town's same task is hers to change, and only her town's state moves.
    let own = fixture.open_tasks(&wangtuan).into_iter().find(|item| item.id == foreign.id).expect("the same task");
    let reply = na.post_multipart(&format!("{}/done", task_path(&here, &own.id)), &[("csrf", &csrf)], None).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert!(reply.location().starts_with(&task_path(&here, &own.id)), "{}", reply.location());
    assert!(fixture.audit_seq(&wangtuan) > before_here);
    assert_eq!(fixture.audit_seq(&longxi), before_there);
    assert!(!fixture.open_tasks(&longxi).iter().all(|item| item.id != foreign.id), "still open there");

    // After signing in, never on to another town's pages; the county's pages are not hers.
    let elsewhere = na.get(&format!("{here}/login?next={}", encode(&format!("{there}/tasks")))).await;
    assert_eq!(elsewhere.location(), format!("{here}/"));
    let start = na.get("/").await;
    assert!(start.body.contains("县级机关登录"), "the first page, not the overview");
    assert_to_login(&na.get("/figures").await, "/office", "the county's figures");
    // Signing out of her town ends that session only.
    let reply = na.post_form(&format!("{here}/logout"), &[("csrf", &csrf)]).await;
    assert_eq!(reply.location(), format!("{here}/login"));
    assert_to_login(&na.get(&format!("{here}/tasks")).await, &here, "signed out");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_county_office_reads_every_town_and_changes_none() {
    let fixture = CountyFixture::new();
    let office = fixture.folder("xianban");
    let mut official = signed_in(&fixture, "/office", &office, "na_li").await;
    let overview = official.get("/").await;
    assert_eq!(overview.status, StatusCode::OK, "{}", overview.body);
    for (name, folder) in support::county::TOWNS {
        assert!(overview.body.contains(name), "{name} on the overview");
        assert!(overview.body.contains(&format!("href=\"/towns/{}/\"", fixture.folder(folder))));
    }
    assert!(overview.body.contains("红灯"), "the example's towns have overdue tasks");
    assert!(overview.body.contains("未启动"), "no annual-report workflow started");

    let longxi = fixture.folder("longxi");
    let there = format!("/towns/{longxi}");
    for page in ["/", "/tasks", "/tasks?status=overdue", "/audit", "/ledger", "/report", "/flows"] {
        let reply = official.get(&format!("{there}{page}")).await;
        assert_eq!(reply.status, StatusCode::OK, "GET {there}{page}: {}", reply.body);
        assert!(reply.body.contains("县级督查"), "{page}: the county's role");
        assert!(reply.body.contains("action=\"/office/logout\""), "{page}: signs out of the office");
    }
    // Reading is all: a change is refused and nothing is written.
    let task = fixture.open_tasks(&longxi).remove(0);
    let before = fixture.audit_seq(&longxi);
    let csrf = official.get(&format!("{there}/")).await.csrf();
    let path = format!("{}/done", task_path(&there, &task.id));
    let reply = official.post_multipart(&path, &[("csrf", &csrf)], None).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    let task_page = official.get(&task_path(&there, &task.id)).await;
    assert!(!task_page.body.contains("/done\""), "no buttons for the county");
    assert_eq!(fixture.audit_seq(&longxi), before);

    // The figures side by side, and as a workbook.
    let figures = official.get("/figures?year=2024").await;
    assert_eq!(figures.status, StatusCode::OK, "{}", figures.body);
    assert!(figures.body.contains("全县合计") && figures.body.contains("王团镇"));
    let xlsx = official.get("/figures/2024.xlsx").await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert_eq!(
        xlsx.headers.get("content-type").unwrap(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    // The office's people sign in there only; their session does not let them in as a town's.
    let mut town_clerk = client(&fixture);
    let reply = town_clerk.sign_in_under(&there, "na_li", &password_in(&office, "na_li")).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    // Signed out of the office, the towns are closed to them again.
    let reply = official.post_form("/office/logout", &[("csrf", &csrf)]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_to_login(&official.get(&format!("{there}/tasks")).await, &there, "signed out");
    let _ = fixture.open(&office, Access::Read);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_is_shown_the_towns_and_sent_to_sign_in() {
    let fixture = CountyFixture::new();
    let mut visitor = client(&fixture);
    let start = visitor.get("/").await;
    assert_eq!(start.status, StatusCode::OK);
    assert!(start.body.contains("怀远县") && start.body.contains("龙溪镇"));
    let there = format!("/towns/{}", fixture.folder("longxi"));
    assert_to_login(&visitor.get(&format!("{there}/")).await, &there, "a town's 工作台");
    assert_to_login(&visitor.get(&format!("{there}/tasks?status=overdue")).await, &there, "a town's tasks");
    let login = visitor.get(&format!("{there}/login")).await;
    assert!(login.body.contains(&format!("action=\"{there}/login\"")));
    assert!(login.headers.get_all("set-cookie").iter().any(|v| {
        let v = v.to_str().unwrap();
        v.contains(&format!("Path={there};")) && v.starts_with("fazhi_login_csrf_town_")
    }));
    assert_to_login(&visitor.get("/figures").await, "/office", "the figures");
    assert_eq!(visitor.get("/towns/nowhere/tasks").await.status, StatusCode::NOT_FOUND);
    assert_eq!(visitor.get("/towns/../county.ron").await.status, StatusCode::NOT_FOUND);
}
