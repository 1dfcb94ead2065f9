//! Hostile quotes: quote inference on the two shapes that used to be
//! quadratic, at 1, 2, 4 and 8 MB. The run prints the median of each size and
//! the time ratio per doubling (near-linear means at most 2.3). The sizes are
//! timed in interleaved rounds: separate runs per size let the machine's slow
//! spells move a ratio by 20%.
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

use tread::format::{LoadOptions, load_slice};
use tread::thread::Thread;

// As the `tread` binary allocates.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const MEGABYTES: [usize; 4] = [1, 2, 4, 8];
/// Timed rounds, and untimed ones first to warm caches and the allocator.
const ROUNDS: usize = 41;
const WARM_UP_ROUNDS: usize = 3;

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

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}

/// Per-size times of `ROUNDS` rounds, each round timing every size once, so
/// that a slow spell of the machine falls on all sizes alike and the ratios
/// compare like with like.
fn interleaved_times(inputs: &[Vec<u8>]) -> Vec<Vec<Duration>> {
    let mut times = vec![Vec::with_capacity(ROUNDS); inputs.len()];
    for round in 0..WARM_UP_ROUNDS + ROUNDS {
        for (input, times) in inputs.iter().zip(&mut times) {
            let start = Instant::now();
            let thread = black_box(load_and_derive(black_box(input)));
            let elapsed = start.elapsed();
            drop(thread);
            if round >= WARM_UP_ROUNDS {
                times.push(elapsed);
            }
        }
    }
    times
}

fn main() {
    // `cargo bench --bench adversarial -- long` runs the shapes whose name holds "long".
    let filters: Vec<String> = std::env::args().skip(1).filter(|arg| !arg.starts_with("--")).collect();
    let shapes: [Shape; 2] = [("long_quote", long_quote), ("ellipsis_pieces", ellipsis_pieces)];
    println!(
        "load+derive of hostile quotes (medians of {ROUNDS} interleaved rounds, ratio to the size before):"
    );
    for (name, make) in shapes {
        if !filters.is_empty() && !filters.iter().any(|filter| name.contains(filter.as_str())) {
            continue;
        }
        let inputs: Vec<Vec<u8>> = MEGABYTES.iter().map(|&megabytes| make(megabytes << 20)).collect();
        let medians: Vec<Duration> = interleaved_times(&inputs).into_iter().map(median).collect();
        for (i, (megabytes, time)) in MEGABYTES.iter().zip(&medians).enumerate() {
            let ratio = i.checked_sub(1).map_or_else(
                || "-".to_owned(),
                |before| format!("{:.2}x", time.as_secs_f64() / medians[before].as_secs_f64()),
            );
            println!("{name:>16} {megabytes:>2} MB {:>10.1} ms {ratio:>7}", time.as_secs_f64() * 1e3);
        }
    }
}
