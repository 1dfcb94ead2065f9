//! Post layouts cached per width and fold state, so a keypress re-wraps only
//! posts it has not seen at the current settings.

use std::collections::HashMap;
use std::rc::Rc;

use crate::nav::QuoteFolds;
use crate::thread::{PostId, Thread};

use super::{LayoutParams, PostLayout, layout_post};

/// Entries beyond this are dropped wholesale: a reader scrolling through a
/// huge thread must not keep every post it passed in memory.
const MAX_ENTRIES: usize = 4096;

/// Everything a cached layout depends on that is the same for all posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LayoutKey {
    pub params: LayoutParams,
    pub quote_folds: u64,
}

#[derive(Debug, Default)]
pub struct LayoutCache {
    key: Option<LayoutKey>,
    posts: HashMap<(PostId, bool), Rc<PostLayout>>,
}

impl LayoutCache {
    /// The layout of `post`, computed only when not cached for these settings.
    pub fn get(
        &mut self,
        thread: &Thread,
        post: PostId,
        params: LayoutParams,
        folds: &QuoteFolds,
        replies_folded: bool,
    ) -> Rc<PostLayout> {
        let key = LayoutKey { params, quote_folds: folds.generation() };
        if self.key != Some(key) || self.posts.len() >= MAX_ENTRIES {
            self.posts.clear();
            self.key = Some(key);
        }
        Rc::clone(
            self.posts
                .entry((post, replies_folded))
                .or_insert_with(|| Rc::new(layout_post(thread, post, params, folds, replies_folded))),
        )
    }
}
