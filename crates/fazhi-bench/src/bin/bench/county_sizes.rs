//! The sizes of the county group at each scale.

/// The sizes of the group at one scale.
pub(super) struct CountySizes {
    /// Towns generated and loaded.
    pub(super) towns: usize,
    /// The towns `county status` and `county report` are measured over (the first N).
    pub(super) series: &'static [usize],
    /// Tasks of each town.
    pub(super) tasks: usize,
    /// Ledger rows of each town.
    pub(super) ledger_rows: usize,
    /// Runs of `county status`, of `county report`, of one town's `tasks --overdue`.
    pub(super) status_runs: usize,
    pub(super) report_runs: usize,
    pub(super) overdue_runs: usize,
    /// Reminders queued for the daemons to deliver.
    pub(super) messages: usize,
    /// `fazhi serve` daemons on the PostgreSQL state (one on SQLite).
    pub(super) daemons: usize,
}

pub(super) const FULL: CountySizes = CountySizes {
    towns: 1_000,
    series: &[100, 1_000],
    tasks: 1_000,
    ledger_rows: 10_000,
    status_runs: 5,
    report_runs: 3,
    overdue_runs: 5,
    messages: 100_000,
    daemons: 3,
};

pub(super) const TINY: CountySizes = CountySizes {
    towns: 3,
    series: &[3],
    tasks: 10,
    ledger_rows: 100,
    status_runs: 2,
    report_runs: 1,
    overdue_runs: 2,
    messages: 200,
    daemons: 3,
};
