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

#[path = "support/reconstruction.rs"]
mod reconstruction;

use reconstruction::{Score, flatten, score, score_with};
use tread::format::{Body, LoadOptions, ThreadFile, load_slice};
use tread::import::{ImportOptions, Kind, import};

const PRECISION_GOAL: f64 = 0.995;
const RECALL_GOAL: f64 = 0.98;
const SEEDS: [u64; 5] = [1, 2, 3, 4, 5];

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
    for (i, (want, got)) in reference.posts.iter().zip(&rebuilt.posts).enumerate() {
        let empty = reconstruction::paragraphs(&want.body).is_empty();
        assert_eq!(got.body == Body::Blocks(Vec::new()), empty, "{name}: post {} keeps its place", i + 1);
    }
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

/// The real threads whose markup names quote sources: the Discourse topics
/// and the Something Awful pages.
const CORPUS: [(Kind, &str); 8] = [
    (Kind::Discourse, "discourse/urho3d-to-rbfx.json"),
    (Kind::Discourse, "discourse/urho3d-re-to-rbfx.json"),
    (Kind::Discourse, "discourse/urho3d-edddy.json"),
    (Kind::Discourse, "discourse/urho3d-build-system.json"),
    (Kind::ForumHtml, "forum/sa-canadian-politics.html"),
    (Kind::ForumHtml, "forum/sa-coding-horrors.html"),
    (Kind::ForumHtml, "forum/sa-logie-award.html"),
    (Kind::ForumHtml, "forum/sa-battlefield-lp.html"),
];

fn print_total(name: &str, total: &Score) {
    println!(
        "{name}: {} quoted, {} attributed, {} right: precision {:.4}, recall {:.4}",
        total.quoted,
        total.attributed,
        total.correct,
        total.precision(),
        total.recall()
    );
}

/// The corpus threads flattened the way the seed page was, scored against
/// their markup (read as `reconstruction::reference_attribution` says:
/// a named quote whose post does not show its text, hand quotes, repeats).
#[test]
fn corpus_threads_with_named_quotes_reach_the_goal() {
    let mut total = Score::default();
    for (kind, path) in CORPUS {
        let (result, _) = check(path, &corpus(kind, path));
        assert_eq!(result.misaligned_posts, 0, "{path}: paragraphs survive the round trip");
        total.add(result);
    }
    print_total("corpus", &total);
    assert!(total.quoted > 400, "the corpus has named quotes to score: {total:?}");
    assert!(total.precision() >= PRECISION_GOAL, "precision {:.4} < {PRECISION_GOAL}", total.precision());
    assert!(total.recall() >= RECALL_GOAL, "recall {:.4} < {RECALL_GOAL}", total.recall());
}

/// Posts without text (an image or an embed, saved as a lone no-break
/// space): one after every seventh post of each corpus thread. The page
/// keeps every post and its number, so the quotes of the posts after them
/// still reach the goal (dropping them shifted every later `#N`).
#[test]
fn posts_without_text_keep_their_place() {
    let mut total = Score::default();
    for (kind, path) in CORPUS {
        let mut file = corpus(kind, path);
        let mut posts = Vec::with_capacity(file.posts.len() * 8 / 7 + 1);
        for (i, post) in std::mem::take(&mut file.posts).into_iter().enumerate() {
            posts.push(post);
            if i % 7 == 3 {
                let mut image = posts[posts.len() - 1].clone();
                image.id = format!("image-{i}").as_str().into();
                image.body = Body::Blocks(Vec::new());
                posts.push(image);
            }
        }
        file.posts = posts;
        let (result, _) = check(&format!("{path} (every 7th post without text)"), &file);
        assert_eq!(result.misaligned_posts, 0, "{path}: paragraphs survive the round trip");
        total.add(result);
    }
    print_total("corpus with posts without text", &total);
    assert!(total.precision() >= PRECISION_GOAL, "precision {:.4} < {PRECISION_GOAL}", total.precision());
    assert!(total.recall() >= RECALL_GOAL, "recall {:.4} < {RECALL_GOAL}", total.recall());
}
