use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// fazhi: the duty checklist, legality review, deadline reminders and year-end report of
/// rule-of-law government work (法治政府建设).
#[derive(Debug, Parser)]
#[command(name = "fazhi", version, about, max_term_width = 100)]
pub struct Cli {
    /// Run in DIR instead of finding the workspace from the current directory.
    #[arg(short = 'C', value_name = "DIR", global = true)]
    pub directory: Option<PathBuf>,
    /// Act as if today were DATE (YYYY-MM-DD, 09:00 in the workspace's time zone).
    #[arg(long, value_name = "DATE", global = true)]
    pub today: Option<String>,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// The language of what is printed: zh (Chinese, the default) or en (English); also from
    /// FAZHI_LANG or LANG.
    // Read before parsing, by `lang::detect`; declared here so that clap accepts and checks it.
    #[arg(long, value_name = "LANG", global = true, hide_possible_values = true, value_parser = ["zh", "en"])]
    pub lang: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new workspace in DIR from the template: `fazhi init --year 2025 --name 龙溪镇`.
    Init {
        /// The folder to create (may exist, but must not hold a workspace); default: the name.
        dir: Option<PathBuf>,
        /// The working year (default: this year).
        #[arg(long)]
        year: Option<i32>,
        /// The town or office, e.g. 龙溪镇 (the organisation becomes 龙溪镇人民政府).
        #[arg(long)]
        name: Option<String>,
    },
    /// Load and validate every file of the workspace; list all problems.
    Check,
    /// The 任务清单 from an Excel or CSV table (`import`), and back to Excel (`export`).
    #[command(subcommand)]
    Checklist(crate::commands::checklist::ChecklistCommand),
    /// The organisation: `fazhi org import 人员.xlsx` adds a staff list's units and people to org.ron.
    #[command(subcommand)]
    Org(crate::commands::org::OrgCommand),
    /// List tasks (duty occurrences), least time left first.
    Tasks(TasksArgs),
    /// Show or change one task.
    #[command(subcommand)]
    Task(TaskCommand),
    /// The append-only, hash-chained audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Ask the working-day calendar.
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// Plan today's deadline reminders and send each recipient one digest.
    Remind(crate::commands::remind::RemindArgs),
    /// Reminder mail not sent yet (queued, failed, given up); `--retry` sends it now.
    Outbox(crate::commands::outbox::OutboxArgs),
    /// Run the jobs of fazhi.ron on their schedule until stopped (Ctrl-C, SIGTERM or SIGHUP; Ctrl-Break on Windows).
    ///
    /// In a county's folder (one with county.ron): the jobs of every town and of the county office,
    /// and the county's web pages when county.ron declares `listen:`.
    Serve(crate::commands::serve::ServeArgs),
    /// Run one job of fazhi.ron now, for use from the system's cron.
    RunJob(crate::commands::serve::RunJobArgs),
    /// The jobs of fazhi.ron with their last run and next firing, and the recent runs.
    Jobs(crate::commands::jobs::JobsArgs),
    /// Review a dossier (legality review): each finding with its legal basis, and a verdict.
    Review(crate::commands::review::ReviewArgs),
    /// List the rule modules (plugins) and what each provides.
    Modules,
    /// The ledger (台账): typed records imported from CSV or XLSX, or added by hand.
    #[command(subcommand)]
    Ledger(crate::commands::ledger::LedgerCommand),
    /// The year-end report (法治政府建设年度报告) as Markdown, HTML or Word; `--check` checks
    /// its figures.
    Report(crate::commands::report::ReportArgs),
    /// Workflows: statutory procedures as gated steps, and their instances.
    #[command(subcommand)]
    Flow(crate::commands::flow::FlowCommand),
    /// Accounts of the web interface: `fazhi user passwd PERSON`.
    #[command(subcommand)]
    User(crate::commands::user::UserCommand),
    /// Copy the town's state, audit log included, to a county's PostgreSQL server:
    /// `fazhi migrate --to postgres://…`.
    Migrate(crate::commands::migrate::MigrateArgs),
    /// A county's office over its towns (county.ron): `fazhi county status`, `fazhi county report`.
    #[command(subcommand)]
    County(crate::commands::county::CountyCommand),
    /// Serve the web interface (工作台, 任务清单, 审计) until stopped (Ctrl-C, SIGTERM or SIGHUP; Ctrl-Break on Windows).
    ///
    /// In a county's folder (one with county.ron): every town under /towns/KEY/, the county office
    /// under /office/, and for the office's people the county's overview and figures.
    Web(crate::commands::web::WebArgs),
}

/// Filters for `fazhi tasks`. Filters combine: a task must match all of them.
#[derive(Debug, Args)]
pub struct TasksArgs {
    /// Only open tasks whose deadline has passed.
    #[arg(long)]
    pub overdue: bool,
    /// Only open tasks due within this long from today, overdue ones included (e.g. 7d, 2w).
    #[arg(long, value_name = "DURATION")]
    pub due_within: Option<String>,
    /// Only tasks of this unit (id or name).
    #[arg(long)]
    pub unit: Option<String>,
    /// Only tasks of this owner (id or name).
    #[arg(long)]
    pub owner: Option<String>,
    /// Only tasks of this module.
    #[arg(long)]
    pub module: Option<String>,
    /// Only tasks with this status: todo, doing, done, cancelled or overdue (repeatable).
    /// Without it, open tasks (todo and doing) are listed.
    #[arg(long, value_name = "STATUS")]
    pub status: Vec<String>,
    /// List tasks of every status.
    #[arg(long, conflicts_with = "status")]
    pub all: bool,
}

/// `fazhi task …`
#[derive(Debug, Subcommand)]
pub enum TaskCommand {
    /// Show a task: its duty, deadline, status and history.
    Show {
        /// The task id, e.g. xuefa-dangwei@2024-03.
        id: String,
    },
    /// Begin work on a task (todo → doing).
    Start(ChangeArgs),
    /// Mark a task done (todo or doing → done).
    Done(ChangeArgs),
    /// Cancel a task (todo or doing → cancelled).
    Cancel(ChangeArgs),
    /// Reopen a done or cancelled task (→ todo).
    Reopen(ChangeArgs),
    /// Write a task's evidence files out under the names they were handed in with.
    Evidence {
        /// The task id.
        id: String,
        /// The folder to write them into (made when missing; a file already there is never
        /// overwritten).
        #[arg(short = 'o', long = "output", value_name = "DIR", default_value = ".")]
        output: PathBuf,
    },
}

/// What a status change records.
#[derive(Debug, Args)]
pub struct ChangeArgs {
    /// The task id.
    pub id: String,
    /// A note kept with the change.
    #[arg(long)]
    pub note: Option<String>,
    /// A file kept as evidence (copied into the workspace's state, with its sha256).
    #[arg(long, value_name = "FILE")]
    pub evidence: Option<PathBuf>,
    /// Who makes the change (person id or name); default: the task's owner.
    #[arg(long, value_name = "PERSON")]
    pub by: Option<String>,
}

/// `fazhi audit …`
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Print the audit log, oldest first: each entry's effective time (as declared) and the
    /// time it was really recorded.
    Log,
    /// Recompute the hash chain, check the protecting triggers and rebuild task states from the
    /// entries; exit 1 and name every problem found.
    Verify {
        /// A head kept elsewhere (`SEQ:HASH`, from `fazhi audit head`): also prove the log still
        /// extends it.
        #[arg(long, value_name = "SEQ:HASH")]
        head: Option<String>,
    },
    /// Print the log's head (`SEQ:HASH`) to keep outside the workspace: print it, sign it.
    Head,
}

/// `fazhi calendar …`
#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// The date N days (or working days) after DATE; the start day is not counted.
    Add {
        /// The start date.
        date: String,
        /// How many days.
        days: u32,
        /// Count working days (工作日) instead of calendar days.
        #[arg(long)]
        working: bool,
    },
    /// The number of days (or working days) from FROM to TO, FROM itself not counted.
    Between {
        /// The first date (not counted).
        from: String,
        /// The last date.
        to: String,
        /// Count working days instead of calendar days.
        #[arg(long)]
        working: bool,
    },
    /// What kind of day DATE is: a working day, a weekend, a holiday or an adjusted working day.
    Day {
        /// The date.
        date: String,
    },
    /// Write every item's deadline to an iCalendar (.ics) file, with stable UIDs.
    Export(crate::commands::calendar_export::ExportArgs),
    /// Read the State Council's holiday notice (its text, as published) into the workspace's
    /// calendar.ron, replacing the provisional calendar of that year.
    Import {
        /// The notice as a UTF-8 text file (《国务院办公厅关于20XX年部分节假日安排的通知》).
        notice: std::path::PathBuf,
        /// The year the notice arranges, when its text does not say.
        #[arg(long)]
        year: Option<i32>,
        /// Print the year's entry; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}
