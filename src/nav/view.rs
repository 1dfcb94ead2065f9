//! Everything about the reader's view of a thread, as plain data.

use crate::thread::{Order, PostId};

use super::{History, QuoteFolds, ReplyFolds, RowPos};

/// Which pane keys go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Thread,
    References,
}

/// What the references pane lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RefsMode {
    /// The focused post's links, reply target, replies and quoters.
    #[default]
    Post,
    /// Every URL of the thread with the posts citing it.
    Ledger,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RefsState {
    pub mode: RefsMode,
    /// Index among the pane's selectable entries.
    pub selected: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help { scroll: usize },
}

/// A place the jump history can return to, folds included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub cursor: RowPos,
    pub anchor: RowPos,
    pub order: Order,
    pub quote_folds: QuoteFolds,
    pub reply_folds: ReplyFolds,
}

/// The reader's state.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub order: Order,
    pub quote_folds: QuoteFolds,
    pub reply_folds: ReplyFolds,
    /// The highlighted row; its post is the focused post.
    pub cursor: RowPos,
    /// The top row of the thread pane.
    pub anchor: RowPos,
    pub history: History<Location>,
    pub focus: Pane,
    pub refs: RefsState,
    /// The reader's wish; the pane may still be hidden when space is short.
    pub refs_visible: bool,
    /// The last confirmed search.
    pub search: Option<String>,
    /// A search being typed.
    pub input: Option<String>,
    pub overlay: Option<Overlay>,
    /// A message for the status line, shown until the next key.
    pub status: Option<String>,
    /// After `r`: the post whose replies are being visited and the last index.
    pub reply_cycle: Option<(PostId, usize)>,
}

impl Viewer {
    pub fn new(first: PostId, order: Order) -> Self {
        Self {
            order,
            quote_folds: QuoteFolds::default(),
            reply_folds: ReplyFolds::default(),
            cursor: RowPos::start_of(first),
            anchor: RowPos::start_of(first),
            history: History::default(),
            focus: Pane::Thread,
            refs: RefsState::default(),
            refs_visible: true,
            search: None,
            input: None,
            overlay: None,
            status: None,
            reply_cycle: None,
        }
    }

    pub fn focused_post(&self) -> PostId {
        self.cursor.post
    }

    pub fn location(&self) -> Location {
        Location {
            cursor: self.cursor,
            anchor: self.anchor,
            order: self.order,
            quote_folds: self.quote_folds.clone(),
            reply_folds: self.reply_folds.clone(),
        }
    }

    pub fn restore(&mut self, location: Location) {
        self.cursor = location.cursor;
        self.anchor = location.anchor;
        self.order = location.order;
        self.quote_folds = location.quote_folds;
        self.reply_folds = location.reply_folds;
        self.quote_folds.touch();
        self.reply_folds.touch();
    }
}
