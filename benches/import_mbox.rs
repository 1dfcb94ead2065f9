//! mbox import time on generated threads of 1k, 10k and 100k posts, and the
//! scaling claim: 10x the posts costs at most 12x the time.
//!
//! Then `tread FILE` on the 100k-message mbox to the first screen (open:
//! read, detect, import; the model without quote inference; the first frame)
//! against a floor measured in the same run: reading the file, cutting it
//! into messages and parsing every message's headers and body with
//! mail-parser alone. The goal is at most 2x the floor, and a peak resident
//! set of at most 3x the file; peaks are measured in child processes (this
//! benchmark run again with `TREAD_BENCH_PEAK`), one each for the floor and
//! the first screen.
//!
//! The mboxes come from the `gen-thread` crate through benches/support
//! and are cached in `<target>/bench-data/`. After the runs, the medians are
//! read back from criterion's estimates and the ratios printed.
//!
//! ```sh
//! cargo bench --bench import_mbox
//! ```

use std::hint::black_box;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tread::app::App;
use tread::import::{ImportOptions, mbox};
use tread::open::{self, OpenOptions};
use tread::partial::PartialThread;
use tread::thread::Order;

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];
const GROUP: &str = "import_mbox";

mod support;

// As the `tread` binary allocates.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn thread_mbox(posts: usize) -> Vec<u8> {
    support::generated(posts, support::Generated::Mbox)
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group(GROUP);
    for posts in SIZES {
        let input = thread_mbox(posts);
        let imported = mbox::import(&input, &ImportOptions::default()).expect("generated mbox imports");
        assert_eq!(imported.file.posts.len(), posts);
        group.throughput(Throughput::Bytes(input.len() as u64));
        if posts >= 100_000 {
            group
                .sample_size(10)
                .warm_up_time(Duration::from_secs(1))
                .measurement_time(Duration::from_secs(20));
        } else {
            group
                .sample_size(10)
                .warm_up_time(Duration::from_secs(1))
                .measurement_time(Duration::from_secs(5));
        }
        group.bench_with_input(BenchmarkId::from_parameter(posts), &input, |b, input| {
            b.iter(|| mbox::import(input, &ImportOptions::default()).unwrap());
        });
    }
    group.finish();
}

const OPEN_POSTS: usize = 100_000;
const OPEN_GROUP: &str = "open_mbox_100k";

/// The 100k-message mbox as a file, since `tread FILE` reads a file.
fn open_input() -> PathBuf {
    let path = support::target_dir().join("bench-data").join(format!("open-{OPEN_POSTS}.mbox"));
    if !path.exists() {
        let bytes = thread_mbox(OPEN_POSTS);
        let partial = path.with_extension("partial");
        std::fs::write(&partial, bytes).expect("write bench input");
        std::fs::rename(&partial, &path).expect("cache bench input");
    }
    path
}

/// The floor: the file read, cut into messages and every message parsed
/// (headers, MIME structure, decoded body) by mail-parser alone.
fn floor(path: &Path) -> usize {
    let bytes = std::fs::read(path).expect("read");
    let parser = mail_parser::MessageParser::default();
    let mut parsed = 0;
    for message in mail_parser::mailbox::mbox::MessageIterator::new(&bytes[..]) {
        let message = message.expect("in memory");
        if let Some(parsed_message) = parser.parse(message.contents()) {
            black_box(parsed_message.body_text(0));
            parsed += 1;
        }
    }
    parsed
}

/// How `tread FILE` opens mail in a terminal: headers threaded, bodies
/// left for later.
fn open_partial(path: &Path) -> PartialThread {
    let options = OpenOptions { defer_bodies: true, ..OpenOptions::default() };
    let opened = open::open(&[path.to_owned()], &options).expect("opens");
    PartialThread::new(opened.file, opened.mail.expect("mail leaves its bodies for later"))
}

/// What `tread FILE` does before the reader sees anything: open (read,
/// detect, thread the headers), the model with the bodies on screen read,
/// the first frame. The rest of the bodies and quote inference follow
/// beside the reader.
fn first_screen(path: &Path) -> App {
    let partial = open_partial(path);
    let mut app = App::new(partial.opening_model(), Order::Thread, 120, 40);
    partial.show_in(&mut app);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    terminal.draw(|frame| app.draw(frame)).expect("draw");
    app
}

fn bench_open(c: &mut Criterion) {
    let path = open_input();
    assert_eq!(floor(&path), OPEN_POSTS);
    assert_eq!(first_screen(&path).thread().len(), OPEN_POSTS);
    let mut group = c.benchmark_group(OPEN_GROUP);
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(30));
    group.bench_function("floor_mail_parser", |b| b.iter(|| floor(&path)));
    // The reader sees the first screen before anything is freed.
    group.bench_function("first_screen", |b| b.iter_with_large_drop(|| first_screen(&path)));
    group.finish();
}

/// The first screen phase by phase, on standard error: wall and CPU time,
/// and the peak resident set after each (a profiling aid for the peak run).
/// Prints on standard output the peak at the first frame, then the peak at
/// the end.
fn phases(path: &Path) {
    let mut last = (std::time::Instant::now(), cpu_seconds());
    let mut report = |phase: &str| {
        let now = (std::time::Instant::now(), cpu_seconds());
        let peak = status_bytes("VmHWM:").unwrap_or(0) as f64 / 1e6;
        let resident = status_bytes("VmRSS:").unwrap_or(0) as f64 / 1e6;
        eprintln!(
            "  {phase:<16} {:>6.0} ms wall {:>6.0} ms cpu, resident {resident:>3.0} MB, peak so far {peak:.0} MB",
            (now.0 - last.0).as_secs_f64() * 1e3,
            (now.1 - last.1) * 1e3
        );
        last = now;
    };
    let partial = open_partial(path);
    report("open (headers)");
    let mut app = App::new(partial.opening_model(), Order::Thread, 120, 40);
    report("opening model");
    partial.show_in(&mut app);
    report("bodies on screen");
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    terminal.draw(|frame| app.draw(frame)).expect("draw");
    report("first frame");
    println!("{}", peak_bytes().unwrap_or(0));
    // What follows beside the reader, for the whole run's peak.
    let whole = app.take_bodies_job().expect("bodies pending")();
    report("other bodies");
    app.take_bodies(whole);
    let attribution = app.attribution_job().expect("inference pending")();
    app.finish_attribution(attribution);
    report("inference");
    black_box(app);
}

/// User plus system CPU time of this process, in seconds (Linux).
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return 0.0 };
    let Some((_, rest)) = stat.rsplit_once(')') else { return 0.0 };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
    (ticks(11) + ticks(12)) as f64 / 100.0
}

/// Peak resident set of this process (`VmHWM`, Linux), in bytes.
fn peak_bytes() -> Option<u64> {
    status_bytes("VmHWM:")
}

/// A size from `/proc/self/status` (`VmHWM:`, `VmRSS:`), in bytes.
fn status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: u64 = line[field.len()..].trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kib * 1024)
}

/// Runs this benchmark again to do one `what` alone and report its peaks
/// (the first screen's, then the whole run's; the floor has one).
fn peaks_of(what: &str, path: &Path) -> Vec<u64> {
    let output = Command::new(std::env::current_exe().expect("this benchmark"))
        .env("TREAD_BENCH_PEAK", what)
        .env("TREAD_BENCH_PEAK_FILE", path)
        .output()
        .map(|output| output.stdout)
        .unwrap_or_default();
    String::from_utf8_lossy(&output).lines().filter_map(|line| line.trim().parse().ok()).collect()
}

/// Median of one run, in seconds, from criterion's estimates file.
fn median_seconds(posts: usize) -> Option<f64> {
    estimate_seconds(GROUP, &posts.to_string())
}

fn estimate_seconds(group: &str, function: &str) -> Option<f64> {
    let path = support::target_dir().join("criterion").join(group).join(function).join("new/estimates.json");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
    Some(json["median"]["point_estimate"].as_f64()? / 1e9)
}

fn report() {
    let medians: Vec<Option<f64>> = SIZES.iter().map(|&n| median_seconds(n)).collect();
    for (posts, median) in SIZES.iter().zip(&medians) {
        if let Some(median) = median {
            println!("median {posts:>7} posts: {:.1} ms", median * 1e3);
        }
    }
    for pair in [0, 1] {
        if let (Some(small), Some(large)) = (medians[pair], medians[pair + 1]) {
            let ratio = large / small;
            let verdict = if ratio <= 12.0 { "within" } else { "BEYOND" };
            println!("ratio {}/{}: {ratio:.2}x ({verdict} the 12x claim)", SIZES[pair + 1], SIZES[pair]);
        }
    }
    let path = open_input();
    let size = std::fs::metadata(&path).map_or(0, |m| m.len());
    println!("tread FILE on the {OPEN_POSTS}-message mbox ({:.0} MB):", size as f64 / 1e6);
    let floor = estimate_seconds(OPEN_GROUP, "floor_mail_parser");
    let first = estimate_seconds(OPEN_GROUP, "first_screen");
    if let (Some(floor), Some(first)) = (floor, first) {
        let ratio = first / floor;
        let verdict = if ratio <= 2.0 { "within" } else { "BEYOND" };
        println!("  floor (split + mail-parser): {:.0} ms", floor * 1e3);
        println!("  first screen:                {:.0} ms", first * 1e3);
        println!("  ratio: {ratio:.2}x ({verdict} the 2x goal)");
    }
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    println!("  cores available: {cores}");
    // The peak of `tread FILE` at its first screen, and over the whole
    // opening: every other body and quote inference follow beside the reader.
    let floor_peak = peaks_of("floor", &path);
    let open_peaks = peaks_of("first-screen", &path);
    let labelled = [
        ("floor", floor_peak.first()),
        ("tread FILE to the first screen", open_peaks.first()),
        ("tread FILE through inference", open_peaks.get(1)),
    ];
    for (label, peak) in labelled {
        if let Some(&peak) = peak {
            let ratio = peak as f64 / size as f64;
            let verdict = if label == "floor" || ratio <= 3.0 { "" } else { " (BEYOND the 3x goal)" };
            println!("  peak memory, {label}: {:.0} MB, {ratio:.2}x the file{verdict}", peak as f64 / 1e6);
        }
    }
}

fn main() {
    if let (Some(what), Some(path)) =
        (std::env::var_os("TREAD_BENCH_PEAK"), std::env::var_os("TREAD_BENCH_PEAK_FILE"))
    {
        let path = PathBuf::from(path);
        if what == "floor" {
            black_box(floor(&path));
        } else {
            phases(&path);
        }
        let mut out = io::stdout().lock();
        let _ = writeln!(out, "{}", peak_bytes().unwrap_or(0));
        return;
    }
    let mut criterion = Criterion::default().configure_from_args();
    bench(&mut criterion);
    bench_open(&mut criterion);
    criterion.final_summary();
    report();
}
