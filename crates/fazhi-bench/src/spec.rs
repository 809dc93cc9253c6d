use std::path::PathBuf;

use chrono::NaiveDate;

/// What to generate: sizes, the seed and the dates that shape the statuses.
#[derive(Debug, Clone)]
pub struct WorkspaceSpec {
    /// How many tasks the checklist gives (`fazhi tasks --all` lists them, plus the open steps of
    /// the instances): one-off duties count one, recurring duties one per occurrence.
    pub tasks: usize,
    /// Ledger rows, spread over every stock ledger kind (files in `ledger/`, not declared in
    /// `fazhi.ron`).
    pub ledger_rows: usize,
    /// Workflow instances recorded in `fazhi.ron` (with their dossiers in `decisions/`).
    pub instances: usize,
    /// The seed: the same seed and sizes give the same files, byte for byte.
    pub seed: u64,
    /// The working year (2024 or 2025: every deadline stays in the shipped calendar).
    pub year: i32,
    /// The day the history runs up to: duties due before it are mostly done, some overdue.
    pub today: NaiveDate,
    /// Add one scheduled job that fires only in 2099 (for measuring an idle daemon).
    pub idle_job: bool,
    /// Add the scheduled job `reminders` firing on this cron schedule (e.g. `* * * * * *`,
    /// every second, for a daemon that delivers queued mail at once); takes precedence over
    /// `idle_job`.
    pub reminders_cron: Option<String>,
    /// More fields of `fazhi.ron`, each written as it is (e.g. `schema: "town_1"`).
    pub config_fields: Vec<String>,
    /// Also write the tasks in Taskwarrior's import format to this file.
    pub taskwarrior: Option<PathBuf>,
    /// Shift the Taskwarrior due dates by this many days (so that Taskwarrior, which knows only
    /// the real clock, sees `today` as the real date).
    pub taskwarrior_shift_days: i64,
}

impl WorkspaceSpec {
    /// A spec with `tasks` tasks and nothing else, for `year`, "today" on 15 October.
    pub fn new(tasks: usize, seed: u64, year: i32) -> WorkspaceSpec {
        WorkspaceSpec {
            tasks,
            ledger_rows: 0,
            instances: 0,
            seed,
            year,
            today: NaiveDate::from_ymd_opt(year, 10, 15).expect("15 October exists"),
            idle_job: false,
            reminders_cron: None,
            config_fields: Vec::new(),
            taskwarrior: None,
            taskwarrior_shift_days: 0,
        }
    }
}
