//! Quote attribution and repetition.
//!
//! A quote without `of` is attributed to the earliest earlier post whose own
//! text (outside its quotes) contains the quote's own text, compared folded
//! (see [`super::text`]). All such quotes are found in one pass over the
//! thread: an Aho-Corasick automaton of every unattributed quote's text scans
//! each post's own text once, so the cost is linear in the thread plus the
//! matches, never posts × quotes.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasher, RandomState};

use aho_corasick::{AhoCorasick, MatchKind};

use super::body::{Block, Quote, for_each_quote, push_all_text, push_own_text};
use super::text::{ellipsis_pieces, on_word_boundaries};
use super::{Post, PostId, QuoteId, QuoteInfo, QuoteSource};

/// Shorter quoted text is too common to name a source ("ok", "yes").
const MIN_QUOTE_CHARS: usize = 6;

/// A text an unattributed quote must be found in, with its owner.
struct Query {
    quote: QuoteId,
    /// Pattern ids of its pieces, in order (more than one when it has ellipses).
    pieces: Vec<usize>,
}

pub(crate) fn attribute(posts: &[Post], quotes: &mut [QuoteInfo]) {
    let mut all_text = String::new();
    let mut own_text = String::new();
    let hasher = RandomState::new();
    let mut first_with_text: HashMap<u64, QuoteId> = HashMap::new();
    let mut patterns: Vec<String> = Vec::new();
    let mut pattern_ids: HashMap<String, usize> = HashMap::new();
    let mut queries: Vec<Query> = Vec::new();
    let mut quote_hashes: Vec<u64> = vec![0; quotes.len()];

    for post in posts {
        for_each_quote(&post.body, &mut |quote: &Quote| {
            all_text.clear();
            push_all_text(&quote.body, &mut all_text);
            let hash = hash_of(&hasher, &all_text);
            quote_hashes[quote.id.index()] = hash;
            let info = &mut quotes[quote.id.index()];
            match first_with_text.entry(hash) {
                Entry::Occupied(_) if !all_text.is_empty() => info.repeat = true,
                Entry::Occupied(_) => {}
                Entry::Vacant(slot) => {
                    slot.insert(quote.id);
                }
            }
            if info.source != QuoteSource::Unattributed {
                return;
            }
            own_text.clear();
            push_own_text(&quote.body, &mut own_text);
            if own_text.chars().count() < MIN_QUOTE_CHARS {
                return;
            }
            let pieces = ellipsis_pieces(&own_text)
                .into_iter()
                .map(|piece| {
                    *pattern_ids.entry(piece.to_owned()).or_insert_with(|| {
                        patterns.push(piece.to_owned());
                        patterns.len() - 1
                    })
                })
                .collect();
            queries.push(Query { quote: quote.id, pieces });
        });
    }

    if !queries.is_empty() {
        let found = find_sources(posts, quotes, &patterns, &queries);
        for (query, source) in queries.iter().zip(found) {
            if let Some(source) = source {
                quotes[query.quote.index()].source = QuoteSource::Inferred(source);
            }
        }
    }

    mark_whole_posts(posts, quotes, &hasher, &quote_hashes);
    for info in quotes.iter_mut() {
        if info.source.post().is_some() {
            info.repeat = true;
        }
    }
}

fn hash_of(hasher: &RandomState, text: &str) -> u64 {
    hasher.hash_one(text)
}

/// For each query, the earliest post before the quoting one whose own text
/// holds all of the query's pieces, in order.
fn find_sources(
    posts: &[Post],
    quotes: &[QuoteInfo],
    patterns: &[String],
    queries: &[Query],
) -> Vec<Option<PostId>> {
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(patterns)
        .expect("patterns are plain strings of bounded size");
    // Pieces of multi-piece queries need every post they occur in, since
    // the earliest one may lack the other pieces.
    let mut in_multi = vec![false; patterns.len()];
    for query in queries.iter().filter(|q| q.pieces.len() > 1) {
        for &p in &query.pieces {
            in_multi[p] = true;
        }
    }
    let last_quoting = queries.iter().map(|q| quotes[q.quote.index()].post).max().expect("queries");

    let mut earliest: Vec<Option<PostId>> = vec![None; patterns.len()];
    let mut occurrences: HashMap<usize, Vec<PostId>> = HashMap::new();
    let mut own = String::new();
    for (i, post) in posts.iter().enumerate().take(last_quoting.index()) {
        let id = PostId::new(i);
        own.clear();
        push_own_text(&post.body, &mut own);
        for found in automaton.find_overlapping_iter(&own) {
            let p = found.pattern().as_usize();
            if !on_word_boundaries(&own, found.start(), found.end()) {
                continue;
            }
            if earliest[p].is_none() {
                earliest[p] = Some(id);
            }
            if in_multi[p] {
                let list = occurrences.entry(p).or_default();
                if list.last() != Some(&id) {
                    list.push(id);
                }
            }
        }
    }

    queries
        .iter()
        .map(|query| {
            let quoting = quotes[query.quote.index()].post;
            if let [single] = query.pieces[..] {
                return earliest[single].filter(|&source| source < quoting);
            }
            let first = query.pieces[0];
            occurrences.get(&first)?.iter().copied().take_while(|&p| p < quoting).find(|&candidate| {
                own.clear();
                push_own_text(&posts[candidate.index()].body, &mut own);
                contains_in_order(&own, query.pieces.iter().map(|&p| patterns[p].as_str()))
            })
        })
        .collect()
}

fn contains_in_order<'a>(haystack: &str, pieces: impl Iterator<Item = &'a str>) -> bool {
    let mut rest = haystack;
    for piece in pieces {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    true
}

/// Marks quotes that reproduce their source's whole body, and attributes
/// quotes that have no text of their own (only inner quotes) to a post whose
/// whole body they reproduce.
fn mark_whole_posts(posts: &[Post], quotes: &mut [QuoteInfo], hasher: &RandomState, quote_hashes: &[u64]) {
    let mut post_hashes: HashMap<PostId, u64> = HashMap::new();
    let mut text = String::new();
    let mut post_hash = |post: PostId, text: &mut String| {
        *post_hashes.entry(post).or_insert_with(|| {
            text.clear();
            push_all_text(&posts[post.index()].body, text);
            hash_of(hasher, text)
        })
    };
    for (q, info) in quotes.iter_mut().enumerate() {
        if let Some(source) = info.source.post() {
            info.whole_post = post_hash(source, &mut text) == quote_hashes[q];
        }
    }

    // Quotes made only of inner quotes: look their whole text up among posts
    // that themselves quote (only those can have such a body).
    let empty = hash_of(hasher, "");
    let orphans: Vec<usize> = quotes
        .iter()
        .enumerate()
        .filter(|&(q, info)| info.source == QuoteSource::Unattributed && quote_hashes[q] != empty)
        .map(|(q, _)| q)
        .collect();
    if orphans.is_empty() {
        return;
    }
    let mut by_hash: HashMap<u64, PostId> = HashMap::new();
    for (i, post) in posts.iter().enumerate() {
        if post.body.iter().any(|b| matches!(b, Block::Quote(_))) {
            by_hash.entry(post_hash(PostId::new(i), &mut text)).or_insert(PostId::new(i));
        }
    }
    for q in orphans {
        if let Some(&source) = by_hash.get(&quote_hashes[q])
            && source < quotes[q].post
        {
            quotes[q].source = QuoteSource::Inferred(source);
            quotes[q].whole_post = true;
        }
    }
}
