//! forum-html import of a 50-page thread against html5ever parsing the same
//! pages alone; goal: the import at most 1.5x the bare parse.
//!
//! The thread is the real XenForo 1 page of the corpus (25 posts, 20 quotes)
//! repeated 50 times with every post id renumbered per page (2146286 on page
//! 3 becomes 302146286), so each page is a distinct page of one topic. After
//! the runs the medians are read back from criterion's estimates and the
//! ratio printed.

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, Throughput};
use regex::Regex;
use tread::import::{ImportOptions, Kind};

const GROUP: &str = "forum_html";
const PAGES: usize = 50;
const PAGE: &str = "tests/corpus/forum-html/xenforo1-sufficientvelocity.html";

/// The 50 pages: post ids (`post-2146286`, `id=2146286`, `posts/2146286/`)
/// moved into a range of their own per page.
fn thread_pages() -> Vec<Vec<u8>> {
    let page =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(PAGE)).expect("corpus page");
    let post_id = Regex::new(r"\b(214\d{4})\b").expect("valid regex");
    (1..=PAGES)
        .map(|n| {
            post_id
                .replace_all(&page, |c: &regex::Captures<'_>| format!("{n}{}", &c[1]))
                .into_owned()
                .into_bytes()
        })
        .collect()
}

fn bench(c: &mut Criterion, pages: &[Vec<u8>]) {
    let total: usize = pages.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group(GROUP);
    group
        .throughput(Throughput::Bytes(total as u64))
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    group.bench_function("html5ever_parse", |b| {
        b.iter(|| {
            pages
                .iter()
                .map(|page| {
                    scraper::Html::parse_document(std::str::from_utf8(page).expect("utf-8"))
                        .tree
                        .nodes()
                        .count()
                })
                .sum::<usize>()
        });
    });
    group.bench_function("import", |b| {
        b.iter(|| {
            pages
                .iter()
                .map(|page| {
                    tread::import::import(Kind::ForumHtml, page, &ImportOptions::default())
                        .expect("imports")
                        .file
                        .posts
                        .len()
                })
                .sum::<usize>()
        });
    });
    group.finish();
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"), PathBuf::from)
}

/// Median of one run, in seconds, from criterion's estimates file.
fn median_seconds(name: &str) -> Option<f64> {
    let path = target_dir().join("criterion").join(GROUP).join(name).join("new/estimates.json");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
    Some(json["median"]["point_estimate"].as_f64()? / 1e9)
}

fn main() {
    let pages = thread_pages();
    let posts: usize = pages
        .iter()
        .map(|p| {
            tread::import::import(Kind::ForumHtml, p, &ImportOptions::default())
                .expect("imports")
                .file
                .posts
                .len()
        })
        .sum();
    assert_eq!(posts, PAGES * 25);
    let mut criterion = Criterion::default().configure_from_args();
    bench(&mut criterion, &pages);
    criterion.final_summary();
    if let (Some(parse), Some(import)) = (median_seconds("html5ever_parse"), median_seconds("import")) {
        let ratio = import / parse;
        let verdict = if ratio <= 1.5 { "within" } else { "BEYOND" };
        println!(
            "{PAGES} pages, {posts} posts: parse {:.1} ms, import {:.1} ms, ratio {ratio:.2}x ({verdict} the 1.5x goal)",
            parse * 1e3,
            import * 1e3
        );
    }
}
