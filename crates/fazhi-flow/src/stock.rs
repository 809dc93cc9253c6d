//! The stock workflows, built into the library from `workflows/` (see `build.rs`).

include!(concat!(env!("OUT_DIR"), "/stock_workflows.rs"));
