//! The document as the reader sees it: posts in the chosen order minus folded
//! subtrees, addressed by (post, row). Every operation walks only the posts
//! it crosses, so cost follows the screen, not the thread.

use std::cmp::Ordering;
use std::rc::Rc;

use crate::nav::{QuoteFolds, ReplyFolds, RowPos};
use crate::thread::{Order, PostId, Thread};

use super::{LayoutCache, LayoutParams, PostLayout, WideCode};

/// A view of the thread with folds applied, and the cache its rows come from.
pub struct Document<'a> {
    pub thread: &'a Thread,
    pub order: Order,
    pub quote_folds: &'a QuoteFolds,
    pub reply_folds: &'a ReplyFolds,
    pub width: u16,
    pub cache: &'a mut LayoutCache,
}

impl Document<'_> {
    /// Whether `post` shows "▸ N replies" instead of its replies.
    pub fn replies_folded(&self, post: PostId) -> bool {
        self.order == Order::Thread
            && self.reply_folds.is_folded(post)
            && !self.thread.tree().children(post).is_empty()
    }

    pub fn layout(&mut self, post: PostId) -> Rc<PostLayout> {
        let params = LayoutParams { width: self.width, order: self.order, wide_code: WideCode::Scroll };
        let folded = self.replies_folded(post);
        self.cache.get(self.thread, post, params, self.quote_folds, folded)
    }

    pub fn height(&mut self, post: PostId) -> usize {
        self.layout(post).height()
    }

    fn order(&self) -> &[PostId] {
        self.thread.tree().order(self.order)
    }

    pub fn first_post(&self) -> Option<PostId> {
        self.order().first().copied()
    }

    pub fn last_post(&self) -> Option<PostId> {
        self.order().last().map(|&p| self.visible_ancestor(p))
    }

    pub fn next_post(&self, post: PostId) -> Option<PostId> {
        let tree = self.thread.tree();
        let next = if self.replies_folded(post) {
            tree.subtree(post).end
        } else {
            tree.position(self.order, post) + 1
        };
        self.order().get(next).copied()
    }

    pub fn prev_post(&self, post: PostId) -> Option<PostId> {
        let position = self.thread.tree().position(self.order, post);
        let before = *self.order().get(position.checked_sub(1)?)?;
        Some(self.visible_ancestor(before))
    }

    /// `post` itself, or the outermost ancestor whose folded replies hide it.
    pub fn visible_ancestor(&self, post: PostId) -> PostId {
        if self.order != Order::Thread || self.reply_folds.is_empty() {
            return post;
        }
        let tree = self.thread.tree();
        let mut shown = post;
        let mut at = post;
        while let Some(parent) = tree.parent(at) {
            if self.reply_folds.is_folded(parent) {
                shown = parent;
            }
            at = parent;
        }
        shown
    }

    /// Document order of two rows.
    pub fn compare(&self, a: RowPos, b: RowPos) -> Ordering {
        let tree = self.thread.tree();
        tree.position(self.order, a.post).cmp(&tree.position(self.order, b.post)).then(a.row.cmp(&b.row))
    }

    /// The last row of the document.
    pub fn last_row(&mut self) -> Option<RowPos> {
        let post = self.last_post()?;
        let row = self.height(post).saturating_sub(1);
        Some(RowPos { post, row })
    }

    /// `n` rows further on, stopping at the last row.
    pub fn advance(&mut self, mut pos: RowPos, mut n: usize) -> RowPos {
        loop {
            let height = self.height(pos.post);
            let left_here = height.saturating_sub(1).saturating_sub(pos.row);
            if n <= left_here {
                pos.row += n;
                return pos;
            }
            match self.next_post(pos.post) {
                Some(next) => {
                    n -= left_here + 1;
                    pos = RowPos::start_of(next);
                }
                None => {
                    pos.row = height.saturating_sub(1);
                    return pos;
                }
            }
        }
    }

    /// `n` rows back, stopping at the first row.
    pub fn retreat(&mut self, mut pos: RowPos, mut n: usize) -> RowPos {
        loop {
            if n <= pos.row {
                pos.row -= n;
                return pos;
            }
            match self.prev_post(pos.post) {
                Some(prev) => {
                    n -= pos.row + 1;
                    pos = RowPos { post: prev, row: self.height(prev).saturating_sub(1) };
                }
                None => {
                    pos.row = 0;
                    return pos;
                }
            }
        }
    }

    /// Rows from `from` down to `to`, if `to` is not before `from` and at
    /// most `limit` rows away (the walk stops there).
    pub fn distance(&mut self, from: RowPos, to: RowPos, limit: usize) -> Option<usize> {
        if self.compare(from, to) == Ordering::Greater {
            return None;
        }
        let mut rows = 0;
        let mut at = from;
        while at.post != to.post {
            rows += self.height(at.post) - at.row;
            if rows > limit {
                return None;
            }
            at = RowPos::start_of(self.next_post(at.post)?);
        }
        rows += to.row - at.row;
        (rows <= limit).then_some(rows)
    }

    /// Clamps a row that may have come from another width or fold state.
    pub fn clamp(&mut self, pos: RowPos) -> RowPos {
        let post = self.visible_ancestor(pos.post);
        let row = if post == pos.post { pos.row.min(self.height(post).saturating_sub(1)) } else { 0 };
        RowPos { post, row }
    }
}
