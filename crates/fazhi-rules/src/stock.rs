//! The stock rule pack, embedded at build time from the repository's `rules/` folder (see
//! `build.rs`).

include!(concat!(env!("OUT_DIR"), "/stock_rules.rs"));
