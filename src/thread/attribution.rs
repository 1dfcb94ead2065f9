//! Quote attribution and repetition.
//!
//! A quote without `of` is attributed to the earliest earlier post whose own
//! text (outside its quotes) contains the quote's own text. Texts are
//! compared as sequences of words (runs of letters and digits, case folded;
//! see [`crate::text::for_each_word_hash`]), so whitespace, case, quote
//! marks and other punctuation do not matter, while word boundaries do ("in
//! mice" is not in "within mice"). An ellipsis in a quote marks left-out
//! text: the pieces must appear in order.
//!
//! Every text of the thread is hashed once, in two passes that each split
//! the posts between two threads:
//! 1. quotes: each quote's size and key (its words, structure included),
//!    and for a quote without `of` its words, keyed by its first few words;
//! 2. posts: each post's own words are hashed, every window of a few words
//!    is looked up among the quotes' first words (behind a bit filter, and
//!    only a hit is compared word by word), and the post's size and key are
//!    completed.
//!
//! What remains (sources, repeats, whole-post quotes) is a linear walk over
//! the quotes. The cost is linear in the thread, never posts × quotes.
//!
//! Hostile text must not make it quadratic either: a window that hits an
//! anchor is compared with the first piece word by word for a few words,
//! then (when they agree) by a polynomial hash of the whole piece in one
//! step; a query is searched past its first piece at most once per post (at
//! the first place its first piece holds, which is the best place); and its
//! later pieces are found the same way, window by window. Even so, many queries
//! that share an anchor and fail after it could each cost a post's length, so
//! the search has a budget proportional to the text it reads; only crafted
//! input reaches it, and what it leaves unsearched stays unattributed.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, Hasher, RandomState};
use std::ops::Range;

use super::body::{Block, Quote};
use super::{Post, PostId, QuoteId, QuoteInfo, QuoteSource};
use crate::text::push_word_hashes;

/// Shorter quoted text is too common to name a source ("ok", "yes").
const MIN_QUOTE_CHARS: usize = 6;
/// Words a quote is indexed by (fewer when it is shorter).
const ANCHOR_WORDS: usize = 4;
/// log2 of the largest bit filter: 2^22 bits = 512 KiB, cache friendly.
const MAX_FILTER_BITS: u32 = 22;
const ROLL: u64 = 0x9E37_79B9_7F4A_7C15;
/// Keeps a quote's key apart from a paragraph with the same words.
const QUOTE_MARK: u64 = 0x5151_5151_5151_5151;
/// Search steps allowed per word read (posts and queries); ordinary threads
/// use a few per word at most.
const WORK_PER_WORD: u64 = 32;
/// Search steps allowed whatever the size, so small threads never count.
const BASE_WORK: u64 = 1 << 20;
/// Words compared one by one before a window hash is worth computing.
const DIRECT_WORDS: usize = 8;
/// The prime 2^61 - 1: window hashes are taken modulo it.
const MERSENNE_61: u64 = (1 << 61) - 1;

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

/// A body's size (bytes of all its text, inner quotes included) and key
/// (its words with their structure; `None` when it has no words). Two
/// bodies with the same key read the same.
#[derive(Debug, Clone, Copy, Default)]
struct Digest {
    size: usize,
    key: Option<u64>,
}

impl Digest {
    fn add_part(&mut self, size: usize, key: Option<u64>) {
        self.size += size;
        if let Some(part) = key {
            self.key = Some(self.key.unwrap_or(0).wrapping_mul(ROLL).wrapping_add(part));
        }
    }

    /// Whether `self` may reproduce all of `source`: rewrapping and spacing
    /// change a copy's size a little, never much, and the words must agree.
    fn reproduces(&self, source: &Digest) -> bool {
        self.key.is_some()
            && self.key == source.key
            && self.size.abs_diff(source.size) <= 16 + source.size / 8
    }
}

/// The key of a paragraph's words.
fn words_key(words: &[u64]) -> Option<u64> {
    (!words.is_empty()).then(|| window_hash(words))
}

fn window_hash(words: &[u64]) -> u64 {
    words.iter().fold(0u64, |hash, &w| hash.wrapping_mul(ROLL).wrapping_add(w))
}

/// A quote without `of`, to be found in an earlier post.
struct Sought {
    quote: QuoteId,
    /// Word hashes of each piece of its own text (pieces are split at
    /// ellipses, which mark text the quoter left out).
    pieces: Vec<Vec<u64>>,
}

/// A distinct text that quotes without `of` need found.
struct Query {
    pieces: Vec<Vec<u64>>,
    /// Each piece's [`PolyHasher`] value, so a window is compared in one step.
    piece_hashes: Vec<u64>,
    /// The posts the quotes are in: only posts before the last are searched.
    last_quoting: PostId,
}

impl Query {
    fn first_words(&self) -> &[u64] {
        &self.pieces[0]
    }

    /// `None` when the query's first piece is not at `post.words[start..]`;
    /// otherwise whether its later pieces follow in order. Each piece is
    /// taken at its leftmost place after the one before, the best choice:
    /// whatever follows a later place also follows an earlier one.
    fn search_at(&self, post: &mut PostWords<'_, '_>, start: usize, work: &mut u64) -> Option<bool> {
        let mut at = post.holds_at(self.first_words(), self.piece_hashes[0], start, work)?;
        for (piece, &hash) in self.pieces.iter().zip(&self.piece_hashes).skip(1) {
            match post.find(piece, hash, at, work) {
                Some(end) => at = end,
                None => return Some(false),
            }
        }
        Some(true)
    }
}

/// Infers the sources of quotes without `of`, and marks repeats and
/// whole-post quotes (see the module's comment for how).
pub(crate) fn attribute(posts: &[Post], quotes: &mut [QuoteInfo]) {
    attribute_counting(posts, quotes);
}

/// The search steps one inference took, and whether it ran out of budget.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Work {
    steps: u64,
    exhausted: bool,
}

/// [`attribute`], returning the work the search took (for the tests that
/// prove it linear).
fn attribute_counting(posts: &[Post], quotes: &mut [QuoteInfo]) -> Work {
    let ((early_digests, early_sought), (late_digests, late_sought)) =
        on_both_halves(posts.len(), |half| digest_quotes(&posts[half], quotes));
    let mut quote_digests = vec![Digest::default(); quotes.len()];
    for (quote, digest) in early_digests.into_iter().chain(late_digests) {
        quote_digests[quote.index()] = digest;
    }

    let hasher = PolyHasher::new();
    let (queries, waiting) = distinct_queries(early_sought.into_iter().chain(late_sought), quotes, &hasher);
    let index = AnchorIndex::new(&queries);
    let ((early_found, early_posts, early_work), (late_found, late_posts, late_work)) =
        on_both_halves(posts.len(), |half| index.scan(posts, half, &queries, &quote_digests, &hasher));
    // The earlier half's answer is the earlier post.
    let earliest: Vec<Option<PostId>> =
        early_found.into_iter().zip(late_found).map(|(e, l)| e.or(l)).collect();
    let post_digests: Vec<Digest> = early_posts.into_iter().chain(late_posts).collect();

    for (quote, query) in waiting {
        let info = &mut quotes[quote.index()];
        if let Some(source) = earliest[query].filter(|&source| source < info.post) {
            info.source = QuoteSource::Inferred(source);
        }
    }
    mark_repeats_and_whole_posts(posts, quotes, &quote_digests, &post_digests);
    Work { steps: early_work.steps + late_work.steps, exhausted: early_work.exhausted || late_work.exhausted }
}

/// Below this many posts, starting a thread costs more than it saves.
const MIN_POSTS_TO_SPLIT: usize = 64;

/// `work` on the first and the second half of `0..len`, the second on
/// another thread when there are enough posts to be worth one.
fn on_both_halves<T: Send>(len: usize, work: impl Fn(Range<usize>) -> T + Sync) -> (T, T) {
    let middle = len / 2;
    if len < MIN_POSTS_TO_SPLIT {
        return (work(0..middle), work(middle..len));
    }
    std::thread::scope(|scope| {
        let late = scope.spawn(|| work(middle..len));
        let early = work(0..middle);
        (early, late.join().expect("a half's work does not panic"))
    })
}

/// Pass 1 over `posts`: every quote's digest, and the words of the quotes
/// without a source.
fn digest_quotes(posts: &[Post], quotes: &[QuoteInfo]) -> (Vec<(QuoteId, Digest)>, Vec<Sought>) {
    let mut digester = QuoteDigester { quotes, digests: Vec::new(), sought: Vec::new(), words: Vec::new() };
    for post in posts {
        for block in &post.body {
            if let Block::Quote(quote) = block {
                digester.quote(quote);
            }
        }
    }
    (digester.digests, digester.sought)
}

struct QuoteDigester<'a> {
    quotes: &'a [QuoteInfo],
    digests: Vec<(QuoteId, Digest)>,
    sought: Vec<Sought>,
    words: Vec<u64>,
}

impl QuoteDigester<'_> {
    /// Digests `quote` and the quotes inside it (at most `MAX_QUOTE_DEPTH` deep).
    fn quote(&mut self, quote: &Quote) -> Digest {
        let sought = self.quotes[quote.id.index()].source == QuoteSource::Unattributed;
        let mut pieces: Vec<Vec<u64>> = vec![Vec::new()];
        let mut visible = 0;
        let mut digest = Digest::default();
        for block in &quote.body {
            let text = match block {
                Block::Paragraph(p) => &p.text,
                Block::Code(c) => &c.text,
                Block::Quote(inner) => {
                    let inner = self.quote(inner);
                    digest.add_part(inner.size, inner.key.map(|k| k ^ QUOTE_MARK));
                    continue;
                }
            };
            self.words.clear();
            if sought && (text.contains('…') || text.contains("...")) {
                for (n, part) in text.split('…').flat_map(|piece| piece.split("...")).enumerate() {
                    let from = self.words.len();
                    push_word_hashes(part, &mut self.words);
                    if n > 0 {
                        pieces.push(Vec::new());
                    }
                    pieces.last_mut().expect("one piece at least").extend_from_slice(&self.words[from..]);
                }
            } else {
                push_word_hashes(text, &mut self.words);
                if sought {
                    pieces.last_mut().expect("one piece at least").extend_from_slice(&self.words);
                }
            }
            if sought && visible < MIN_QUOTE_CHARS {
                visible += text.chars().filter(|c| !c.is_whitespace()).take(MIN_QUOTE_CHARS).count();
            }
            digest.add_part(text.len(), words_key(&self.words));
        }
        self.digests.push((quote.id, digest));
        pieces.retain(|piece| !piece.is_empty());
        if sought && visible >= MIN_QUOTE_CHARS && !pieces.is_empty() {
            self.sought.push(Sought { quote: quote.id, pieces });
        }
        digest
    }
}

/// Merges quotes of the same text into one query each; returns the
/// queries and, per sought quote, its query.
fn distinct_queries(
    sought: impl Iterator<Item = Sought>,
    quotes: &[QuoteInfo],
    hasher: &PolyHasher,
) -> (Vec<Query>, Vec<(QuoteId, usize)>) {
    let mut queries: Vec<Query> = Vec::new();
    let mut query_of_text: HashKeyed<Vec<usize>> = HashKeyed::default();
    let mut waiting = Vec::new();
    for Sought { quote, pieces } in sought {
        let quoting = quotes[quote.index()].post;
        let key = pieces.iter().fold(0u64, |h, piece| h.wrapping_mul(ROLL) ^ window_hash(piece));
        let same_key = query_of_text.entry(key).or_default();
        let index = match same_key.iter().find(|&&q| queries[q].pieces == pieces) {
            Some(&q) => q,
            None => {
                let piece_hashes = pieces.iter().map(|piece| hasher.of(piece)).collect();
                queries.push(Query { pieces, piece_hashes, last_quoting: quoting });
                same_key.push(queries.len() - 1);
                queries.len() - 1
            }
        };
        queries[index].last_quoting = queries[index].last_quoting.max(quoting);
        waiting.push((quote, index));
    }
    (queries, waiting)
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

    /// Pass 2 over `posts[range]`: per query, the first of these posts
    /// whose own text contains it; each post's digest; the work it took.
    fn scan(
        &self,
        posts: &[Post],
        range: Range<usize>,
        queries: &[Query],
        quote_digests: &[Digest],
        hasher: &PolyHasher,
    ) -> (Vec<Option<PostId>>, Vec<Digest>, Work) {
        let mut found: Vec<Option<PostId>> = vec![None; queries.len()];
        let mut search = Search {
            tried_in: vec![None; queries.len()],
            windows: WindowHashes::new(hasher),
            work: Work::default(),
            allowance: BASE_WORK
                + WORK_PER_WORD
                    * queries.iter().flat_map(|q| &q.pieces).map(|piece| piece.len() as u64).sum::<u64>(),
        };
        let mut digests = Vec::with_capacity(range.len());
        // Each scan owns its anchors: a query leaves them once found, or
        // once past the post that quotes it, so common words stop costing.
        let mut anchors: Vec<Anchors<'_>> = self
            .by_length
            .iter()
            .enumerate()
            .filter(|(_, (by_hash, _))| !by_hash.is_empty())
            .map(|(i, (by_hash, filter))| Anchors { words: i + 1, by_hash: by_hash.clone(), filter })
            .collect();
        let last_searched = queries.iter().map(|q| q.last_quoting).max();
        let mut words = Vec::new();
        for (index, post) in posts.iter().enumerate().take(range.end).skip(range.start) {
            let id = PostId::new(index);
            words.clear();
            let mut digest = Digest::default();
            for block in &post.body {
                let text = match block {
                    Block::Paragraph(p) => &p.text,
                    Block::Code(c) => &c.text,
                    Block::Quote(q) => {
                        let inner = quote_digests[q.id.index()];
                        digest.add_part(inner.size, inner.key.map(|k| k ^ QUOTE_MARK));
                        continue;
                    }
                };
                let from = words.len();
                push_word_hashes(text, &mut words);
                digest.add_part(text.len(), words_key(&words[from..]));
            }
            digests.push(digest);
            if last_searched.is_some_and(|last| id < last) {
                search.allowance += WORK_PER_WORD * words.len() as u64;
                find_in(&words, id, &mut anchors, queries, &mut found, &mut search);
            }
        }
        (found, digests, search.work)
    }
}

/// The queries anchored on their first `words` words, as one scan sees them.
struct Anchors<'a> {
    words: usize,
    /// Queries by the hash of their anchor; emptied as they are settled.
    by_hash: HashKeyed<Vec<u32>>,
    filter: &'a BitFilter,
}

/// One scan's search state beside its anchors.
struct Search<'a> {
    /// The post where a query's first piece last held: it is not searched
    /// again in that post (its first place there was the best).
    tried_in: Vec<Option<PostId>>,
    windows: WindowHashes<'a>,
    work: Work,
    /// The steps allowed so far; the search stops when they are spent.
    allowance: u64,
}

/// Looks every window of `words` (the own text of post `id`) up among the
/// queries' first words; marks the queries found there for the first time.
fn find_in(
    words: &[u64],
    id: PostId,
    anchors: &mut [Anchors<'_>],
    queries: &[Query],
    found: &mut [Option<PostId>],
    search: &mut Search<'_>,
) {
    // windows[n - 1]: the hash of the `n` words ending at `end`.
    let mut windows = [0u64; ANCHOR_WORDS];
    for (end, &word) in words.iter().enumerate() {
        if search.work.steps > search.allowance {
            search.work.exhausted = true;
            return;
        }
        for n in (1..ANCHOR_WORDS).rev() {
            windows[n] = windows[n - 1].wrapping_mul(ROLL).wrapping_add(word);
        }
        windows[0] = word;
        for table in anchors.iter_mut() {
            let hash = windows[table.words - 1];
            if end + 1 < table.words || !table.filter.may_contain(hash) {
                continue;
            }
            let Some(candidates) = table.by_hash.get_mut(&hash) else { continue };
            let start = end + 1 - table.words;
            let mut post = PostWords { words, id, windows: &mut search.windows };
            let (tried_in, work) = (&mut search.tried_in, &mut search.work.steps);
            candidates.retain(|&q| {
                let query = &queries[q as usize];
                if id >= query.last_quoting {
                    return false;
                }
                *work += 1;
                if tried_in[q as usize] == Some(id) {
                    return true;
                }
                match query.search_at(&mut post, start, work) {
                    None => true,
                    Some(false) => {
                        tried_in[q as usize] = Some(id);
                        true
                    }
                    Some(true) => {
                        found[q as usize] = Some(id);
                        false
                    }
                }
            });
            if candidates.is_empty() {
                table.by_hash.remove(&hash);
            }
        }
    }
}

/// Polynomial hashes of word sequences modulo 2^61 - 1, with a base drawn
/// per run so that crafted text cannot aim at collisions; a window whose
/// hash agrees is still compared word by word.
struct PolyHasher {
    base: u64,
}

impl PolyHasher {
    fn new() -> Self {
        let random = RandomState::new().hash_one(0x7EAD_u64);
        Self { base: (1 << 32) + random % (MERSENNE_61 - (1 << 33)) }
    }

    fn push(&self, hash: u64, word: u64) -> u64 {
        reduce_61(mul_mod_61(hash, self.base) + reduce_61(word))
    }

    fn of(&self, words: &[u64]) -> u64 {
        words.iter().fold(0, |hash, &word| self.push(hash, word))
    }
}

/// `value` modulo 2^61 - 1, for any `value` below 2^64 - 2^61.
fn reduce_61(value: u64) -> u64 {
    let folded = (value & MERSENNE_61) + (value >> 61);
    if folded >= MERSENNE_61 { folded - MERSENNE_61 } else { folded }
}

fn mul_mod_61(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    reduce_61((product as u64 & MERSENNE_61) + (product >> 61) as u64)
}

/// The prefix hashes of one post's words, computed only for a post where
/// some anchor hits, and the base's powers, kept across posts.
struct WindowHashes<'a> {
    hasher: &'a PolyHasher,
    /// `prefix[i]`: the hash of the first `i` words.
    prefix: Vec<u64>,
    /// `powers[i]`: the base to the power `i`.
    powers: Vec<u64>,
    post: Option<PostId>,
}

impl<'a> WindowHashes<'a> {
    fn new(hasher: &'a PolyHasher) -> Self {
        Self { hasher, prefix: Vec::new(), powers: vec![1], post: None }
    }

    fn prepare(&mut self, words: &[u64], post: PostId) {
        if self.post == Some(post) {
            return;
        }
        self.post = Some(post);
        self.prefix.clear();
        self.prefix.push(0);
        for &word in words {
            let last = *self.prefix.last().expect("starts with the empty prefix");
            self.prefix.push(self.hasher.push(last, word));
        }
        while self.powers.len() <= words.len() {
            let last = *self.powers.last().expect("starts with 1");
            self.powers.push(mul_mod_61(last, self.hasher.base));
        }
    }

    /// The hash of words `start..end`.
    fn window(&self, start: usize, end: usize) -> u64 {
        let shifted = mul_mod_61(self.prefix[start], self.powers[end - start]);
        reduce_61(self.prefix[end] + MERSENNE_61 - shifted)
    }
}

/// A post's words, and its window hashes once a long piece needs them.
struct PostWords<'w, 'h> {
    words: &'w [u64],
    id: PostId,
    windows: &'w mut WindowHashes<'h>,
}

impl PostWords<'_, '_> {
    /// Where `piece` (of hash `hash`) ends when it stands at `start`.
    /// Words are compared one by one up to `DIRECT_WORDS`, which settles
    /// nearly every miss without hashing the post; a longer match is
    /// checked by its hash in one step, then confirmed word by word.
    fn holds_at(&mut self, piece: &[u64], hash: u64, start: usize, work: &mut u64) -> Option<usize> {
        let end = start + piece.len();
        if end > self.words.len() {
            return None;
        }
        let direct = piece.len().min(DIRECT_WORDS);
        *work += direct as u64;
        if self.words[start..start + direct] != piece[..direct] {
            return None;
        }
        if direct < piece.len() {
            self.windows.prepare(self.words, self.id);
            if self.windows.window(start, end) != hash {
                return None;
            }
            *work += piece.len() as u64;
            if self.words[start..end] != *piece {
                return None;
            }
        }
        Some(end)
    }

    /// Where the leftmost `piece` at or after `from` ends.
    fn find(&mut self, piece: &[u64], hash: u64, from: usize, work: &mut u64) -> Option<usize> {
        let last_start = self.words.len().checked_sub(piece.len())?;
        (from..=last_start).find_map(|start| self.holds_at(piece, hash, start, work))
    }
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

/// Repeats and whole-post quotes, from the digests:
/// - a quote with a source in the thread is a repeat (its text is there);
///   it is a whole-post quote when it reproduces its source's body;
/// - a quote without one is a repeat when an earlier such quote has the
///   same words (a quote with a source cannot share its words without having
///   been found in that source too);
/// - a chain nobody named is a quote of the earliest earlier post whose
///   whole body it reproduces.
fn mark_repeats_and_whole_posts(
    posts: &[Post],
    quotes: &mut [QuoteInfo],
    quote_digests: &[Digest],
    post_digests: &[Digest],
) {
    let mut unattributed_texts: HashSet<u64, BuildHasherDefault<IdentityHasher>> = HashSet::default();
    let mut holds_quote = vec![false; quotes.len()];
    for parent in quotes.iter().filter_map(|info| info.parent) {
        holds_quote[parent.index()] = true;
    }
    let mut orphans: Vec<usize> = Vec::new();
    for (q, info) in quotes.iter_mut().enumerate() {
        let digest = &quote_digests[q];
        if let Some(source) = info.source.post() {
            info.repeat = true;
            info.whole_post = digest.reproduces(&post_digests[source.index()]);
            continue;
        }
        let Some(key) = digest.key else { continue };
        if !unattributed_texts.insert(key) {
            info.repeat = true;
        }
        if holds_quote[q] && info.source == QuoteSource::Unattributed {
            orphans.push(q);
        }
    }
    if orphans.is_empty() {
        return;
    }
    // Only a post that quotes can be reproduced by a chain.
    let mut by_key: HashKeyed<PostId> = HashKeyed::default();
    for (i, post) in posts.iter().enumerate() {
        if let Some(key) = post_digests[i].key
            && post.body.iter().any(|b| matches!(b, Block::Quote(_)))
        {
            by_key.entry(key).or_insert(PostId::new(i));
        }
    }
    for q in orphans {
        let digest = &quote_digests[q];
        if let Some(&source) = digest.key.and_then(|key| by_key.get(&key))
            && source < quotes[q].post
            && digest.reproduces(&post_digests[source.index()])
        {
            quotes[q].source = QuoteSource::Inferred(source);
            quotes[q].whole_post = true;
            quotes[q].repeat = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{LoadOptions, load_slice};
    use crate::thread::Thread;

    /// A thread of one post with `own` text and a later post quoting `quote` (no `of`).
    fn quoting_thread(own: &str, quote: &str) -> Thread {
        let json = serde_json::json!({ "version": 1, "posts": [
            { "id": "1", "body": [own] },
            { "id": "2", "body": [{ "quote": quote }, "a reply"] },
        ] })
        .to_string();
        Thread::from_file_deferred(
            load_slice(json.as_bytes(), "t.json", LoadOptions::default()).unwrap().file,
        )
    }

    fn inference_work(thread: &Thread) -> (Work, Option<PostId>) {
        let mut quotes = thread.quotes.clone();
        let work = attribute_counting(&thread.posts, &mut quotes);
        (work, quotes[0].source.post())
    }

    /// Work at `size` and four times `size` of a generated shape: linear
    /// means about four times the steps, quadratic sixteen.
    fn assert_linear(shape: impl Fn(usize) -> Thread) {
        let (small, found) = inference_work(&shape(5_000));
        let (large, _) = inference_work(&shape(20_000));
        assert_eq!(found, None, "the shape's quote is in no post");
        assert!(!large.exhausted, "linear without the budget: {large:?}");
        let ratio = large.steps as f64 / small.steps as f64;
        assert!(ratio < 4.5, "work grows by {ratio:.1} when the input grows by 4 ({small:?} -> {large:?})");
    }

    #[test]
    fn a_long_quote_that_almost_matches_everywhere_takes_linear_work() {
        // Every window of the post starts the quote's first words; the quote
        // differs only in its last word.
        assert_linear(|words| quoting_thread(&"a ".repeat(2 * words), &format!("{}b", "a ".repeat(words))));
    }

    #[test]
    fn a_quote_of_many_ellipsis_pieces_takes_linear_work() {
        // Every piece is found at once, from any start; only the last is missing.
        assert_linear(|pieces| {
            quoting_thread(&"x y ".repeat(2 * pieces), &format!("{}zzz", "x y ... ".repeat(pieces)))
        });
    }

    #[test]
    fn many_queries_failing_after_one_anchor_stop_at_the_budget() {
        let quotes: Vec<serde_json::Value> =
            (0..2_000).map(|i| serde_json::json!({ "quote": format!("a a a a b{i}") })).collect();
        let json = serde_json::json!({ "version": 1, "posts": [
            { "id": "1", "body": ["a ".repeat(100_000)] },
            { "id": "2", "body": quotes },
        ] })
        .to_string();
        let thread = Thread::from_file_deferred(
            load_slice(json.as_bytes(), "t.json", LoadOptions::default()).unwrap().file,
        );
        let (work, _) = inference_work(&thread);
        assert!(work.exhausted);
        let allowance = BASE_WORK + WORK_PER_WORD * (100_000 + 2_000 * 5);
        assert!(work.steps <= allowance + 2_000 * 8, "{work:?} past the allowance {allowance}");
    }

    #[test]
    fn long_pieces_are_found_exactly_past_near_misses() {
        let words: Vec<String> = (0..40).map(|i| format!("w{i}")).collect();
        let near_miss = format!("{} changed {}", words[..19].join(" "), words[20..].join(" "));
        let source = format!("before {} after", words.join(" "));
        let quote = format!("{} … {}", words[..20].join(" "), words[25..].join(" "));
        let json = serde_json::json!({ "version": 1, "posts": [
            { "id": "1", "body": [near_miss.clone()] },
            { "id": "2", "body": [format!("{near_miss} {near_miss}"), source] },
            { "id": "3", "body": [{ "quote": quote }, { "quote": words.join(" ") }] },
        ] })
        .to_string();
        let thread = Thread::from_file_deferred(
            load_slice(json.as_bytes(), "t.json", LoadOptions::default()).unwrap().file,
        );
        let mut quotes = thread.quotes.clone();
        attribute_counting(&thread.posts, &mut quotes);
        let sources: Vec<Option<PostId>> = quotes.iter().map(|q| q.source.post()).collect();
        assert_eq!(sources, [Some(PostId::new(1)), Some(PostId::new(1))]);
    }

    #[test]
    fn window_hashes_agree_with_hashing_the_window() {
        let hasher = PolyHasher::new();
        let words: Vec<u64> = (0..50u64).map(|w| w.wrapping_mul(0x9E37_79B9_7F4A_7C15) | (w << 60)).collect();
        let mut windows = WindowHashes::new(&hasher);
        windows.prepare(&words, PostId::new(0));
        for start in 0..words.len() {
            for end in start..=words.len() {
                assert_eq!(windows.window(start, end), hasher.of(&words[start..end]), "{start}..{end}");
            }
        }
    }
}
