//! Peak memory of loading a thread, against the size of its file.
//!
//! ```sh
//! cargo run --release --example load_peak -- FILE           # load + derive (what `tread` does)
//! cargo run --release --example load_peak -- --plain FILE   # a plain serde_json parse, for comparison
//! ```
//!
//! Prints the peak resident set (`VmHWM` of /proc/self/status, Linux only)
//! after each phase, with the wall and CPU time of the phase, and the peak over the
//! file size at the end.

use std::hint::black_box;
use std::time::Instant;

use tread::format::{LoadOptions, ThreadFile, load_slice};
use tread::thread::Thread;

/// A `Vm…:` line of /proc/self/status, in bytes.
fn status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: u64 = line[field.len()..].trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kib * 1024)
}

/// User plus system CPU time of this process, in seconds (/proc/self/stat,
/// clock ticks of 1/100 s). On a busy machine this is steadier than wall time.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return 0.0 };
    // Fields after the command name (which may hold spaces) start at field 3.
    let Some((_, rest)) = stat.rsplit_once(')') else { return 0.0 };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
    // utime and stime are fields 14 and 15: indexes 11 and 12 after the name.
    (ticks(11) + ticks(12)) as f64 / 100.0
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// When a phase started: wall clock and CPU time.
struct Start(Instant, f64);

fn phase_start() -> Start {
    Start(Instant::now(), cpu_seconds())
}

fn report(phase: &str, start: &Start) {
    let peak = status_bytes("VmHWM:").unwrap_or(0);
    let now = status_bytes("VmRSS:").unwrap_or(0);
    println!(
        "{phase:<12} {:>8.0} ms wall {:>8.0} ms cpu   peak {:>7.1} MB   now {:>7.1} MB",
        start.0.elapsed().as_secs_f64() * 1e3,
        (cpu_seconds() - start.1) * 1e3,
        mb(peak),
        mb(now)
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (plain, path) = match args.as_slice() {
        [flag, path] if flag == "--plain" => (true, path),
        [path] => (false, path),
        _ => {
            eprintln!("usage: load_peak [--plain] FILE");
            std::process::exit(2);
        }
    };
    let baseline = status_bytes("VmRSS:").unwrap_or(0);
    println!("{:<12} {:>29}   peak {:>7.1} MB", "start", "", mb(status_bytes("VmHWM:").unwrap_or(0)));

    let start = phase_start();
    let bytes = std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("load_peak: {path}: {e}");
        std::process::exit(1);
    });
    let file_size = bytes.len() as u64;
    report("read", &start);

    let start = phase_start();
    if plain {
        let file: ThreadFile = serde_json::from_slice(&bytes).expect("the file parses");
        report("plain parse", &start);
        drop(bytes);
        black_box(&file);
    } else {
        let loaded = load_slice(&bytes, path, LoadOptions::default()).unwrap_or_else(|e| {
            eprintln!("load_peak: {e}");
            std::process::exit(1);
        });
        report("load_slice", &start);
        // `load_path` drops the bytes here, before the model is built.
        drop(bytes);
        let start = phase_start();
        let thread = Thread::from_file(loaded.file);
        report("from_file", &start);
        black_box(&thread);
    }

    let peak = status_bytes("VmHWM:").unwrap_or(0);
    println!("file size    {:>8.1} MB", mb(file_size));
    println!("peak RSS     {:>8.1} MB (VmHWM; {:.1} MB before reading)", mb(peak), mb(baseline));
    println!("peak / file  {:>8.2}x", peak as f64 / file_size as f64);
}
