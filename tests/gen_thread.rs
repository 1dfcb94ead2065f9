//! The synthetic thread generator (`gen-thread` crate) that tests and
//! benchmarks rely on: deterministic, the size asked for, a well-formed
//! reply tree within the depth asked for, and files tread loads and imports.

use std::collections::{HashMap, HashSet};

use gen_thread::{Format, Ids, Options};
use tread::format::{Block, Body, LoadOptions, ThreadFile, load_slice};
use tread::import::{ImportOptions, mbox};

fn options(posts: usize, seed: u64) -> Options {
    Options { posts, seed, ..Options::default() }
}

fn load(options: &Options) -> ThreadFile {
    let bytes = gen_thread::generate(options).unwrap();
    let loaded = load_slice(&bytes, "generated", LoadOptions::default()).expect("loads");
    assert!(loaded.unknown_fields.is_empty(), "{:?}", loaded.unknown_fields);
    loaded.file
}

#[test]
fn the_same_options_give_the_same_bytes_and_another_seed_others() {
    for format in [Format::Json, Format::Mbox] {
        let first = gen_thread::generate(&Options { format, ..options(300, 11) }).unwrap();
        let again = gen_thread::generate(&Options { format, ..options(300, 11) }).unwrap();
        let other = gen_thread::generate(&Options { format, ..options(300, 12) }).unwrap();
        assert_eq!(first, again);
        assert_ne!(first, other);
    }
}

#[test]
fn it_writes_the_posts_asked_for_one_per_line() {
    for posts in [0, 1, 2, 57, 1000] {
        let bytes = gen_thread::generate(&options(posts, 1)).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text.lines().count(), posts + 2, "one post per line between the head and the end");
        let file = load_slice(text.as_bytes(), "generated", LoadOptions::default()).unwrap().file;
        assert_eq!(file.posts.len(), posts);
    }
}

#[test]
fn ids_are_unique_and_replies_point_to_earlier_posts_within_the_depth() {
    for (seed, max_depth) in [(1, 8), (2, 3), (3, 1), (4, 12)] {
        let file = load(&Options { max_depth, ..options(2000, seed) });
        let mut seen = HashSet::new();
        let mut depth: HashMap<String, usize> = HashMap::new();
        for post in &file.posts {
            let id = post.id.as_str().to_owned();
            let own = match &post.reply_to {
                None => 0,
                Some(parent) => {
                    let parent_depth = depth.get(parent.as_str()).unwrap_or_else(|| {
                        panic!("seed {seed}: {id} replies to {parent:?}, not an earlier post")
                    });
                    parent_depth + 1
                }
            };
            assert!(own <= max_depth, "seed {seed}: post {id} at depth {own} > {max_depth}");
            depth.insert(id.clone(), own);
            assert!(seen.insert(id.clone()), "seed {seed}: duplicate id {id}");
        }
        let deepest = depth.values().max().copied().unwrap_or_default();
        assert_eq!(deepest, max_depth, "seed {seed}: 2000 posts reach the deepest level");
    }
}

#[test]
fn the_thread_has_the_documented_shape() {
    let file = load(&options(5000, 1));
    let posts = file.posts.len() as f64;
    let top = file.posts.iter().filter(|p| p.reply_to.is_none()).count() as f64 / posts;
    assert!((0.05..0.25).contains(&top), "about 12% top-level posts: {top}");
    let on_first =
        file.posts.iter().filter(|p| p.reply_to.as_ref().is_some_and(|r| r.as_str() == "1")).count();
    assert!(on_first > 100, "the opening post draws many answers: {on_first}");
    let blocks = |post: &tread::format::Post| match &post.body {
        Body::Blocks(blocks) => blocks.clone(),
        Body::Text(_) => Vec::new(),
    };
    let text_bodies = file.posts.iter().filter(|p| matches!(p.body, Body::Text(_))).count() as f64 / posts;
    assert!((0.04..0.12).contains(&text_bodies), "about 8% string bodies: {text_bodies}");
    let quoting =
        file.posts.iter().filter(|p| blocks(p).iter().any(|b| matches!(b, Block::Quote { .. }))).count()
            as f64
            / posts;
    assert!((0.35..0.65).contains(&quoting), "quotes in ~60% of block replies: {quoting}");
    let with_of =
        file.posts.iter().flat_map(blocks).filter(|b| matches!(b, Block::Quote { of: Some(_), .. })).count();
    assert!(with_of > 500, "{with_of}");
    let code =
        file.posts.iter().filter(|p| blocks(p).iter().any(|b| matches!(b, Block::Code { .. }))).count();
    assert!(code > 30, "about 2% code blocks: {code}");
    let linked = file.posts.iter().filter(|p| !p.links.is_empty()).count();
    assert!(linked > 200, "{linked}");
    let all_text = String::from_utf8(gen_thread::generate(&options(5000, 1)).unwrap()).unwrap();
    for sample in
        ["https://", "http://", "www.", "日本語", "👨\u{200d}👩\u{200d}👧\u{200d}👦", "José Álvarez"]
    {
        assert!(all_text.contains(sample), "{sample}");
    }
}

#[test]
fn ids_are_written_in_the_style_asked_for() {
    let text =
        |ids| String::from_utf8(gen_thread::generate(&Options { ids, ..options(6, 1) }).unwrap()).unwrap();
    assert!(text(Ids::Str).contains("{\"id\":\"1\","));
    assert!(text(Ids::Int).contains("{\"id\":2,"));
    let mixed = text(Ids::Mixed);
    assert!(mixed.contains("{\"id\":1,") && mixed.contains("{\"id\":\"2\","), "{mixed}");
    for ids in [Ids::Int, Ids::Mixed] {
        assert_eq!(load(&Options { ids, ..options(500, 2) }).posts.len(), 500);
    }
}

#[test]
fn pretty_output_is_the_same_thread() {
    let plain = load(&options(200, 5));
    let pretty = load(&Options { pretty: true, ..options(200, 5) });
    assert_eq!(plain, pretty);
    let text =
        String::from_utf8(gen_thread::generate(&Options { pretty: true, ..options(2, 5) }).unwrap()).unwrap();
    assert!(text.contains("\n    \"author\": "), "{text}");
}

#[test]
fn the_mbox_imports_with_every_post() {
    for posts in [1, 300, 2000] {
        let bytes = gen_thread::generate(&Options { format: Format::Mbox, ..options(posts, 9) }).unwrap();
        let imported = mbox::import(&bytes, &ImportOptions::default()).expect("imports");
        assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
        assert_eq!(imported.file.posts.len(), posts);
        let lines = String::from_utf8(bytes).unwrap();
        let body_too_wide =
            lines.lines().filter(|l| !l.starts_with(['>', '['])).any(|l| l.chars().count() > 72);
        assert!(!body_too_wide, "mail lines are hard-wrapped");
    }
}

#[test]
fn bad_options_are_refused() {
    let error = gen_thread::generate(&Options { max_depth: 0, ..options(5, 1) }).unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput);
    assert!(gen_thread::generate(&Options { quote_rate: 1.5, ..options(5, 1) }).is_err());
}
