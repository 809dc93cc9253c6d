//! `gen-workspace`: writes a synthetic fazhi workspace, deterministic for a seed.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Parser;
use fazhi_bench::{generate, WorkspaceSpec};

/// Writes a complete synthetic fazhi workspace (fazhi.ron, org.ron, checklist, history,
/// workflow instances, ledger CSVs): the same seed and sizes give the same files.
#[derive(Parser)]
#[command(name = "gen-workspace")]
struct Args {
    /// The folder to write (created if needed).
    #[arg(long)]
    out: PathBuf,
    /// How many tasks the checklist expands into (one-off duties plus every occurrence of the
    /// recurring ones).
    #[arg(long, default_value_t = 1000)]
    duties: usize,
    /// Ledger rows, spread over every stock ledger kind, written to ledger/KIND.csv (not declared
    /// in fazhi.ron: import them with `fazhi ledger import KIND FILE`).
    #[arg(long, default_value_t = 0)]
    ledger_rows: usize,
    /// Workflow instances recorded in fazhi.ron, with their dossiers in decisions/.
    #[arg(long, default_value_t = 0)]
    instances: usize,
    /// The seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The working year (2024 or 2025).
    #[arg(long, default_value_t = 2024)]
    year: i32,
    /// The day the generated history runs up to (default: 15 October of the year); use the same
    /// date as `fazhi --today`.
    #[arg(long)]
    today: Option<NaiveDate>,
    /// Add one scheduled job that only fires in 2099 (an idle `fazhi serve`).
    #[arg(long)]
    idle_job: bool,
    /// Also write the tasks in Taskwarrior's JSON import format to FILE.
    #[arg(long, value_name = "FILE")]
    taskwarrior: Option<PathBuf>,
    /// Move the Taskwarrior dates so that `--today` falls on this date (for Taskwarrior, which
    /// only knows the real clock: pass today's date to compare overdue counts).
    #[arg(long, value_name = "DATE", requires = "taskwarrior")]
    taskwarrior_today: Option<NaiveDate>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let mut spec = WorkspaceSpec::new(args.duties, args.seed, args.year);
    spec.ledger_rows = args.ledger_rows;
    spec.instances = args.instances;
    if let Some(today) = args.today {
        spec.today = today;
    }
    spec.idle_job = args.idle_job;
    spec.taskwarrior = args.taskwarrior;
    spec.taskwarrior_shift_days = args.taskwarrior_today.map_or(0, |real| (real - spec.today).num_days());
    match generate(&spec, &args.out) {
        Ok(done) => {
            eprintln!(
                "{}: {} towns, {} units, {} people; {} duties → {} tasks; {} status changes; {} instances; {} ledger rows",
                args.out.display(),
                done.towns,
                done.units,
                done.people,
                done.duties,
                done.tasks,
                done.changes,
                done.instances,
                done.ledger.iter().map(|(_, _, rows)| rows).sum::<usize>()
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("gen-workspace: {err}");
            ExitCode::from(2)
        }
    }
}
