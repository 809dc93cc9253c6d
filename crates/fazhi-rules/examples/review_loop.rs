//! Reviews one stock example dossier a given number of times, for profilers (`perf`,
//! `valgrind --tool=callgrind`): `cargo run --release -p fazhi-rules --example review_loop --
//! major_decision 10000 [RULES-DIR]`, where RULES-DIR is a workspace's `rules/` folder whose
//! modules add to or replace the stock ones. The cost of one review is the difference between
//! two counts.

use std::hint::black_box;
use std::path::Path;

use fazhi_core::Calendar;
use fazhi_rules::{Dossier, RulePack};

// The allocator of the `fazhi` binary, so that the counts are those of real reviews.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let kind = args.next().unwrap_or_else(|| "major_decision".to_string());
    let count: u64 = args.next().and_then(|count| count.parse().ok()).unwrap_or(10_000);
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../rules/examples/{kind}.ron"));
    let rules = args.next().map(std::path::PathBuf::from);
    let pack = RulePack::load(rules.as_deref()).expect("the rule pack loads");
    let dossier = Dossier::load(&file).expect("the example dossier loads");
    let calendar = Calendar::stock();
    for _ in 0..count {
        black_box(pack.review(black_box(&dossier), &calendar).expect("the review runs"));
    }
}
