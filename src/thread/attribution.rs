//! Quote attribution and repetition.
//!
//! A quote without `of` is attributed to the earliest earlier post whose own
//! text (outside its quotes) contains the quote's own text, compared folded
//! (see [`super::text`]). All such quotes are resolved in one pass over the
//! thread with hashing: each quote is keyed by the hash of its first few
//! words; each post's words are hashed once and a rolling hash over every
//! window of that many words is looked up (behind a bit filter). Only a hit
//! is compared word by word, then character by character. The cost is
//! linear in the thread, never posts × quotes.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasherDefault, Hasher};

use super::body::{Block, Quote, for_each_quote, push_own_text};
use super::text::{FoldedHash, ellipsis_pieces, on_word_boundaries, push_word_hashes};
use super::{Post, PostId, QuoteId, QuoteInfo, QuoteSource};

/// Shorter quoted text is too common to name a source ("ok", "yes").
const MIN_QUOTE_CHARS: usize = 6;
/// Words a quote is indexed by (fewer when it is shorter).
const ANCHOR_WORDS: usize = 4;
/// log2 of the bit filter's size: 2^22 bits = 512 KiB, cache friendly.
const FILTER_BITS: u32 = 22;
const ROLL: u64 = 0x9E37_79B9_7F4A_7C15;

/// A distinct text that quotes without `of` need found.
struct Query {
    /// Word hashes of its first piece (the text before any ellipsis).
    words: Vec<u64>,
    /// Its folded text.
    folded: String,
    /// The posts the quotes are in: only posts before the last are searched.
    last_quoting: PostId,
}

/// Keys that are already hashes need no more hashing.
#[derive(Default)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

type HashKeyed<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

pub(crate) fn attribute(posts: &[Post], quotes: &mut [QuoteInfo]) {
    let mut quote_hashes: Vec<Option<u64>> = vec![None; quotes.len()];
    let mut first_with_text: HashKeyed<QuoteId> = HashKeyed::default();
    let mut queries: Vec<Query> = Vec::new();
    let mut query_of_text: HashMap<String, usize> = HashMap::new();
    let mut waiting: Vec<(QuoteId, usize)> = Vec::new();
    let mut own = String::new();

    for (i, post) in posts.iter().enumerate() {
        let quoting = PostId::new(i);
        for_each_quote(&post.body, &mut |quote: &Quote| {
            let hash = all_text_hash(&quote.body);
            quote_hashes[quote.id.index()] = hash;
            let info = &mut quotes[quote.id.index()];
            if let Some(hash) = hash {
                match first_with_text.entry(hash) {
                    Entry::Occupied(_) => info.repeat = true,
                    Entry::Vacant(slot) => {
                        slot.insert(quote.id);
                    }
                }
            }
            if info.source != QuoteSource::Unattributed {
                return;
            }
            own.clear();
            push_own_text(&quote.body, &mut own);
            if own.chars().count() < MIN_QUOTE_CHARS {
                return;
            }
            let index = *query_of_text.entry(own.clone()).or_insert_with(|| {
                let first_piece = ellipsis_pieces(&own).first().copied().unwrap_or_default();
                let mut words = Vec::new();
                push_word_hashes(first_piece, &mut words);
                queries.push(Query { words, folded: own.clone(), last_quoting: quoting });
                queries.len() - 1
            });
            queries[index].last_quoting = queries[index].last_quoting.max(quoting);
            waiting.push((quote.id, index));
        });
    }
    drop(query_of_text);

    if !queries.is_empty() {
        let earliest = find_earliest(posts, &queries);
        for (quote, query) in waiting {
            let info = &mut quotes[quote.index()];
            if let Some(source) = earliest[query].filter(|&source| source < info.post) {
                info.source = QuoteSource::Inferred(source);
            }
        }
    }

    mark_whole_posts(posts, quotes, &quote_hashes);
    for info in quotes.iter_mut() {
        if info.source.post().is_some() {
            info.repeat = true;
        }
    }
}

/// The hash of a body's whole folded text, or `None` when it has no text.
fn all_text_hash(blocks: &[Block]) -> Option<u64> {
    fn feed(blocks: &[Block], hash: &mut FoldedHash) {
        for block in blocks {
            match block {
                Block::Paragraph(p) => hash.push(&p.text),
                Block::Code(c) => hash.push(&c.text),
                Block::Quote(q) => feed(&q.body, hash),
            }
        }
    }
    let mut hash = FoldedHash::default();
    feed(blocks, &mut hash);
    (!hash.is_empty()).then(|| hash.finish())
}

/// For each query, the earliest post whose own text contains it. The
/// posts are split between two threads; the earlier half's answer wins.
fn find_earliest(posts: &[Post], queries: &[Query]) -> Vec<Option<PostId>> {
    let index = AnchorIndex::new(queries);
    let last = queries.iter().map(|q| q.last_quoting.index()).max().unwrap_or(0);
    let searched = &posts[..last];
    let middle = searched.len() / 2;
    let (early, late) = std::thread::scope(|scope| {
        let late = scope.spawn(|| index.scan(searched, middle, queries));
        let early = index.scan(&searched[..middle], 0, queries);
        (early, late.join().expect("the scan does not panic"))
    });
    early.into_iter().zip(late).map(|(e, l)| e.or(l)).collect()
}

/// Queries by the rolling hash of their first words, for each anchor length.
struct AnchorIndex {
    /// `by_length[n - 1]`: queries anchored on `n` words.
    by_length: Vec<HashKeyed<Vec<u32>>>,
    filter: Vec<u64>,
}

impl AnchorIndex {
    fn new(queries: &[Query]) -> Self {
        let mut by_length: Vec<HashKeyed<Vec<u32>>> =
            (0..ANCHOR_WORDS).map(|_| HashKeyed::default()).collect();
        let mut filter = vec![0u64; (1usize << FILTER_BITS) / 64];
        for (q, query) in queries.iter().enumerate() {
            let length = query.words.len().min(ANCHOR_WORDS);
            if length == 0 {
                continue;
            }
            let key = window_hash(&query.words[..length]);
            by_length[length - 1].entry(key).or_default().push(q as u32);
            set_bit(&mut filter, key);
        }
        Self { by_length, filter }
    }

    /// Scans `posts` (numbered from `first`) and returns, per query, the
    /// first post whose own text contains it.
    fn scan(&self, posts: &[Post], first: usize, queries: &[Query]) -> Vec<Option<PostId>> {
        let mut found: Vec<Option<PostId>> = vec![None; queries.len()];
        let mut words = Vec::new();
        let mut own = String::new();
        for (offset, post) in posts.iter().enumerate().skip(first) {
            let id = PostId::new(offset);
            words.clear();
            for block in &post.body {
                match block {
                    Block::Paragraph(p) => push_word_hashes(&p.text, &mut words),
                    Block::Code(c) => push_word_hashes(&c.text, &mut words),
                    Block::Quote(_) => {}
                }
            }
            own.clear();
            for (n, by_hash) in self.by_length.iter().enumerate().map(|(i, m)| (i + 1, m)) {
                if by_hash.is_empty() || words.len() < n {
                    continue;
                }
                let power = ROLL.wrapping_pow(n as u32);
                let mut hash = window_hash(&words[..n]);
                for start in 0..=words.len() - n {
                    if start > 0 {
                        hash = hash
                            .wrapping_mul(ROLL)
                            .wrapping_add(words[start + n - 1])
                            .wrapping_sub(words[start - 1].wrapping_mul(power));
                    }
                    if !test_bit(&self.filter, hash) {
                        continue;
                    }
                    let Some(candidates) = by_hash.get(&hash) else { continue };
                    for &q in candidates {
                        let query = &queries[q as usize];
                        if found[q as usize].is_some()
                            || id >= query.last_quoting
                            || !words[start..].starts_with(&query.words)
                        {
                            continue;
                        }
                        if own.is_empty() {
                            push_own_text(&post.body, &mut own);
                        }
                        if contains_folded(&own, &query.folded) {
                            found[q as usize] = Some(id);
                        }
                    }
                }
            }
        }
        found
    }
}

fn window_hash(words: &[u64]) -> u64 {
    words.iter().fold(0u64, |hash, &w| hash.wrapping_mul(ROLL).wrapping_add(w))
}

fn filter_slot(hash: u64) -> (usize, u64) {
    let bit = (hash.wrapping_mul(ROLL) >> (64 - FILTER_BITS)) as usize;
    (bit / 64, 1 << (bit % 64))
}

fn set_bit(filter: &mut [u64], hash: u64) {
    let (word, mask) = filter_slot(hash);
    filter[word] |= mask;
}

fn test_bit(filter: &[u64], hash: u64) -> bool {
    let (word, mask) = filter_slot(hash);
    filter[word] & mask != 0
}

/// Whether folded `haystack` holds every ellipsis piece of folded `quote`,
/// in order, each on word boundaries.
fn contains_folded(haystack: &str, quote: &str) -> bool {
    let mut rest = 0;
    'pieces: for piece in ellipsis_pieces(quote) {
        let mut from = rest;
        while let Some(at) = haystack[from..].find(piece) {
            let start = from + at;
            let end = start + piece.len();
            if on_word_boundaries(haystack, start, end) {
                rest = end;
                continue 'pieces;
            }
            from = start + haystack[start..].chars().next().map_or(1, char::len_utf8);
        }
        return false;
    }
    true
}

/// Marks quotes that reproduce their source's whole body, and attributes
/// quotes made only of inner quotes to a post whose whole body they reproduce.
fn mark_whole_posts(posts: &[Post], quotes: &mut [QuoteInfo], quote_hashes: &[Option<u64>]) {
    let mut post_hashes: HashMap<PostId, Option<u64>> = HashMap::new();
    let mut post_hash =
        |post: PostId| *post_hashes.entry(post).or_insert_with(|| all_text_hash(&posts[post.index()].body));
    for (q, info) in quotes.iter_mut().enumerate() {
        if let Some(source) = info.source.post() {
            info.whole_post = quote_hashes[q].is_some() && post_hash(source) == quote_hashes[q];
        }
    }

    let orphans: Vec<usize> = quotes
        .iter()
        .enumerate()
        .filter(|&(q, info)| info.source == QuoteSource::Unattributed && quote_hashes[q].is_some())
        .map(|(q, _)| q)
        .collect();
    if orphans.is_empty() {
        return;
    }
    // Only posts that quote can have a body made of quotes.
    let mut by_hash: HashKeyed<PostId> = HashKeyed::default();
    for (i, post) in posts.iter().enumerate() {
        if post.body.iter().any(|b| matches!(b, Block::Quote(_)))
            && let Some(hash) = post_hash(PostId::new(i))
        {
            by_hash.entry(hash).or_insert(PostId::new(i));
        }
    }
    for q in orphans {
        if let Some(&source) = quote_hashes[q].and_then(|h| by_hash.get(&h))
            && source < quotes[q].post
        {
            quotes[q].source = QuoteSource::Inferred(source);
            quotes[q].whole_post = true;
        }
    }
}
