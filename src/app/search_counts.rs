//! How many matches the last search has in each post, so the status line
//! can say "match k of N" with matches in folded quotes counted too.

use crate::nav::Matcher;
use crate::thread::{Order, PostId, Thread};

pub(super) struct SearchCounts {
    query: String,
    /// Matches per post, by post index.
    per_post: Vec<usize>,
    total: usize,
}

impl SearchCounts {
    /// Counts every post once (a search reads the whole thread anyway).
    pub(super) fn new(thread: &Thread, query: &str, matcher: &Matcher) -> Self {
        let per_post: Vec<usize> = thread.posts().iter().map(|p| matcher.count_in_blocks(&p.body)).collect();
        let total = per_post.iter().sum();
        Self { query: query.to_owned(), per_post, total }
    }

    pub(super) fn is_for(&self, query: &str) -> bool {
        self.query == query
    }

    pub(super) fn total(&self) -> usize {
        self.total
    }

    /// Matches in posts before `post` in `order`.
    pub(super) fn before(&self, thread: &Thread, order: Order, post: PostId) -> usize {
        let tree = thread.tree();
        let position = tree.position(order, post);
        tree.order(order)[..position].iter().map(|p| self.per_post[p.index()]).sum()
    }

    pub(super) fn in_post(&self, post: PostId) -> usize {
        self.per_post[post.index()]
    }
}
