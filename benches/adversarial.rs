//! Hostile quotes: quote inference on the two shapes that used to be
//! quadratic, at 1, 2, 4 and 8 MB. The run ends with a table of medians and
//! the time ratio per doubling (near-linear means at most 2.3).
//!
//! ```sh
//! CARGO_TARGET_DIR=... cargo bench --bench adversarial
//! ```
//!
//! - `long_quote`: one post of `a a a …`, then a quote without `of` of half
//!   as many words ending in `b`: its first words hit at every word of the post.
//! - `ellipsis_pieces`: one post of `x y x y …`, then a quote of as many
//!   `x y ...` pieces ending in `zzz`: every piece is found at once, from any start.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use tread::format::{LoadOptions, load_slice};
use tread::thread::Thread;

const MEGABYTES: [usize; 4] = [1, 2, 4, 8];

/// A named way to make about `n` bytes of hostile thread.
type Shape = (&'static str, fn(usize) -> Vec<u8>);

/// A thread of one post with `own` text and a later post quoting `quote`.
fn quoting_thread(own: &str, quote: &str) -> Vec<u8> {
    serde_json::json!({ "version": 1, "posts": [
        { "id": "1", "body": [own] },
        { "id": "2", "body": [{ "quote": quote }, "a reply"] },
    ] })
    .to_string()
    .into_bytes()
}

/// About `bytes` bytes of the `long_quote` shape (six bytes per quoted word).
fn long_quote(bytes: usize) -> Vec<u8> {
    let words = bytes / 6;
    quoting_thread(&"a ".repeat(2 * words), &format!("{}b", "a ".repeat(words)))
}

/// About `bytes` bytes of the `ellipsis_pieces` shape (sixteen bytes per piece).
fn ellipsis_pieces(bytes: usize) -> Vec<u8> {
    let pieces = bytes / 16;
    quoting_thread(&"x y ".repeat(2 * pieces), &format!("{}zzz", "x y ... ".repeat(pieces)))
}

fn load_and_derive(bytes: &[u8]) -> Thread {
    let loaded = load_slice(bytes, "bench.json", LoadOptions::default()).expect("crafted threads load");
    Thread::from_file(loaded.file)
}

/// Median time per iteration of the last `samples` timings (criterion's
/// measurement samples; warm-up comes first).
fn median(timings: &[(u64, Duration)], samples: usize) -> Duration {
    let mut per_iteration: Vec<Duration> = timings[timings.len().saturating_sub(samples)..]
        .iter()
        .map(|&(iters, time)| time / u32::try_from(iters).unwrap_or(u32::MAX))
        .collect();
    per_iteration.sort_unstable();
    let n = per_iteration.len();
    if n % 2 == 1 { per_iteration[n / 2] } else { (per_iteration[n / 2 - 1] + per_iteration[n / 2]) / 2 }
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    let samples = 10;
    let shapes: [Shape; 2] = [("long_quote", long_quote), ("ellipsis_pieces", ellipsis_pieces)];
    let mut table = Vec::new();
    for (name, make) in shapes {
        let mut group = criterion.benchmark_group(name);
        group.sample_size(samples).sampling_mode(SamplingMode::Flat).measurement_time(Duration::from_secs(3));
        let mut medians = Vec::new();
        for megabytes in MEGABYTES {
            let bytes = make(megabytes << 20);
            let mut timings = Vec::new();
            group.throughput(Throughput::Bytes(bytes.len() as u64));
            group.bench_function(BenchmarkId::from_parameter(format!("{megabytes}MB")), |b| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        let start = Instant::now();
                        let thread = black_box(load_and_derive(black_box(&bytes)));
                        total += start.elapsed();
                        drop(thread);
                    }
                    timings.push((iters, total));
                    total
                });
            });
            medians.push((megabytes, median(&timings, samples)));
        }
        group.finish();
        table.push((name, medians));
    }
    criterion.final_summary();

    println!("\nload+derive of hostile quotes (medians, ratio to the size before):");
    for (name, medians) in table {
        for (i, &(megabytes, time)) in medians.iter().enumerate() {
            let ratio = i.checked_sub(1).map_or_else(
                || "-".to_owned(),
                |before| format!("{:.2}x", time.as_secs_f64() / medians[before].1.as_secs_f64()),
            );
            println!("{name:>16} {megabytes:>2} MB {:>10.1} ms {ratio:>7}", time.as_secs_f64() * 1e3);
        }
    }
}
