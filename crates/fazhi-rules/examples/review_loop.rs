//! Reviews one stock example dossier a given number of times, for profilers (`perf`,
//! `valgrind --tool=callgrind`): `cargo run --release -p fazhi-rules --example review_loop --
//! major_decision 10000`. The cost of one review is the difference between two counts.

use std::hint::black_box;
use std::path::Path;

use fazhi_core::Calendar;
use fazhi_rules::{Dossier, RulePack};

fn main() {
    let mut args = std::env::args().skip(1);
    let kind = args.next().unwrap_or_else(|| "major_decision".to_string());
    let count: u64 = args.next().and_then(|count| count.parse().ok()).unwrap_or(10_000);
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../rules/examples/{kind}.ron"));
    let pack = RulePack::stock().expect("the stock pack loads");
    let dossier = Dossier::load(&file).expect("the example dossier loads");
    let calendar = Calendar::stock();
    for _ in 0..count {
        black_box(pack.review(black_box(&dossier), &calendar).expect("the review runs"));
    }
}
