//! mbox import time on generated threads of 1k, 10k and 100k posts, and the
//! scaling claim: 10x the posts costs at most 12x the time.
//!
//! The mboxes come from the `gen-thread` crate (`--posts N --format mbox`)
//! and are cached in `<target>/bench-data/`. After the runs, the medians are
//! read back from criterion's estimates and the ratios printed.

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput};
use tread::import::{ImportOptions, mbox};

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];
const GROUP: &str = "import_mbox";

mod support;

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

/// Median of one run, in seconds, from criterion's estimates file.
fn median_seconds(posts: usize) -> Option<f64> {
    let path = support::target_dir()
        .join("criterion")
        .join(GROUP)
        .join(posts.to_string())
        .join("new/estimates.json");
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
