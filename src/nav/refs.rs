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

/// The rows for one post (a handful: built whole each time).
pub fn post_rows(thread: &Thread, post: PostId) -> Vec<RefRow> {
    let mut rows = vec![RefRow::Heading(format!("Links of {post}"))];
    let links = &thread.post(post).links;
    if links.is_empty() {
        rows.push(RefRow::Empty("no links"));
    }
    for (i, link) in links.iter().enumerate() {
        rows.push(RefRow::Link { number: i + 1, url: link.url.clone(), title: link.title.clone() });
    }
    let target: Vec<PostId> = thread.reply_target(post).into_iter().collect();
    let quotes = thread.quotes_of(post);
    for (relation, posts) in [
        (Relation::ReplyTarget, target.as_slice()),
        (Relation::Quotes, quotes.as_slice()),
        (Relation::Reply, thread.replies(post)),
        (Relation::QuotedBy, thread.quoted_by(post)),
    ] {
        if posts.is_empty() {
            continue;
        }
        rows.push(RefRow::Heading(format!("{} ({})", relation.heading(), posts.len())));
        rows.extend(posts.iter().map(|&p| RefRow::Post { post: p, relation }));
    }
    rows
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

    #[test]
    fn post_rows_list_links_then_relations() {
        let t = thread();
        let rows = post_rows(&t, PostId::new(0));
        assert_eq!(rows[0], RefRow::Heading("Links of #1".into()));
        assert_eq!(rows[1].url(), Some("https://a.org"));
        assert_eq!(rows[2].url(), Some("https://b.org"));
        assert_eq!(rows[3], RefRow::Heading("Replies (2)".into()));
        assert_eq!(rows[6], RefRow::Heading("Quoted by (1)".into()));
        assert_eq!(rows[7].post(), Some(PostId::new(1)));
        let rows = post_rows(&t, PostId::new(1));
        assert!(rows.contains(&RefRow::Post { post: PostId::new(0), relation: Relation::ReplyTarget }));
        assert!(rows.contains(&RefRow::Post { post: PostId::new(0), relation: Relation::Quotes }));
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
