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

use tread::format::{LoadOptions, ThreadFile, load_slice};
use tread::import::reconstruct::{Score, flatten, score, score_with};
use tread::import::{ImportOptions, Kind, import};

const PRECISION_GOAL: f64 = 0.995;
const RECALL_GOAL: f64 = 0.98;
const SEEDS: [u64; 5] = [1, 2, 3, 4, 5];
/// What the real corpus reaches today (measured 0.9843 and 0.9792), short of
/// the goal; see "Real threads" in docs/import-forum-text.md.
const CORPUS_PRECISION_FLOOR: f64 = 0.98;
const CORPUS_RECALL_FLOOR: f64 = 0.975;

/// A synthetic thread from the `gen-thread` crate.
fn generated(posts: usize, seed: u64) -> ThreadFile {
    let bytes = gen_thread::generate(&gen_thread::Options { posts, seed, ..gen_thread::Options::default() })
        .expect("valid generator options");
    load_slice(&bytes, "gen-thread", LoadOptions::default()).expect("the generator writes valid threads").file
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
        "{name}: {} quoted paragraphs, {} attributed, {} right: precision {:.4}, recall {:.4} \
         ({} reference paragraphs re-attributed: the named post does not show them)",
        result.quoted,
        result.attributed,
        result.correct,
        result.precision(),
        result.recall(),
        result.renamed
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

/// A structured corpus thread, imported with its own importer.
fn corpus(kind: Kind, path: &str) -> ThreadFile {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus").join(path);
    let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()));
    import(kind, &bytes, &ImportOptions::default()).unwrap_or_else(|e| panic!("{path}: {e}")).file
}

/// The real threads whose markup names quote sources: Discourse topics and
/// the Something Awful pages, flattened the way the seed page was. Scored
/// against their markup, with one correction printed per file: a named quote
/// whose named post does not show its text while an earlier post's own text
/// holds it is that post's (see `reconstruct::reference_attribution`).
#[test]
fn corpus_threads_with_named_quotes() {
    let mut total = Score::default();
    for (kind, path) in [
        (Kind::Discourse, "discourse/urho3d-to-rbfx.json"),
        (Kind::Discourse, "discourse/urho3d-re-to-rbfx.json"),
        (Kind::Discourse, "discourse/urho3d-edddy.json"),
        (Kind::ForumHtml, "forum/sa-canadian-politics.html"),
        (Kind::ForumHtml, "forum/sa-coding-horrors.html"),
        (Kind::ForumHtml, "forum/sa-logie-award.html"),
        (Kind::ForumHtml, "forum/sa-battlefield-lp.html"),
    ] {
        let (result, _) = check(path, &corpus(kind, path));
        total.add(result);
    }
    println!(
        "corpus: {} quoted, {} attributed, {} right: precision {:.4}, recall {:.4}",
        total.quoted,
        total.attributed,
        total.correct,
        total.precision(),
        total.recall()
    );
    assert!(total.quoted > 100, "the corpus has named quotes to score");
    // Below the goal (0.995 / 0.98): the remaining errors are listed in
    // docs/import-forum-text.md. This is the floor measured, not the goal.
    assert!(total.precision() >= CORPUS_PRECISION_FLOOR, "precision {:.4}", total.precision());
    assert!(total.recall() >= CORPUS_RECALL_FLOOR, "recall {:.4}", total.recall());
}
