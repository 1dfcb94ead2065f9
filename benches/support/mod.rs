//! Benchmark inputs: threads from `../shared/bench/gen-thread.py`, generated
//! once and cached under `<target dir>/bench-data/`.

#![allow(dead_code, reason = "each benchmark uses the formats it needs")]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The format the generator writes.
#[derive(Debug, Clone, Copy)]
pub enum Generated {
    Json,
    Mbox,
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"), PathBuf::from)
}

/// The bytes of a generated thread of `posts` posts (seed 1).
pub fn generated(posts: usize, format: Generated) -> Vec<u8> {
    let dir = target_dir().join("bench-data");
    let (name, flag) = match format {
        Generated::Json => (format!("posts-{posts}.json"), "json"),
        Generated::Mbox => (format!("thread-{posts}.mbox"), "mbox"),
    };
    let path = dir.join(name);
    if !path.exists() {
        std::fs::create_dir_all(&dir).expect("create bench-data");
        let script = std::env::var_os("TREAD_GEN_THREAD").map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen-thread.py"),
            PathBuf::from,
        );
        eprintln!("generating {} with {}", path.display(), script.display());
        let partial = path.with_extension("partial");
        let status = Command::new("python3")
            .arg(&script)
            .args(["--posts", &posts.to_string(), "--format", flag])
            .stdout(Stdio::from(std::fs::File::create(&partial).expect("create bench data")))
            .status()
            .expect("python3 runs gen-thread.py");
        assert!(status.success(), "gen-thread.py failed: {status}");
        std::fs::rename(&partial, &path).expect("cache bench data");
    }
    std::fs::read(&path).expect("read bench data")
}
