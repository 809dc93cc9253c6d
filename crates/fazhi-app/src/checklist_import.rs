use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use fazhi_core::{
    checklist_ron, derive_id, org_ron_with, parse_date, Deadline, DeadlinePhrase, Diagnostic, Duty, Event, IdStyle,
    LedgerRecord, LedgerValue, Person, SourceFile, Unit, Workspace,
};
use fazhi_ledger::{LedgerError, ReadOptions, Table};
use serde::Serialize;

use crate::checklist_table::{self as columns, ChecklistTable};
use crate::AppError;

/// How to read a 任务清单 for `fazhi checklist import`.
#[derive(Debug, Clone, Default)]
pub struct ChecklistImportOptions {
    /// The checklist's name: it is written to `checklist/NAME.ron` (default: the file's name).
    pub name: Option<String>,
    /// The sheet of a workbook (default: the first) and `--map HEADER=FIELD` pairs.
    pub read: ReadOptions,
    /// Add units and people the table names that org.ron does not have (with derived ids).
    pub add_missing: bool,
    /// Leave out the rows with a problem (each reported) instead of writing nothing.
    pub skip_bad: bool,
    /// The module of duties without a 所属模块 cell (default `general`).
    pub module: Option<String>,
    /// The year of the checklist (default: fazhi.ron's), where `3月底` and `年底前` fall.
    pub year: Option<i32>,
    /// Replace `checklist/NAME.ron` if it exists.
    pub replace: bool,
}

/// A 任务清单 read from Excel or CSV for a workspace (`fazhi checklist import`): every cell
/// checked, units and people resolved by name against org.ron, deadlines read from the phrases
/// towns write, ids derived; ready to be written.
#[derive(Debug, Serialize)]
pub struct ChecklistImport {
    /// `checklist/NAME.ron` in the workspace.
    pub target: PathBuf,
    /// Its new text.
    #[serde(skip)]
    pub text: String,
    /// The duties read.
    pub duties: Vec<Duty>,
    /// The events the deadlines count from that the checklist declares (without a date yet).
    pub events: Vec<Event>,
    /// The rows left out (with `skip_bad`): every problem found in them.
    pub skipped: Vec<Diagnostic>,
    /// Units added to org.ron (with `add_missing`).
    pub added_units: Vec<Unit>,
    /// People added to org.ron (with `add_missing`).
    pub added_people: Vec<Person>,
    /// org.ron's new text, if anything is added to it.
    #[serde(skip)]
    pub org_text: Option<String>,
}

/// One row while it is read.
struct Row<'r> {
    record: &'r LedgerRecord,
    id: String,
    title: String,
    unit: String,
    cooperating: Vec<String>,
    owner: String,
    phrase: Option<(DeadlinePhrase, String)>,
    problems: Vec<Diagnostic>,
}

impl ChecklistImport {
    /// Reads the table at `path` (named `shown` in problems) for `workspace`. Every cell that
    /// cannot be read is a problem at its row and column (`FILE:ROW:COLUMN`, the cell named as
    /// in a spreadsheet, `E3`); with any problem, nothing is to be written unless
    /// `options.skip_bad` leaves those rows out.
    ///
    /// # Errors
    ///
    /// [`AppError::Invalid`] with every problem; [`AppError::BadInput`] if the file cannot be
    /// read or the target exists.
    pub fn read(
        workspace: &Workspace,
        path: &Path,
        shown: &Path,
        options: &ChecklistImportOptions,
    ) -> Result<ChecklistImport, AppError> {
        let name = match &options.name {
            Some(name) => name.clone(),
            None => {
                let stem = path.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
                derive_id(&stem, IdStyle::Title, "checklist", &|_| false)
            }
        };
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            return Err(AppError::bad_input(format!(
                "--name \"{name}\": a checklist's name may only have ASCII letters, digits, '-' and '_'"
            )));
        }
        let relative = PathBuf::from("checklist").join(format!("{name}.ron"));
        let target = workspace.root.join(&relative);
        if target.exists() && !options.replace {
            return Err(AppError::bad_input(format!(
                "{} exists: give another --name, or --replace to write it anew",
                relative.display()
            )));
        }
        let replaced_events = if target.exists() { events_of(&workspace.root, &relative)? } else { Vec::new() };
        let kind = ChecklistTable::kind();
        let table = fazhi_ledger::read_table(path, shown, &kind, &options.read).map_err(|err| match err {
            LedgerError::Invalid { problems } => AppError::Invalid { problems },
            other => AppError::bad_input(other.to_string()),
        })?;
        if table.records.is_empty() {
            return Err(AppError::Invalid {
                problems: vec![Diagnostic {
                    file: shown.to_path_buf(),
                    line: 1,
                    column: 1,
                    message: fazhi_core::tr!("the table has no task under its header", "表头下面没有任务"),
                }],
            });
        }
        let year = options.year.unwrap_or(workspace.config.year);
        let module = options.module.clone().unwrap_or_else(|| "general".to_string());
        let mut reader = Reader {
            workspace,
            table: &table,
            shown,
            options,
            new_units: Vec::new(),
            new_people: Vec::new(),
            events: Vec::new(),
            replaced_events,
        };
        // Ids of duties elsewhere in the workspace (the file replaced aside) are taken.
        let mut taken: HashSet<String> =
            workspace.duties.iter().filter(|duty| duty.file != relative).map(|duty| duty.id.clone()).collect();
        let mut rows: Vec<Row> = table.records.iter().map(|record| reader.row(record, year, &mut taken)).collect();

        // Deadlines counted from another task of the table are resolved by its title, among
        // the rows kept: a row left out takes those counting from it along.
        let mut duties: Vec<Duty> = Vec::new();
        loop {
            let kept: HashMap<&str, &Row> =
                rows.iter().filter(|row| row.problems.is_empty()).map(|row| (row.title.as_str(), row)).collect();
            let mut resolved = Vec::new();
            let mut failed = Vec::new();
            for (index, row) in rows.iter().enumerate().filter(|(_, row)| row.problems.is_empty()) {
                match reader.deadline(row, &kept) {
                    Ok(deadline) => resolved.push((index, deadline)),
                    Err(problem) => failed.push((index, problem)),
                }
            }
            if failed.is_empty() {
                reader.events.retain(|event| {
                    resolved.iter().any(|(_, deadline)| match deadline {
                        Deadline::AfterEvent { event: id, .. } | Deadline::BeforeEvent { event: id, .. } => {
                            *id == event.id
                        }
                        _ => false,
                    })
                });
                for (index, deadline) in resolved {
                    let row = &rows[index];
                    duties.push(reader.duty(row, deadline, &module, year, &relative));
                }
                break;
            }
            for (index, problem) in failed {
                rows[index].problems.push(problem);
            }
        }
        let problems: Vec<Diagnostic> = rows.iter().flat_map(|row| row.problems.iter().cloned()).collect();
        if !problems.is_empty() && !options.skip_bad {
            return Err(AppError::Invalid { problems });
        }
        // Only what a kept duty names is added to org.ron.
        let used_units: HashSet<&str> = duties
            .iter()
            .flat_map(|duty| std::iter::once(&duty.unit).chain(&duty.cooperating))
            .map(String::as_str)
            .collect();
        let used_people: HashSet<&str> = duties.iter().map(|duty| duty.owner.as_str()).collect();
        let added_people: Vec<Person> =
            reader.new_people.iter().filter(|person| used_people.contains(person.id.as_str())).cloned().collect();
        let added_units: Vec<Unit> = reader
            .new_units
            .iter()
            .filter(|unit| {
                used_units.contains(unit.id.as_str()) || added_people.iter().any(|person| person.unit == unit.id)
            })
            .cloned()
            .collect();
        let org_text = if added_units.is_empty() && added_people.is_empty() {
            None
        } else {
            let org = SourceFile::read_in(&workspace.root, Path::new("org.ron"))
                .map_err(|problem| AppError::Invalid { problems: vec![problem] })?;
            Some(org_ron_with(&org.text, &added_units, &added_people).ok_or_else(|| {
                AppError::bad_input("cannot find the lists `units: [...]` and `people: [...]` in org.ron")
            })?)
        };
        let comment = format!(
            "{}年任务清单，由 `fazhi checklist import` 从 {} 导入。",
            year,
            shown.file_name().map_or_else(|| shown.display().to_string(), |file| file.to_string_lossy().into_owned())
        );
        let text = checklist_ron(&comment, year, &reader.events, &duties);
        Ok(ChecklistImport {
            target,
            text,
            duties,
            events: reader.events,
            skipped: problems,
            added_units,
            added_people,
            org_text,
        })
    }

    /// Writes org.ron (if units or people are added) and the checklist, each through a
    /// temporary file and a rename, then loads the workspace: should it not load (a duty id
    /// another file has since, say), both files are put back as they were and the problems are
    /// the error.
    pub fn write(&self) -> Result<(), AppError> {
        let root = self.target.parent().and_then(Path::parent).unwrap_or(Path::new(".")).to_path_buf();
        let org_path = root.join("org.ron");
        let old_org = std::fs::read(&org_path).ok();
        let old_target = std::fs::read(&self.target).ok();
        let restore = || {
            if let Some(old) = &old_org {
                let _ = crate::write_whole(&org_path, old);
            }
            match &old_target {
                Some(old) => {
                    let _ = crate::write_whole(&self.target, old);
                }
                None => {
                    let _ = std::fs::remove_file(&self.target);
                }
            }
        };
        if let Some(folder) = self.target.parent() {
            std::fs::create_dir_all(folder)
                .map_err(|err| AppError::bad_input(format!("cannot create {}: {err}", folder.display())))?;
        }
        let written = (|| {
            if let Some(org) = &self.org_text {
                crate::write_whole(&org_path, org.as_bytes())?;
            }
            crate::write_whole(&self.target, self.text.as_bytes())?;
            Workspace::load(&root).map(|_| ()).map_err(AppError::from)
        })();
        if written.is_err() {
            restore();
        }
        written
    }
}

/// What the rows need while they are read.
struct Reader<'a> {
    workspace: &'a Workspace,
    table: &'a Table,
    shown: &'a Path,
    options: &'a ChecklistImportOptions,
    new_units: Vec<Unit>,
    new_people: Vec<Person>,
    events: Vec<Event>,
    /// The events of the checklist file replaced: declared again (with their dates) when used.
    replaced_events: Vec<Event>,
}

/// Names in one cell: `党政办、司法所`.
fn names(text: &str) -> Vec<String> {
    text.split(['、', '，', ',', '；', ';', '/', '\n', ' ', '　'])
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .collect()
}

impl Reader<'_> {
    fn text(&self, record: &LedgerRecord, id: &str) -> Option<String> {
        match record.values.get(ChecklistTable::index(id))? {
            Some(LedgerValue::Text(text)) => Some(text.trim().to_string()).filter(|text| !text.is_empty()),
            _ => None,
        }
    }

    fn problem(&self, record: &LedgerRecord, id: &str, message: String) -> Diagnostic {
        let index = ChecklistTable::index(id);
        let label = columns::COLUMNS[index].1;
        Diagnostic {
            file: self.shown.to_path_buf(),
            line: record.row,
            column: self.table.column(index),
            message: {
                let cell = self.table.cell_name(index, record.row);
                fazhi_core::tr!("{cell} {label}: {message}", "{cell} {label}：{message}")
            },
        }
    }

    /// The unit named `name`: from org.ron, or added with `add_missing`.
    fn unit(&mut self, name: &str) -> Result<String, String> {
        if let Some(unit) = self.workspace.org.unit(name) {
            return Ok(unit.id.clone());
        }
        if let Some(unit) = self.new_units.iter().find(|unit| unit.name == name) {
            return Ok(unit.id.clone());
        }
        if !self.options.add_missing {
            let known: Vec<&str> = self.workspace.org.units.iter().map(|unit| unit.name.as_str()).collect();
            let known = known.join("、");
            return Err(fazhi_core::tr!(
                "unknown unit \"{name}\": org.ron has no unit of that name (its units: {known}); add it to org.ron, or \
                 import again with --add-missing",
                "没有单位“{name}”：org.ron 中没有这个名称的单位（现有：{known}）；请加入 org.ron，或加 --add-missing 重新导入"
            ));
        }
        let (org, added) = (&self.workspace.org, &self.new_units);
        let id = derive_id(name, IdStyle::Unit, "unit", &|id| {
            org.units.iter().any(|unit| unit.id == id) || added.iter().any(|unit| unit.id == id)
        });
        self.new_units.push(Unit { id: id.clone(), name: name.to_string(), leader: None });
        Ok(id)
    }

    /// The person named `name` (in `unit` if added): from org.ron, or added with `add_missing`.
    fn person(&mut self, name: &str, unit: &str) -> Result<String, String> {
        if let Some(person) = self.workspace.org.person(name) {
            return Ok(person.id.clone());
        }
        if let Some(person) = self.new_people.iter().find(|person| person.name == name) {
            return Ok(person.id.clone());
        }
        if !self.options.add_missing {
            return Err(fazhi_core::tr!(
                "unknown person \"{name}\": org.ron has nobody of that name; add them to org.ron (or `fazhi org \
                 import`), or import again with --add-missing",
                "没有人员“{name}”：org.ron 中没有这个姓名的人；请加入 org.ron（或用 `fazhi org import`），或加 --add-missing 重新导入"
            ));
        }
        let (org, added) = (&self.workspace.org, &self.new_people);
        let id = derive_id(name, IdStyle::Person, "person", &|id| {
            org.people.iter().any(|person| person.id == id) || added.iter().any(|person| person.id == id)
        });
        self.new_people.push(Person {
            id: id.clone(),
            name: name.to_string(),
            unit: unit.to_string(),
            email: String::new(),
            mobile: None,
            roles: Vec::new(),
            certificate: None,
        });
        Ok(id)
    }

    /// The row's own cells read: everything but a deadline counted from another row.
    fn row<'r>(&mut self, record: &'r LedgerRecord, year: i32, taken: &mut HashSet<String>) -> Row<'r> {
        let mut problems = Vec::new();
        let title = self.text(record, columns::TITLE).unwrap_or_default();
        if title.is_empty() {
            problems.push(self.problem(
                record,
                columns::TITLE,
                fazhi_core::tr!("a task is required", "须填写工作任务"),
            ));
        }
        let id = match self.text(record, columns::ID) {
            Some(id) if !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') => {
                problems.push(self.problem(
                    record,
                    columns::ID,
                    fazhi_core::tr!(
                        "\"{id}\" is not an id: use ASCII letters, digits, '-' and '_', or leave it empty",
                        "“{id}”不能作编号：请用半角字母、数字、'-' 和 '_'，或留空"
                    ),
                ));
                String::new()
            }
            Some(id) if taken.contains(&id) => {
                problems.push(self.problem(
                    record,
                    columns::ID,
                    fazhi_core::tr!("the id \"{id}\" is used twice", "编号“{id}”用了两次"),
                ));
                String::new()
            }
            Some(id) => id,
            None => derive_id(&title, IdStyle::Title, "renwu", &|id| taken.contains(id)),
        };
        taken.insert(id.clone());
        let mut unit = String::new();
        let mut cooperating = Vec::new();
        let unit_names = self.text(record, columns::UNIT).map(|text| names(&text)).unwrap_or_default();
        if unit_names.is_empty() {
            problems.push(self.problem(
                record,
                columns::UNIT,
                fazhi_core::tr!("a responsible unit is required", "须填写责任单位"),
            ));
        }
        for (k, name) in unit_names.iter().enumerate() {
            match self.unit(name) {
                Ok(found) if k == 0 => unit = found,
                Ok(found) => cooperating.push(found),
                Err(message) => problems.push(self.problem(record, columns::UNIT, message)),
            }
        }
        for name in self.text(record, columns::COOPERATING).map(|text| names(&text)).unwrap_or_default() {
            match self.unit(&name) {
                Ok(found) if !cooperating.contains(&found) && found != unit => cooperating.push(found),
                Ok(_) => {}
                Err(message) => problems.push(self.problem(record, columns::COOPERATING, message)),
            }
        }
        let owner_names = self.text(record, columns::OWNER).map(|text| names(&text)).unwrap_or_default();
        let owner = match owner_names.as_slice() {
            [] => match self.workspace.org.unit(&unit).and_then(|unit| unit.leader.clone()) {
                Some(leader) => leader,
                None if unit.is_empty() => String::new(),
                None => {
                    problems.push(self.problem(
                        record,
                        columns::OWNER,
                        fazhi_core::tr!(
                            "an owner is required (the unit has no leader in org.ron to take it)",
                            "须填写责任人（org.ron 中这个单位没有负责人可以承担）"
                        ),
                    ));
                    String::new()
                }
            },
            [name] => self.person(name, &unit).unwrap_or_else(|message| {
                problems.push(self.problem(record, columns::OWNER, message));
                String::new()
            }),
            several => {
                problems.push(self.problem(record, columns::OWNER, {
                    let (count, named) = (several.len(), several.join("、"));
                    fazhi_core::tr!(
                        "one person owns a task, this cell names {count} ({named}): name the others' units as 配合单位",
                        "一项任务只有一位责任人，这一格写了 {count} 位（{named}）：其他人的单位请写在配合单位"
                    )
                }));
                String::new()
            }
        };
        let phrase = match self.text(record, columns::DEADLINE) {
            None => {
                problems.push(self.problem(
                    record,
                    columns::DEADLINE,
                    fazhi_core::tr!("a deadline is required", "须填写完成时限"),
                ));
                None
            }
            Some(text) => match DeadlinePhrase::parse(&text, year) {
                Ok(phrase) => Some((phrase, text)),
                Err(message) => {
                    problems.push(self.problem(record, columns::DEADLINE, message));
                    None
                }
            },
        };
        for field in [columns::FROM, columns::UNTIL] {
            if let Some(text) = self.text(record, field) {
                if let Err(message) = parse_date(&text) {
                    problems.push(self.problem(record, field, message));
                }
            }
        }
        if let Some(module) = self.text(record, columns::MODULE) {
            if !module.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
                problems.push(self.problem(
                    record,
                    columns::MODULE,
                    format!("\"{module}\" is not a module id: use ASCII letters, digits, '-' and '_'"),
                ));
            }
        }
        Row { record, id, title, unit, cooperating, owner, phrase, problems }
    }

    /// The row's deadline, counted from another kept row by its title, or from an event.
    fn deadline(&mut self, row: &Row, kept: &HashMap<&str, &Row>) -> Result<Deadline, Diagnostic> {
        let Some((phrase, text)) = &row.phrase else { unreachable!("a row without a deadline has a problem") };
        let duty_named = |what: &str| {
            let title = what.strip_suffix("完成").unwrap_or(what);
            kept.get(title).map(|other| (other.id.clone(), other.phrase.as_ref().map(|(phrase, _)| phrase)))
        };
        let (what, after) = match phrase {
            DeadlinePhrase::Fixed(deadline) => return Ok(deadline.clone()),
            DeadlinePhrase::After { what, days, counting } => {
                if let Some((duty, other)) = duty_named(what) {
                    if duty == row.id {
                        return Err(self.problem(
                            row.record,
                            columns::DEADLINE,
                            format!("\"{text}\" counts from the task itself"),
                        ));
                    }
                    if matches!(other, Some(DeadlinePhrase::Fixed(Deadline::Every(_)))) {
                        return Err(self.problem(
                            row.record,
                            columns::DEADLINE,
                            format!("\"{text}\" counts from a task that recurs: name a task done once, or an event"),
                        ));
                    }
                    return Ok(Deadline::AfterDuty { duty, days: *days, counting: *counting });
                }
                (what, Some((*days, *counting)))
            }
            DeadlinePhrase::Before { what, .. } => (what, None),
        };
        let event = self.event(what);
        Ok(match (phrase, after) {
            (_, Some((days, counting))) => Deadline::AfterEvent { event, days, counting },
            (DeadlinePhrase::Before { days, .. }, None) => Deadline::BeforeEvent { event, days: *days },
            _ => unreachable!("a fixed deadline returned above"),
        })
    }

    /// The id of the event named `name`: the workspace's, or one this checklist declares.
    fn event(&mut self, name: &str) -> String {
        if let Some(event) = self.events.iter().find(|event| event.name == name) {
            return event.id.clone();
        }
        if let Some(event) = self.replaced_events.iter().find(|event| event.name == name || event.id == name) {
            self.events.push(event.clone());
            return event.id.clone();
        }
        if let Some(event) = self.workspace.events.iter().find(|event| event.name == name || event.id == name) {
            return event.id.clone();
        }
        if let Some(event) = self.events.iter().find(|event| event.name == name) {
            return event.id.clone();
        }
        let (workspace, events) = (&self.workspace.events, &self.events);
        let id = derive_id(name, IdStyle::Title, "event", &|id| {
            workspace.iter().any(|event| event.id == id) || events.iter().any(|event| event.id == id)
        });
        self.events.push(Event { id: id.clone(), name: name.to_string(), date: None });
        id
    }

    fn duty(&self, row: &Row, deadline: Deadline, module: &str, year: i32, file: &Path) -> Duty {
        let record = row.record;
        let detail = [self.text(record, columns::DETAIL), self.text(record, columns::NOTE)]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("；");
        let date = |field| self.text(record, field).and_then(|text| parse_date(&text).ok());
        Duty {
            id: row.id.clone(),
            title: row.title.clone(),
            module: self.text(record, columns::MODULE).unwrap_or_else(|| module.to_string()),
            unit: row.unit.clone(),
            owner: row.owner.clone(),
            cooperating: row.cooperating.clone(),
            deadline,
            basis: self.text(record, columns::BASIS),
            detail: Some(detail).filter(|detail| !detail.is_empty()),
            year,
            from: date(columns::FROM),
            until: date(columns::UNTIL),
            file: file.to_path_buf(),
        }
    }
}

/// The events the checklist file `relative` declares (about to be replaced).
fn events_of(root: &Path, relative: &Path) -> Result<Vec<Event>, AppError> {
    #[derive(serde::Deserialize)]
    struct Events {
        #[serde(default)]
        events: Vec<EventLine>,
    }
    #[derive(serde::Deserialize)]
    struct EventLine {
        id: String,
        name: String,
        #[serde(default)]
        date: Option<String>,
    }
    let source =
        SourceFile::read_in(root, relative).map_err(|problem| AppError::Invalid { problems: vec![problem] })?;
    let file: Events = source.parse_ron().map_err(|problem| AppError::Invalid { problems: vec![problem] })?;
    Ok(file
        .events
        .into_iter()
        .map(|event| Event { id: event.id, name: event.name, date: event.date.and_then(|date| parse_date(&date).ok()) })
        .collect())
}
