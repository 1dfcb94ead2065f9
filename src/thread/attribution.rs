//! Quote attribution and repetition.
//!
//! A quote without `of` is attributed to the earliest earlier post whose own
//! text (outside its quotes) contains the quote's own text. Texts are
//! compared as sequences of words (runs of letters and digits, case folded;
//! see [`crate::text::push_word_hashes`]), so whitespace, case, quote marks
//! and other punctuation do not matter, while word boundaries do ("in mice"
//! is not in "within mice"). An ellipsis in a quote marks left-out text: the
//! pieces must appear in order.
//!
//! All quotes are resolved in one pass over the thread with hashing: each
//! quote is keyed by the rolling hash of its first few words; each post's
//! words are hashed once and every window of that many words is looked up
//! (behind a bit filter); only a hit is compared word by word. The cost is
//! linear in the thread, never posts × quotes; the posts are split between
//! two threads.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use super::body::{Block, Quote, for_each_quote};
use super::{Post, PostId, QuoteId, QuoteInfo, QuoteSource};
use crate::text::{FoldedHash, push_word_hashes};

/// Shorter quoted text is too common to name a source ("ok", "yes").
const MIN_QUOTE_CHARS: usize = 6;
/// Words a quote is indexed by (fewer when it is shorter).
const ANCHOR_WORDS: usize = 4;
/// log2 of the largest bit filter: 2^22 bits = 512 KiB, cache friendly.
const MAX_FILTER_BITS: u32 = 22;
const ROLL: u64 = 0x9E37_79B9_7F4A_7C15;

/// A distinct text that quotes without `of` need found.
struct Query {
    /// Word hashes of each piece of its own text (pieces are split at
    /// ellipses, which mark text the quoter left out).
    pieces: Vec<Vec<u64>>,
    /// The posts the quotes are in: only posts before the last are searched.
    last_quoting: PostId,
}

impl Query {
    fn first_words(&self) -> &[u64] {
        &self.pieces[0]
    }

    /// Whether the query starts at `words[start..]`, its later pieces following in order.
    fn matches_at(&self, words: &[u64], start: usize) -> bool {
        let first = self.first_words();
        if !words[start..].starts_with(first) {
            return false;
        }
        let mut rest = &words[start + first.len()..];
        for piece in &self.pieces[1..] {
            match rest.windows(piece.len()).position(|w| w == piece.as_slice()) {
                Some(at) => rest = &rest[at + piece.len()..],
                None => return false,
            }
        }
        true
    }
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
    let mut queries: Vec<Query> = Vec::new();
    let mut query_of_text: HashKeyed<Vec<usize>> = HashKeyed::default();
    let mut waiting: Vec<(QuoteId, usize)> = Vec::new();
    let mut own = String::new();

    for (i, post) in posts.iter().enumerate() {
        let quoting = PostId::new(i);
        for_each_quote(&post.body, &mut |quote: &Quote| {
            let info = &mut quotes[quote.id.index()];
            if info.source != QuoteSource::Unattributed {
                return;
            }
            own.clear();
            for block in &quote.body {
                match block {
                    Block::Paragraph(p) => own.push_str(&p.text),
                    Block::Code(c) => own.push_str(&c.text),
                    Block::Quote(_) => continue,
                }
                own.push('\n');
            }
            if own.chars().filter(|c| !c.is_whitespace()).count() < MIN_QUOTE_CHARS {
                return;
            }
            let pieces: Vec<Vec<u64>> = own
                .split(['…'])
                .flat_map(|piece| piece.split("..."))
                .map(|piece| {
                    let mut words = Vec::new();
                    push_word_hashes(piece, &mut words);
                    words
                })
                .filter(|words| !words.is_empty())
                .collect();
            if pieces.is_empty() {
                return;
            }
            let key = pieces.iter().fold(0u64, |h, piece| h.wrapping_mul(ROLL) ^ window_hash(piece));
            let same_key = query_of_text.entry(key).or_default();
            let index = match same_key.iter().find(|&&q| queries[q].pieces == pieces) {
                Some(&q) => q,
                None => {
                    queries.push(Query { pieces, last_quoting: quoting });
                    same_key.push(queries.len() - 1);
                    queries.len() - 1
                }
            };
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

    mark_repeats_and_whole_posts(posts, quotes);
}

/// A key for a body's folded text, its structure included: each paragraph
/// is hashed and quotes combine the keys of their parts. `None` when there
/// is no text at all.
fn text_key(blocks: &[Block]) -> Option<u64> {
    let mut key: Option<u64> = None;
    for block in blocks {
        let part = match block {
            Block::Paragraph(p) => paragraph_key(&p.text),
            Block::Code(c) => paragraph_key(&c.text),
            Block::Quote(q) => text_key(&q.body).map(|k| k ^ QUOTE_MARK),
        };
        if let Some(part) = part {
            key = Some(key.unwrap_or(0).wrapping_mul(ROLL).wrapping_add(part));
        }
    }
    key
}

/// Bytes of all text of a body: a cheap first test before comparing keys.
fn total_size(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(p) => p.text.len(),
            Block::Code(c) => c.text.len(),
            Block::Quote(q) => total_size(&q.body),
        })
        .sum()
}

/// Rewrapping and spacing change a copy's size a little, never much.
fn sizes_close(a: usize, b: usize) -> bool {
    a.abs_diff(b) <= 16 + b / 8
}

/// Keeps a quote's key apart from a paragraph with the same text.
const QUOTE_MARK: u64 = 0x5151_5151_5151_5151;

fn paragraph_key(text: &str) -> Option<u64> {
    let mut hash = FoldedHash::default();
    hash.push(text);
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
    /// `by_length[n - 1]`: queries anchored on `n` words, behind their filter.
    by_length: Vec<(HashKeyed<Vec<u32>>, BitFilter)>,
}

impl AnchorIndex {
    fn new(queries: &[Query]) -> Self {
        let mut maps: Vec<HashKeyed<Vec<u32>>> = (0..ANCHOR_WORDS).map(|_| HashKeyed::default()).collect();
        for (q, query) in queries.iter().enumerate() {
            let length = query.first_words().len().min(ANCHOR_WORDS);
            let key = window_hash(&query.first_words()[..length]);
            maps[length - 1].entry(key).or_default().push(q as u32);
        }
        let by_length = maps
            .into_iter()
            .map(|map| {
                // Few anchors get a small filter that stays in cache.
                let mut filter = BitFilter::for_entries(map.len());
                for &key in map.keys() {
                    filter.insert(key);
                }
                (map, filter)
            })
            .collect();
        Self { by_length }
    }

    /// Scans `posts` (numbered from `first`) and returns, per query, the
    /// first post whose own text contains it.
    fn scan(&self, posts: &[Post], first: usize, queries: &[Query]) -> Vec<Option<PostId>> {
        let mut found: Vec<Option<PostId>> = vec![None; queries.len()];
        let mut words = Vec::new();
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
            for (n, (by_hash, filter)) in self.by_length.iter().enumerate().map(|(i, m)| (i + 1, m)) {
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
                    if !filter.may_contain(hash) {
                        continue;
                    }
                    let Some(candidates) = by_hash.get(&hash) else { continue };
                    for &q in candidates {
                        let query = &queries[q as usize];
                        if found[q as usize].is_none()
                            && id < query.last_quoting
                            && query.matches_at(&words, start)
                        {
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

/// A one-hash Bloom filter: a cheap "certainly not" before a map lookup.
struct BitFilter {
    bits: Vec<u64>,
    shift: u32,
}

impl BitFilter {
    /// About 16 bits per entry, between 2^10 bits and 2^`MAX_FILTER_BITS` bits.
    fn for_entries(entries: usize) -> Self {
        let log2 = (entries.max(1) * 16).next_power_of_two().trailing_zeros().clamp(10, MAX_FILTER_BITS);
        Self { bits: vec![0; (1usize << log2) / 64], shift: 64 - log2 }
    }

    fn slot(&self, hash: u64) -> (usize, u64) {
        let bit = (hash.wrapping_mul(ROLL) >> self.shift) as usize;
        (bit / 64, 1 << (bit % 64))
    }

    fn insert(&mut self, hash: u64) {
        let (word, mask) = self.slot(hash);
        self.bits[word] |= mask;
    }

    fn may_contain(&self, hash: u64) -> bool {
        let (word, mask) = self.slot(hash);
        self.bits[word] & mask != 0
    }
}

/// Repeats and whole-post quotes, hashing only what can matter:
/// - a quote with a source in the thread is a repeat (its text is there);
///   it is a whole-post quote when its size is close to its source's and
///   their keys agree;
/// - a quote without one is a repeat when an earlier such quote has the
///   same text (a quote with a source cannot share its text without having
///   been found in that source too);
/// - a chain nobody named is a quote of an earlier post whose whole body it
///   reproduces.
fn mark_repeats_and_whole_posts(posts: &[Post], quotes: &mut [QuoteInfo]) {
    let mut by_id: Vec<Option<&Quote>> = vec![None; quotes.len()];
    for post in posts {
        for_each_quote(&post.body, &mut |q| by_id[q.id.index()] = Some(q));
    }
    let body = |q: usize| &by_id[q].expect("every quote is in a post").body;
    let mut post_keys: Vec<Option<Option<u64>>> = vec![None; posts.len()];
    let mut post_sizes: Vec<Option<usize>> = vec![None; posts.len()];
    let mut unattributed_texts: HashSet<u64, BuildHasherDefault<IdentityHasher>> = HashSet::default();
    let mut holds_quote = vec![false; quotes.len()];
    for parent in quotes.iter().filter_map(|info| info.parent) {
        holds_quote[parent.index()] = true;
    }
    let mut orphans: Vec<(usize, u64, usize)> = Vec::new();
    for q in 0..quotes.len() {
        let info = &mut quotes[q];
        if let Some(source) = info.source.post() {
            info.repeat = true;
            let size = total_size(body(q));
            let source_size =
                *post_sizes[source.index()].get_or_insert_with(|| total_size(&posts[source.index()].body));
            if size > 0 && sizes_close(size, source_size) {
                let key =
                    *post_keys[source.index()].get_or_insert_with(|| text_key(&posts[source.index()].body));
                info.whole_post = key.is_some() && key == text_key(body(q));
            }
            continue;
        }
        let Some(key) = text_key(body(q)) else { continue };
        if !unattributed_texts.insert(key) {
            info.repeat = true;
        }
        if holds_quote[q] && info.source == QuoteSource::Unattributed {
            orphans.push((q, key, total_size(body(q))));
        }
    }
    if orphans.is_empty() {
        return;
    }
    // Only posts that quote, and whose size fits some orphan, are hashed.
    let mut sizes: Vec<usize> = orphans.iter().map(|&(_, _, size)| size).collect();
    sizes.sort_unstable();
    let mut by_key: HashKeyed<PostId> = HashKeyed::default();
    for (i, post) in posts.iter().enumerate() {
        if !post.body.iter().any(|b| matches!(b, Block::Quote(_))) {
            continue;
        }
        let size = total_size(&post.body);
        let from = sizes.partition_point(|&s| s + 16 + size / 8 < size);
        if sizes.get(from).is_some_and(|&s| sizes_close(s, size))
            && let Some(key) = text_key(&post.body)
        {
            by_key.entry(key).or_insert(PostId::new(i));
        }
    }
    for (q, key, _) in orphans {
        if let Some(&source) = by_key.get(&key)
            && source < quotes[q].post
        {
            quotes[q].source = QuoteSource::Inferred(source);
            quotes[q].whole_post = true;
            quotes[q].repeat = true;
        }
    }
}
