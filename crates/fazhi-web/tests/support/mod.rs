//! A copy of the example workspace with passwords set, and the web app on it.

#![allow(dead_code)]

pub mod client;
pub mod county;

use std::path::{Path, PathBuf};

use fazhi_app::{Session, SessionOptions};
use fazhi_web::WebApp;

/// The example copied into a temporary folder, its state made, passwords set.
pub struct Site {
    dir: tempfile::TempDir,
    /// The app on it.
    pub app: WebApp,
}

/// Every person with a password, and the password (their id twice).
pub const PEOPLE: &[&str] = &["na_li", "li_jing", "zhang_peng", "jin_tao", "hai_yan", "ma_jun"];

/// The password of `person` on the test site.
pub fn password(person: &str) -> String {
    format!("{person}-{person}")
}

impl Site {
    /// The example with `extra` added to its `web` section (e.g. `read_only_roles: […]`).
    pub fn new(extra: &str) -> Site {
        Site::on(extra, None)
    }

    /// [`Site::new`], its pages judging deadlines on `today` when given (the real clock otherwise).
    pub fn on(extra: &str, today: Option<chrono::NaiveDate>) -> Site {
        let dir = tempfile::tempdir().expect("temporary folder");
        copy_dir(&repo().join("examples/wangtuan-2024"), dir.path());
        let _ = std::fs::remove_dir_all(dir.path().join(".fazhi"));
        if !extra.is_empty() {
            let path = dir.path().join("fazhi.ron");
            let text = std::fs::read_to_string(&path).unwrap();
            let text = text.replace(
                "web: (admin_units: [\"dangzhengban\"]",
                &format!("web: (admin_units: [\"dangzhengban\"], {extra}"),
            );
            std::fs::write(&path, text).unwrap();
        }
        let mut session = Session::open(dir.path(), &SessionOptions::default()).expect("open the example");
        for person in PEOPLE {
            session.set_password(person, &password(person), Some("test")).expect("set a password");
        }
        drop(session);
        let options = SessionOptions { today, ..SessionOptions::default() };
        let app = WebApp::open(dir.path(), &options).expect("open the web app");
        Site { dir, app }
    }

    /// The workspace root.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }
}

/// The repository's root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
