//! Reviews per second of the stock rule pack on a realistic major-decision dossier, on one
//! thread. Run with `cargo bench -p fazhi-rules` (release mode); prints its figures.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use fazhi_core::Calendar;
use fazhi_rules::{Dossier, RulePack};

fn main() {
    let started = Instant::now();
    let pack = RulePack::load(None).expect("the stock rule pack loads");
    let loaded = started.elapsed();
    let calendar = Calendar::stock();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules/examples");

    println!("stock rule pack loaded and compiled in {:.1} ms", loaded.as_secs_f64() * 1000.0);
    for (name, file) in [
        ("major decision", "major_decision.ron"),
        ("major contract", "major_contract.ron"),
        ("enforcement decision", "major_enforcement_decision.ron"),
    ] {
        let dossier = Dossier::load(&examples.join(file)).expect("the example dossier loads");
        let rules = pack.review(&dossier, &calendar).expect("the example reviews").rules_run;
        for _ in 0..1_000 {
            black_box(pack.review(black_box(&dossier), &calendar).expect("review"));
        }
        let cpu_before = thread_cpu_time();
        let (reviews, elapsed) = measure(|| {
            black_box(pack.review(black_box(&dossier), &calendar).expect("review"));
        });
        let cpu = thread_cpu_time().zip(cpu_before).map(|(after, before)| after - before);
        let per_second = reviews as f64 / elapsed.as_secs_f64();
        let micros = elapsed.as_secs_f64() * 1e6 / reviews as f64;
        print!("{name:<21} {rules:>2} rules: {per_second:>7.0} reviews/s ({micros:.1} µs per review, {reviews} reviews, one thread)");
        match cpu {
            // On a busy machine the wall clock counts time the thread waited for a core.
            Some(cpu) => println!("; on-CPU: {:.0} reviews/s", reviews as f64 / cpu.as_secs_f64()),
            None => println!(),
        }
    }
}

/// The time this thread has spent on a CPU (Linux), to tell the engine's speed from the
/// machine's load.
fn thread_cpu_time() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok().map(Duration::from_nanos)
}

/// Runs `f` repeatedly for about two seconds; returns the count and the time taken.
fn measure(mut f: impl FnMut()) -> (u64, Duration) {
    let started = Instant::now();
    let mut count = 0;
    while started.elapsed() < Duration::from_secs(2) {
        for _ in 0..100 {
            f();
        }
        count += 100;
    }
    (count, started.elapsed())
}
