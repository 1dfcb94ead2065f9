//! Benchmark inputs: threads from the `gen-thread` crate (seed 1), generated
//! once and cached under `<target dir>/bench-data/`, keyed by the
//! generator's version so a changed generator never reuses stale files.

#![allow(dead_code, reason = "each benchmark uses the formats it needs")]

use std::path::{Path, PathBuf};

pub use gen_thread::Format as Generated;

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"), PathBuf::from)
}

/// The bytes of a generated thread of `posts` posts (seed 1).
pub fn generated(posts: usize, format: Generated) -> Vec<u8> {
    let dir = target_dir().join("bench-data");
    let extension = match format {
        Generated::Json => "json",
        Generated::Mbox => "mbox",
    };
    let path = dir.join(format!("gen-v{}-posts-{posts}.{extension}", gen_thread::VERSION));
    if let Ok(bytes) = std::fs::read(&path) {
        return bytes;
    }
    eprintln!("generating {}", path.display());
    let options = gen_thread::Options { posts, format, ..gen_thread::Options::default() };
    let bytes = gen_thread::generate(&options).expect("the generator's options are valid");
    std::fs::create_dir_all(&dir).expect("create bench-data");
    // Written aside and renamed, so an interrupted run leaves no partial file.
    let partial = path.with_extension("partial");
    std::fs::write(&partial, &bytes).expect("write bench data");
    std::fs::rename(&partial, &path).expect("cache bench data");
    bytes
}
