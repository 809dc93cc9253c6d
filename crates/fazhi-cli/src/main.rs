//! `fazhi`, the command-line tool: parses arguments, calls the libraries, prints.

#[macro_use]
mod terminal;

// `tr!`, the English or the Chinese text of a message, for every module.
#[macro_use]
extern crate fazhi_core;

mod chinese_help;
mod cli;
mod cli_error;
mod commands;
mod context;
mod exit_code;
mod lang;
mod shutdown_signal;
mod table;

use clap::{CommandFactory, FromArgMatches};

use cli::{Cli, Command};
pub use cli_error::CliError;
pub use context::Context;

/// mimalloc instead of the system's allocator: loading a province's workspace allocates millions
/// of small strings, which it does in about two thirds of the time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    quiet_on_closed_pipe();
    keep_heap_top_for_sqlite();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = lang::detect(&args);
    lang.set();
    let command = match lang {
        fazhi_core::Lang::Zh => chinese_help::localize(Cli::command()),
        fazhi_core::Lang::En => Cli::command(),
    };
    let cli = Cli::from_arg_matches(&command.get_matches_from(args)).unwrap_or_else(|err| err.exit());
    let code = match run(&cli) {
        Ok(()) => exit_code::SUCCESS,
        Err(err) => {
            report(&err, cli.json);
            err.exit_code()
        }
    };
    std::process::exit(code);
}

/// SQLite allocates its page cache through the C library's `malloc`, not the Rust allocator,
/// page by page (4 KiB and a header) as pages are read and let go. glibc gives memory at the top
/// of its heap back to the system once more than 128 KiB of it is free, keeping only its "top
/// pad", by default 128 KiB too: applying a long history (the first open of a million tasks)
/// then took memory back from the system and gave it back again millions of times, each time
/// a zeroed page and a page fault (2.9 million faults, 3–4 s of kernel time). A top pad of
/// 1 MiB keeps that much when it trims: 146,000 faults for the same open. The process holds at
/// most 1 MiB more for it.
fn keep_heap_top_for_sqlite() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a parameter of the C library's allocator; M_TOP_PAD takes a
    // byte count. (Setting it also stops glibc from raising its mmap and trim thresholds by
    // itself: they stay at 128 KiB.)
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 1 << 20);
    }
}

/// `fazhi tasks | head` closes the pipe early: end quietly as Unix tools do (killed by SIGPIPE,
/// which the shell does not report) instead of panicking in `println!` with exit 101. Rust
/// ignores SIGPIPE by default; this restores the default action.
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread is started; SIG_DFL is a valid
    // action for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn run(cli: &Cli) -> Result<(), CliError> {
    let context = Context::new(cli)?;
    match &cli.command {
        Command::Init { dir, year, name } => commands::init::run(&context, dir.as_deref(), *year, name.as_deref()),
        Command::Check => commands::check::run(&context),
        Command::Checklist(command) => commands::checklist::run(&context, command),
        Command::Org(command) => commands::org::run(&context, command),
        Command::Tasks(args) => commands::tasks::run(&context, args),
        Command::Task(command) => commands::task::run(&context, command),
        Command::Audit(command) => commands::audit::run(&context, command),
        Command::Calendar(command) => commands::calendar::run(&context, command),
        Command::Remind(args) => commands::remind::run(&context, args),
        Command::Outbox(args) => commands::outbox::run(&context, args),
        Command::Serve(args) => commands::serve::run(&context, args),
        Command::RunJob(args) => commands::serve::run_job(&context, args),
        Command::Jobs(args) => commands::jobs::run(&context, args),
        Command::Flow(command) => commands::flow::run(&context, command),
        Command::Review(args) => commands::review::run(&context, args),
        Command::Modules => commands::modules::run(&context),
        Command::Ledger(command) => commands::ledger::run(&context, command),
        Command::Report(args) => commands::report::run(&context, args),
        Command::User(command) => commands::user::run(&context, command),
        Command::Migrate(args) => commands::migrate::run(&context, args),
        Command::County(command) => commands::county::run(&context, command),
        Command::Web(args) => commands::web::run(&context, args),
    }
}

/// Prints an error on stderr (and, for `--json`, the problems as JSON on stdout).
fn report(err: &CliError, json: bool) {
    if let CliError::Invalid(diagnostics) = err {
        if json {
            let value = serde_json::json!({ "ok": false, "problems": diagnostics });
            out!("{}", serde_json::to_string_pretty(&value).unwrap_or_default());
        }
        for diagnostic in diagnostics {
            err!("{}{diagnostic}", lang::error());
        }
        err!("{}", tr!("error: found {} problem(s)", "错误：发现 {} 个问题", diagnostics.len()));
        return;
    }
    // A failed check has printed its own JSON result; anything else prints the error as JSON.
    if json && !matches!(err, CliError::Failed(_)) {
        let value = serde_json::json!({ "ok": false, "error": err.to_string(), "exit_code": err.exit_code() });
        out!("{}", serde_json::to_string_pretty(&value).unwrap_or_default());
    }
    match err {
        CliError::Internal(inner) => err!("{}{inner:#}", tr!("internal error: ", "内部错误：")),
        other => err!("{}{other}", lang::error()),
    }
}
