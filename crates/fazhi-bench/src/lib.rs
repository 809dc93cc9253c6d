//! Development tools for fazhi's benchmarks (not a user command): a generator of synthetic
//! workspaces at provincial scale (`gen-workspace`) and the benchmark runner (`bench`), which
//! times the release `fazhi` binary as a user would run it, side by side with Taskwarrior.
//!
//! Everything generated is deterministic for a seed.

#![warn(missing_docs)]

mod bench_error;
pub mod checklist_gen;
mod generate;
pub mod history_gen;
pub mod inprocess;
pub mod instances_gen;
pub mod ledger_gen;
mod load_figures;
pub mod measure;
pub mod names;
pub mod org_gen;
mod random;
mod spec;
pub mod taskwarrior;
pub mod web_load;

pub use bench_error::BenchError;
pub use generate::{generate, Generated};
pub use load_figures::LoadFigures;
pub use random::Random;
pub use spec::WorkspaceSpec;
