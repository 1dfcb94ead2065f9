//! Synthetic discussion threads for tread's tests and benchmarks: a thread in
//! tread's format (version 1, `docs/thread-format.md`) or the same thread as
//! an mbox. Deterministic: the same [`Options`] give the same bytes.
//!
//! ```
//! let options = gen_thread::Options { posts: 50, seed: 3, ..gen_thread::Options::default() };
//! let json = gen_thread::generate(&options).unwrap();
//! assert!(json.starts_with(b"{\"version\": 1,"));
//! ```
//!
//! What the thread holds (the shape `docs/performance.md` describes):
//! posts of 1-12 paragraphs of Zipf-weighted word salad with accented words,
//! CJK text, emoji, list-like paragraphs and a few code blocks; a reply tree
//! whose depths decay towards `max_depth`, parents mostly recent, sometimes
//! popular, often the opening post; quotes in `quote_rate` of the replies
//! (parts of the parent, an ancestor or a recent post, chains up to five
//! deep, exact repeats, text from outside the thread), some as strings and
//! some re-wrapped; about 8% plain-text string bodies; URLs in `links` of the
//! posts, inline or in `links`.

mod rng;
mod words;

use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

use base64::Engine as _;
use serde::Serialize;

use rng::{Rng, cumulative};
use words::{
    ACCENTED, CJK_PHRASES, CJK_WORDS, CODE_TOKENS, DOMAINS, EMOJI, LANGS, PARA_WEIGHTS, SYLLABLES,
    UNICODE_NAMES, WORDS,
};

/// Changes whenever the same options start giving different bytes, so
/// caches of generated threads can be keyed by it.
pub const VERSION: u32 = 1;

/// The deepest quote chain written.
const MAX_CHAIN: usize = 5;
/// The opening post's time: 2019-04-12T09:31:00Z.
const FIRST_TIME: i64 = 1_555_061_460;

/// What to generate; the defaults are those of the command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Number of posts.
    pub posts: usize,
    pub seed: u64,
    /// Share of replies that quote an earlier post.
    pub quote_rate: f64,
    /// Deepest reply nesting; a top-level post is depth 0. At least 1.
    pub max_depth: usize,
    /// Share of posts that cite URLs.
    pub links: f64,
    pub format: Format,
    pub ids: Ids,
    /// Indented JSON; by default one post per line.
    pub pretty: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            posts: 1000,
            seed: 1,
            quote_rate: 0.6,
            max_depth: 8,
            links: 0.2,
            format: Format::Json,
            ids: Ids::Str,
            pretty: false,
        }
    }
}

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A tread thread file.
    Json,
    /// One message per post, threaded by `Message-ID`, `In-Reply-To` and `References`.
    Mbox,
}

/// How post ids are written in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ids {
    /// `"1"`, `"2"`, …
    Str,
    /// `1`, `2`, …
    Int,
    /// Every third (from the first) an integer, the others strings.
    Mixed,
}

/// A word of a command line that names no [`Format`] or [`Ids`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownChoice(String);

impl fmt::Display for UnknownChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UnknownChoice {}

impl FromStr for Format {
    type Err = UnknownChoice;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "json" => Ok(Self::Json),
            "mbox" => Ok(Self::Mbox),
            _ => Err(UnknownChoice(format!("unknown format {s:?} (json or mbox)"))),
        }
    }
}

impl FromStr for Ids {
    type Err = UnknownChoice;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "str" => Ok(Self::Str),
            "int" => Ok(Self::Int),
            "mixed" => Ok(Self::Mixed),
            _ => Err(UnknownChoice(format!("unknown id style {s:?} (str, int or mixed)"))),
        }
    }
}

/// The generated thread as bytes.
pub fn generate(options: &Options) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    write(options, &mut out)?;
    Ok(out)
}

/// Writes the generated thread to `out`, one post at a time.
pub fn write(options: &Options, out: &mut impl Write) -> io::Result<()> {
    if options.max_depth < 1
        || !(0.0..=1.0).contains(&options.quote_rate)
        || !(0.0..=1.0).contains(&options.links)
    {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "max_depth must be at least 1, quote_rate and links between 0 and 1",
        ));
    }
    let mut generator = Generator::new(options);
    match options.format {
        Format::Json => {
            write!(
                out,
                "{{\"version\": 1, \"title\": {}, \"url\": {}, \"posts\": [",
                serde_json::to_string(&generator.title)?,
                serde_json::to_string(&generator.thread_url)?
            )?;
            for i in 0..options.posts {
                let links = generator.make_post(i);
                let post = generator.json_post(i, &links);
                if options.pretty {
                    let text = serde_json::to_string_pretty(&post)?;
                    write!(out, "\n  {}", text.replace('\n', "\n  "))?;
                } else {
                    out.write_all(b"\n")?;
                    serde_json::to_writer(&mut *out, &post)?;
                }
                if i + 1 < options.posts {
                    out.write_all(b",")?;
                }
            }
            out.write_all(b"\n]}\n")?;
        }
        Format::Mbox => {
            for i in 0..options.posts {
                let links = generator.make_post(i);
                out.write_all(generator.mail_post(i, &links).as_bytes())?;
            }
        }
    }
    out.flush()
}

// ------------------------------------------------------------------ model

/// Who a quote names.
#[derive(Debug, Clone)]
enum Named {
    Nobody,
    /// An author of the thread (an index into the authors).
    Author(usize),
    /// Someone outside the thread.
    Outside(&'static str),
}

#[derive(Debug, Clone)]
struct Quote {
    body: Vec<Block>,
    /// The quoted post, when the quote says so.
    of: Option<usize>,
    named: Named,
    /// Written as one string rather than blocks.
    as_string: bool,
    /// Hard-wrapped at 66 columns (only string quotes without `of`).
    rewrapped: bool,
}

#[derive(Debug, Clone)]
enum Block {
    Paragraph(String),
    Code { code: String, lang: &'static str },
    Quote(Quote),
}

impl Block {
    fn paragraph(&self) -> Option<&str> {
        match self {
            Block::Paragraph(text) => Some(text),
            _ => None,
        }
    }
}

/// A URL cited in `links`, with its title if any.
type Link = (String, Option<String>);

struct Generator<'a> {
    options: &'a Options,
    rng: Rng,
    vocabulary_weights: Vec<f64>,
    paragraph_weights: Vec<f64>,
    depth_weights: Vec<f64>,
    authors: Vec<String>,
    author_weights: Vec<f64>,
    urls: Vec<String>,
    url_weights: Vec<f64>,
    title: String,
    thread_url: String,
    // Per post, indexed by position in the thread.
    parent: Vec<Option<usize>>,
    depth: Vec<usize>,
    author: Vec<usize>,
    time: Vec<i64>,
    blocks: Vec<Vec<Block>>,
    /// Written as a plain-text string body.
    string_body: Vec<bool>,
    /// Posts by depth.
    at_depth: Vec<Vec<usize>>,
    /// The same, each post once more per reply it drew (preferential attachment).
    pool: Vec<Vec<usize>>,
    /// Recent quotes, repeated now and then: (source, body).
    recent_quotes: Vec<(Option<usize>, Vec<Block>)>,
}

impl<'a> Generator<'a> {
    fn new(options: &'a Options) -> Self {
        let mut generator = Self {
            options,
            rng: Rng::new(options.seed),
            vocabulary_weights: cumulative((0..WORDS.len()).map(|k| 1.0 / (k as f64 + 3.0))),
            paragraph_weights: cumulative(PARA_WEIGHTS),
            // Depth 0 (top level) weighs 0.33, depth d > 0 0.72^d: most
            // posts shallow, a few at max_depth.
            depth_weights: cumulative(
                std::iter::once(0.33).chain((1..=options.max_depth).map(|d| 0.72f64.powf(d as f64))),
            ),
            authors: Vec::new(),
            author_weights: Vec::new(),
            urls: Vec::new(),
            url_weights: Vec::new(),
            title: String::new(),
            thread_url: String::new(),
            parent: Vec::with_capacity(options.posts),
            depth: Vec::with_capacity(options.posts),
            author: Vec::with_capacity(options.posts),
            time: Vec::with_capacity(options.posts),
            blocks: Vec::with_capacity(options.posts),
            string_body: Vec::with_capacity(options.posts),
            at_depth: vec![Vec::new(); options.max_depth + 1],
            pool: vec![Vec::new(); options.max_depth + 1],
            recent_quotes: Vec::new(),
        };
        let posts = options.posts as f64;
        generator.make_authors((2.0 * posts.powf(0.6)) as usize + 5);
        generator.make_urls((options.posts / 15).max(20));
        let words = generator.rng.between(5, 11);
        let title = generator.sentence(Some(words));
        title.trim_end_matches(['.', '?', '!']).clone_into(&mut generator.title);
        generator.thread_url = format!("https://forum.example/topic/{}", generator.rng.between(100, 99_999));
        generator
    }

    // ---------------------------------------------------------------- names

    fn make_authors(&mut self, count: usize) {
        let mut names: Vec<String> = Vec::with_capacity(count);
        let mut seen = std::collections::HashSet::new();
        while names.len() < count {
            let name = if names.len() % 23 == 7 && names.len() / 23 < UNICODE_NAMES.len() {
                UNICODE_NAMES[names.len() / 23].to_owned()
            } else {
                let syllables = self.rng.between(2, 3);
                let mut name =
                    capitalise(&(0..syllables).map(|_| *self.rng.choice(SYLLABLES)).collect::<String>());
                let r = self.rng.random();
                if r < 0.25 {
                    name += &self.rng.between(1, 99).to_string();
                } else if r < 0.35 {
                    name = format!("{name}_{}", self.rng.choice(SYLLABLES));
                } else if r < 0.5 {
                    let initial =
                        self.rng.choice(SYLLABLES).chars().next().unwrap_or('x').to_ascii_uppercase();
                    name = format!("{name} {initial}.");
                }
                name
            };
            if seen.insert(name.clone()) {
                names.push(name);
            }
        }
        self.authors = names;
        self.author_weights = cumulative((0..count).map(|r| 1.0 / (r as f64 + 1.0).powf(0.9)));
    }

    fn make_urls(&mut self, count: usize) {
        let mut urls = Vec::with_capacity(count);
        for _ in 0..count {
            let domain = *self.rng.choice(DOMAINS);
            let parts = self.rng.between(1, 3);
            let path =
                (0..parts).map(|_| self.rng.choice(WORDS).to_lowercase()).collect::<Vec<_>>().join("/");
            let r = self.rng.random();
            let url = if r < 0.7 {
                format!("https://{domain}/{path}/{}", self.rng.between(1, 999_999))
            } else if r < 0.8 {
                format!("http://{domain}/{path}?id={}&ref=thread", self.rng.between(1, 99_999))
            } else {
                // A bare `www.` host, without a scheme.
                let host = if domain.starts_with("www.") {
                    domain.to_owned()
                } else {
                    format!("www.{}", domain.split_once('.').map_or(domain, |(_, rest)| rest))
                };
                format!("{host}/{path}")
            };
            urls.push(url);
        }
        self.urls = urls;
        self.url_weights = cumulative((0..count).map(|r| 1.0 / (r as f64 + 1.0)));
    }

    // ----------------------------------------------------------------- text

    fn sentence(&mut self, words: Option<usize>) -> String {
        let n = words.unwrap_or_else(|| (self.rng.gamma(2.2, 6.5) as usize).max(1));
        let mut ws: Vec<String> =
            (0..n).map(|_| WORDS[self.rng.weighted(&self.vocabulary_weights)].to_owned()).collect();
        let r = self.rng.random();
        if r < 0.06 {
            let k = self.rng.below(n);
            (*self.rng.choice(ACCENTED)).clone_into(&mut ws[k]);
        } else if r < 0.08 {
            let k = self.rng.below(n);
            (*self.rng.choice(CJK_WORDS)).clone_into(&mut ws[k]);
        }
        if n > 8 && self.rng.random() < 0.3 {
            let k = self.rng.between(2, n - 3);
            ws[k].push(',');
        }
        let mut sentence = capitalise_first(&ws.join(" "));
        let r = self.rng.random();
        sentence.push(if r < 0.1 {
            '?'
        } else if r < 0.13 {
            '!'
        } else {
            '.'
        });
        if self.rng.random() < 0.04 {
            sentence.push(' ');
            let emoji = *self.rng.choice(EMOJI);
            sentence.push_str(emoji);
        }
        sentence
    }

    fn paragraph(&mut self) -> String {
        let r = self.rng.random();
        if r < 0.02 {
            // A paragraph in Japanese, Chinese or Korean.
            let phrases = self.rng.between(1, 6);
            return (0..phrases).flat_map(|_| [*self.rng.choice(CJK_PHRASES), "。"]).collect();
        }
        if r < 0.05 {
            // A list: single newlines kept as line breaks.
            let items = self.rng.between(2, 6);
            return (0..items)
                .map(|_| {
                    let words = self.rng.between(2, 9);
                    format!("- {}", self.sentence(Some(words)))
                })
                .collect::<Vec<_>>()
                .join("\n");
        }
        let sentences = 1 + self.rng.gamma(1.5, 1.6) as usize;
        (0..sentences).map(|_| self.sentence(None)).collect::<Vec<_>>().join(" ")
    }

    fn url(&mut self) -> String {
        self.urls[self.rng.weighted(&self.url_weights)].clone()
    }

    // --------------------------------------------------------------- quotes

    fn own_paragraphs(&self, post: usize) -> Vec<String> {
        self.blocks[post].iter().filter_map(Block::paragraph).map(str::to_owned).collect()
    }

    /// The body of a quote of post `source` (or of outside text).
    fn quote_section(&mut self, source: Option<usize>) -> Vec<Block> {
        let Some(source) = source else {
            let paragraphs = self.rng.between(1, 2);
            return (0..paragraphs).map(|_| Block::Paragraph(self.paragraph())).collect();
        };
        let quotes: Vec<usize> = (0..self.blocks[source].len())
            .filter(|&k| matches!(self.blocks[source][k], Block::Quote(_)))
            .collect();
        if !quotes.is_empty() && self.rng.random() < 0.5 {
            // A quote chain: the source's quote and what it answered with it.
            let k = *self.rng.choice(&quotes);
            let after = self.rng.between(1, 2);
            let blocks = &self.blocks[source];
            let mut body = vec![blocks[k].clone()];
            body.extend(
                blocks[k + 1..blocks.len().min(k + 1 + after)]
                    .iter()
                    .filter(|b| b.paragraph().is_some())
                    .cloned(),
            );
            if body.len() == 1
                && let Some(first) = self.own_paragraphs(source).into_iter().next()
            {
                body.push(Block::Paragraph(first));
            }
            return trim_quotes(&body, MAX_CHAIN - 1);
        }
        let paragraphs = self.own_paragraphs(source);
        if paragraphs.is_empty() {
            return vec![Block::Paragraph(self.paragraph())];
        }
        if self.rng.random() < 0.3 {
            // Part of one paragraph: a run of its sentences.
            let paragraph = self.rng.choice(&paragraphs).clone();
            let sentences = split_sentences(&paragraph);
            if sentences.len() > 1 {
                let a = self.rng.below(sentences.len());
                let b = sentences.len().min(a + self.rng.between(1, 2));
                return vec![Block::Paragraph(sentences[a..b].join(" "))];
            }
            return vec![Block::Paragraph(paragraph)];
        }
        let a = self.rng.below(paragraphs.len());
        let b = paragraphs.len().min(a + self.rng.between(1, 3));
        paragraphs[a..b].iter().cloned().map(Block::Paragraph).collect()
    }

    fn quote_block(&mut self, source: Option<usize>, body: Vec<Block>) -> Block {
        let r = self.rng.random();
        let of = source.filter(|_| r < 0.6);
        let named = match source {
            Some(source) if r < 0.45 || (0.6..0.8).contains(&r) => Named::Author(self.author[source]),
            Some(_) => Named::Nobody,
            None => match *self.rng.choice(&[Some("NPR"), Some("the article"), Some("Science"), None]) {
                Some(name) => Named::Outside(name),
                None => Named::Nobody,
            },
        };
        let simple = body.iter().all(|b| b.paragraph().is_some());
        let as_string = simple && self.rng.random() < 0.5;
        let rewrapped = simple && of.is_none() && self.rng.random() < 0.15;
        Block::Quote(Quote { body, of, named, as_string, rewrapped })
    }

    // ----------------------------------------------------------------- tree

    /// A depth from a decaying distribution, then a parent one level up:
    /// the opening post, mostly a recent post there, sometimes one that
    /// already draws replies (preferential attachment), sometimes any
    /// recent one.
    fn pick_parent(&mut self, post: usize) -> Option<usize> {
        if post == 0 {
            return None;
        }
        let mut depth = self.rng.weighted(&self.depth_weights);
        while depth > 0 && self.at_depth[depth - 1].is_empty() {
            depth -= 1;
        }
        if depth == 0 {
            return None;
        }
        if depth == 1 && self.rng.random() < 0.15 {
            return Some(0); // the opening post draws many direct answers
        }
        let r = self.rng.random();
        let level = &self.at_depth[depth - 1];
        if r < 0.6 {
            let back = (self.rng.exponential(6.0) as usize).min(level.len() - 1);
            return Some(level[level.len() - 1 - back]);
        }
        if r < 0.9 {
            let pool = &self.pool[depth - 1];
            let recent = &pool[pool.len().saturating_sub(3000)..];
            return Some(recent[self.rng.below(recent.len())]);
        }
        let from = level.len().saturating_sub(2000);
        Some(level[from + self.rng.below(level.len() - from)])
    }

    /// Makes post `post`; returns the URLs it cites in `links`.
    fn make_post(&mut self, post: usize) -> Vec<Link> {
        let parent = self.pick_parent(post);
        self.parent.push(parent);
        let depth = parent.map_or(0, |p| self.depth[p] + 1);
        self.depth.push(depth);
        let author = self.rng.weighted(&self.author_weights);
        self.author.push(author);
        let previous = self.time.last().copied().unwrap_or(FIRST_TIME);
        self.time.push(previous + self.rng.exponential(240.0) as i64);
        self.at_depth[depth].push(post);
        self.pool[depth].push(post);
        if let Some(parent) = parent {
            let pool = &mut self.pool[depth - 1];
            pool.push(parent);
            if pool.len() > 20_000 {
                pool.drain(..10_000);
            }
        }

        let paragraphs = self.rng.weighted(&self.paragraph_weights) + 1;
        let mut own: std::collections::VecDeque<String> = (0..paragraphs).map(|_| self.paragraph()).collect();
        let mut blocks = Vec::new();
        match parent {
            Some(parent) if self.rng.random() < self.options.quote_rate => {
                self.quote_sections(post, parent, &mut own, &mut blocks);
            }
            _ => blocks.extend(own.into_iter().map(Block::Paragraph)),
        }
        let links = self.cite_urls(&mut blocks);
        if self.rng.random() < 0.02 {
            let code_lines = self.rng.between(2, 8);
            let code = (0..code_lines)
                .map(|_| {
                    let indent = "    ".repeat(self.rng.between(0, 2));
                    let tokens = self.rng.between(2, 8);
                    let tokens = (0..tokens).map(|_| *self.rng.choice(CODE_TOKENS)).collect::<Vec<_>>();
                    indent + &tokens.join(" ")
                })
                .collect::<Vec<_>>()
                .join("\n");
            let lang = *self.rng.choice(LANGS);
            let at = self.rng.between(0, blocks.len());
            blocks.insert(at, Block::Code { code, lang });
        }
        self.blocks.push(blocks);
        let string_body = self.rng.random() < 0.08;
        self.string_body.push(string_body);
        links
    }

    /// A reply's 1-3 quote sections, each followed by some of its own paragraphs.
    fn quote_sections(
        &mut self,
        post: usize,
        parent: usize,
        own: &mut std::collections::VecDeque<String>,
        blocks: &mut Vec<Block>,
    ) {
        let sections = if self.rng.random() < 0.7 { 1 } else { self.rng.between(2, 3) };
        let mut ancestors = Vec::new();
        let mut up = self.parent[parent];
        while let Some(ancestor) = up
            && ancestors.len() < 4
        {
            ancestors.push(ancestor);
            up = self.parent[ancestor];
        }
        for section in 0..sections {
            let (source, body) = if !self.recent_quotes.is_empty() && self.rng.random() < 0.12 {
                // A repeat: the same text someone quoted before.
                self.rng.choice(&self.recent_quotes).clone()
            } else {
                let r = self.rng.random();
                let source = if r < 0.75 {
                    Some(parent)
                } else if r < 0.85 && !ancestors.is_empty() {
                    Some(*self.rng.choice(&ancestors))
                } else if r < 0.97 {
                    let from = post.saturating_sub(300);
                    Some(from + self.rng.below(post - from))
                } else {
                    None
                };
                let body = self.quote_section(source);
                self.recent_quotes.push((source, body.clone()));
                if self.recent_quotes.len() > 64 {
                    self.recent_quotes.drain(..32);
                }
                (source, body)
            };
            if section == 0
                && self.rng.random() < 0.15
                && let Some(first) = own.pop_front()
            {
                blocks.push(Block::Paragraph(first));
            }
            let quote = self.quote_block(source, body);
            blocks.push(quote);
            let take =
                if section == sections - 1 { own.len() } else { own.len().min(self.rng.between(1, 2)) };
            blocks.extend(own.drain(..take).map(Block::Paragraph));
            if !matches!(blocks.last(), Some(Block::Paragraph(_) | Block::Code { .. })) {
                let paragraph = self.paragraph();
                blocks.push(Block::Paragraph(paragraph));
            }
        }
    }

    /// Cites 1-3 URLs in `links` of the posts: inline with trailing
    /// punctuation, or returned for the `links` list.
    fn cite_urls(&mut self, blocks: &mut [Block]) -> Vec<Link> {
        let mut links = Vec::new();
        if self.rng.random() >= self.options.links {
            return links;
        }
        for _ in 0..self.rng.between(1, 3) {
            let url = self.url();
            if self.rng.random() < 0.75 && !blocks.is_empty() {
                let paragraphs: Vec<usize> =
                    (0..blocks.len()).filter(|&k| blocks[k].paragraph().is_some()).collect();
                if !paragraphs.is_empty() {
                    let k = *self.rng.choice(&paragraphs);
                    let style = self.rng.random();
                    if let Block::Paragraph(text) = &mut blocks[k] {
                        *text = if style < 0.4 {
                            format!("{text} See {url}")
                        } else if style < 0.7 {
                            format!("{text} (source: {url}).")
                        } else {
                            format!("{url} {text}")
                        };
                    }
                    continue;
                }
            }
            let title = match self.rng.below(4) {
                0 => None,
                1 => Some("the paper".to_owned()),
                2 => Some("study".to_owned()),
                _ => {
                    let words = self.rng.between(2, 6);
                    Some(self.sentence(Some(words)))
                }
            };
            links.push((url, title));
        }
        links
    }

    // --------------------------------------------------------------- output

    fn id(&self, post: usize) -> Id {
        match self.options.ids {
            Ids::Int => Id::Int(post + 1),
            Ids::Mixed if post.is_multiple_of(3) => Id::Int(post + 1),
            _ => Id::Str((post + 1).to_string()),
        }
    }

    fn json_post(&self, post: usize, links: &[Link]) -> JsonPost {
        let body = if self.string_body[post] {
            JsonBody::Text(text_lines(self, &self.blocks[post], false).join("\n"))
        } else {
            JsonBody::Blocks(self.blocks[post].iter().map(|b| self.json_block(b)).collect())
        };
        JsonPost {
            id: self.id(post),
            author: self.authors[self.author[post]].clone(),
            time: iso_time(self.time[post]),
            reply_to: self.parent[post].map(|p| self.id(p)),
            body,
            links: links
                .iter()
                .map(|(url, title)| JsonLink { url: url.clone(), title: title.clone() })
                .collect(),
        }
    }

    fn json_block(&self, block: &Block) -> JsonBlock {
        match block {
            Block::Paragraph(text) if text.contains('\n') => JsonBlock::Text { text: text.clone() },
            Block::Paragraph(text) => JsonBlock::Paragraph(text.clone()),
            Block::Code { code, lang } => {
                JsonBlock::Code { code: code.clone(), lang: (!lang.is_empty()).then(|| (*lang).to_owned()) }
            }
            Block::Quote(quote) => {
                let body = if quote.as_string {
                    let paragraphs = quote.body.iter().filter_map(Block::paragraph);
                    let paragraphs: Vec<String> = if quote.rewrapped {
                        paragraphs.map(|p| rewrap(p, 66)).collect()
                    } else {
                        paragraphs.map(str::to_owned).collect()
                    };
                    JsonQuoteBody::Text(paragraphs.join("\n\n"))
                } else {
                    JsonQuoteBody::Blocks(quote.body.iter().map(|b| self.json_block(b)).collect())
                };
                let author = match quote.named {
                    Named::Nobody => None,
                    Named::Author(author) => Some(self.authors[author].clone()),
                    Named::Outside(name) => Some(name.to_owned()),
                };
                JsonBlock::Quote { quote: body, of: quote.of.map(|p| self.id(p)), author }
            }
        }
    }

    fn message_id(&self, post: usize) -> String {
        format!("<p{}.s{}@tread-gen.invalid>", post + 1, self.options.seed)
    }

    fn mail_post(&self, post: usize, links: &[Link]) -> String {
        let time = jiff::Timestamp::from_second(self.time[post]).expect("times stay in range");
        let name = &self.authors[self.author[post]];
        let mut address: String = name.to_lowercase().chars().filter(char::is_ascii_alphanumeric).collect();
        if address.is_empty() {
            address = format!("user{}", self.author[post]);
        }
        let display = if name.is_ascii() {
            format!("\"{name}\"")
        } else {
            format!("=?utf-8?b?{}?=", base64::engine::general_purpose::STANDARD.encode(name))
        };
        let mut headers = vec![
            format!("From {address}@forum.invalid {}", time.strftime("%a %b %e %H:%M:%S %Y")),
            format!("From: {display} <{address}@forum.invalid>"),
            format!("Date: {}", time.strftime("%a, %d %b %Y %H:%M:%S +0000")),
            format!("Subject: {}{}", if post > 0 { "Re: " } else { "" }, self.title),
            format!("Message-ID: {}", self.message_id(post)),
        ];
        if let Some(parent) = self.parent[post] {
            let mut chain = Vec::new();
            let mut up = Some(parent);
            while let Some(p) = up {
                chain.push(self.message_id(p));
                up = self.parent[p];
            }
            headers.push(format!("In-Reply-To: {}", chain[0]));
            chain.reverse();
            headers.push(format!("References: {}", chain.join("\n ")));
        }
        headers.push(format!("X-Thread-Post-Id: {}", post + 1));
        headers.extend(
            [
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: 8bit",
                "",
            ]
            .map(str::to_owned),
        );
        let mut body = text_lines(self, &self.blocks[post], true);
        if !links.is_empty() {
            body.push(String::new());
            for (url, title) in links {
                body.push(title.as_ref().map_or_else(|| url.clone(), |title| format!("[{title}] {url}")));
            }
        }
        // mboxrd: a body line that would read as a message separator is escaped.
        headers.extend(body.into_iter().map(|line| {
            if line.trim_start_matches('>').starts_with("From ") { format!(">{line}") } else { line }
        }));
        headers.join("\n") + "\n\n"
    }
}

/// Plain-text rendering of blocks: a blank line between blocks, quotes as
/// `> ` lines; in mail, paragraphs hard-wrapped at 72 columns and an
/// attribution line above quotes that name a post or an author.
fn text_lines(generator: &Generator, blocks: &[Block], mail: bool) -> Vec<String> {
    let mut out = Vec::new();
    for block in blocks {
        if !out.is_empty() {
            out.push(String::new());
        }
        match block {
            Block::Paragraph(text) if mail => {
                out.extend(text.split('\n').flat_map(|line| mail_wrap(line, 72)));
            }
            Block::Paragraph(text) | Block::Code { code: text, .. } => {
                out.extend(text.split('\n').map(str::to_owned));
            }
            Block::Quote(quote) => {
                if mail {
                    let name = match (&quote.named, quote.of) {
                        (Named::Outside(name), _) => Some((*name).to_owned()),
                        (Named::Author(author), _) => Some(generator.authors[*author].clone()),
                        (Named::Nobody, Some(of)) => Some(generator.authors[generator.author[of]].clone()),
                        (Named::Nobody, None) => None,
                    };
                    match (name, quote.of) {
                        (Some(name), Some(of)) => {
                            out.push(format!("On {}, {name} wrote:", iso_time(generator.time[of])));
                        }
                        (Some(name), None) => out.push(format!("{name} wrote:")),
                        (None, _) => {}
                    }
                }
                for line in text_lines(generator, &quote.body, mail) {
                    out.push(if line.is_empty() || line.starts_with('>') {
                        format!(">{line}")
                    } else {
                        format!("> {line}")
                    });
                }
            }
        }
    }
    out
}

/// `blocks` with quotes nested at most `depth` deep.
fn trim_quotes(blocks: &[Block], depth: usize) -> Vec<Block> {
    blocks
        .iter()
        .filter_map(|block| match block {
            Block::Quote(_) if depth == 0 => None,
            Block::Quote(quote) => {
                Some(Block::Quote(Quote { body: trim_quotes(&quote.body, depth - 1), ..quote.clone() }))
            }
            other => Some(other.clone()),
        })
        .collect()
}

/// Sentences of a paragraph: split after `.`, `?` or `!` followed by a space.
fn split_sentences(paragraph: &str) -> Vec<&str> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let bytes = paragraph.as_bytes();
    for i in 0..bytes.len().saturating_sub(1) {
        if matches!(bytes[i], b'.' | b'?' | b'!') && bytes[i + 1] == b' ' {
            sentences.push(&paragraph[start..=i]);
            start = i + 2;
        }
    }
    sentences.push(&paragraph[start..]);
    sentences
}

/// `text` re-wrapped with hard line breaks at `width` columns.
fn rewrap(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        } else if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines.join("\n")
}

/// A mail body line hard-wrapped at `width` columns; unspaced text (CJK) is
/// cut by characters.
fn mail_wrap(line: &str, width: usize) -> Vec<String> {
    if line.chars().count() <= width {
        return vec![line.to_owned()];
    }
    let mut out = Vec::new();
    let mut current = String::new();
    for word in line.split(' ') {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            out.push(word.drain(..width / 2).collect());
        }
        let word: String = word.into_iter().collect();
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
            out.push(std::mem::replace(&mut current, word));
        } else {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(&word);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn iso_time(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .expect("times stay in range")
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

fn capitalise(word: &str) -> String {
    capitalise_first(&word.to_lowercase())
}

fn capitalise_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

// ------------------------------------------------------------ wire shapes

#[derive(Serialize)]
#[serde(untagged)]
enum Id {
    Str(String),
    Int(usize),
}

#[derive(Serialize)]
struct JsonPost {
    id: Id,
    author: String,
    time: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    reply_to: Option<Id>,
    body: JsonBody,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    links: Vec<JsonLink>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum JsonBody {
    Text(String),
    Blocks(Vec<JsonBlock>),
}

#[derive(Serialize)]
#[serde(untagged)]
enum JsonBlock {
    Paragraph(String),
    Text {
        text: String,
    },
    Code {
        code: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        lang: Option<String>,
    },
    Quote {
        quote: JsonQuoteBody,
        #[serde(skip_serializing_if = "Option::is_none")]
        of: Option<Id>,
        #[serde(skip_serializing_if = "Option::is_none")]
        author: Option<String>,
    },
}

#[derive(Serialize)]
#[serde(untagged)]
enum JsonQuoteBody {
    Text(String),
    Blocks(Vec<JsonBlock>),
}

#[derive(Serialize)]
struct JsonLink {
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_after_their_punctuation() {
        assert_eq!(split_sentences("One. Two? Three! Four."), ["One.", "Two?", "Three!", "Four."]);
        assert_eq!(split_sentences("e.g.x"), ["e.g.x"]);
    }

    #[test]
    fn mail_lines_fit_72_columns() {
        let long = "word ".repeat(40);
        assert!(mail_wrap(&long, 72).iter().all(|l| l.chars().count() <= 72));
        let cjk = "研究".repeat(60);
        let lines = mail_wrap(&cjk, 72);
        assert_eq!(lines.concat(), cjk);
        assert!(lines.iter().all(|l| l.chars().count() <= 72));
    }

    #[test]
    fn rewrapped_text_keeps_its_words() {
        let text = "alpha beta gamma ".repeat(20);
        let wrapped = rewrap(text.trim_end(), 66);
        assert!(wrapped.lines().all(|l| l.chars().count() <= 66));
        assert_eq!(wrapped.replace('\n', " "), text.trim_end());
    }

    #[test]
    fn chains_are_trimmed_to_the_depth_given() {
        fn depth(blocks: &[Block]) -> usize {
            blocks
                .iter()
                .map(|b| if let Block::Quote(q) = b { 1 + depth(&q.body) } else { 0 })
                .max()
                .unwrap_or(0)
        }
        let mut block = Block::Paragraph("inner".to_owned());
        for _ in 0..8 {
            block = Block::Quote(Quote {
                body: vec![block],
                of: None,
                named: Named::Nobody,
                as_string: false,
                rewrapped: false,
            });
        }
        assert_eq!(depth(&trim_quotes(&[block], 4)), 4);
    }
}
