//! Loading cost: the loader plus the model (`load_slice` + `Thread::from_file`)
//! against a plain typed `serde_json` parse of the same bytes, on generated
//! threads of 1k, 10k and 100k posts. The run ends with a table of medians and
//! the ratio load+derive / plain parse at each size (the target is at most 2.5x
//! at 100k, the goal 2x). Results are written up in docs/performance.md.
//!
//! `open_state/*` measures opening with read state at 100k posts, all read:
//! load+derive, then reading the state file and resuming from it, then
//! capturing and saving it as quitting does; the two parts are timed in the
//! same iterations and the state's share is printed. The target is at most
//! 5% (`cargo bench --bench load -- open_state` runs just that).
//!
//! ```sh
//! CARGO_TARGET_DIR=... cargo bench --bench load
//! ```
//!
//! Threads come from the `gen-thread` crate and are cached under
//! `<target dir>/bench-data/`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use tread::format::{LoadOptions, ThreadFile, load_slice};
use tread::nav::{ReadMarks, RowPos};
use tread::state::{Identity, SavedThread, Store};
use tread::thread::{PostId, Thread};

// As the `tread` binary allocates.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// (label, posts, samples): few samples where one iteration takes seconds.
const SIZES: [(&str, usize, usize); 3] = [("1k", 1_000, 50), ("10k", 10_000, 20), ("100k", 100_000, 10)];

mod support;

/// The generated thread of `posts` posts, made once and kept.
fn thread_bytes(posts: usize) -> Vec<u8> {
    support::generated(posts, support::Generated::Json)
}

/// Every (iterations, time) pair one benchmark function was timed with; the
/// last `samples` of them are criterion's measurement samples (warm-up comes first).
#[derive(Default)]
struct Timings(Vec<(u64, Duration)>);

impl Timings {
    /// Median time per iteration over the measurement samples, as criterion computes it.
    fn median(&self, samples: usize) -> Option<Duration> {
        let last = &self.0[self.0.len().saturating_sub(samples)..];
        let mut per_iteration: Vec<Duration> =
            last.iter().map(|&(iters, time)| time / u32::try_from(iters).unwrap_or(u32::MAX)).collect();
        per_iteration.sort_unstable();
        let n = per_iteration.len();
        match n {
            0 => None,
            _ if n % 2 == 1 => Some(per_iteration[n / 2]),
            _ => Some((per_iteration[n / 2 - 1] + per_iteration[n / 2]) / 2),
        }
    }
}

/// Times `work` alone: what it returns is dropped outside the measurement.
fn timed<T>(iters: u64, timings: &mut Timings, mut work: impl FnMut() -> T) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let start = Instant::now();
        let out = black_box(work());
        total += start.elapsed();
        drop(out);
    }
    timings.0.push((iters, total));
    total
}

fn plain_parse(bytes: &[u8]) -> ThreadFile {
    serde_json::from_slice::<ThreadFile>(bytes).expect("generated threads parse")
}

fn load_and_derive(bytes: &[u8]) -> Thread {
    let loaded = load_slice(bytes, "bench.json", LoadOptions::default()).expect("generated threads load");
    Thread::from_file(loaded.file)
}

struct Row {
    label: &'static str,
    bytes: usize,
    plain: Option<Duration>,
    derived: Option<Duration>,
}

fn bench_size(criterion: &mut Criterion, label: &'static str, posts: usize, samples: usize) -> Row {
    let bytes = thread_bytes(posts);
    let (mut plain, mut derived) = (Timings::default(), Timings::default());
    let mut group = criterion.benchmark_group("load");
    group.throughput(Throughput::Bytes(bytes.len() as u64)).sample_size(samples);
    if posts >= 10_000 {
        group.sampling_mode(SamplingMode::Flat);
        group.measurement_time(Duration::from_secs(if posts >= 100_000 { 20 } else { 8 }));
    }
    group.bench_function(BenchmarkId::new("plain_parse", label), |b| {
        b.iter_custom(|iters| timed(iters, &mut plain, || plain_parse(black_box(&bytes))));
    });
    group.bench_function(BenchmarkId::new("load_derive", label), |b| {
        b.iter_custom(|iters| timed(iters, &mut derived, || load_and_derive(black_box(&bytes))));
    });
    group.finish();
    Row { label, bytes: bytes.len(), plain: plain.median(samples), derived: derived.median(samples) }
}

/// Read state as the viewer uses it on `thread`: read the file and resume
/// from it at opening, capture and save it at quit.
fn load_and_save_state(thread: &Thread, store: &Store) {
    let loaded = store.load(&Identity::of(thread));
    let resume = loaded.saved.expect("state was saved").resume(thread);
    let saved = SavedThread::capture(thread, None, &resume.marks, resume.position.expect("a position"));
    store.save(&saved).expect("state saves");
}

/// (load+derive, read state) medians at 100k posts, every one read. Both
/// are timed in the same iterations, one right after the other, so a
/// machine whose load changes during the run weighs on both alike.
fn bench_state(criterion: &mut Criterion) -> (Option<Duration>, Option<Duration>) {
    const POSTS: usize = 100_000;
    const SAMPLES: usize = 10;
    let bytes = thread_bytes(POSTS);
    let dir = tempfile::tempdir().expect("a temporary state directory");
    let store = Store::new(dir.path());
    let thread = load_and_derive(&bytes);
    let mut marks = ReadMarks::first_visit(thread.len());
    marks.mark_all_read();
    store
        .save(&SavedThread::capture(&thread, None, &marks, RowPos::start_of(PostId::new(0))))
        .expect("saves");
    drop(thread);
    let (mut opening, mut state) = (Timings::default(), Timings::default());
    let mut group = criterion.benchmark_group("open_state");
    group.sample_size(SAMPLES).sampling_mode(SamplingMode::Flat).measurement_time(Duration::from_secs(20));
    group.bench_function(BenchmarkId::new("load_derive_state", "100k"), |b| {
        b.iter_custom(|iters| {
            let (mut open_total, mut state_total) = (Duration::ZERO, Duration::ZERO);
            for _ in 0..iters {
                let start = Instant::now();
                let thread = black_box(load_and_derive(black_box(&bytes)));
                let opened = Instant::now();
                load_and_save_state(&thread, &store);
                let done = Instant::now();
                open_total += opened - start;
                state_total += done - opened;
                drop(thread);
            }
            opening.0.push((iters, open_total));
            state.0.push((iters, state_total));
            open_total + state_total
        });
    });
    group.finish();
    (opening.median(SAMPLES), state.median(SAMPLES))
}

fn millis(time: Option<Duration>) -> String {
    time.map_or_else(|| "-".to_owned(), |t| format!("{:.1} ms", t.as_secs_f64() * 1e3))
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    let rows: Vec<Row> = SIZES
        .iter()
        .map(|&(label, posts, samples)| bench_size(&mut criterion, label, posts, samples))
        .collect();
    let (without_state, with_state) = bench_state(&mut criterion);
    criterion.final_summary();

    println!("\nload+derive against a plain parse (medians):");
    println!("{:>6} {:>9} {:>13} {:>13} {:>7}", "posts", "file", "plain parse", "load+derive", "ratio");
    for row in rows {
        let ratio = match (row.plain, row.derived) {
            (Some(plain), Some(derived)) => format!("{:.2}x", derived.as_secs_f64() / plain.as_secs_f64()),
            _ => "-".to_owned(),
        };
        println!(
            "{:>6} {:>6.1} MB {:>13} {:>13} {:>7}",
            row.label,
            row.bytes as f64 / 1e6,
            millis(row.plain),
            millis(row.derived),
            ratio
        );
    }
    if let (Some(opening), Some(state)) = (without_state, with_state) {
        println!(
            "\nopening 100k posts, all read: load+derive {}, read state loaded and saved {}: +{:.1}% (target <= 5%)",
            millis(Some(opening)),
            millis(Some(state)),
            100.0 * state.as_secs_f64() / opening.as_secs_f64()
        );
    }
}
