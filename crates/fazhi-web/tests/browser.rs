//! The pages in a real browser: Debian's headless chromium driven through chromedriver
//! (WebDriver, fantoccini). A task's owner signs in, opens the dashboard and a task, completes
//! it with an evidence file and sees it done; an administrator finds the change in the audit
//! log; a colleague sees the task without its buttons. A screenshot of each page is saved under
//! `target/web-screenshots/`.
//!
//! Without chromium and chromedriver the test says so and passes, unless
//! `FAZHI_REQUIRE_BROWSER=1` (as `.ci/run` sets), when it fails.

mod support;

use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use fazhi_app::{Access, Session, SessionOptions};
use fazhi_core::Status;
use support::county::{password_in, CountyFixture};
use support::{password, Site};

/// chromedriver, ended when the test ends.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find(candidates: &[&str]) -> Option<PathBuf> {
    candidates.iter().map(PathBuf::from).find(|path| path.is_file())
}

/// chromium and chromedriver, or `None` (and a note) when either is missing.
fn browser() -> Option<(PathBuf, PathBuf)> {
    let chromium = find(&["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium"]);
    let driver = find(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]);
    match (chromium, driver) {
        (Some(chromium), Some(driver)) => Some((chromium, driver)),
        _ if std::env::var("FAZHI_REQUIRE_BROWSER").as_deref() == Ok("1") => {
            panic!("FAZHI_REQUIRE_BROWSER=1 but chromium or chromedriver is missing (apt-get install chromium chromium-driver)")
        }
        _ => {
            eprintln!("note: browser test skipped: chromium or chromedriver is not installed (Debian: chromium, chromium-driver)");
            None
        }
    }
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn start_driver(path: &Path) -> Driver {
    let port = free_port();
    let child = Command::new(path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let driver = Driver { child, port };
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < Duration::from_secs(20), "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    driver
}

/// Where the screenshots go: `target/web-screenshots/` (of `CARGO_TARGET_DIR` when set).
fn screenshots() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| support::repo().join("target"), PathBuf::from);
    let dir = target.join("web-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// chromium through chromedriver, headless, downloads going to `downloads`.
async fn open_browser(chromium: &Path, chromedriver: &Path, downloads: Option<&Path>) -> (Driver, Client) {
    let driver = start_driver(chromedriver);
    let mut options = serde_json::json!({
        "binary": chromium,
        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1280,1400", "--lang=zh-CN", "--no-first-run", "--disable-extensions"],
    });
    if let Some(downloads) = downloads {
        options["prefs"] = serde_json::json!({
            "download.default_directory": downloads,
            "download.prompt_for_download": false,
        });
    }
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("goog:chromeOptions".to_string(), options);
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("connect to chromedriver");
    (driver, client)
}

/// Signs `login` in from the sign-in page (signing out whoever is signed in first).
async fn sign_in(client: &Client, base: &str, login: &str, person: &str) -> Result<(), fantoccini::error::CmdError> {
    if client.find(Locator::Css(".who button")).await.is_ok() {
        client.find(Locator::Css(".who button")).await?.click().await?;
        wait_for_text(client, "main h1", "王团镇人民政府").await;
    } else {
        client.goto(&format!("{base}/login")).await?;
    }
    submit_sign_in(client, login, &password(person)).await?;
    wait_for_text(client, "main h1", "工作台").await;
    Ok(())
}

/// Fills in the sign-in form on the page and sends it.
async fn submit_sign_in(client: &Client, login: &str, password: &str) -> Result<(), fantoccini::error::CmdError> {
    client.find(Locator::Id("login")).await?.send_keys(login).await?;
    client.find(Locator::Id("password")).await?.send_keys(password).await?;
    client.find(Locator::Css("form button[type=submit]")).await?.click().await
}

/// Sets a date picker's value (what typing into one means depends on the browser's locale).
async fn set_date(client: &Client, id: &str, date: &str) -> Result<(), fantoccini::error::CmdError> {
    let element = client.find(Locator::Id(id)).await?;
    let element = serde_json::to_value(&element).unwrap();
    client.execute("arguments[0].value = arguments[1];", vec![element, serde_json::json!(date)]).await?;
    Ok(())
}

/// The page fits a phone's width: nothing wider than the window but inside a box that scrolls
/// on its own (a wide table); else the elements sticking out.
async fn fits_the_window(client: &Client, page: &str) {
    let script = "var w = window.innerWidth; var out = [];\
        document.querySelectorAll('body *').forEach(function (e) {\
          var r = e.getBoundingClientRect(); if (r.right <= w + 1 || r.width === 0) return;\
          for (var p = e.parentElement; p; p = p.parentElement) {\
            var o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return; }\
          out.push(e.tagName + '.' + e.className + ' ' + Math.round(r.right)); });\
        return [document.documentElement.scrollWidth, w, out.slice(0, 8).join('; ')];";
    let found = client.execute(script, Vec::new()).await.expect("measure the page");
    let (scroll, width) = (found[0].as_f64().unwrap_or(0.0), found[1].as_f64().unwrap_or(0.0));
    assert!(scroll <= width + 1.0, "{page} is {scroll}px wide in a {width}px window: {}", found[2]);
}

/// Ends a browser test: the browser closed, chromedriver stopped, the server stopped (its
/// requests finished); then the session's failure, if it failed.
async fn finish<T>(
    client: Client,
    driver: Driver,
    stop: tokio::sync::oneshot::Sender<()>,
    server: tokio::task::JoinHandle<T>,
    result: Result<(), fantoccini::error::CmdError>,
) {
    let _ = client.close().await;
    drop(driver);
    let _ = stop.send(());
    let _ = server.await;
    result.expect("the browser session");
}

async fn shot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("a screenshot");
    std::fs::write(screenshots().join(format!("{name}.png")), png).unwrap();
}

async fn wait_for_text(client: &Client, css: &str, text: &str) -> String {
    let started = Instant::now();
    loop {
        if let Ok(element) = client.find(Locator::Css(css)).await {
            if let Ok(found) = element.text().await {
                if found.contains(text) {
                    return found;
                }
            }
        }
        assert!(started.elapsed() < Duration::from_secs(15), "no {css} with “{text}”");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owner_completes_a_task_with_evidence_in_a_real_browser() {
    let Some((chromium, chromedriver)) = browser() else { return };
    let site = Site::new("");
    // An owner outside 党政办 (whose people are administrators): 金涛 of 综合执法办公室.
    let person = "jin_tao";
    let options = SessionOptions { access: Access::Read, ..SessionOptions::default() };
    let task = {
        let session = Session::open(site.root(), &options).unwrap();
        let items = session.duty_items().unwrap();
        items
            .into_iter()
            .find(|item| item.owner == person && item.status == Status::Todo && item.deadline.is_some())
            .expect("a task of 金涛 with a deadline")
    };

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(fazhi_web::serve(listener, site.app.clone(), async {
        let _ = stopped.await;
    }));

    let driver = start_driver(&chromedriver);
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".to_string(),
        serde_json::json!({
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1400", "--lang=zh-CN", "--no-first-run", "--disable-extensions"],
        }),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("connect to chromedriver");

    let result = async {
        // Signed out, the dashboard sends to the sign-in page.
        client.goto(&format!("{base}/")).await?;
        assert!(client.current_url().await?.path().starts_with("/login"));
        shot(&client, "01-login").await;
        submit_sign_in(&client, "金涛", &password(person)).await?;

        let heading = wait_for_text(&client, "main h1", "工作台").await;
        assert_eq!(heading, "工作台");
        let who = client.find(Locator::Css(".who span")).await?.text().await?;
        assert!(who.contains("金涛"), "{who}");
        shot(&client, "02-dashboard").await;

        // The owner's open tasks, then the task.
        client.goto(&format!("{base}/tasks?owner={person}")).await?;
        wait_for_text(&client, "main h1", "任务清单").await;
        let open = wait_for_text(&client, "#task-results .summary", "").await;
        // A filter changed updates the list in place (htmx) and the address with it.
        client.find(Locator::Css("select[name=status]")).await?.select_by_value("all").await?;
        let started = Instant::now();
        loop {
            // htmx may swap the list between finding the summary and reading it (a stale
            // element): that is read again.
            let now = match client.find(Locator::Css("#task-results .summary")).await {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if !now.is_empty() && now != open {
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(10), "the list did not change: {open}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(client.current_url().await?.query().unwrap_or_default().contains("status=all"));
        shot(&client, "03-tasks").await;
        client.goto(&format!("{base}/tasks/{}", task.id)).await?;
        wait_for_text(&client, "main h1", &task.title).await;
        shot(&client, "04-task").await;

        // Complete it with a note and a scanned file, through htmx's form.
        let scan = site.root().join("签到表-扫描件.pdf");
        std::fs::write(&scan, b"%PDF-1.4 attendance sheet").unwrap();
        client.find(Locator::Id("note-done")).await?.send_keys("已办结，签到表见附件").await?;
        client.find(Locator::Id("evidence")).await?.send_keys(scan.to_str().unwrap()).await?;
        client.find(Locator::Css("form.action-done button[type=submit]")).await?.click().await?;
        wait_for_text(&client, "#task-panel .notice", "已记录").await;
        let status = client.find(Locator::Css("#task-panel .facts .status strong")).await?.text().await?;
        assert_eq!(status, "已完成");
        let history = client.find(Locator::Css("table.history")).await?.text().await?;
        assert!(history.contains("签到表-扫描件.pdf") && history.contains("金涛"), "{history}");
        shot(&client, "05-task-done").await;

        // The dashboard counts it as done this month; on a phone's width too.
        client.goto(&format!("{base}/")).await?;
        let green = client.find(Locator::Css(".light.green strong")).await?.text().await?;
        assert_ne!(green, "0");
        client.set_window_size(390, 844).await?;
        client.refresh().await?;
        shot(&client, "06-dashboard-phone").await;
        client.goto(&format!("{base}/tasks/{}", task.id)).await?;
        shot(&client, "07-task-phone").await;

        // Signed out, an administrator of 党政办 sees the change in the audit log.
        client.set_window_size(1280, 1400).await?;
        client.find(Locator::Css(".who button")).await?.click().await?;
        wait_for_text(&client, "main h1", "王团镇人民政府").await;
        submit_sign_in(&client, "na_li", &password("na_li")).await?;
        wait_for_text(&client, "main h1", "工作台").await;
        client.find(Locator::LinkText("审计")).await?.click().await?;
        wait_for_text(&client, "main h1", "审计").await;
        let first = wait_for_text(&client, "table.audit tbody tr", "金涛").await;
        assert!(first.contains("金涛") && first.contains(&task.id), "{first}");
        wait_for_text(&client, "main .notice", "核验通过").await;
        shot(&client, "08-audit").await;

        // A third person, 张鹏 of the same office (not its leader), sees the task and no buttons.
        client.find(Locator::Css(".who button")).await?.click().await?;
        wait_for_text(&client, "main h1", "王团镇人民政府").await;
        submit_sign_in(&client, "张鹏", &password("zhang_peng")).await?;
        wait_for_text(&client, "main h1", "工作台").await;
        assert!(client.find(Locator::LinkText("审计")).await.is_err(), "no audit page for him");
        client.goto(&format!("{base}/tasks/{}", task.id)).await?;
        wait_for_text(&client, "#task-panel .hint", "只有责任人、责任单位负责人和管理员可以办理").await;
        assert!(client.find(Locator::Css("form.action")).await.is_err(), "no buttons");
        shot(&client, "09-task-someone-else").await;
        Ok::<(), fantoccini::error::CmdError>(())
    }
    .await;
    finish(client, driver, stop, server, result).await;

    let session = Session::open(site.root(), &options).unwrap();
    assert_eq!(session.store().state(&task.id).unwrap().status, Status::Done);
    let change = session.store().changes(&task.id).unwrap().pop().unwrap();
    assert_eq!(change.change.by, person);
    assert_eq!(change.change.evidence.unwrap().file_name, "签到表-扫描件.pdf");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_review_a_ledger_import_a_workflow_step_and_the_report_in_a_real_browser() {
    let Some((chromium, chromedriver)) = browser() else { return };
    // On the example's day (20 March 2025), as README's screenshot of the dashboard shows it.
    let site = Site::on("", chrono::NaiveDate::from_ymd_opt(2025, 3, 20));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(fazhi_web::serve(listener, site.app.clone(), async {
        let _ = stopped.await;
    }));
    let downloads = tempfile::tempdir().unwrap();
    let (driver, client) = open_browser(&chromium, &chromedriver, Some(downloads.path())).await;
    let bad = site.root().join("信访台账-有误.csv");
    std::fs::write(
        &bad,
        "信访编号,受理日期,信访人,村,信访形式,信访事项,办理状态,答复日期\n\
         王信〔2025〕1号,2025-02-30,马某,东沟村,网上信访,宅基地纠纷,正在调查核实,\n",
    )
    .unwrap();
    let good = site.root().join("信访台账.csv");
    std::fs::write(
        &good,
        "信访编号,受理日期,信访人,村,信访形式,信访事项,办理状态,答复日期\n\
         王信〔2025〕1号,2025-02-27,马某,东沟村,网上信访,宅基地纠纷,正在调查核实,\n",
    )
    .unwrap();

    let result = async {
        // 张鹏, 法制审核员, reviews a draft decision through the form.
        sign_in(&client, &base, "张鹏", "zhang_peng").await?;
        shot(&client, "10-dashboard-reviewer").await;
        // README's picture (docs/web-dashboard.png, made from this one with pngquant).
        client.set_window_size(960, 1060).await?;
        shot(&client, "10-dashboard-readme").await;
        client.set_window_size(1280, 1400).await?;
        client.find(Locator::LinkText("合法性审查")).await?.click().await?;
        wait_for_text(&client, "main h1", "合法性审查").await;
        client.find(Locator::Id("f-id")).await?.send_keys("wt-2025-jc-01").await?;
        client.find(Locator::Id("f-title")).await?.send_keys("王团镇农村人居环境整治奖补办法").await?;
        client.find(Locator::Id("f-stage")).await?.select_by_value("draft").await?;
        set_date(&client, "f-public_comment.opened", "2025-03-03").await?;
        set_date(&client, "f-public_comment.closed", "2025-03-20").await?;
        client.find(Locator::Id("f-public_comment.channel")).await?.send_keys("镇政府网站").await?;
        shot(&client, "11-review-form").await;
        client.find(Locator::Css("form.dossier button[type=submit]")).await?.click().await?;
        let verdict = wait_for_text(&client, "#review-result .verdict", "不予通过").await;
        assert!(verdict.contains("须整改"), "{verdict}");
        let findings = client.find(Locator::Css("#review-result .findings")).await?.text().await?;
        assert!(findings.contains("第十五条") || findings.contains("第二十五条"), "articles: {findings}");
        let sheet = client.find(Locator::Id("sheet")).await?.text().await?;
        assert!(sheet.contains("合法性审查意见书") && sheet.contains("张鹏"), "{sheet}");
        shot(&client, "12-review-result").await;
        // Printed, the page is the opinion sheet alone (print CSS): kept beside the screenshots.
        let pdf = client.print(fantoccini::wd::PrintConfiguration::default()).await?;
        assert!(pdf.starts_with(b"%PDF"));
        std::fs::write(screenshots().join("12-review-sheet.pdf"), pdf).unwrap();
        client.find(Locator::Id("sheet")).await?.click().await?;
        client.set_window_size(390, 844).await?;
        shot(&client, "13-review-phone").await;
        fits_the_window(&client, "13-review-phone").await;
        client.set_window_size(1280, 1400).await?;

        // 纳丽 of 党政办 imports a petition ledger: first with an impossible date, then right.
        sign_in(&client, &base, "纳丽", "na_li").await?;
        client.goto(&format!("{base}/ledger?kind=petition")).await?;
        wait_for_text(&client, "main h1", "台账").await;
        client.find(Locator::Id("ledger-file")).await?.send_keys(bad.to_str().unwrap()).await?;
        client.find(Locator::Css("form.upload button[type=submit]")).await?.click().await?;
        let problems = wait_for_text(&client, "#ledger-problems", "未导入任何一行").await;
        assert!(problems.contains("2024-02-30") || problems.contains("2025-02-30"), "{problems}");
        shot(&client, "14-ledger-error").await;
        client.find(Locator::Id("ledger-file")).await?.send_keys(good.to_str().unwrap()).await?;
        client.find(Locator::Css("form.upload button[type=submit]")).await?.click().await?;
        wait_for_text(&client, "#ledger-panel .notice", "新增 1 行").await;
        let table = client.find(Locator::Css("table.ledger")).await?.text().await?;
        assert!(table.contains("网页上传/信访台账.csv:2"), "{table}");
        shot(&client, "15-ledger-imported").await;
        client.set_window_size(390, 844).await?;
        shot(&client, "16-ledger-phone").await;
        fits_the_window(&client, "16-ledger-phone").await;
        client.set_window_size(1280, 1400).await?;

        // She completes the open step of the enforcement case (assigned to the 镇长; the
        // 党政办 may complete any).
        client.find(Locator::LinkText("程序")).await?.click().await?;
        wait_for_text(&client, "main h1", "程序").await;
        shot(&client, "17-flows").await;
        client.find(Locator::LinkText("wz-2025-03")).await?.click().await?;
        client.find(Locator::Css("svg.flow-graph")).await?;
        shot(&client, "18-flow").await;
        client.find(Locator::Css(".step-form textarea")).await?.send_keys("已集体讨论作出处罚决定").await?;
        client.find(Locator::Css(".step-form button[type=submit]")).await?.click().await?;
        wait_for_text(&client, "main .notice", "已完成").await;
        shot(&client, "19-flow-step-done").await;
        client.set_window_size(390, 844).await?;
        shot(&client, "20-flow-phone").await;
        fits_the_window(&client, "20-flow-phone").await;
        client.set_window_size(1280, 1400).await?;

        // 金涛 sees the case moved on (its next step, 送达, is his) and downloads the report.
        sign_in(&client, &base, "金涛", "jin_tao").await?;
        client.goto(&format!("{base}/flows/wz-2025-03")).await?;
        wait_for_text(&client, "#step-jueding", "已完成").await;
        wait_for_text(&client, "#step-songda", "可办理").await;
        client.find(Locator::Css("#step-songda .step-form")).await?;
        client.find(Locator::LinkText("年度报告")).await?.click().await?;
        wait_for_text(&client, "main article", "王团镇2024年法治政府建设工作报告").await;
        shot(&client, "21-report").await;
        client.find(Locator::LinkText("下载 Word 文件")).await?.click().await?;
        let started = Instant::now();
        let docx = loop {
            let found = std::fs::read_dir(downloads.path())
                .unwrap()
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .find(|path| path.extension().is_some_and(|ext| ext == "docx"));
            if let Some(found) = found {
                break found;
            }
            assert!(started.elapsed() < Duration::from_secs(20), "no Word file was downloaded");
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        let bytes = std::fs::read(&docx).unwrap();
        assert!(bytes.starts_with(b"PK"), "a Word file (zip)");
        client.set_window_size(390, 844).await?;
        shot(&client, "22-report-phone").await;
        fits_the_window(&client, "22-report-phone").await;
        Ok::<(), fantoccini::error::CmdError>(())
    }
    .await;
    finish(client, driver, stop, server, result).await;
    let options = SessionOptions { access: Access::Read, ..SessionOptions::default() };
    let session = Session::open(site.root(), &options).unwrap();
    let rows = session.ledger_rows("petition", None, false).unwrap();
    assert_eq!(rows.iter().filter(|row| row.source.starts_with("网页上传/")).count(), 1, "the good file only");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_county_office_follows_every_town_and_a_town_sees_only_itself_in_a_real_browser() {
    let Some((chromium, chromedriver)) = browser() else { return };
    let fixture = CountyFixture::new();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(fazhi_web::serve_county(listener, fixture.site.clone(), async {
        let _ = stopped.await;
    }));
    let (driver, client) = open_browser(&chromium, &chromedriver, None).await;
    let (office, longxi) = (fixture.folder("xianban"), fixture.folder("longxi"));
    let result = async {
        // The first page: the towns to sign in to, and the county office's sign-in.
        client.goto(&format!("{base}/")).await?;
        wait_for_text(&client, "main h1", "怀远县").await;
        shot(&client, "30-county-start").await;
        client.find(Locator::LinkText("县级机关登录")).await?.click().await?;
        submit_sign_in(&client, "纳丽", &password_in(&office, "na_li")).await?;
        wait_for_text(&client, "main h1", "全县总览").await;
        let table = wait_for_text(&client, "table.county", "龙溪镇").await;
        assert!(table.contains("红灯") && table.contains("未启动"), "{table}");
        shot(&client, "31-county-overview").await;
        // A town's pages, read as the county: the county's role, no buttons.
        client.find(Locator::LinkText("龙溪镇")).await?.click().await?;
        wait_for_text(&client, "main h1", "工作台").await;
        wait_for_text(&client, ".who", "县级督查").await;
        assert!(client.current_url().await?.path().starts_with(&format!("/towns/{longxi}/")));
        client.find(Locator::LinkText("任务清单")).await?.click().await?;
        wait_for_text(&client, "main h1", "任务清单").await;
        shot(&client, "32-county-town-tasks").await;
        client.find(Locator::LinkText("全县总览")).await?.click().await?;
        wait_for_text(&client, "main h1", "全县总览").await;
        client.find(Locator::LinkText("数据汇总")).await?.click().await?;
        wait_for_text(&client, "main h1", "数据汇总").await;
        client.goto(&format!("{base}/figures?year=2024")).await?;
        let figures = wait_for_text(&client, "table.figures", "全县合计").await;
        assert!(figures.contains("王团镇") && figures.contains("青山镇"), "{figures}");
        shot(&client, "33-county-figures").await;
        client.set_window_size(390, 844).await?;
        client.goto(&format!("{base}/")).await?;
        wait_for_text(&client, "main h1", "全县总览").await;
        fits_the_window(&client, "34-county-overview-phone").await;
        shot(&client, "34-county-overview-phone").await;
        client.set_window_size(1280, 1400).await?;
        // Signed out, then signed in to one town: the next town asks for its own sign-in.
        client.find(Locator::Css(".who button")).await?.click().await?;
        let wangtuan = fixture.folder("wangtuan");
        client.goto(&format!("{base}/towns/{wangtuan}/login")).await?;
        submit_sign_in(&client, "纳丽", &password_in(&wangtuan, "na_li")).await?;
        wait_for_text(&client, "main h1", "工作台").await;
        wait_for_text(&client, ".who", "管理员").await;
        client.goto(&format!("{base}/towns/{longxi}/tasks")).await?;
        wait_for_text(&client, "main h1", "龙溪镇人民政府").await;
        assert!(client.current_url().await?.path().ends_with(&format!("/towns/{longxi}/login")));
        Ok::<(), fantoccini::error::CmdError>(())
    }
    .await;
    finish(client, driver, stop, server, result).await;
}
