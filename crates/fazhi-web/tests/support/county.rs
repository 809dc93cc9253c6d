//! A county of three towns (copies of the example) and the county office's own workspace, on
//! SQLite, or on the PostgreSQL of `FAZHI_TEST_DATABASE_URL` when it is set and the feature
//! `postgres` is on (each town in a schema of its own, named after its folder: the folders are
//! named for this run).

use std::path::Path;

use fazhi_app::{Access, County, Session, SessionOptions};
use fazhi_core::{Item, Status};
use fazhi_web::CountySite;

use super::{copy_dir, repo};

/// The towns' names, and their folders' names before this run's suffix.
pub const TOWNS: &[(&str, &str)] = &[("王团镇", "wangtuan"), ("龙溪镇", "longxi"), ("青山镇", "qingshan")];

/// The county folder and the site on it.
pub struct CountyFixture {
    dir: tempfile::TempDir,
    suffix: String,
    /// The county's server.
    pub site: CountySite,
}

/// The password of `person` in the town (or office) whose folder is named `folder`: the same
/// person has another password in every workspace.
pub fn password_in(folder: &str, person: &str) -> String {
    format!("{person}-{folder}-secret")
}

impl CountyFixture {
    /// The county, every town's state made and its people's passwords set.
    pub fn new() -> CountyFixture {
        let dir = tempfile::tempdir().expect("temporary folder");
        let suffix = format!("{}_{}", std::process::id(), chrono::Utc::now().timestamp_subsec_nanos());
        let example = repo().join("examples/wangtuan-2024");
        let mut towns = String::new();
        for (name, folder) in TOWNS {
            let folder = format!("{folder}_{suffix}");
            copy_dir(&example, &dir.path().join(&folder));
            let _ = std::fs::remove_dir_all(dir.path().join(&folder).join(".fazhi"));
            let config = dir.path().join(&folder).join("fazhi.ron");
            let text = std::fs::read_to_string(&config).unwrap().replace("王团镇人民政府", &format!("{name}人民政府"));
            std::fs::write(&config, text).unwrap();
            towns.push_str(&format!("        (name: \"{name}\", folder: \"{folder}\"),\n"));
        }
        let office = format!("xianban_{suffix}");
        copy_dir(&example, &dir.path().join(&office));
        let _ = std::fs::remove_dir_all(dir.path().join(&office).join(".fazhi"));
        let config = dir.path().join(&office).join("fazhi.ron");
        let text = std::fs::read_to_string(&config).unwrap().replace("王团镇人民政府", "怀远县司法局");
        std::fs::write(&config, text).unwrap();
        // (A fazhi-web built without the feature `postgres` keeps the county on SQLite.)
        let database = match std::env::var("FAZHI_TEST_DATABASE_URL") {
            Ok(url) if !url.is_empty() && cfg!(feature = "postgres") => format!("    database: \"{url}\",\n"),
            _ => String::new(),
        };
        let county = format!(
            "(\n    county: \"怀远县\",\n    towns: [\n{towns}    ],\n    office: \"{office}\",\n{database})\n"
        );
        std::fs::write(dir.path().join("county.ron"), county).unwrap();
        let fixture =
            CountyFixture { site: CountySite::open(dir.path(), &SessionOptions::default()).unwrap(), dir, suffix };
        for folder in fixture.folders() {
            let mut session = fixture.open(&folder, Access::Write);
            for person in super::PEOPLE {
                session.set_password(person, &password_in(&folder, person), Some("test")).expect("set a password");
            }
        }
        fixture
    }

    /// The county's folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The folder (and key) of the town named `base` (e.g. `wangtuan`) in this run.
    pub fn folder(&self, base: &str) -> String {
        format!("{base}_{}", self.suffix)
    }

    /// Every workspace's folder: the towns', then the office's.
    pub fn folders(&self) -> Vec<String> {
        let mut folders: Vec<String> = TOWNS.iter().map(|(_, folder)| self.folder(folder)).collect();
        folders.push(self.folder("xianban"));
        folders
    }

    /// The workspace in `folder`, opened as the county opens it.
    pub fn open(&self, folder: &str, access: Access) -> Session {
        let county = County::discover(self.root(), &SessionOptions::default()).unwrap();
        Session::open(&self.root().join(folder), &county.session_options(access)).unwrap()
    }

    /// The open checklist tasks of the town in `folder`.
    pub fn open_tasks(&self, folder: &str) -> Vec<Item> {
        let session = self.open(folder, Access::Read);
        session.duty_items().unwrap().into_iter().filter(|item| item.status == Status::Todo).collect()
    }

    /// The audit log's head (sequence number) of the workspace in `folder`.
    pub fn audit_seq(&self, folder: &str) -> i64 {
        self.open(folder, Access::Read).store().audit_head().unwrap().seq
    }
}
