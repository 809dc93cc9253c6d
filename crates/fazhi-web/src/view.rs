use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use axum::body::Bytes;
use chrono_tz::Tz;
use fazhi_app::{Session, TaskBoard};
use fazhi_core::{Calendar, Org, Person, Unit};

use crate::{labels, Mount, OptionList};

/// What the pages that only read show, read once and shared by every request until the
/// state changes: the tasks (a [`TaskBoard`]), the organisation with its people and units
/// found by id, the modules' names, and what is worked out from them once per view (the
/// dashboard of a year). It is replaced as a whole — never changed — when the audit log's
/// head or the day is no longer the board's ([`crate::WebApp`] checks on every request).
pub struct View {
    board: TaskBoard,
    mount: Mount,
    org: Org,
    people: HashMap<String, usize>,
    units: HashMap<String, usize>,
    organisation: String,
    time_zone: Tz,
    calendar: Calendar,
    module_names: HashMap<String, String>,
    duty_modules: Vec<String>,
    unit_options: OptionList,
    owner_options: OptionList,
    dashboards: Mutex<HashMap<i32, Arc<OnceLock<Bytes>>>>,
}

impl View {
    /// The view of `board`, read by `session`, for pages at `mount`.
    pub fn new(session: &Session, board: TaskBoard, mount: Mount) -> View {
        let workspace = session.workspace();
        let org = workspace.org.clone();
        let people = org.people.iter().enumerate().map(|(i, person)| (person.id.clone(), i)).collect();
        let units = org.units.iter().enumerate().map(|(i, unit)| (unit.id.clone(), i)).collect();
        let duty_modules: BTreeSet<&str> = workspace.duties.iter().map(|duty| duty.module.as_str()).collect();
        let every_module = duty_modules.iter().copied().chain(board.items().iter().map(|item| item.module.as_str()));
        let module_names =
            every_module.map(|id| (id.to_string(), labels::module(session.pack(), id))).collect::<HashMap<_, _>>();
        let unit_options = OptionList::new(org.units.iter().map(|unit| (unit.id.as_str(), unit.name.as_str())));
        let owner_options = OptionList::new(org.people.iter().map(|person| (person.id.as_str(), person.name.as_str())));
        View {
            unit_options,
            owner_options,
            org,
            people,
            units,
            organisation: workspace.config.organisation.clone(),
            time_zone: workspace.config.time_zone,
            calendar: workspace.calendar.clone(),
            module_names,
            duty_modules: duty_modules.into_iter().map(str::to_string).collect(),
            dashboards: Mutex::new(HashMap::new()),
            mount,
            board,
        }
    }

    /// The path `path` of the pages this view is for ([`Mount::link`]).
    pub fn link(&self, path: &str) -> String {
        self.mount.link(path)
    }

    /// The tasks.
    pub fn board(&self) -> &TaskBoard {
        &self.board
    }

    /// The working-day calendar (how far overdue a task is, in working days).
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// The organisation (`org.ron`).
    pub fn org(&self) -> &Org {
        &self.org
    }

    /// The person with `id`, or whose name is `id` (as [`Org::person`]).
    pub fn person(&self, id: &str) -> Option<&Person> {
        match self.people.get(id) {
            Some(&i) => self.org.people.get(i),
            None => self.org.person(id),
        }
    }

    /// The person whose id is `id`.
    pub fn person_by_id(&self, id: &str) -> Option<&Person> {
        self.people.get(id).and_then(|&i| self.org.people.get(i))
    }

    /// The unit with `id`, or whose name is `id` (as [`Org::unit`]).
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        match self.units.get(id) {
            Some(&i) => self.org.units.get(i),
            None => self.org.unit(id),
        }
    }

    /// The organisation's name (`fazhi.ron`).
    pub fn organisation(&self) -> &str {
        &self.organisation
    }

    /// The workspace's time zone.
    pub fn time_zone(&self) -> Tz {
        self.time_zone
    }

    /// A module's name as the pages show it ([`labels::module`]).
    pub fn module_name(&self, id: &str) -> String {
        self.module_names.get(id).cloned().unwrap_or_else(|| id.to_string())
    }

    /// The units as the options of a filter.
    pub fn unit_options(&self) -> &OptionList {
        &self.unit_options
    }

    /// The people as the options of a filter.
    pub fn owner_options(&self) -> &OptionList {
        &self.owner_options
    }

    /// The modules of the checklists' duties, by id.
    pub fn duty_modules(&self) -> &[String] {
        &self.duty_modules
    }

    /// The dashboard's body for `year` as HTML, made by `make` once per view (and sent from
    /// here, not copied): the requests that ask for it meanwhile wait for it rather than make
    /// it too.
    pub fn dashboard(&self, year: i32, make: impl FnOnce(&View) -> String) -> Bytes {
        let cell =
            self.dashboards.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).entry(year).or_default().clone();
        cell.get_or_init(|| Bytes::from(make(self))).clone()
    }
}
