//! The rows of the references pane: the focused post's links and relations,
//! or the thread's whole link ledger (indexed, so only visible rows are built).

use crate::thread::{PostId, Thread};

/// How a listed post relates to the focused one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    ReplyTarget,
    Reply,
    QuotedBy,
    Quotes,
}

impl Relation {
    pub fn heading(self) -> &'static str {
        match self {
            Self::ReplyTarget => "Reply to",
            Self::Reply => "Replies",
            Self::QuotedBy => "Quoted by",
            Self::Quotes => "Quotes",
        }
    }
}

/// One row of the pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefRow {
    Heading(String),
    /// The focused post's `n`th link (1-based).
    Link {
        number: usize,
        url: String,
        title: Option<String>,
    },
    Post {
        post: PostId,
        relation: Relation,
    },
    /// A note that is not selectable ("none").
    Empty(&'static str),
    /// A URL of the ledger and how many posts cite it.
    LedgerUrl {
        url: String,
        count: usize,
    },
    /// A post citing the ledger URL above it.
    LedgerPost {
        post: PostId,
    },
}

impl RefRow {
    pub fn is_selectable(&self) -> bool {
        !matches!(self, Self::Heading(_) | Self::Empty(_))
    }

    /// The URL this row opens, if any.
    pub fn url(&self) -> Option<&str> {
        match self {
            Self::Link { url, .. } | Self::LedgerUrl { url, .. } => Some(url),
            _ => None,
        }
    }

    /// The post this row jumps to, if any.
    pub fn post(&self) -> Option<PostId> {
        match self {
            Self::Post { post, .. } | Self::LedgerPost { post } => Some(*post),
            _ => None,
        }
    }
}

/// The rows for one post, indexed rather than built: a post with
/// thousands of replies costs what one with two does to draw.
///
/// Layout: the "Links of #n" heading, the links (or "no links"), then for
/// each relation that has posts, a heading and one row per post.
#[derive(Debug, Clone)]
pub struct PostRefs<'t> {
    thread: &'t Thread,
    post: PostId,
    target: Option<PostId>,
    quotes: Vec<PostId>,
}

impl<'t> PostRefs<'t> {
    pub fn new(thread: &'t Thread, post: PostId) -> Self {
        Self { thread, post, target: thread.reply_target(post), quotes: thread.quotes_of(post) }
    }

    fn links(&self) -> &'t [crate::thread::LinkRef] {
        &self.thread.post(self.post).links
    }

    /// The relations that have posts, in the order they are listed.
    fn sections(&self) -> impl Iterator<Item = (Relation, &[PostId])> {
        [
            (Relation::ReplyTarget, self.target.as_slice()),
            (Relation::Quotes, self.quotes.as_slice()),
            (Relation::Reply, self.thread.replies(self.post)),
            (Relation::QuotedBy, self.thread.quoted_by(self.post)),
        ]
        .into_iter()
        .filter(|(_, posts)| !posts.is_empty())
    }

    /// Rows before the first relation: the heading and the links (or "no links").
    fn link_rows(&self) -> usize {
        1 + self.links().len().max(1)
    }

    pub fn len(&self) -> usize {
        self.link_rows() + self.sections().map(|(_, posts)| 1 + posts.len()).sum::<usize>()
    }

    /// Never: there is always the links heading.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Row `i`, or `None` past the end.
    pub fn row(&self, i: usize) -> Option<RefRow> {
        let links = self.links();
        if i == 0 {
            return Some(RefRow::Heading(format!("Links of {}", self.post)));
        }
        if i < self.link_rows() {
            return Some(match links.get(i - 1) {
                Some(link) => RefRow::Link { number: i, url: link.url.clone(), title: link.title.clone() },
                None => RefRow::Empty("no links"),
            });
        }
        let mut at = i - self.link_rows();
        for (relation, posts) in self.sections() {
            if at == 0 {
                return Some(RefRow::Heading(format!("{} ({})", relation.heading(), posts.len())));
            }
            if at <= posts.len() {
                return Some(RefRow::Post { post: posts[at - 1], relation });
            }
            at -= 1 + posts.len();
        }
        None
    }

    /// How many rows can be selected (links and posts).
    pub fn selectable_len(&self) -> usize {
        self.links().len() + self.sections().map(|(_, posts)| posts.len()).sum::<usize>()
    }

    /// The row of the `n`th selectable row.
    pub fn selectable_row(&self, n: usize) -> Option<usize> {
        if n < self.links().len() {
            return Some(1 + n);
        }
        let (mut n, mut first) = (n - self.links().len(), self.link_rows());
        for (_, posts) in self.sections() {
            if n < posts.len() {
                return Some(first + 1 + n);
            }
            n -= posts.len();
            first += 1 + posts.len();
        }
        None
    }

    /// Which selectable row row `i` is, if it is one.
    pub fn selectable_index(&self, i: usize) -> Option<usize> {
        if i >= self.len() || !self.row(i).is_some_and(|row| row.is_selectable()) {
            return None;
        }
        let links = self.links().len();
        if i < self.link_rows() {
            return Some(i - 1);
        }
        let (mut at, mut before) = (i - self.link_rows(), links);
        for (_, posts) in self.sections() {
            if at <= posts.len() {
                return Some(before + at - 1);
            }
            at -= 1 + posts.len();
            before += posts.len();
        }
        None
    }
}

/// The first row shown when `selected_row` must be on a pane of `height`
/// rows (shared by drawing and by mouse clicks).
pub fn scroll_offset(selected_row: Option<usize>, height: usize) -> usize {
    selected_row.map_or(0, |row| row.saturating_sub(height.saturating_sub(1)))
}

/// Row offsets of the ledger: URL `i` starts at `starts[i]`, followed by
/// one row per citing post. Built once per thread.
#[derive(Debug, Clone, Default)]
pub struct LedgerIndex {
    starts: Vec<usize>,
    total: usize,
}

impl LedgerIndex {
    pub fn new(thread: &Thread) -> Self {
        let mut starts = Vec::with_capacity(thread.ledger().len());
        let mut total = 0;
        for entry in thread.ledger().entries() {
            starts.push(total);
            total += 1 + entry.posts.len();
        }
        Self { starts, total }
    }

    pub fn len(&self) -> usize {
        self.total
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// Row `i` of the ledger.
    pub fn row(&self, thread: &Thread, i: usize) -> Option<RefRow> {
        if i >= self.total {
            return None;
        }
        let entry_index = self.starts.partition_point(|&s| s <= i) - 1;
        let entry = &thread.ledger().entries()[entry_index];
        let offset = i - self.starts[entry_index];
        Some(match offset {
            0 => RefRow::LedgerUrl { url: entry.url.clone(), count: entry.posts.len() },
            n => RefRow::LedgerPost { post: entry.posts[n - 1] },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{LoadOptions, load_slice};

    fn thread() -> Thread {
        let json = r#"{"version":1,"posts":[
            {"id":"1","body":"See https://a.org and https://b.org"},
            {"id":"2","reply_to":"1","body":[{"quote":"See https://a.org","of":"1"},"https://a.org again"]},
            {"id":"3","reply_to":"1","body":"no links"}]}"#;
        Thread::from_file(load_slice(json.as_bytes(), "t", LoadOptions::default()).unwrap().file)
    }

    fn all_rows(refs: &PostRefs<'_>) -> Vec<RefRow> {
        (0..refs.len()).map(|i| refs.row(i).expect("in range")).collect()
    }

    #[test]
    fn post_rows_list_links_then_relations() {
        let t = thread();
        let refs = PostRefs::new(&t, PostId::new(0));
        let rows = all_rows(&refs);
        assert_eq!(rows[0], RefRow::Heading("Links of #1".into()));
        assert_eq!(rows[1].url(), Some("https://a.org"));
        assert_eq!(rows[2].url(), Some("https://b.org"));
        assert_eq!(rows[3], RefRow::Heading("Replies (2)".into()));
        assert_eq!(rows[6], RefRow::Heading("Quoted by (1)".into()));
        assert_eq!(rows[7].post(), Some(PostId::new(1)));
        assert_eq!(refs.row(8), None);
        let rows = all_rows(&PostRefs::new(&t, PostId::new(1)));
        assert!(rows.contains(&RefRow::Post { post: PostId::new(0), relation: Relation::ReplyTarget }));
        assert!(rows.contains(&RefRow::Post { post: PostId::new(0), relation: Relation::Quotes }));
        let rows = all_rows(&PostRefs::new(&t, PostId::new(2)));
        assert_eq!(rows[1], RefRow::Empty("no links"));
    }

    #[test]
    fn selectable_rows_map_both_ways() {
        let t = thread();
        for post in t.ids() {
            let refs = PostRefs::new(&t, post);
            let selectable: Vec<usize> =
                (0..refs.len()).filter(|&i| refs.row(i).unwrap().is_selectable()).collect();
            assert_eq!(refs.selectable_len(), selectable.len());
            for (n, &row) in selectable.iter().enumerate() {
                assert_eq!(refs.selectable_row(n), Some(row));
                assert_eq!(refs.selectable_index(row), Some(n));
            }
            assert_eq!(refs.selectable_row(selectable.len()), None);
            assert_eq!(refs.selectable_index(0), None, "headings are not selectable");
        }
    }

    #[test]
    fn scrolling_keeps_the_selected_row_on_the_pane() {
        assert_eq!(scroll_offset(Some(3), 10), 0);
        assert_eq!(scroll_offset(Some(12), 10), 3);
        assert_eq!(scroll_offset(None, 10), 0);
    }

    #[test]
    fn ledger_rows_are_indexed() {
        let t = thread();
        let index = LedgerIndex::new(&t);
        // a.org cited by #1 and #2, b.org by #1.
        assert_eq!(index.len(), 5);
        assert_eq!(index.row(&t, 0), Some(RefRow::LedgerUrl { url: "https://a.org".into(), count: 2 }));
        assert_eq!(index.row(&t, 2), Some(RefRow::LedgerPost { post: PostId::new(1) }));
        assert_eq!(index.row(&t, 3), Some(RefRow::LedgerUrl { url: "https://b.org".into(), count: 1 }));
        assert_eq!(index.row(&t, 5), None);
    }
}
