//! Everything about the reader's view of a thread, as plain data.

use crate::thread::{Order, PostId};

use std::ops::Range;

use super::prompt::{Prompt, PromptKind};
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

/// Columns a block of wide lines is scrolled sideways by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SideScroll {
    pub post: PostId,
    /// The body block whose rows scroll together.
    pub block: Option<usize>,
    pub columns: usize,
}

/// Rows of a post shown highlighted until the next key (the passage a jump landed on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub post: PostId,
    pub rows: Range<usize>,
}

/// The session's prompt histories, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PromptHistories {
    search: Vec<String>,
    go_to: Vec<String>,
    pipe: Vec<String>,
}

impl PromptHistories {
    pub fn of(&self, kind: PromptKind) -> &[String] {
        match kind {
            PromptKind::Search => &self.search,
            PromptKind::GoTo => &self.go_to,
            PromptKind::Pipe => &self.pipe,
        }
    }

    pub fn of_mut(&mut self, kind: PromptKind) -> &mut Vec<String> {
        match kind {
            PromptKind::Search => &mut self.search,
            PromptKind::GoTo => &mut self.go_to,
            PromptKind::Pipe => &mut self.pipe,
        }
    }
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
    /// A line being typed (search, go to, pipe).
    pub input: Option<Prompt>,
    pub prompt_history: PromptHistories,
    /// A count typed before a motion (`5j`).
    pub count: Option<usize>,
    /// Wide code rows scrolled sideways.
    pub side_scroll: Option<SideScroll>,
    /// The passage a jump landed on, highlighted until the next key.
    pub flash: Option<Flash>,
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
            prompt_history: PromptHistories::default(),
            count: None,
            side_scroll: None,
            flash: None,
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
