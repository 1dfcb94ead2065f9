//! Quote reconstruction for text whose quote markup was lost.
//!
//! A forum page saved as text keeps every quote, but as plain paragraphs: a
//! reply that quoted a post shows that post's paragraphs (and the quotes
//! inside it) inline, with nothing to tell them from the reply's own words.
//! [`reconstruct`] rebuilds the quote blocks from the text alone:
//!
//! - **Runs.** A run of paragraphs equal (text folded: whitespace, case and
//!   typographic quotes ignored) to a run of an earlier post's paragraphs is a
//!   quote of that post, and keeps that post's own structure: a run that
//!   reproduces a whole post, including the quotes in it, becomes one quote
//!   with the chain nested inside. Among candidate runs the longest wins, ties
//!   go to the earliest post (the one that wrote the text first). A run needs
//!   at least one *substantial* paragraph (see below); short paragraphs ride
//!   along inside a run but never make one.
//! - **Excerpts.** A paragraph that is part of an earlier post's own paragraph
//!   (words in the same order, punctuation ignored) is a quote of the nearest
//!   such post (two posts that wrote the same words: the quoter answers the
//!   one just read). A paragraph wrapped in quote marks (`“…”`) may also be a loose
//!   excerpt: its words in order within a window of at most `m + m/4` words
//!   (one dropped word per four), which is how people trim what they quote.
//!   An excerpt is copied, so it keeps its source's case and sentence ends:
//!   it starts with a capital only where the source does, and ends with
//!   `.`, `?` or `!` only where the source's sentence, line or paragraph
//!   ends (a trailing ellipsis is no end).
//! - **Elided excerpts.** A paragraph cut by `[…]` (or `[...]`, `(…)`) is a
//!   quote when all its pieces appear in order in one earlier own paragraph.
//! - **Near copies.** A paragraph of eight words or more is a quote when all
//!   but one word in eight appear in order within a window of an earlier own
//!   paragraph at most a quarter longer, and every number in it is there:
//!   quoters trim clauses, and forums re-render a quote's markup.
//! - **Short excerpts.** See below: a whole sentence (or list item) of
//!   exactly one earlier post.
//! - **Bare URLs.** A paragraph that is only a URL joins the quote just
//!   before it when that quote's post shows the URL; opening a post, it is
//!   a quote of the one earlier post that wrote it as its own paragraph.
//! - **Everything else** is the post's own text, and becomes the source for
//!   later posts; so is a paragraph equal to the one just quoted before it.
//!
//! Substantial means: more than three words (URLs not counted: they repeat
//! across posts), or two words and 24 characters, or two words in quote
//! marks, or one unspaced (CJK) run of 24 characters. A *short* paragraph
//! (two or three words) is a quote only when it is a whole sentence of
//! exactly one earlier post's own text. "Thanks!", a bare URL, a one-word
//! line or a paragraph wholly in square brackets (`[image]`, `[closed the
//! topic]`) never become quotes by themselves.
//!
//! Cost: every paragraph is hashed once; runs are found through a hash index
//! of paragraphs (the first 16 and last 240 occurrences of a paragraph are
//! tried), excerpts through word-bigram and word indexes of the posts' own
//! paragraphs (the rarest bigram or word picks the candidates, at most
//! [`CANDIDATE_CAP`] of them), short excerpts through a hash index of short
//! sentences. Near copies (tried only for long paragraphs nothing else
//! matched) count, per own paragraph, the word pairs it shares with the
//! paragraph through the same bigram index (lists longer than
//! [`CANDIDATE_CAP`] skipped), and verify at most 64 candidates that hold
//! enough of them. Nothing compares all posts with each other.
//!
//! How well this works is measured in `tests/reconstruction_score.rs`, whose
//! support code flattens structured threads into pages and scores the
//! rebuilt quotes; none of that lives here.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::format::{Block, Body, PostKey};

/// At most this many candidate paragraphs are verified for one excerpt.
pub const CANDIDATE_CAP: usize = 4096;
/// Occurrences of a paragraph tried as run starts: the first ones (the
/// original and early quotes) and the most recent ones.
const RUN_HEAD: usize = 16;
const RUN_TAIL: usize = 240;
/// A run may start up to this many short paragraphs before its anchor.
const ANCHOR_LOOKAHEAD: usize = 4;
/// Paragraphs of up to this many words are short: a quote only as a whole
/// sentence that exactly one earlier post wrote.
const SHORT_WORDS: usize = 3;
/// Paragraphs of at least this many words may be near copies of their source.
const NEAR_COPY_WORDS: usize = 8;
/// A near copy needs at least this many of its word pairs in the source.
const NEAR_COPY_PAIRS: usize = 3;
/// Candidate sources verified for one near copy.
const NEAR_COPY_CANDIDATES: usize = 64;

// ---------------------------------------------------------------- folding

/// Folds text for comparison: typographic quotes to ASCII, every run of
/// whitespace (no-break spaces included) to one space, lower case, trimmed.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => out.push('\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '«' | '»' => {
                out.push('"');
            }
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Removes one pair of quote marks around the whole of folded text; `true`
/// when there was such a pair (and no other double quote inside).
fn strip_marks(folded: &str) -> (&str, bool) {
    if let Some(inner) = folded.strip_prefix('"').and_then(|s| s.strip_suffix('"'))
        && !inner.contains('"')
        && !inner.trim().is_empty()
    {
        return (inner.trim(), true);
    }
    (folded, false)
}

fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

fn pair_hash(a: u64, b: u64) -> u64 {
    hash_of(&(a, b))
}

/// The sentences of folded text: cut after `.`, `?` or `!` followed by a space.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let cut = rest
            .match_indices(['.', '?', '!'])
            .map(|(at, mark)| at + mark.len())
            .find(|&end| rest[end..].starts_with(' '))
            .unwrap_or(rest.len());
        let sentence = &rest[..cut];
        rest = rest[cut..].trim_start();
        Some(sentence)
    })
}

fn is_url(word: &str) -> bool {
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    word.starts_with("http://") || word.starts_with("https://") || word.starts_with("www.")
}

fn is_unspaced_script(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// What the matcher knows about one paragraph.
#[derive(Debug, Clone)]
struct Para {
    /// Hash of the folded text without surrounding quote marks.
    key: u64,
    /// Hashes of its words, folded and stripped of surrounding punctuation.
    tokens: Vec<u64>,
    /// Per word, as written: how it stands in its sentence.
    marks: Vec<WordMark>,
    /// Its last word ends a sentence with its own punctuation.
    ends_sentence: bool,
    /// Word indexes where an elision mark (`[…]`, `[...]`, `(…)`) cut the text.
    cuts: Vec<usize>,
    /// Wrapped in quote marks as a whole.
    marked: bool,
    /// Long or specific enough to be a quote on its own.
    substantial: bool,
    /// Hashes of its short sentences and list items (two or three words),
    /// for short excerpts.
    short_sentences: Vec<u64>,
    /// Prose, or a bare URL and nothing else.
    shape: Shape,
}

/// What a paragraph is made of, for rules that treat bare links apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Prose,
    BareUrl,
}

/// How one word stands in the text as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct WordMark {
    /// Starts with a capital letter.
    capital: bool,
    /// Followed by `.`, `?` or `!` (closing quotes and brackets aside; an
    /// ellipsis is none), a line break or the end of the paragraph.
    boundary: bool,
    /// A number: digits, maybe with punctuation, no letters.
    number: bool,
}

/// Marks between elided pieces of a quote.
fn is_elision(word: &str) -> bool {
    matches!(word, "[…]" | "[...]" | "(…)" | "(...)")
}

/// Bullets that start a list item line.
fn strip_bullet(line: &str) -> Option<&str> {
    ["- ", "* ", "+ ", "• ", "– "].iter().find_map(|b| line.strip_prefix(b)).map(str::trim_start)
}

/// The marks of the words of `text` as written (the words are those that
/// survive trimming, as in [`Para::new`]), the word indexes of elisions, and
/// whether the last word ends a sentence with its own punctuation.
fn word_marks(text: &str) -> (Vec<WordMark>, Vec<usize>, bool) {
    let (mut marks, mut cuts, mut last_stop) = (Vec::new(), Vec::new(), false);
    for line in text.lines() {
        let start = marks.len();
        for raw in line.split_whitespace() {
            if is_elision(raw) {
                cuts.push(marks.len());
                continue;
            }
            let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
            if word.is_empty() {
                continue;
            }
            let tail = raw.trim_end_matches(['"', '\'', ')', ']', '*', '_', '\u{201D}', '\u{2019}', '»']);
            // A trailing ellipsis says the text goes on: not a stop.
            let stop = tail.ends_with(['.', '?', '!']) && !tail.ends_with("..");
            // Digits and punctuation: a count, a date, a time ("18:58").
            let number = word.chars().any(|c| c.is_ascii_digit()) && !word.chars().any(char::is_alphabetic);
            let capital = word.chars().next().is_some_and(char::is_uppercase);
            marks.push(WordMark { capital, boundary: stop, number });
            last_stop = stop;
        }
        if let Some(last) = marks[start..].last_mut() {
            last.boundary = true;
        }
    }
    (marks, cuts, last_stop)
}

impl Para {
    fn new(text: &str) -> Self {
        let folded = fold(text);
        let (inner, marked) = strip_marks(&folded);
        let words: Vec<&str> = inner
            .split(' ')
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty())
            .collect();
        let mut tokens: Vec<u64> = words.iter().map(|w| hash_of(*w)).collect();
        let (mut marks, cuts, ends_sentence) = word_marks(text);
        if marks.len() != tokens.len() {
            // Cannot happen with the same splitting; stay permissive if it does.
            marks = vec![WordMark { capital: false, boundary: true, number: false }; tokens.len()];
        }
        // URLs repeat across posts ("See <url>"): they do not make text specific.
        let prose: Vec<&str> = inner.split(' ').filter(|w| !is_url(w)).collect();
        let prose_words = words.iter().filter(|w| !is_url(w)).count();
        let chars = prose.iter().map(|w| w.chars().count() + 1).sum::<usize>().saturating_sub(1);
        let unspaced = words.len() == 1 && inner.chars().filter(|&c| is_unspaced_script(c)).count() >= 24;
        // Wholly in square brackets: a placeholder or a system note (`[image]`,
        // `[closed the topic]`), never a quote by itself: no words to match.
        let placeholder = inner.starts_with('[') && inner.ends_with(']') && inner.matches(']').count() == 1;
        if placeholder {
            tokens.clear();
            marks.clear();
        }
        let substantial = !placeholder
            && (prose_words > SHORT_WORDS || (prose_words >= 2 && (chars >= 24 || marked)) || unspaced);
        let is_short =
            |s: &&str| s.contains(' ') && s.split(' ').filter(|w| !is_url(w)).count() <= SHORT_WORDS;
        let mut short_sentences: Vec<u64> = sentences(inner).filter(is_short).map(hash_of).collect();
        // A list item is a unit like a sentence ("- Unified shaders").
        if text.contains('\n') {
            for line in text.lines() {
                let line = fold(line);
                if let Some(item) = strip_bullet(&line) {
                    short_sentences.extend(sentences(item).filter(is_short).map(hash_of));
                }
            }
        }
        let shape = if !inner.contains(' ') && is_url(inner) { Shape::BareUrl } else { Shape::Prose };
        Self {
            short_sentences,
            key: hash_of(inner),
            tokens,
            marks,
            cuts,
            ends_sentence,
            marked,
            substantial,
            shape,
        }
    }

    /// The paragraph's last word ends a sentence with its own punctuation.
    fn ends_sentence(&self) -> bool {
        self.ends_sentence
    }

    /// The paragraph starts with a capital letter.
    fn starts_capital(&self) -> bool {
        self.marks.first().is_some_and(|m| m.capital)
    }
}

// ---------------------------------------------------------------- structure

/// A rebuilt body: paragraphs by their index in the post, and quotes of
/// earlier posts (by index) holding nodes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    Para(usize),
    Quote { of: usize, children: Vec<Node> },
}

/// The nodes of `nodes` covering paragraphs `from..to`, renumbered so that
/// paragraph `from` becomes `at`. Quotes left empty disappear.
fn slice(nodes: &[Node], from: usize, to: usize, at: usize) -> Vec<Node> {
    let mut out = Vec::new();
    for node in nodes {
        match node {
            Node::Para(x) if (from..to).contains(x) => out.push(Node::Para(x - from + at)),
            Node::Para(_) => {}
            Node::Quote { of, children } => {
                let inner = slice(children, from, to, at);
                if !inner.is_empty() {
                    out.push(Node::Quote { of: *of, children: inner });
                }
            }
        }
    }
    out
}

/// Appends a quote, merging it into a directly preceding quote of the same post.
fn push_quote(nodes: &mut Vec<Node>, of: usize, mut children: Vec<Node>) {
    if let Some(Node::Quote { of: last, children: previous }) = nodes.last_mut()
        && *last == of
    {
        previous.append(&mut children);
        return;
    }
    nodes.push(Node::Quote { of, children });
}

fn to_blocks(nodes: &[Node], texts: &[String], keys: &[PostKey]) -> Vec<Block> {
    nodes
        .iter()
        .map(|node| match node {
            Node::Para(x) => Block::Text(texts[*x].clone()),
            Node::Quote { of, children } => Block::Quote {
                quote: Body::Blocks(to_blocks(children, texts, keys)),
                of: Some(keys[*of].clone()),
                author: None,
            },
        })
        .collect()
}

// ---------------------------------------------------------------- matcher

struct Run {
    post: usize,
    start: usize,
    len: usize,
}

struct OwnPara {
    post: usize,
    tokens: Vec<u64>,
    marks: Vec<WordMark>,
}

/// Rebuilds posts one at a time, in thread order; each post is matched
/// against the posts pushed before it.
#[derive(Default)]
struct Reconstructor {
    /// Per post: paragraph keys and the rebuilt nodes.
    posts: Vec<(Vec<u64>, Vec<Node>)>,
    /// Paragraph key → (post, position), in thread order.
    by_key: HashMap<u64, Vec<(u32, u32)>>,
    /// Own (unquoted) paragraphs, the sources of excerpts.
    own: Vec<OwnPara>,
    /// Word bigram → own paragraphs holding it, in thread order.
    bigrams: HashMap<u64, Vec<u32>>,
    /// Word → own paragraphs holding it, in thread order.
    words: HashMap<u64, Vec<u32>>,
    /// Short sentence → posts whose own text has it as a whole sentence.
    short_sentences: HashMap<u64, Vec<u32>>,
    /// Bare URL paragraph → posts that wrote it as their own paragraph.
    own_urls: HashMap<u64, Vec<u32>>,
}

impl Reconstructor {
    fn push(&mut self, texts: &[String]) -> Vec<Node> {
        let index = self.posts.len();
        let paras: Vec<Para> = texts.iter().map(|t| Para::new(t)).collect();
        let mut nodes = Vec::new();
        let mut p = 0;
        while p < paras.len() {
            if let Some(run) = self.best_run(&paras, p) {
                let mut of = run.post;
                let mut children = slice(&self.posts[run.post].1, run.start, run.start + run.len, p);
                // A run lying wholly inside one quote of the source quotes
                // that quote's source directly.
                while let [Node::Quote { of: inner, children: grand }] = children.as_mut_slice() {
                    of = *inner;
                    children = std::mem::take(grand);
                }
                push_quote(&mut nodes, of, children);
                p += run.len;
            } else if p > 0
                && paras[p].key == paras[p - 1].key
                && matches!(nodes.last(), Some(Node::Quote { .. }))
            {
                // The paragraph just quoted, again: nobody quotes the same
                // words twice in a row; the copy is the reply's own.
                nodes.push(Node::Para(p));
                p += 1;
            } else if let Some(source) = self.excerpt_source(&paras[p]) {
                push_quote(&mut nodes, source, vec![Node::Para(p)]);
                p += 1;
            } else if let Some(source) = self.quoted_url_source(&paras[p], p, nodes.last()) {
                push_quote(&mut nodes, source, vec![Node::Para(p)]);
                p += 1;
            } else {
                nodes.push(Node::Para(p));
                p += 1;
            }
        }
        self.index(index, &paras, &nodes);
        nodes
    }

    /// The longest run of an earlier post's paragraphs starting at `p`.
    fn best_run(&self, paras: &[Para], p: usize) -> Option<Run> {
        let anchor = (p..paras.len().min(p + ANCHOR_LOOKAHEAD)).find(|&a| paras[a].substantial)?;
        let occurrences = self.by_key.get(&paras[anchor].key)?;
        let back = anchor - p;
        let tried: Box<dyn Iterator<Item = &(u32, u32)>> = if occurrences.len() <= RUN_HEAD + RUN_TAIL {
            Box::new(occurrences.iter())
        } else {
            Box::new(occurrences[..RUN_HEAD].iter().chain(&occurrences[occurrences.len() - RUN_TAIL..]))
        };
        let mut best: Option<Run> = None;
        for &(post, at) in tried {
            let (post, at) = (post as usize, at as usize);
            if at < back {
                continue;
            }
            let source = &self.posts[post].0;
            let start = at - back;
            if (0..back).any(|t| source[start + t] != paras[p + t].key) {
                continue;
            }
            let mut len = back + 1;
            while p + len < paras.len()
                && start + len < source.len()
                && source[start + len] == paras[p + len].key
            {
                len += 1;
            }
            if best.as_ref().is_none_or(|b| len > b.len) {
                best = Some(Run { post, start, len });
            }
        }
        best
    }

    /// The source of a bare URL quoted on its own: the post quoted just
    /// before it when that post shows the same URL as a paragraph (a link
    /// that rides along after an excerpt or a near copy); or, when the URL
    /// opens the post, the one earlier post that wrote it as a paragraph of
    /// its own text (replies open with what they quote; a URL several posts
    /// wrote is anyone's).
    fn quoted_url_source(&self, para: &Para, at: usize, previous: Option<&Node>) -> Option<usize> {
        if para.shape != Shape::BareUrl {
            return None;
        }
        if let Some(Node::Quote { of, .. }) = previous {
            let shows = self.by_key.get(&para.key).is_some_and(|occurrences| {
                occurrences.iter().rev().take(CANDIDATE_CAP).any(|&(post, _)| post as usize == *of)
            });
            return shows.then_some(*of);
        }
        match self.own_urls.get(&para.key)?.as_slice() {
            [only] if at == 0 => Some(*only as usize),
            _ => None,
        }
    }

    /// The post whose own text holds `para` as an excerpt: the nearest for
    /// exact words, the earliest for the looser rules.
    fn excerpt_source(&self, para: &Para) -> Option<usize> {
        let tokens = &para.tokens;
        if tokens.len() < 2 {
            return None;
        }
        if !para.substantial {
            // A short paragraph: a whole sentence that one earlier post wrote.
            return match self.short_sentences.get(&para.key)?.as_slice() {
                [only] => Some(*only as usize),
                _ => None,
            };
        }
        let bigram_lists: Option<Vec<&Vec<u32>>> =
            tokens.windows(2).map(|w| self.bigrams.get(&pair_hash(w[0], w[1]))).collect();
        if let Some(list) = rarest(bigram_lists) {
            // Nearest first: of two posts that wrote the same words, the
            // quoter answers the one just read ("Dead engine is dead.").
            for &id in list.iter().rev().take(CANDIDATE_CAP) {
                let own = &self.own[id as usize];
                if holds_excerpt(own, para) {
                    return Some(own.post);
                }
            }
        }
        if para.marked && tokens.len() >= 4 {
            let word_lists: Option<Vec<&Vec<u32>>> = tokens.iter().map(|t| self.words.get(t)).collect();
            let window = tokens.len() + (tokens.len() / 4).max(1);
            if let Some(list) = rarest(word_lists) {
                for &id in list.iter().take(CANDIDATE_CAP) {
                    let own = &self.own[id as usize];
                    if contains_loosely(&own.tokens, tokens, window) {
                        return Some(own.post);
                    }
                }
            }
        }
        if !para.cuts.is_empty()
            && let Some(source) = self.elided_source(para)
        {
            return Some(source);
        }
        if tokens.len() >= NEAR_COPY_WORDS {
            return self.near_copy_source(para);
        }
        None
    }

    /// The earliest post with an own paragraph holding every piece of an
    /// elided quote (`a […] b`), in order, each as consecutive words.
    fn elided_source(&self, para: &Para) -> Option<usize> {
        let mut pieces: Vec<&[u64]> = Vec::new();
        let mut from = 0;
        for &cut in para.cuts.iter().chain([&para.tokens.len()]) {
            if cut > from {
                pieces.push(&para.tokens[from..cut]);
            }
            from = from.max(cut);
        }
        let longest = pieces.iter().map(|p| p.len()).max()?;
        if pieces.len() < 2 || longest < 3 || para.tokens.len() < 5 {
            return None;
        }
        let anchor = pieces.iter().find(|p| p.len() == longest)?;
        let lists: Option<Vec<&Vec<u32>>> =
            anchor.windows(2).map(|w| self.bigrams.get(&pair_hash(w[0], w[1]))).collect();
        for &id in rarest(lists)?.iter().take(CANDIDATE_CAP) {
            let own = &self.own[id as usize];
            let mut at = 0;
            let in_order = pieces.iter().all(|piece| {
                match own
                    .tokens
                    .get(at..)
                    .and_then(|rest| rest.windows(piece.len()).position(|w| w == *piece))
                {
                    Some(found) => {
                        at += found + piece.len();
                        true
                    }
                    None => false,
                }
            });
            if in_order {
                return Some(own.post);
            }
        }
        None
    }

    /// The earliest post with an own paragraph that `para` (a long one)
    /// nearly copies: all but one word in eight found in order within a
    /// window of the source at most a quarter longer. Quoters trim a clause
    /// or retype a word; forums re-render a quote's markup (`C++-like` as
    /// `C+±like`, a mangled accent). Numbers must all be there: "edited at
    /// 18:58" is not a copy of "edited at 20:08". Candidates are the own
    /// paragraphs that hold enough of the paragraph's word pairs to allow
    /// such a match.
    fn near_copy_source(&self, para: &Para) -> Option<usize> {
        let tokens = &para.tokens;
        let numbers: Vec<u64> =
            tokens.iter().zip(&para.marks).filter(|(_, m)| m.number).map(|(t, _)| *t).collect();
        let m = tokens.len();
        let misses = m / 8;
        let extra = m / 4;
        let mut pairs: Vec<u64> = tokens.windows(2).map(|w| pair_hash(w[0], w[1])).collect();
        pairs.sort_unstable();
        pairs.dedup();
        // A missing or changed word breaks at most two pairs, each stretch
        // of extra source words one.
        let mut need = pairs.len().saturating_sub(2 * misses + extra);
        let mut hits: HashMap<u32, usize> = HashMap::new();
        for pair in &pairs {
            match self.bigrams.get(pair) {
                Some(list) if list.len() <= CANDIDATE_CAP => {
                    for &id in list {
                        *hits.entry(id).or_default() += 1;
                    }
                }
                Some(_) => need = need.saturating_sub(1),
                None => {}
            }
        }
        if need < NEAR_COPY_PAIRS {
            return None;
        }
        let mut candidates: Vec<u32> =
            hits.into_iter().filter(|&(_, n)| n >= need).map(|(id, _)| id).collect();
        candidates.sort_unstable();
        candidates
            .into_iter()
            .take(NEAR_COPY_CANDIDATES)
            .map(|id| &self.own[id as usize])
            .find(|own| nearly_contains(&own.tokens, tokens, misses, m + extra, &numbers))
            .map(|own| own.post)
    }

    fn index(&mut self, post: usize, paras: &[Para], nodes: &[Node]) {
        for (at, para) in paras.iter().enumerate() {
            self.by_key.entry(para.key).or_default().push((post as u32, at as u32));
        }
        for node in nodes {
            let Node::Para(x) = node else { continue };
            let id = self.own.len() as u32;
            let tokens = paras[*x].tokens.clone();
            let marks = paras[*x].marks.clone();
            for w in tokens.windows(2) {
                push_once(self.bigrams.entry(pair_hash(w[0], w[1])).or_default(), id);
            }
            for &t in &tokens {
                push_once(self.words.entry(t).or_default(), id);
            }
            for &sentence in &paras[*x].short_sentences {
                push_once(self.short_sentences.entry(sentence).or_default(), post as u32);
            }
            if paras[*x].shape == Shape::BareUrl {
                push_once(self.own_urls.entry(paras[*x].key).or_default(), post as u32);
            }
            self.own.push(OwnPara { post, tokens, marks });
        }
        self.posts.push((paras.iter().map(|p| p.key).collect(), nodes.to_vec()));
    }
}

fn rarest(lists: Option<Vec<&Vec<u32>>>) -> Option<&Vec<u32>> {
    lists.and_then(|lists| lists.into_iter().min_by_key(|l| l.len()))
}

fn push_once(list: &mut Vec<u32>, id: u32) {
    if list.last() != Some(&id) {
        list.push(id);
    }
}

/// `para`'s words appear in `own` as consecutive words, starting with a
/// capital only where the source does and ending a sentence only where the
/// source's sentence, line or paragraph ends there: an excerpt is copied,
/// and copying keeps case and punctuation. "Welcome to the forums!" is not
/// an excerpt of "… and welcome to the forums!", nor "Who gave you the right
/// to decide?" of "Who gave you the right to decide for whole community?".
fn holds_excerpt(own: &OwnPara, para: &Para) -> bool {
    let m = para.tokens.len();
    if m > own.tokens.len() {
        return false;
    }
    let (capital, stop) = (para.starts_capital(), para.ends_sentence());
    own.tokens.windows(m).enumerate().any(|(k, w)| {
        w == para.tokens.as_slice()
            && (!capital || own.marks[k].capital)
            && (!stop || own.marks[k + m - 1].boundary)
    })
}

/// All but `misses` words of `needle` appear in order in some window of
/// `window` words of `hay` (a longest common subsequence per window start)
/// that holds every one of `numbers`.
fn nearly_contains(hay: &[u64], needle: &[u64], misses: usize, window: usize, numbers: &[u64]) -> bool {
    let m = needle.len();
    let want = m - misses;
    let heads = &needle[..=misses.min(m - 1)];
    let mut row = vec![0usize; m + 1];
    let mut prev = vec![0usize; m + 1];
    (0..hay.len()).filter(|&j| heads.contains(&hay[j])).any(|j| {
        let span = &hay[j..hay.len().min(j + window)];
        if span.len() < want {
            return false;
        }
        prev.fill(0);
        for &word in span {
            row[0] = 0;
            for i in 0..m {
                row[i + 1] = if needle[i] == word { prev[i] + 1 } else { prev[i + 1].max(row[i]) };
            }
            if row[m] >= want {
                return numbers.iter().all(|n| span.contains(n));
            }
            std::mem::swap(&mut row, &mut prev);
        }
        false
    })
}

/// `needle` appears in `hay` in order within some window of `window` words.
fn contains_loosely(hay: &[u64], needle: &[u64], window: usize) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    (0..hay.len()).filter(|&j| hay[j] == first).any(|j| {
        let mut next = rest.iter().peekable();
        for &word in &hay[j + 1..hay.len().min(j + window)] {
            if next.peek() == Some(&&word) {
                next.next();
            }
            if next.peek().is_none() {
                return true;
            }
        }
        next.peek().is_none()
    })
}

/// Rebuilds the quotes of a thread whose posts are given as their paragraphs,
/// in thread order; `keys` are the posts' ids (same length). Returns each
/// post's body: its own paragraphs as text blocks and quote blocks with `of`.
pub fn reconstruct(posts: &[Vec<String>], keys: &[PostKey]) -> Vec<Vec<Block>> {
    assert_eq!(posts.len(), keys.len(), "one key per post");
    let mut matcher = Reconstructor::default();
    posts.iter().map(|texts| to_blocks(&matcher.push(texts), texts, keys)).collect()
}

/// The post a body's first block quotes, if it starts with a quote that names one.
pub fn first_quoted(blocks: &[Block]) -> Option<&PostKey> {
    match blocks.first() {
        Some(Block::Quote { of, .. }) => of.as_ref(),
        _ => None,
    }
}

// ---------------------------------------------------------------- tests

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| (*t).to_owned()).collect()
    }

    fn rebuild(posts: &[&[&str]]) -> Vec<Vec<Block>> {
        let posts: Vec<Vec<String>> = posts.iter().map(|p| strings(p)).collect();
        let keys: Vec<PostKey> = (1..=posts.len() as u64).map(PostKey::from).collect();
        reconstruct(&posts, &keys)
    }

    fn text(t: &str) -> Block {
        Block::Text(t.to_owned())
    }

    fn quote(of: &str, blocks: Vec<Block>) -> Block {
        Block::Quote { quote: Body::Blocks(blocks), of: Some(PostKey::from(of)), author: None }
    }

    const A: &str = "Now scientists have found hints about how ketamine works in the brain.";
    const B: &str = "In mice, the drug appears to quickly improve certain brain circuits.";
    const C: &str = "I.e., they don't know jack about what this drug does.";

    #[test]
    fn folding_ignores_typography_whitespace_and_case() {
        assert_eq!(fold("  “If  that’s\u{a0}TRUE”\n"), "\"if that's true\"");
        assert_eq!(strip_marks("\"if that's true\""), ("if that's true", true));
        assert_eq!(strip_marks("\"a\" and \"b\""), ("\"a\" and \"b\"", false));
    }

    #[test]
    fn an_excerpt_in_quote_marks_quotes_its_source() {
        let out = rebuild(&[&[A, B], &["“have found hints”", "“In mice”", C]]);
        assert_eq!(out[1], vec![quote("1", vec![text("“have found hints”"), text("“In mice”")]), text(C)]);
    }

    #[test]
    fn a_loose_excerpt_in_quote_marks_may_drop_a_word() {
        let source = "Stress is associated with a loss of synapses in this region of the brain that we think is important.";
        let out = rebuild(&[&[source], &["“region of the brain we think is important”", C]]);
        assert_eq!(out[1][0], quote("1", vec![text("“region of the brain we think is important”")]));
        // Without quote marks the words must be exact below eight words
        // (from eight on, a near copy may drop words).
        let out = rebuild(&[&[source], &["the brain we think is important", C]]);
        assert_eq!(out[1][0], text("the brain we think is important"));
    }

    #[test]
    fn an_unmarked_excerpt_needs_four_words() {
        let out = rebuild(&[&[A], &["scientists have found hints about", "have found", C]]);
        assert_eq!(out[1][0], quote("1", vec![text("scientists have found hints about")]));
        assert_eq!(out[1][1], text("have found"));
    }

    #[test]
    fn a_whole_post_with_its_chain_is_one_quote() {
        let out =
            rebuild(&[&[A, B], &["“have found hints”", C], &["“have found hints”", C, "Exactly. Lol."]]);
        let post2 = vec![quote("1", vec![text("“have found hints”")]), text(C)];
        assert_eq!(out[1], post2);
        assert_eq!(out[2], vec![quote("2", post2), text("Exactly. Lol.")]);
    }

    #[test]
    fn a_five_deep_pyramid_nests_five_deep() {
        let mut posts: Vec<Vec<String>> = Vec::new();
        for i in 1..=5 {
            let mut body = posts.last().cloned().unwrap_or_default();
            body.push(format!("Post {i} says something quite long and particular here."));
            posts.push(body);
        }
        let keys: Vec<PostKey> = (1..=5).map(PostKey::from).collect();
        let out = reconstruct(&posts, &keys);
        let mut depth = 0;
        let mut blocks = &out[4];
        while let Some(Block::Quote { quote: Body::Blocks(inner), of, .. }) = blocks.first() {
            assert_eq!(of.as_ref().unwrap().as_str(), (4 - depth).to_string());
            depth += 1;
            blocks = inner;
        }
        assert_eq!(depth, 4);
        assert_eq!(out[4].len(), 2, "one quote and the own paragraph");
    }

    #[test]
    fn part_of_a_post_and_its_tail_are_quoted_separately() {
        let q1 = "Q1: What do you propose a first responder do in that case?";
        let q2 = "Q2: What do you propose the person do after that then?";
        let own13 = "The OP articles do not discuss the use of esketamine here.";
        let out = rebuild(&[&[q1, q2], &[q1, q2, own13], &[q1, q2, own13, "I propose this."]]);
        assert_eq!(out[1], vec![quote("1", vec![text(q1), text(q2)]), text(own13)]);
        // The longest run wins: the whole of post 2.
        assert_eq!(out[2][0], quote("2", out[1].clone()));
        let out = rebuild(&[
            &[q1, q2],
            &["Something else entirely, long enough.", q1, q2, own13],
            &[q1, q2, own13, "I propose this."],
        ]);
        // Post 3 quotes post 2's run: q1 q2 are post 1's, own13 is post 2's.
        assert_eq!(out[2][0], quote("2", vec![quote("1", vec![text(q1), text(q2)]), text(own13)]));
    }

    #[test]
    fn excerpts_keep_the_sources_case_and_sentence_ends() {
        let source =
            "Hear hear and welcome to the forums everyone! Who gave you the right to decide for all of us?";
        let out =
            rebuild(&[&[source], &["Welcome to the forums everyone!", "Who gave you the right to decide?"]]);
        assert_eq!(
            out[1],
            vec![text("Welcome to the forums everyone!"), text("Who gave you the right to decide?")]
        );
        let out =
            rebuild(&[&[source], &["welcome to the forums everyone!", "Who gave you the right to decide…"]]);
        assert_eq!(
            out[1],
            vec![quote(
                "1",
                vec![text("welcome to the forums everyone!"), text("Who gave you the right to decide…")]
            )]
        );
    }

    #[test]
    fn near_copies_and_elided_quotes_find_their_source() {
        let source = "According to my memory one person wanted bindings, another (and others) opposed. \
                      Hence the title of the whole project.";
        // A trimmed clause and a retyped word: a near copy.
        let trimmed = "According to my memory one person wanted bindings, another opposed. Hence the title.";
        let out = rebuild(&[&[source], &[trimmed, C]]);
        assert_eq!(out[1][0], quote("1", vec![text(trimmed)]));
        // A number changed is another statement.
        let note = |t: &str| format!("Somebody fiddled with this message on Sep 20, 2012 around {t}");
        let out = rebuild(&[&[&note("18:08")], &[&note("18:58")]]);
        assert_eq!(out[1], vec![text(&note("18:58"))]);
        // Pieces around an elision mark, in order, in one paragraph.
        let out = rebuild(&[&[source], &["According to my memory […] the whole project.", C]]);
        assert_eq!(out[1][0], quote("1", vec![text("According to my memory […] the whole project.")]));
    }

    #[test]
    fn list_items_are_short_sentences_and_placeholders_never_quotes() {
        let list = "What would help:\n- Unified shaders\n- Metal support";
        let out =
            rebuild(&[&[list], &["Unified shaders", C], &["[closed the topic]"], &["[closed the topic]"]]);
        assert_eq!(out[1][0], quote("1", vec![text("Unified shaders")]));
        assert_eq!(out[3], vec![text("[closed the topic]")]);
    }

    #[test]
    fn short_common_paragraphs_are_not_quotes() {
        let out = rebuild(&[
            &["Thanks!", "https://example.org/paper", "Great", A],
            &["Thanks!", "https://example.org/paper", "Great", "Something new here."],
        ]);
        assert_eq!(
            out[1],
            vec![
                text("Thanks!"),
                text("https://example.org/paper"),
                text("Great"),
                text("Something new here.")
            ]
        );
    }

    #[test]
    fn a_short_whole_sentence_of_one_post_is_a_quote() {
        let source = "Something long is said here by the first post. To results. And more words.";
        let out = rebuild(&[&[source], &["To results.", "My answer to that."]]);
        assert_eq!(out[1][0], quote("1", vec![text("To results.")]));
        // Part of a sentence, or a sentence two posts wrote: not a quote.
        let out = rebuild(&[&[source], &["To results", "My answer."], &["results. And", "Mine."]]);
        assert_eq!(out[1][0], text("To results"));
        assert_eq!(out[2][0], text("results. And"));
        let out = rebuild(&[&["Makes sense. Good."], &["Makes sense. Agreed."], &["Makes sense.", "Yes."]]);
        assert_eq!(out[2][0], text("Makes sense."));
        // URLs do not count as words: "See <url>" is short.
        let url = "See https://example.org/paper/1";
        let out = rebuild(&[&[A], &[url], &[url]]);
        assert_eq!(out[2][0], quote("2", vec![text(url)]));
    }

    #[test]
    fn quoted_bare_urls_find_their_source() {
        let url = "https://killedbymicrosoft.info/";
        // Opening a reply: the one post that wrote it.
        let out = rebuild(&[&[A], &[url], &[url, "Jokes aside, a fair point."]]);
        assert_eq!(out[2][0], quote("2", vec![text(url)]));
        // Two posts wrote it: anyone's.
        let out = rebuild(&[&[url], &[B, url], &[url, "Mine."]]);
        assert_eq!(out[2][0], text(url));
        // After an excerpt of the post that holds it, it rides along.
        let edited = "Now scientists have found hints about how ketamine works.";
        let out = rebuild(&[
            &[A, url],
            &[&format!("{A} More."), "https://example.org/other"],
            &[edited, url, "Mine."],
        ]);
        assert_eq!(out[2][..2], [quote("1", vec![text(edited), text(url)]), text("Mine.")][..]);
    }

    #[test]
    fn the_same_words_right_after_their_quote_are_the_replys_own() {
        let said = "I want to be like, I say yes or no within a day or two.";
        let out = rebuild(&[&[&format!("He said: {said} Then more.")], &[said, said, "Oh look."]]);
        assert_eq!(out[1], [quote("1", vec![text(said)]), text(said), text("Oh look.")]);
    }

    #[test]
    fn of_two_posts_that_wrote_the_same_words_the_nearest_is_quoted() {
        let out = rebuild(&[
            &["Dead engine is dead. We all know it.", A],
            &[B],
            &["Well. Dead engine is dead. Sad, but true.", C],
            &["Dead engine is dead.", "Indeed."],
        ]);
        assert_eq!(out[3][0], quote("3", vec![text("Dead engine is dead.")]));
    }

    #[test]
    fn short_paragraphs_ride_along_in_a_run() {
        let out = rebuild(&[
            &["https://example.org/paper", A, "Thanks!"],
            &["https://example.org/paper", A, "Thanks!", "Mine."],
        ]);
        assert_eq!(
            out[1],
            vec![
                quote("1", vec![text("https://example.org/paper"), text(A), text("Thanks!")]),
                text("Mine.")
            ]
        );
    }

    #[test]
    fn own_paragraphs_stay_own_and_the_earliest_writer_is_the_source() {
        let out = rebuild(&[&[A], &[A, B], &[B, C]]);
        assert_eq!(out[0], vec![text(A)]);
        assert_eq!(out[1], vec![quote("1", vec![text(A)]), text(B)]);
        assert_eq!(out[2], vec![quote("2", vec![text(B)]), text(C)]);
        assert_eq!(first_quoted(&out[2]).map(PostKey::as_str), Some("2"));
        assert_eq!(first_quoted(&out[0]), None);
    }
}
