//! Development tools for fazhi's benchmarks (not a user command): a generator of synthetic
//! workspaces at provincial scale (`gen-workspace`) and the benchmark runner (`bench`), which
//! times the release `fazhi` binary as a user would run it, side by side with Taskwarrior.
//!
//! Everything generated is deterministic for a seed.

#![warn(missing_docs)]

mod bench_error;
pub mod checklist_gen;
pub mod county_gen;
mod generate;
pub mod history_gen;
pub mod inprocess;
pub mod instances_gen;
pub mod ledger_gen;
mod load_figures;
mod mail_backlog;
mod mail_counts;
pub mod measure;
pub mod names;
pub mod org_gen;
mod postgres_server;
mod random;
mod spec;
mod state_backend;
pub mod taskwarrior;
pub mod web_load;

pub use bench_error::BenchError;
pub use generate::{generate, Generated};
pub use load_figures::LoadFigures;
pub use mail_backlog::MailBacklog;
pub use mail_counts::MailCounts;
pub use postgres_server::PostgresServer;
pub use random::Random;
pub use spec::WorkspaceSpec;
pub use state_backend::StateBackend;
