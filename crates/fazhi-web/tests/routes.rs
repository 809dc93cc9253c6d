//! The routes through the router itself (tower's `oneshot`): who is let in, who may change
//! what, forms without their token, locked accounts, escaping, and uploads.

mod support;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use fazhi_app::{Access, Session, SessionOptions, TaskChange};
use fazhi_core::{Action, Item, Status};
use support::client::{encode, Client};
use support::{password, Site};

fn task_path(id: &str) -> String {
    format!("/tasks/{}", encode(id).replace("%40", "@"))
}

/// The open checklist tasks of the site.
fn open_tasks(site: &Site) -> Vec<Item> {
    let options = SessionOptions { access: Access::Read, ..SessionOptions::default() };
    let session = Session::open(site.root(), &options).unwrap();
    session.duty_items().unwrap().into_iter().filter(|item| item.status == Status::Todo).collect()
}

fn status_of(site: &Site, id: &str) -> Status {
    let options = SessionOptions { access: Access::Read, ..SessionOptions::default() };
    let session = Session::open(site.root(), &options).unwrap();
    session.store().state(id).unwrap().status
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_out_visitor_is_sent_to_sign_in_from_every_page() {
    let site = Site::new("");
    let task = open_tasks(&site).remove(0);
    let mut client = Client::new(&site);
    let path = task_path(&task.id);
    let evidence = format!("{path}/evidence/{}", "0".repeat(64));
    for page in ["/", "/tasks", "/tasks?status=overdue", path.as_str(), evidence.as_str(), "/audit"] {
        let reply = client.get(page).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "GET {page}");
        assert!(reply.location().starts_with("/login?next=%2F"), "GET {page} → {}", reply.location());
    }
    for action in ["start", "done", "cancel", "reopen"] {
        let reply = client.post_multipart(&format!("{path}/{action}"), &[("note", "x")], None).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "POST {action}");
        assert!(reply.location().starts_with("/login"), "POST {action}");
    }
    let reply = client.post_form("/logout", &[]).await;
    assert!(reply.location().starts_with("/login"));
    // htmx is told to load the sign-in page whole.
    let reply = client.send(Request::get("/tasks").header("hx-request", "true"), Body::empty()).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert!(reply.headers.get("hx-redirect").is_some());
    // A made-up session token is no session.
    client.cookies.insert("fazhi_session".into(), "ab".repeat(32));
    assert_eq!(client.get("/").await.status, StatusCode::SEE_OTHER);
    assert_eq!(status_of(&site, &task.id), Status::Todo, "nothing was changed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_has_the_security_headers_and_no_inline_script() {
    let site = Site::new("");
    let mut client = Client::new(&site);
    let login = client.get("/login").await;
    let mut signed_in = Client::sign_in(&site, "na_li").await;
    let dashboard = signed_in.get("/").await;
    let again = signed_in.get("/login?next=%2Ftasks").await;
    assert_eq!((again.status, again.location()), (StatusCode::SEE_OTHER, "/tasks"), "signed in already");
    let elsewhere = signed_in.get("/login?next=%2F%2Fevil.example").await;
    assert_eq!(elsewhere.location(), "/", "never to another site");
    let asset = signed_in.get("/assets/htmx.min.js").await;
    for reply in [&login, &dashboard, &asset] {
        let csp = reply.headers.get("content-security-policy").unwrap().to_str().unwrap();
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(reply.headers.get("x-frame-options").unwrap(), "DENY");
        assert_eq!(reply.headers.get("referrer-policy").unwrap(), "same-origin");
        assert_eq!(reply.headers.get("x-content-type-options").unwrap(), "nosniff");
    }
    for page in [&login, &dashboard] {
        assert_eq!(page.headers.get("cache-control").unwrap(), "no-store");
        for script in page.body.split("<script").skip(1) {
            assert!(script.trim_start().starts_with("src=\"/assets/"), "only scripts of the site: <script{script}");
        }
        assert!(!page.body.contains(" style=") && !page.body.contains("<style"), "no inline style");
        assert!(!page.body.contains("onclick=") && !page.body.contains("onload="), "no inline handlers");
    }
    assert!(asset.body.starts_with("var htmx=function()"), "htmx is served from the binary");
    let cookie = login.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "Secure only when configured");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_session_cookie_is_http_only_and_secure_when_configured() {
    let site = Site::new("secure_cookie: true");
    let mut client = Client::new(&site);
    let form = client.get("/login").await;
    let csrf = form.csrf();
    let reply =
        client.post_form("/login", &[("login", "na_li"), ("password", &password("na_li")), ("csrf", &csrf)]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let cookies: Vec<&str> = reply.headers.get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap()).collect();
    let session = cookies.iter().find(|c| c.starts_with("fazhi_session=")).unwrap();
    for part in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/", "Max-Age=28800"] {
        assert!(session.contains(part), "{session}");
    }
    // The token is not in the state: only its hash.
    let token = &session["fazhi_session=".len()..session.find(';').unwrap()];
    let db = std::fs::read(site.root().join(".fazhi/state.db")).unwrap();
    let wal = std::fs::read(site.root().join(".fazhi/state.db-wal")).unwrap_or_default();
    let contains = |hay: &[u8]| hay.windows(token.len()).any(|w| w == token.as_bytes());
    assert!(!contains(&db) && !contains(&wal), "the session token is not stored");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_owners_unit_leaders_and_admins_change_a_task_and_read_only_roles_nothing() {
    // 海燕 holds 宣传委员, made read-only here.
    let site = Site::new("read_only_roles: [\"宣传委员\"]");
    let tasks = open_tasks(&site);
    // 张鹏 of 综合执法办公室, neither its leader (金涛) nor an administrator.
    let foreign = tasks.iter().find(|t| t.owner != "zhang_peng" && t.unit != "zhifa_ban").unwrap();
    let mut zhang = Client::sign_in(&site, "zhang_peng").await;
    let csrf = zhang.csrf().await;
    let page = zhang.get(&task_path(&foreign.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("您可以查看此任务") && !page.body.contains("action-done"), "no buttons");
    let reply = zhang.post_multipart(&format!("{}/done", task_path(&foreign.id)), &[("csrf", &csrf)], None).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    assert_eq!(zhang.get("/audit").await.status, StatusCode::FORBIDDEN, "the audit log is for administrators");
    assert_eq!(status_of(&site, &foreign.id), Status::Todo);

    // The read-only role changes not even their own tasks.
    let own = tasks.iter().find(|t| t.owner == "hai_yan").expect("a task of 海燕");
    let mut hai = Client::sign_in(&site, "hai_yan").await;
    let csrf = hai.csrf().await;
    let reply = hai.post_multipart(&format!("{}/start", task_path(&own.id)), &[("csrf", &csrf)], None).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(hai.get("/").await.body.contains("（只读）"));

    // The leader of 综合执法办公室 changes the unit's tasks that others own.
    let unit_task = tasks.iter().find(|t| t.unit == "zhifa_ban" && t.owner != "jin_tao").expect("a task of the unit");
    let mut jin = Client::sign_in(&site, "jin_tao").await;
    let csrf = jin.csrf().await;
    let reply = jin.post_multipart(&format!("{}/start", task_path(&unit_task.id)), &[("csrf", &csrf)], None).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);

    // An administrator (党政办) changes any task, and is recorded as its actor.
    let mut na = Client::sign_in(&site, "na_li").await;
    let csrf = na.csrf().await;
    let reply = na.post_multipart(&format!("{}/done", task_path(&foreign.id)), &[("csrf", &csrf)], None).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(status_of(&site, &foreign.id), Status::Done);
    let session = Session::open(site.root(), &SessionOptions { access: Access::Read, ..Default::default() }).unwrap();
    let change = session.store().changes(&foreign.id).unwrap().pop().unwrap();
    assert_eq!(change.change.by, "na_li", "the signed-in person is the actor");
    let recorded = change.recorded_at.unwrap();
    assert!((chrono::Utc::now() - recorded).num_seconds().abs() < 60, "recorded at the server's clock");
    let local_now = session.workspace().local(chrono::Utc::now());
    assert!((local_now - change.change.at).num_seconds().abs() < 60, "effective at the server's clock too");
    assert_eq!(na.get("/audit").await.status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_without_its_token_is_refused() {
    let site = Site::new("");
    let task = open_tasks(&site).into_iter().find(|t| t.owner == "li_jing").expect("a task of 李静");
    let mut client = Client::sign_in(&site, "li_jing").await;
    let path = format!("{}/done", task_path(&task.id));
    let reply = client.post_multipart(&path, &[("note", "没有令牌")], None).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.body.contains("防伪令牌"));
    let reply = client.post_multipart(&path, &[("csrf", &"0".repeat(64))], None).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "another token");
    assert_eq!(status_of(&site, &task.id), Status::Todo, "nothing was changed");
    // Signing out needs it too, and so does signing in.
    assert_eq!(client.post_form("/logout", &[]).await.status, StatusCode::FORBIDDEN);
    let mut other = Client::new(&site);
    let reply = other.post_form("/login", &[("login", "li_jing"), ("password", &password("li_jing"))]).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    // With it, the change is made; signing out ends the session.
    let csrf = client.csrf().await;
    let reply = client.post_multipart(&path, &[("csrf", &csrf)], None).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(status_of(&site, &task.id), Status::Done);
    let token = client.cookies["fazhi_session"].clone();
    let reply = client.post_form("/logout", &[("csrf", &csrf)]).await;
    assert_eq!(reply.location(), "/login");
    client.cookies.insert("fazhi_session".into(), token);
    assert_eq!(client.get("/").await.status, StatusCode::SEE_OTHER, "the old cookie no longer works");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_wrong_passwords_lock_the_account_for_a_while() {
    let site = Site::new("");
    let mut client = Client::new(&site);
    for attempt in 1..=9 {
        let reply = client.sign_in_with("李静", "wrong password").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
        assert!(reply.body.contains("姓名（编号）或密码不正确"));
    }
    let reply = client.sign_in_with("li_jing", "wrong password").await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS, "the 10th locks it");
    assert!(reply.body.contains("账户已暂时锁定"));
    let reply = client.sign_in_with("li_jing", &password("li_jing")).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS, "even the right password while locked");
    assert!(!client.cookies.contains_key("fazhi_session"));
    // Someone else is not locked; an unknown name is refused as a wrong password is.
    assert_eq!(client.sign_in_with("na_li", &password("na_li")).await.status, StatusCode::SEE_OTHER);
    let mut stranger = Client::new(&site);
    let reply = stranger.sign_in_with("nobody", "whatever it is").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert!(reply.body.contains("姓名（编号）或密码不正确"));
    // The password never appears in a page.
    assert!(!reply.body.contains("whatever it is"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_failures_from_one_address_stop_its_sign_ins_whichever_account() {
    let site = Site::new("max_failed_logins_per_address: 4");
    let mut here = Client::from(&site, "192.0.2.10");
    // Three accounts guessed at (one that does not exist): each refused as a wrong password.
    for login in ["li_jing", "zhang_peng", "nobody"] {
        let reply = here.sign_in_with(login, "a wrong guess").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{login}");
    }
    let reply = here.sign_in_with("hai_yan", "a wrong guess").await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS, "the 4th from the address stops it");
    assert!(reply.body.contains("从本机登录失败的次数过多"), "{}", reply.body);
    // Then even a right password from there is refused, before it is checked.
    let reply = here.sign_in_with("jin_tao", &password("jin_tao")).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(!here.cookies.contains_key("fazhi_session"));
    // No account was locked: from another machine the same people sign in.
    let mut there = Client::from(&site, "192.0.2.11");
    assert_eq!(there.sign_in_with("jin_tao", &password("jin_tao")).await.status, StatusCode::SEE_OTHER);
    let mut there = Client::from(&site, "192.0.2.11");
    assert_eq!(there.sign_in_with("li_jing", &password("li_jing")).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_failures_count_by_the_address_it_forwards_for() {
    let site = Site::new("max_failed_logins_per_address: 2, trusted_proxies: [\"127.0.0.1\"]");
    let behind = |client: &str| {
        let mut proxied = Client::from(&site, "127.0.0.1");
        proxied.forwarded_for = Some(client.to_string());
        proxied
    };
    let mut guesser = behind("198.51.100.7");
    assert_eq!(guesser.sign_in_with("li_jing", "a wrong guess").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(guesser.sign_in_with("li_jing", "a wrong guess").await.status, StatusCode::TOO_MANY_REQUESTS);
    // Another client of the same proxy is not stopped, nor one that claims to be it from
    // elsewhere (a header from a machine that is not a trusted proxy is not believed).
    let mut clerk = behind("198.51.100.8");
    assert_eq!(clerk.sign_in_with("jin_tao", &password("jin_tao")).await.status, StatusCode::SEE_OTHER);
    let mut stranger = Client::from(&site, "203.0.113.5");
    stranger.forwarded_for = Some("198.51.100.7".to_string());
    assert_eq!(stranger.sign_in_with("na_li", &password("na_li")).await.status, StatusCode::SEE_OTHER);
    let mut guesser = behind("198.51.100.7");
    assert_eq!(guesser.sign_in_with("na_li", &password("na_li")).await.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn html_in_a_note_is_shown_as_text() {
    let site = Site::new("");
    let task = open_tasks(&site).into_iter().find(|t| t.owner == "li_jing").unwrap();
    let mut client = Client::sign_in(&site, "li_jing").await;
    let csrf = client.csrf().await;
    let note = "<script>alert('x')</script><img src=x onerror=alert(1)> & \"引号\"";
    let reply = client
        .post_multipart(&format!("{}/start", task_path(&task.id)), &[("csrf", &csrf), ("note", note)], None)
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let page = client.get(reply.location()).await;
    assert!(page.body.contains("已记录（审计日志第"), "the change is confirmed");
    assert!(!page.body.contains("<script>alert") && !page.body.contains("<img src=x"), "not as HTML");
    let shown = page.body.split("<td class=\"note\">").nth(1).unwrap_or_default().split("</td>").next().unwrap();
    assert!(shown.starts_with("&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62;&#60;img"), "escaped: {shown}");
    let mut admin = Client::sign_in(&site, "na_li").await;
    let audit = admin.get("/audit?q=%3Cscript").await;
    assert_eq!(audit.status, StatusCode::OK);
    assert!(!audit.body.contains("<script>alert"), "nor in the audit page");
    // A refused change shows the CLI's message: a task in progress cannot be reopened.
    let reply = client.post_multipart(&format!("{}/reopen", task_path(&task.id)), &[("csrf", &csrf)], None).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = format!("未能办理：cannot reopen task &#34;{}&#34;: it is still in progress", task.id);
    assert!(reply.body.contains(&message), "{}", reply.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_keeps_only_the_file_name_and_is_downloadable() {
    let site = Site::new("");
    let task = open_tasks(&site).into_iter().find(|t| t.owner == "li_jing").unwrap();
    let mut client = Client::sign_in(&site, "li_jing").await;
    let csrf = client.csrf().await;
    let content = b"signed attendance sheet";
    let reply = client
        .post_multipart(&format!("{}/done", task_path(&task.id)), &[("csrf", &csrf)], Some(("../../x", content)))
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let session = Session::open(site.root(), &SessionOptions { access: Access::Read, ..Default::default() }).unwrap();
    let evidence = session.store().changes(&task.id).unwrap().pop().unwrap().change.evidence.unwrap();
    assert_eq!(evidence.file_name, "x", "the folders of the name are dropped");
    assert_eq!(std::fs::read(session.store().evidence_folder().join(&evidence.sha256)).unwrap(), content);
    for outside in [site.root().join("x"), site.root().join(".fazhi/x"), site.root().join(".fazhi/evidence/x")] {
        assert!(!outside.exists(), "{} was not written", outside.display());
    }
    let kept: Vec<_> =
        std::fs::read_dir(session.store().evidence_folder()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(kept, [std::ffi::OsString::from(&evidence.sha256)], "only the copy named by its digest");
    let page = client.get(&task_path(&task.id)).await;
    let link = format!("{}/evidence/{}", task_path(&task.id), evidence.sha256);
    assert!(page.body.contains(&link));
    let download = client.get(&link).await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(download.body.as_bytes(), content);
    let disposition = download.headers.get(header::CONTENT_DISPOSITION).unwrap().to_str().unwrap();
    assert!(disposition.starts_with("attachment; filename=\"x\""), "{disposition}");
    // Only a file the task recorded, by its full digest.
    let other = format!("{}/evidence/{}", task_path(&task.id), "a".repeat(64));
    assert_eq!(client.get(&other).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        client.get(&format!("{}/evidence/..%2F..%2Fstate.db", task_path(&task.id))).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn evidence_with_a_chinese_name_downloads_under_it_with_its_type() {
    let site = Site::new("");
    let task = open_tasks(&site).into_iter().find(|t| t.owner == "li_jing").unwrap();
    let mut client = Client::sign_in(&site, "li_jing").await;
    let csrf = client.csrf().await;
    let content = b"%PDF-1.4\n% scanned\n";
    let reply = client
        .post_multipart(
            &format!("{}/done", task_path(&task.id)),
            &[("csrf", &csrf)],
            Some(("签到表 (扫描)@1.pdf", content)),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let page = client.get(&task_path(&task.id)).await;
    assert!(page.body.contains("download=\"签到表 (扫描)@1.pdf\">签到表 (扫描)@1.pdf</a>"), "{}", page.body);
    let session = Session::open(site.root(), &SessionOptions { access: Access::Read, ..Default::default() }).unwrap();
    let evidence = session.store().changes(&task.id).unwrap().pop().unwrap().change.evidence.unwrap();
    assert_eq!(evidence.media_type.as_deref(), Some("application/pdf"));
    let download = client.get(&format!("{}/evidence/{}", task_path(&task.id), evidence.sha256)).await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(download.headers[header::CONTENT_TYPE], "application/pdf");
    assert_eq!(download.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    // RFC 6266 with RFC 8187: an ASCII fallback, then the UTF-8 name with `(`, `)`, ` ` and `@` encoded.
    assert_eq!(
        download.headers[header::CONTENT_DISPOSITION].to_str().unwrap(),
        "attachment; filename=\"_________1.pdf\"; \
         filename*=UTF-8''%E7%AD%BE%E5%88%B0%E8%A1%A8%20%28%E6%89%AB%E6%8F%8F%29%401.pdf"
    );
    assert_eq!(download.body.as_bytes(), content);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_over_the_limit_is_refused_and_nothing_is_kept() {
    let site = Site::new("upload_limit_mb: 1");
    let task = open_tasks(&site).into_iter().find(|t| t.owner == "li_jing").unwrap();
    let mut client = Client::sign_in(&site, "li_jing").await;
    let csrf = client.csrf().await;
    let big = vec![b'x'; 1024 * 1024 + 1];
    let reply = client
        .post_multipart(&format!("{}/done", task_path(&task.id)), &[("csrf", &csrf)], Some(("scan.pdf", &big)))
        .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", reply.body);
    assert!(reply.body.contains("超过上限（1 MiB）"));
    assert_eq!(status_of(&site, &task.id), Status::Todo);
    let evidence = site.root().join(".fazhi/evidence");
    assert!(!evidence.exists() || std::fs::read_dir(&evidence).unwrap().next().is_none(), "no evidence kept");
    // A body far over the limit is cut off while it is read.
    let huge = vec![b'x'; 3 * 1024 * 1024];
    let reply = client
        .post_multipart(&format!("{}/done", task_path(&task.id)), &[("csrf", &csrf)], Some(("scan.pdf", &huge)))
        .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_dashboard_count_is_the_length_of_its_list() {
    let site = Site::new("");
    let mut client = Client::sign_in(&site, "na_li").await;
    // Something done this month, so that every light has a count.
    let task = open_tasks(&site).into_iter().find(|t| t.unit == "dangzhengban").unwrap();
    let csrf = client.csrf().await;
    client.post_multipart(&format!("{}/done", task_path(&task.id)), &[("csrf", &csrf)], None).await;
    let dashboard = client.get("/").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert!(dashboard.body.contains("<svg class=\"chart\""), "the chart is inline SVG");
    let mut checked = 0;
    for part in dashboard.body.split("class=\"badge ").skip(1) {
        let href_start = part.find("href=\"").unwrap() + 6;
        let href = part[href_start..].split('"').next().unwrap().replace("&#38;", "&").replace("&amp;", "&");
        let count: usize = part.split('>').nth(1).unwrap().split('<').next().unwrap().trim().parse().unwrap();
        let list = client.get(&href).await;
        assert_eq!(list.status, StatusCode::OK, "{href}");
        let total = format!("共 {count} 项");
        let says: String = list.body.split("共 ").nth(1).unwrap_or_default().chars().take(12).collect();
        assert!(list.body.contains(&total), "{href}: the dashboard says {count}, the list {says}");
        checked += 1;
        if checked > 40 {
            break;
        }
    }
    assert!(checked > 10);
    assert!(dashboard.body.contains("党政办"));
}

/// "共 N 项" of a task list.
fn listed(body: &str) -> usize {
    body.split("共 ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap()
}

/// The number of the dashboard's light `class` (`red`, `yellow`, `green`, `plain`).
fn light(body: &str, class: &str) -> usize {
    let part = body.split(&format!("class=\"light {class}\"")).nth(1).unwrap();
    part.split("<strong>").nth(1).unwrap().split('<').next().unwrap().parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_is_seen_by_the_very_next_request_wherever_it_was_made() {
    let site = Site::new("");
    let mut client = Client::sign_in(&site, "na_li").await;
    let mut tasks = open_tasks(&site).into_iter().filter(|t| t.unit == "dangzhengban");
    let (task, other) = (tasks.next().unwrap(), tasks.next().unwrap());
    let open_list = "/tasks?unit=dangzhengban";
    let before = (client.get(open_list).await.body, client.get("/").await.body);
    // Asked for again, the same (from what was kept).
    assert_eq!(listed(&client.get(open_list).await.body), listed(&before.0));
    let csrf = client.csrf().await;
    let reply = client.post_multipart(&format!("{}/done", task_path(&task.id)), &[("csrf", &csrf)], None).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let after = (client.get(open_list).await.body, client.get("/").await.body);
    assert_eq!(listed(&after.0), listed(&before.0) - 1, "the list no longer has it");
    assert_eq!(light(&after.1, "plain"), light(&before.1, "plain") - 1, "one open task fewer");
    assert_eq!(light(&after.1, "green"), light(&before.1, "green") + 1, "one more done this month");
    let done = client.get("/tasks?unit=dangzhengban&status=done").await.body;
    assert!(done.contains(&task_path(&task.id)), "listed as done");
    // Recorded as before: by the signed-in person, on the server's clock, in the audit log.
    let options = SessionOptions { access: Access::Read, ..SessionOptions::default() };
    let session = Session::open(site.root(), &options).unwrap();
    let change = session.store().changes(&task.id).unwrap().pop().unwrap();
    assert_eq!((change.change.by.as_str(), change.to), ("na_li", Status::Done));
    let recorded = change.recorded_at.expect("its time recorded");
    assert!((chrono::Utc::now() - recorded).num_seconds().abs() < 60, "on the server's clock: {recorded}");
    assert!(session.store().verify_audit().unwrap().is_empty(), "the audit chain holds");
    drop(session);
    // A change made elsewhere (the command line, the daemon) is seen as soon.
    let mut elsewhere = Session::open(site.root(), &SessionOptions::default()).unwrap();
    let start = TaskChange { task: other.id.clone(), action: Action::Start, by: None, note: None, evidence: None };
    elsewhere.change_task(&start).unwrap();
    drop(elsewhere);
    let doing = client.get("/tasks?unit=dangzhengban&status=doing").await.body;
    assert!(doing.contains(&task_path(&other.id)), "started on the command line, listed as in progress");
    assert_eq!(listed(&client.get(open_list).await.body), listed(&after.0), "still open");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_task_list_filters_sorts_and_pages() {
    let site = Site::new("");
    let mut client = Client::sign_in(&site, "zhang_peng").await;
    let all = client.get("/tasks?status=all").await;
    assert!(all.body.contains("第 1 / "), "paged");
    let overdue = client.get("/tasks?status=overdue&unit=zhifa_ban").await;
    assert_eq!(overdue.status, StatusCode::OK);
    let results = overdue.body.split("id=\"task-results\"").nth(1).unwrap();
    assert!(results.contains("<td class=\"wide\">综合执法办公室</td>"));
    assert!(!results.contains("<td class=\"wide\">王团司法所</td>"), "only the unit's tasks");
    // Least time left first: the deadlines of the rows are in order.
    let deadlines: Vec<&str> =
        results.split("<td class=\"nowrap\">").skip(1).step_by(3).map(|cell| cell.split('<').next().unwrap()).collect();
    assert!(deadlines.len() > 1 && deadlines.windows(2).all(|pair| pair[0] <= pair[1]), "{deadlines:?}");
    // By name too, as `fazhi tasks --unit`.
    let by_name = client.get(&format!("/tasks?status=overdue&unit={}", encode("综合执法办公室"))).await;
    let count = |body: &str| body.split("共 ").nth(1).unwrap().split(' ').next().unwrap().to_string();
    assert_eq!(count(&by_name.body), count(&overdue.body));
    let bad = client.get("/tasks?unit=nowhere").await;
    assert!(
        bad.body.contains("unknown unit &#34;nowhere&#34; (use an id or a name from org.ron)"),
        "the CLI's message"
    );
    let bad = client.get("/tasks?within=abc").await;
    assert!(bad.body.contains("期限“abc”无效"));
    // A task id with a slash (an open workflow step) has a page of its own.
    let session = Session::open(site.root(), &SessionOptions { access: Access::Read, ..Default::default() }).unwrap();
    let step = session.workflow_items().unwrap().into_iter().next().expect("the example has an open step");
    assert!(step.id.contains('/'));
    let list = client.get(&format!("/tasks?status=all&owner={}", step.owner)).await;
    let href = task_path(&step.id);
    assert!(href.contains("%2F") && list.body.contains(&href), "{href} is linked from the list");
    let page = client.get(&href).await;
    assert_eq!(page.status, StatusCode::OK, "{href}");
    assert!(page.body.contains("程序（工作流）中的步骤"));
}

// ---- 合法性审查 ----

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_review_page_is_for_reviewers_and_administrators_only() {
    let site = Site::new("");
    let mut visitor = Client::new(&site);
    for page in ["/review", "/review?kind=major_contract"] {
        let reply = visitor.get(page).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "GET {page}");
        assert!(reply.location().starts_with("/login?next=%2Freview"), "{}", reply.location());
    }
    let reply = visitor.post_form("/review", &[("kind", "major_decision"), ("id", "x")]).await;
    assert!(reply.location().starts_with("/login"), "POST /review signed out");
    let reply = visitor.post_file("/review/file", &[], "dossier", Some(("a.ron", b"()"))).await;
    assert!(reply.location().starts_with("/login"), "POST /review/file signed out");

    // 金涛 owns tasks but reviews nothing: no link, 403 for the page and its forms.
    let mut owner = Client::sign_in(&site, "jin_tao").await;
    let csrf = owner.csrf().await;
    assert!(!owner.get("/").await.body.contains("href=\"/review\""));
    assert_eq!(owner.get("/review").await.status, StatusCode::FORBIDDEN);
    let reply = owner.post_form("/review", &[("csrf", &csrf), ("kind", "major_decision"), ("id", "x")]).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let reply = owner.post_file("/review/file", &[("csrf", &csrf)], "dossier", Some(("a.ron", b"()"))).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);

    // 张鹏 (法制审核员, a reviewer role) and 纳丽 (党政办, administrator) review.
    for person in ["zhang_peng", "na_li"] {
        let mut reviewer = Client::sign_in(&site, person).await;
        assert!(reviewer.get("/").await.body.contains("href=\"/review\""), "{person} has the link");
        let page = reviewer.get("/review?kind=major_enforcement_decision").await;
        assert_eq!(page.status, StatusCode::OK, "{person}");
        assert!(page.body.contains("name=\"penalty.kinds\"") && page.body.contains("type=\"date\""));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_review_form_without_its_token_is_refused() {
    let site = Site::new("");
    let mut reviewer = Client::sign_in(&site, "zhang_peng").await;
    let fields = [("kind", "major_decision"), ("id", "x"), ("title", "方案"), ("stage", "draft")];
    let reply = reviewer.post_form("/review", &fields).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let mut wrong = fields.to_vec();
    wrong.push(("csrf", "00"));
    assert_eq!(reviewer.post_form("/review", &wrong).await.status, StatusCode::FORBIDDEN);
    let dossier = std::fs::read(support::repo().join("rules/examples/major_decision.ron")).unwrap();
    let reply = reviewer.post_file("/review/file", &[], "dossier", Some(("a.ron", &dossier))).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(!reply.body.contains("合法性审查意见书"), "not reviewed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_filled_form_is_reviewed_with_findings_articles_verdict_and_opinion_sheet() {
    let site = Site::new("");
    let mut reviewer = Client::sign_in(&site, "zhang_peng").await;
    let csrf = reviewer.csrf().await;
    // A draft decision sent to discussion without a legality review: blocked at 第二十五条.
    let title = "<script>alert('x')</script>垃圾治理收费方案";
    let fields = [
        ("csrf", csrf.as_str()),
        ("kind", "major_decision"),
        ("id", "jc-web-1"),
        ("title", title),
        ("stage", "draft"),
        ("public_comment.opened", "2024-07-15"),
        ("public_comment.closed", "2024-08-14"),
        ("expert_argumentation.required", ""),
        ("risk_assessment.required", ""),
    ];
    let reply = reviewer.post_form("/review", &fields).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let body = &reply.body;
    assert!(body.contains("合法性审查意见书"), "the opinion sheet");
    assert!(body.contains("不予通过，须整改后重新审查"), "the verdict");
    assert!(body.contains("decision/legality-review") && body.contains("第二十五条"), "a finding with its article");
    assert!(body.contains("合法性审查 · ") || body.contains(">合法性审查<"), "the field as the form names it");
    assert!(body.contains("审查人员：张鹏"), "the reviewer signs");
    assert!(!body.contains("<script>alert"), "the title is escaped");
    assert!(body.contains("&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62;垃圾"), "escaped");
    // The form keeps what was typed.
    assert!(body.contains("value=\"2024-07-15\""));
    // Nothing is recorded by a review.
    let options = SessionOptions { access: Access::Read, ..SessionOptions::default() };
    let before = Session::open(site.root(), &options).unwrap().store().audit_log().unwrap().len();
    reviewer.post_form("/review", &fields).await;
    assert_eq!(Session::open(site.root(), &options).unwrap().store().audit_log().unwrap().len(), before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_missing_a_required_field_shows_the_problem_at_it() {
    let site = Site::new("");
    let mut reviewer = Client::sign_in(&site, "zhang_peng").await;
    let csrf = reviewer.csrf().await;
    let reply = reviewer
        .post_form(
            "/review",
            &[("csrf", &csrf), ("kind", "major_contract"), ("id", "ht-1"), ("stage", "review"), ("amount", "十万")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("未能审查"), "{}", reply.body);
    assert!(reply.body.contains("`amount`"), "the field named: {}", reply.body);
    assert!(reply.body.contains("class=\" invalid\" for=\"f-amount\""), "and marked on the form");
    assert!(!reply.body.contains("合法性审查意见书"));
    assert!(reply.body.contains("value=\"十万\""), "what was typed stays");
    let reply = reviewer
        .post_form("/review", &[("csrf", &csrf), ("kind", "major_contract"), ("id", "ht-1"), ("amount", "100000")])
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("missing field `"), "a missing field named: {}", reply.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_uploaded_dossier_is_reviewed_and_a_bad_one_placed_at_its_line_and_column() {
    let site = Site::new("");
    let mut reviewer = Client::sign_in(&site, "na_li").await;
    let csrf = reviewer.csrf().await;
    let dossier = std::fs::read(site.root().join("decisions/wz-cf-2024-12.ron")).unwrap();
    let reply =
        reviewer.post_file("/review/file", &[("csrf", &csrf)], "dossier", Some(("wz-cf-2024-12.ron", &dossier))).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.body.contains("合法性审查意见书") && reply.body.contains("行政处罚决定"));
    assert!(reply.body.contains("wz-cf-2024-12.ron"), "the file reviewed is named");

    let bad = b"(\n    kind: \"major_contract\",\n    id: \"x\",\n    stage: \"finished\",\n)\n";
    let reply =
        reviewer.post_file("/review/file", &[("csrf", &csrf)], "dossier", Some(("../../坏卷宗.ron", bad))).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("坏卷宗.ron:4:"), "file:line:column: {}", reply.body);
    assert!(!reply.body.contains("../"), "the name's folders are dropped");

    let reply =
        reviewer.post_file("/review/file", &[("csrf", &csrf)], "dossier", Some(("gbk.ron", &[0xb0, 0xa1, 0xff]))).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("UTF-8"));
    let huge = vec![b' '; 2 * 1024 * 1024];
    let reply = reviewer.post_file("/review/file", &[("csrf", &csrf)], "dossier", Some(("big.ron", &huge))).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
}

// ---- 台账 ----

const PETITIONS_BAD: &str = "信访编号,受理日期,信访人,村,信访形式,信访事项,办理状态,答复日期\n\
王信〔2025〕1号,2025-02-30,马某,东沟村,网上信访,宅基地纠纷,正在调查核实,\n\
王信〔2025〕2号,2025-03-02,,王团村,来访,<b>征地</b>补偿,正在调查核实,\n";

const PETITIONS_GOOD: &str = "信访编号,受理日期,信访人,村,信访形式,信访事项,办理状态,答复日期\n\
王信〔2025〕1号,2025-02-27,马某,东沟村,网上信访,宅基地纠纷,正在调查核实,\n\
王信〔2025〕2号,2025-03-02,<script>x</script>,王团村,来访,<b>征地</b>补偿,正在调查核实,\n";

fn petitions(site: &Site) -> Vec<fazhi_store::LedgerRow> {
    let options = SessionOptions { access: Access::Read, ..SessionOptions::default() };
    Session::open(site.root(), &options).unwrap().ledger_rows("petition", None, false).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ledger_is_seen_by_all_and_kept_by_administrators_only() {
    let site = Site::new("read_only_roles: [\"党委委员\"]");
    let row = petitions(&site).remove(0);
    let row_path = format!("/ledger/petition/{}", row.row);
    let mut visitor = Client::new(&site);
    for page in ["/ledger", "/ledger?kind=petition&year=2024", row_path.as_str()] {
        let reply = visitor.get(page).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "GET {page}");
        assert!(reply.location().starts_with("/login?next=%2Fledger"), "GET {page}");
    }
    let reply = visitor.post_file("/ledger/import", &[("kind", "petition")], "file", Some(("a.csv", b"x"))).await;
    assert!(reply.location().starts_with("/login"));
    let reply = visitor.post_form(&format!("{row_path}/void"), &[("reason", "x")]).await;
    assert!(reply.location().starts_with("/login"));

    // 金涛 (an owner) and 海燕 (read-only here) see the rows with their source, and change nothing.
    for person in ["jin_tao", "hai_yan"] {
        let mut reader = Client::sign_in(&site, person).await;
        let csrf = reader.csrf().await;
        let page = reader.get("/ledger?kind=petition").await;
        assert_eq!(page.status, StatusCode::OK, "{person}");
        assert!(page.body.contains("ledger/petition.csv:2"), "the source of a row: {person}");
        assert!(!page.body.contains("/ledger/import"), "no import form for {person}");
        assert!(!page.body.contains(&row_path), "no correction link for {person}");
        assert_eq!(reader.get(&row_path).await.status, StatusCode::FORBIDDEN);
        let file = Some(("信访.csv", PETITIONS_GOOD.as_bytes()));
        let reply = reader.post_file("/ledger/import", &[("csrf", &csrf), ("kind", "petition")], "file", file).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{person} imports");
        let reply = reader.post_form(&format!("{row_path}/void"), &[("csrf", &csrf), ("reason", "重复")]).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{person} voids");
    }
    assert_eq!(petitions(&site).len(), 12, "nothing changed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ledger_file_with_problems_stores_nothing_and_shows_them_by_row_and_column() {
    let site = Site::new("");
    let mut clerk = Client::sign_in(&site, "na_li").await;
    let csrf = clerk.csrf().await;
    let before = petitions(&site).len();
    // Without the token: refused, nothing stored.
    let file = Some(("信访.csv", PETITIONS_GOOD.as_bytes()));
    let reply = clerk.post_file("/ledger/import", &[("kind", "petition")], "file", file).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(petitions(&site).len(), before);

    let file = Some(("../../信访.csv", PETITIONS_BAD.as_bytes()));
    let reply = clerk.post_file("/ledger/import", &[("csrf", &csrf), ("kind", "petition")], "file", file).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("未导入任何一行"), "{}", reply.body);
    // Row 2 column 2: the impossible date; row 3 column 3: the petitioner missing.
    assert!(reply.body.contains("<td class=\"num\">2</td><td class=\"num\">2</td>"), "{}", reply.body);
    assert!(reply.body.contains("<td class=\"num\">3</td><td class=\"num\">3</td>"), "{}", reply.body);
    assert!(!reply.body.contains("<b>征地"), "cells are escaped");
    assert_eq!(petitions(&site).len(), before, "nothing stored");

    let file = Some(("信访.csv", PETITIONS_GOOD.as_bytes()));
    let reply = clerk.post_file("/ledger/import", &[("csrf", &csrf), ("kind", "petition")], "file", file).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let page = clerk.get(reply.location()).await;
    assert!(page.body.contains("新增 2 行"), "{}", page.body);
    assert!(page.body.contains("网页上传/信访.csv:3"), "the source of the rows");
    assert!(page.body.contains("&#60;script&#62;x&#60;/script&#62;") && !page.body.contains("<script>x"), "escaped");
    assert_eq!(petitions(&site).len(), before + 2);
    // The same file again adds nothing.
    let file = Some(("信访.csv", PETITIONS_GOOD.as_bytes()));
    let reply = clerk.post_file("/ledger/import", &[("csrf", &csrf), ("kind", "petition")], "file", file).await;
    assert!(clerk.get(reply.location()).await.body.contains("均已导入过"));
    assert_eq!(petitions(&site).len(), before + 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ledger_row_is_corrected_or_voided_with_a_reason() {
    let site = Site::new("");
    let mut clerk = Client::sign_in(&site, "na_li").await;
    let csrf = clerk.csrf().await;
    let rows = petitions(&site);
    let (first, second) = (&rows[0], &rows[1]);
    let path = format!("/ledger/petition/{}", first.row);
    let page = clerk.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    let status_was = first.values["status"].as_str().unwrap().to_string();
    // Without the token, then without a reason: refused.
    let status_new = if status_was == "已处理答复" { "正在调查核实" } else { "已处理答复" };
    let fields = [("f.status", status_new), ("was.status", status_was.as_str())];
    assert_eq!(clerk.post_form(&format!("{path}/correct"), &fields).await.status, StatusCode::FORBIDDEN);
    let mut with_token = fields.to_vec();
    with_token.push(("csrf", &csrf));
    let reply = clerk.post_form(&format!("{path}/correct"), &with_token).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("未能办理"), "{}", reply.body);
    assert_eq!(petitions(&site).len(), rows.len());

    with_token.push(("reason", "<i>核对</i>原始登记簿"));
    let reply = clerk.post_form(&format!("{path}/correct"), &with_token).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let after = petitions(&site);
    assert!(after.iter().all(|row| row.row != first.row), "the old row is no longer counted");
    let petitioner = &first.values["petitioner"];
    let corrected = after.iter().find(|row| &row.values["petitioner"] == petitioner).unwrap();
    assert_eq!(corrected.values["status"], status_new);

    let reply = clerk
        .post_form(&format!("/ledger/petition/{}/void", second.row), &[("csrf", &csrf), ("reason", "重复登记")])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert!(clerk.get(reply.location()).await.body.contains("已记录（审计日志第"));
    assert_eq!(petitions(&site).len(), rows.len() - 1);
    let options = SessionOptions { access: Access::Read, ..SessionOptions::default() };
    let log = Session::open(site.root(), &options).unwrap().store().audit_log().unwrap();
    let last = log.last().unwrap();
    assert_eq!(last.actor, "na_li");
    assert!(last.detail.contains("重复登记"), "{}", last.detail);
}

// ---- 年度报告 ----

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_is_previewed_with_warnings_beside_their_paragraph_and_downloaded_as_word() {
    let site = Site::new("read_only_roles: [\"党委委员\"]");
    // A paragraph naming a figure no module has, with HTML in it.
    let outline = site.root().join("report/2024.md");
    let text = std::fs::read_to_string(&outline).unwrap();
    let text = text.replacen(
        "{{year}}年以来，我镇",
        "<b>粗</b>本段另有{{disputes.no_such_figure}}件。\n\n{{year}}年以来，我镇",
        1,
    );
    std::fs::write(&outline, text).unwrap();
    let mut visitor = Client::new(&site);
    for page in ["/report", "/report?year=2024", "/report/2024.docx"] {
        let reply = visitor.get(page).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "GET {page}");
        assert!(reply.location().starts_with("/login?next=%2Freport"), "GET {page}");
    }
    // 海燕 is read-only here: she sees and downloads the report, as everyone does.
    let mut reader = Client::sign_in(&site, "hai_yan").await;
    let page = reader.get("/report?year=2024").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("王团镇2024年法治政府建设工作报告"));
    assert!(page.body.contains("&#60;b&#62;粗&#60;/b&#62;") && !page.body.contains("<b>粗"), "escaped");
    // The warning sits right after its paragraph, not with the other problems.
    let paragraph = page.body.find("本段另有{{disputes.no_such_figure}}件").expect("the placeholder stays in the text");
    let after = &page.body[paragraph..];
    let aside = after.find("class=\"para-warnings").expect("a warning beside the paragraph");
    assert!(after[..aside].matches("<p>").count() == 0, "before the next paragraph");
    assert!(after[aside..].find("占位符无对应数据").unwrap() < after[aside..].find("</aside>").unwrap());
    let reply = reader.get("/report/2024.docx").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.headers.get(header::CONTENT_TYPE).unwrap(),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    let disposition = reply.headers.get(header::CONTENT_DISPOSITION).unwrap().to_str().unwrap();
    assert!(disposition.starts_with("attachment;") && disposition.contains("filename*=UTF-8''"), "{disposition}");
    assert_eq!(reader.get("/report/2024.pdf").await.status, StatusCode::NOT_FOUND);
}

// ---- 程序 ----

fn instance(site: &Site, id: &str) -> fazhi_flow::InstanceStatus {
    let options = SessionOptions { access: Access::Read, ..SessionOptions::default() };
    Session::open(site.root(), &options).unwrap().instance_status(id).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workflow_steps_are_completed_by_their_assignee_leader_or_administrators_only() {
    let site = Site::new("");
    let status = instance(&site, "wz-2025-03");
    let open = status.open_steps().next().expect("an open step").clone();
    let assignee = open.assignee.clone().expect("an assignee");
    let waiting =
        status.steps.iter().find(|s| matches!(s.state, fazhi_flow::StepState::Waiting { .. })).unwrap().clone();
    let done_path = format!("/flows/wz-2025-03/{}/done", open.id);
    let mut visitor = Client::new(&site);
    for page in ["/flows", "/flows/wz-2025-03"] {
        let reply = visitor.get(page).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "GET {page}");
        assert!(reply.location().starts_with("/login?next=%2Fflows"), "GET {page}");
    }
    assert!(visitor.post_multipart(&done_path, &[("note", "x")], None).await.location().starts_with("/login"));

    // Everyone sees the instance, its steps and its graph (SVG drawn on the server, no script).
    let mut other = Client::sign_in(&site, "hai_yan").await;
    assert_ne!(assignee.person, "hai_yan");
    let list = other.get("/flows").await;
    assert!(list.body.contains("/flows/wz-2025-03"), "{}", list.body);
    let page = other.get("/flows/wz-2025-03?changed=%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<svg class=\"flow-graph\"") && page.body.contains("class=\"node done\""));
    assert!(page.body.contains("class=\"node open\""));
    assert!(!page.body.contains("<script>alert") && page.body.contains("&#60;script&#62;alert(1)"), "escaped");
    assert!(!page.body.contains(&done_path), "no button for someone else");
    let csrf = other.csrf().await;
    let reply = other.post_multipart(&done_path, &[("csrf", &csrf), ("note", "x")], None).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);

    // An administrator: without the token refused; a step still waiting refused with the
    // engine's reason; the open step completed, as her, with a note.
    let mut admin = Client::sign_in(&site, "na_li").await;
    let reply = admin.post_multipart(&done_path, &[("note", "x")], None).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let csrf = admin.csrf().await;
    assert!(admin.get("/flows/wz-2025-03").await.body.contains(&done_path), "her button");
    let reply = admin.post_multipart(&format!("/flows/wz-2025-03/{}/done", waiting.id), &[("csrf", &csrf)], None).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("未能办理"));
    assert_eq!(instance(&site, "wz-2025-03").step(&open.id).unwrap().state, fazhi_flow::StepState::Open);
    let reply = admin
        .post_multipart(&done_path, &[("csrf", &csrf), ("note", "<b>已告知</b>")], Some(("回执.pdf", b"%PDF")))
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert!(admin.get(reply.location()).await.body.contains("已完成。"));
    let after = instance(&site, "wz-2025-03");
    assert!(matches!(after.step(&open.id).unwrap().state, fazhi_flow::StepState::Done { .. }));
    let options = SessionOptions { access: Access::Read, ..SessionOptions::default() };
    let log = Session::open(site.root(), &options).unwrap().store().audit_log().unwrap();
    assert_eq!(log.last().unwrap().actor, "na_li");
}
