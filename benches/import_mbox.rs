//! mbox import time on generated threads of 1k, 10k and 100k posts, and the
//! scaling claim: 10x the posts costs at most 12x the time.
//!
//! The mboxes come from `../shared/bench/gen-thread.py --posts N --format mbox`
//! and are cached in `<target>/bench-data/`. After the runs, the medians are
//! read back from criterion's estimates and the ratios printed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput};
use tread::import::{ImportOptions, mbox};

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];
const GROUP: &str = "import_mbox";

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"), PathBuf::from)
}

fn thread_mbox(posts: usize) -> Vec<u8> {
    let dir = target_dir().join("bench-data");
    let path = dir.join(format!("thread-{posts}.mbox"));
    if !path.exists() {
        std::fs::create_dir_all(&dir).expect("create bench-data");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen-thread.py");
        let output = Command::new("python3")
            .arg(script)
            .args(["--posts", &posts.to_string(), "--format", "mbox"])
            .output()
            .expect("python3 runs gen-thread.py");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let partial = path.with_extension("partial");
        std::fs::write(&partial, &output.stdout).expect("write bench data");
        std::fs::rename(&partial, &path).expect("cache bench data");
    }
    std::fs::read(&path).expect("read bench data")
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

/// Median of one run, in seconds, from criterion's estimates file.
fn median_seconds(posts: usize) -> Option<f64> {
    let path = target_dir().join("criterion").join(GROUP).join(posts.to_string()).join("new/estimates.json");
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
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    bench(&mut criterion);
    criterion.final_summary();
    report();
}
