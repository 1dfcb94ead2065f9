//! The thread model: built once from a [`ThreadFile`], then read-only.
//!
//! Posts live in an arena indexed by [`PostId`] (file order, which the format
//! defines as the order of writing). Everything the reader needs is derived
//! here: the reply tree, each quote's source (given or inferred), repeats,
//! backlinks and links. Nothing in this module knows about terminals.

mod attribution;
mod body;
mod links;
mod tree;

use foldhash::HashMap;
use std::fmt;

use crate::format::{self, ThreadFile};

pub use body::{Block, Code, MAX_QUOTE_DEPTH, Paragraph, Quote, for_each_quote};
pub use links::{LedgerEntry, LinkLedger, LinkRef, find_urls};
pub use tree::{Order, Tree};

/// A post's place in the arena (0-based file order). Shown as `#n`, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PostId(u32);

impl PostId {
    pub const fn new(index: usize) -> Self {
        assert!(index <= u32::MAX as usize, "fewer than 4 billion posts");
        Self(index as u32)
    }

    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The number readers see: `#1` is the first post of the file.
    pub fn number(self) -> usize {
        self.index() + 1
    }
}

impl fmt::Display for PostId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.number())
    }
}

/// A quote's place among all quotes of the thread, outer quotes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QuoteId(u32);

impl QuoteId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Where a quote comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuoteSource {
    /// Named by the file (`of`).
    Given(PostId),
    /// Found by text: the earliest earlier post containing the quote.
    Inferred(PostId),
    /// `of` names a post that is not in this thread.
    Missing(String),
    /// Nothing names it and no earlier post contains it.
    Unattributed,
}

impl QuoteSource {
    pub fn post(&self) -> Option<PostId> {
        match self {
            Self::Given(p) | Self::Inferred(p) => Some(*p),
            Self::Missing(_) | Self::Unattributed => None,
        }
    }
}

/// What the model knows about one quote beyond its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteInfo {
    pub post: PostId,
    /// The quote this one is nested in (a chain).
    pub parent: Option<QuoteId>,
    /// 1 for a quote in the post's own text, 2 for a quote inside it, …
    pub depth: usize,
    pub source: QuoteSource,
    /// It reproduces the source post's whole body (a chain reads as one quote).
    pub whole_post: bool,
    /// Its text is already in the thread: folded by default.
    pub repeat: bool,
}

/// How a post's `reply_to` resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplyTarget {
    None,
    Post(PostId),
    /// The key names no post of the thread.
    Missing(String),
    /// Following it would close a cycle; the post is shown top-level.
    Cycle(PostId),
}

/// When a post was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostTime {
    None,
    At(jiff::Timestamp),
    /// Kept as written; `tread check` notes it.
    Unreadable(String),
}

#[derive(Debug, Clone)]
pub struct Post {
    /// The id as the file spells it.
    pub key: String,
    pub author: Option<String>,
    pub time: PostTime,
    pub reply_target: ReplyTarget,
    pub body: Vec<Block>,
    /// Its URLs (own text, quotes from outside the thread, `links`), deduplicated.
    pub links: Vec<LinkRef>,
    /// The URLs of its text, in its own paragraphs and in quotes: kept
    /// (few) to rebuild `links` when sources change without a walk of the body.
    text_links: Vec<body::TextLink>,
    /// The `links` the file gave, kept to rebuild `links` when sources change.
    file_links: Vec<LinkRef>,
    /// Replies the file says it does not hold (0: an unknown number).
    pub missing_replies: Option<u64>,
    /// Its body is still being read (see [`Thread::from_partial_file`]).
    pub body_pending: bool,
}

impl Post {
    pub fn author_or_anonymous(&self) -> &str {
        self.author.as_deref().filter(|a| !a.is_empty()).unwrap_or("anonymous")
    }
}

/// Something the reader should know about the file; nothing is dropped for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub post: Option<PostId>,
    pub message: String,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.post {
            Some(post) => write!(f, "post {post}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// The whole model.
#[derive(Debug, Clone)]
pub struct Thread {
    pub title: Option<String>,
    pub url: Option<String>,
    posts: Vec<Post>,
    quotes: Vec<QuoteInfo>,
    tree: Tree,
    replies_quoting: Vec<Vec<PostId>>,
    ledger: LinkLedger,
    notes: Vec<Note>,
    /// Quote sources by text, repeats and what follows from them are still
    /// to be computed (see [`Thread::from_file_deferred`]).
    attribution_pending: bool,
    /// Some posts' bodies are still being read.
    bodies_pending: bool,
}

/// The result of quote inference, computed apart from the thread (possibly
/// on another thread) and applied with [`Thread::apply_attribution`].
#[derive(Debug, Clone)]
pub struct Attribution {
    quotes: Vec<QuoteInfo>,
}

impl Thread {
    /// Builds the model. Never fails: what does not resolve becomes a note.
    pub fn from_file(file: ThreadFile) -> Self {
        let mut thread = Self::without_sources(file);
        attribution::attribute(&thread.posts, &mut thread.quotes);
        thread.sources_settled();
        thread
    }

    /// Builds everything but quote inference, which costs the most: quotes
    /// carry only the sources the file names until
    /// [`apply_attribution`](Self::apply_attribution). The viewer draws from
    /// this at once and infers on another thread.
    pub fn from_file_deferred(file: ThreadFile) -> Self {
        let mut thread = Self::without_sources(file);
        thread.derive_from_sources();
        thread
    }

    /// The model of a file whose bodies are not all read yet: the posts
    /// where `has_body` is false (their bodies empty in `file`) say that
    /// their text is coming. It shows the first screen of a large archive
    /// before the rest is read; the whole thread, built later, replaces it,
    /// and quote inference waits for that.
    pub fn from_partial_file(file: ThreadFile, has_body: &[bool]) -> Self {
        let mut thread = Self::from_file_deferred(file);
        for (post, &has_body) in thread.posts.iter_mut().zip(has_body) {
            post.body_pending = !has_body;
            thread.bodies_pending |= !has_body;
        }
        thread
    }

    /// The model with the sources the file names, before anything that
    /// depends on sources (backlinks, link lists) is derived.
    fn without_sources(file: ThreadFile) -> Self {
        /// How many spent parser vectors are worth a thread of their own to free.
        const BACKGROUND_FREE_MIN: usize = 4096;
        let ThreadFile { title, url, posts: wire_posts, .. } = file;
        let mut raw_quotes = Vec::new();
        // Quotes are numbered post by post: post i owns those from its start on.
        let mut owners: Vec<PostId> = Vec::new();
        let mut reply_keys = Vec::with_capacity(wire_posts.len());
        let mut time_keys = Vec::with_capacity(wire_posts.len());
        let mut posts = Vec::with_capacity(wire_posts.len());
        let mut spent = Vec::new();
        let mut text_links = Vec::new();
        for wire in wire_posts {
            let format::Post { id: key, author, time, reply_to, body, links, missing_replies } = wire;
            let body =
                body::BodyBuilder { quotes: &mut raw_quotes, spent: &mut spent, links: &mut text_links }
                    .body(body, None, 0);
            owners.resize(raw_quotes.len(), PostId::new(posts.len()));
            let time = match time {
                None => PostTime::None,
                Some(text) => match text.parse::<jiff::Timestamp>() {
                    Ok(t) => PostTime::At(t),
                    Err(_) => PostTime::Unreadable(text),
                },
            };
            time_keys.push(match &time {
                PostTime::At(t) => Some(t.as_nanosecond()),
                _ => None,
            });
            reply_keys.push(reply_to);
            let links =
                links.into_iter().map(|l| LinkRef { url: l.url, title: l.title.filter(|t| !t.is_empty()) });
            posts.push(Post {
                key: key.0,
                author,
                time,
                reply_target: ReplyTarget::None,
                body,
                links: Vec::new(),
                text_links: std::mem::take(&mut text_links),
                file_links: links.collect(),
                missing_replies,
                body_pending: false,
            });
        }

        let keys: HashMap<&str, PostId> =
            posts.iter().enumerate().map(|(i, p)| (p.key.as_str(), PostId::new(i))).collect();
        let mut reply_targets: Vec<ReplyTarget> = reply_keys
            .into_iter()
            .enumerate()
            .map(|(i, key)| match key {
                None => ReplyTarget::None,
                Some(key) => match keys.get(key.as_str()) {
                    Some(&p) if p.index() == i => ReplyTarget::Cycle(p),
                    Some(&p) => ReplyTarget::Post(p),
                    None => ReplyTarget::Missing(key.0),
                },
            })
            .collect();
        let mut parents: Vec<Option<PostId>> = reply_targets
            .iter()
            .map(|t| match t {
                ReplyTarget::Post(p) => Some(*p),
                _ => None,
            })
            .collect();
        for cut in tree::break_cycles(&mut parents) {
            if let ReplyTarget::Post(p) = reply_targets[cut.index()] {
                reply_targets[cut.index()] = ReplyTarget::Cycle(p);
            }
        }
        let of_keys: Vec<Option<PostId>> =
            raw_quotes.iter().map(|q| q.of.as_deref().and_then(|k| keys.get(k).copied())).collect();
        drop(keys);
        for (post, target) in posts.iter_mut().zip(reply_targets) {
            post.reply_target = target;
        }

        let mut quotes: Vec<QuoteInfo> = raw_quotes
            .into_iter()
            .zip(&of_keys)
            .zip(owners)
            .map(|((raw, of), post)| QuoteInfo {
                post,
                parent: raw.parent,
                depth: raw.depth,
                source: match (raw.of, of) {
                    (_, Some(p)) => QuoteSource::Given(*p),
                    (Some(key), None) => QuoteSource::Missing(key),
                    (None, None) => QuoteSource::Unattributed,
                },
                whole_post: false,
                repeat: false,
            })
            .collect();
        for info in &mut quotes {
            info.repeat = info.source.post().is_some();
        }

        let mut notes = Vec::new();
        for (i, post) in posts.iter().enumerate() {
            let id = PostId::new(i);
            match &post.reply_target {
                ReplyTarget::Missing(key) => {
                    notes.push(Note {
                        post: Some(id),
                        message: format!("reply target \"{key}\" not in this thread"),
                    });
                }
                ReplyTarget::Cycle(p) => notes.push(Note {
                    post: Some(id),
                    message: format!("reply target {p} would close a cycle; shown as a top-level post"),
                }),
                _ => {}
            }
            if let PostTime::Unreadable(text) = &post.time {
                notes.push(Note {
                    post: Some(id),
                    message: format!("unreadable time \"{text}\" (expected RFC 3339)"),
                });
            }
        }
        for (q, info) in quotes.iter().enumerate() {
            if let QuoteSource::Missing(key) = &info.source {
                notes.push(Note {
                    post: Some(info.post),
                    message: format!("quote {} names post \"{key}\", which is not in this thread", q + 1),
                });
            }
        }
        notes.sort_by_key(|n| n.post);

        let tree = Tree::new(parents, &time_keys);
        let thread = Self {
            title,
            url,
            posts,
            quotes,
            tree,
            replies_quoting: Vec::new(),
            ledger: LinkLedger::default(),
            notes,
            attribution_pending: true,
            bodies_pending: false,
        };
        // Freeing a hundred thousand small vectors is work the reader need not
        // wait for; a small thread's are freed at once rather than start a thread.
        if spent.len() >= BACKGROUND_FREE_MIN {
            std::thread::spawn(move || drop(spent));
        } else {
            drop(spent);
        }
        thread
    }

    /// Whether quote inference is still to be applied.
    pub fn attribution_pending(&self) -> bool {
        self.attribution_pending
    }

    /// Whether some posts' bodies are still being read.
    pub fn bodies_pending(&self) -> bool {
        self.bodies_pending
    }

    /// Infers quote sources and repeats (the expensive part of loading).
    pub fn compute_attribution(&self) -> Attribution {
        let mut quotes = self.quotes.clone();
        attribution::attribute(&self.posts, &mut quotes);
        Attribution { quotes }
    }

    /// Takes inferred sources in, and updates backlinks and links to match.
    pub fn apply_attribution(&mut self, attribution: Attribution) {
        self.quotes = attribution.quotes;
        self.sources_settled();
    }

    /// Every source is known: what depends on sources follows.
    fn sources_settled(&mut self) {
        self.attribution_pending = false;
        self.derive_from_sources();
    }

    /// Backlinks and link lists, which depend on where quotes come from.
    fn derive_from_sources(&mut self) {
        let mut replies_quoting = vec![Vec::new(); self.posts.len()];
        for info in self.quotes.iter().filter(|q| q.depth == 1) {
            if let Some(source) = info.source.post() {
                let list: &mut Vec<PostId> = &mut replies_quoting[source.index()];
                if list.last() != Some(&info.post) {
                    list.push(info.post);
                }
            }
        }
        self.replies_quoting = replies_quoting;
        self.ledger = collect_links(&mut self.posts, &self.quotes);
    }

    pub fn posts(&self) -> &[Post] {
        &self.posts
    }

    pub fn post(&self, id: PostId) -> &Post {
        &self.posts[id.index()]
    }

    pub fn len(&self) -> usize {
        self.posts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.posts.is_empty()
    }

    pub fn ids(&self) -> impl ExactSizeIterator<Item = PostId> + use<> {
        (0..self.posts.len()).map(PostId::new)
    }

    pub fn tree(&self) -> &Tree {
        &self.tree
    }

    pub fn quote(&self, id: QuoteId) -> &QuoteInfo {
        &self.quotes[id.index()]
    }

    pub fn quotes(&self) -> &[QuoteInfo] {
        &self.quotes
    }

    /// A quote's post and its place among that post's quotes (0-based):
    /// what names it across models of the same thread.
    pub fn quote_place(&self, id: QuoteId) -> (PostId, usize) {
        let post = self.quote(id).post;
        (post, id.index() - self.first_quote_of(post))
    }

    /// The `nth` quote of `post` (0-based), if it has that many.
    pub fn quote_in(&self, post: PostId, nth: usize) -> Option<QuoteId> {
        let index = self.first_quote_of(post) + nth;
        let info = self.quotes.get(index)?;
        (info.post == post).then(|| QuoteId(u32::try_from(index).expect("fewer than 4 billion quotes")))
    }

    /// Quotes are numbered post by post: where `post`'s start.
    fn first_quote_of(&self, post: PostId) -> usize {
        self.quotes.partition_point(|info| info.post < post)
    }

    /// The post `post` answers, if it is in the thread.
    pub fn reply_target(&self, post: PostId) -> Option<PostId> {
        match self.post(post).reply_target {
            ReplyTarget::Post(p) => Some(p),
            _ => None,
        }
    }

    /// Posts that answer `post`, in order of writing.
    pub fn replies(&self, post: PostId) -> &[PostId] {
        self.tree.children(post)
    }

    /// Posts that quote `post` directly, in order of writing.
    pub fn quoted_by(&self, post: PostId) -> &[PostId] {
        &self.replies_quoting[post.index()]
    }

    /// Posts `post` quotes directly, in order of appearance, without repeats.
    pub fn quotes_of(&self, post: PostId) -> Vec<PostId> {
        let mut sources = Vec::new();
        for block in &self.post(post).body {
            if let Block::Quote(q) = block
                && let Some(source) = self.quote(q.id).source.post()
                && !sources.contains(&source)
            {
                sources.push(source);
            }
        }
        sources
    }

    pub fn ledger(&self) -> &LinkLedger {
        &self.ledger
    }

    pub fn notes(&self) -> &[Note] {
        &self.notes
    }
}

/// Fills each post's link list (text order first, then `links`) and the ledger.
/// Quotes of posts in the thread are skipped: those links belong to their source.
fn collect_links(posts: &mut [Post], quotes: &[QuoteInfo]) -> LinkLedger {
    // A URL inside quotes is the post's own when no quote around it has a source.
    let outside_the_thread = |mut quote: Option<QuoteId>| {
        while let Some(q) = quote {
            let info = &quotes[q.index()];
            if info.source.post().is_some() {
                return false;
            }
            quote = info.parent;
        }
        true
    };
    let mut ledger = LinkLedger::default();
    for (i, post) in posts.iter_mut().enumerate() {
        if post.text_links.is_empty() && post.file_links.is_empty() {
            post.links.clear();
            continue;
        }
        let mut links: Vec<LinkRef> = Vec::new();
        for link in post.text_links.iter().filter(|link| outside_the_thread(link.quote)) {
            if !links.iter().any(|l| l.url == link.url) {
                links.push(LinkRef { url: link.url.clone(), title: None });
            }
        }
        for link in post.file_links.iter().cloned() {
            match links.iter_mut().find(|l| l.url == link.url) {
                Some(existing) => existing.title = existing.title.take().or(link.title),
                None => links.push(link),
            }
        }
        for link in &links {
            ledger.cite(&link.url, PostId::new(i));
        }
        post.links = links;
    }
    ledger
}

#[cfg(test)]
mod tests;
