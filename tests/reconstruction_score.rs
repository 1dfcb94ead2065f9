//! Quote reconstruction scored against threads whose quotes are known.
//!
//! Each structured thread is flattened into a forum-text page (quote markup
//! dropped, quoted text inlined, as on the seed page), imported back, and every
//! paragraph's attribution compared with the original markup: precision is the
//! share of paragraphs the importer attributes to a post that it attributes to
//! the right one, recall the share of quoted paragraphs (with a source in the
//! thread) attributed to the right post.
//!
//! Another structured source is one line: `check(&name, &file)` with a
//! `ThreadFile` from any importer.

use std::path::PathBuf;
use std::process::Command;

use tread::format::{LoadOptions, ThreadFile, load_slice};
use tread::import::reconstruct::{Score, flatten, score, score_with};
use tread::import::{ImportOptions, Kind, import};

const PRECISION_GOAL: f64 = 0.995;
const RECALL_GOAL: f64 = 0.98;
const SEEDS: [u32; 5] = [1, 2, 3, 4, 5];

/// A synthetic thread from `shared/bench/gen-thread.py` (beside the checkout).
fn generated(posts: usize, seed: u32) -> ThreadFile {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen-thread.py");
    let output = Command::new("python3")
        .arg(&script)
        .args(["--posts", &posts.to_string(), "--seed", &seed.to_string()])
        .output()
        .unwrap_or_else(|e| panic!("python3 {}: {e}", script.display()));
    assert!(output.status.success(), "gen-thread.py failed: {}", String::from_utf8_lossy(&output.stderr));
    load_slice(&output.stdout, "gen-thread.py", LoadOptions::default())
        .expect("the generator writes valid threads")
        .file
}

/// Flattens, re-imports and scores one structured thread: the score, and the
/// score against the strict reference (see `score_with`).
fn check(name: &str, reference: &ThreadFile) -> (Score, Score) {
    let page = flatten(reference);
    let rebuilt = import(Kind::ForumText, page.as_bytes(), &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .file;
    assert_eq!(rebuilt.posts.len(), reference.posts.len(), "{name}: every post comes back");
    assert_eq!(rebuilt.title, reference.title, "{name}: the title comes back");
    let result = score(reference, &rebuilt);
    let strict = score_with(reference, &rebuilt, false);
    println!(
        "{name} (strict reference, repeats of outside text unattributed): precision {:.4}, recall {:.4}",
        strict.precision(),
        strict.recall()
    );
    println!(
        "{name}: {} quoted paragraphs, {} attributed, {} right: precision {:.4}, recall {:.4}",
        result.quoted,
        result.attributed,
        result.correct,
        result.precision(),
        result.recall()
    );
    (result, strict)
}

#[test]
fn generated_threads_reach_the_goal() {
    let (mut total, mut total_strict) = (Score::default(), Score::default());
    for seed in SEEDS {
        let (result, strict) = check(&format!("gen-thread --posts 300 --seed {seed}"), &generated(300, seed));
        assert_eq!(result.misaligned_posts, 0, "seed {seed}: paragraphs survive the round trip");
        total.add(result);
        total_strict.add(strict);
    }
    println!(
        "all, strict reference: precision {:.4}, recall {:.4}",
        total_strict.precision(),
        total_strict.recall()
    );
    println!(
        "all: {} quoted, {} attributed, {} right: precision {:.4}, recall {:.4}",
        total.quoted,
        total.attributed,
        total.correct,
        total.precision(),
        total.recall()
    );
    assert!(total.quoted > 1000, "enough quotes to measure: {total:?}");
    assert!(total.precision() >= PRECISION_GOAL, "precision {:.4} < {PRECISION_GOAL}", total.precision());
    assert!(total.recall() >= RECALL_GOAL, "recall {:.4} < {RECALL_GOAL}", total.recall());
}
