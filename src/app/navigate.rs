//! Moving through the thread: cursor, pages, posts, jumps with history,
//! folds, replies, order and search. Every function here is a step of
//! [`App::apply`](super::App::apply).

use std::cmp::Ordering;

use super::{Action, App, Effect, Matcher};
use crate::layout::{LineKind, quote_passage_block};
use crate::nav::RowPos;
use crate::thread::{Order, PostId, QuoteSource, ReplyTarget};

/// Rows kept between a landing jump target and the top of the pane.
const JUMP_CONTEXT_ROWS: usize = 2;

impl App {
    pub(super) fn apply_in_thread(&mut self, action: Action) -> Option<Effect> {
        let (_, height) = self.pane_size();
        match action {
            Action::Down => self.move_cursor(1, true),
            Action::Up => self.move_cursor(1, false),
            Action::PageDown => self.page(height, true),
            Action::PageUp => self.page(height, false),
            Action::HalfPageDown => self.page((height / 2).max(1), true),
            Action::HalfPageUp => self.page((height / 2).max(1), false),
            Action::Top => {
                let first = self.document().first_post()?;
                self.viewer.cursor = RowPos::start_of(first);
                self.viewer.anchor = self.viewer.cursor;
            }
            Action::Bottom => {
                let last = self.document().last_row()?;
                self.viewer.cursor = last;
                self.viewer.anchor = last;
            }
            Action::NextPost => {
                let post = self.viewer.cursor.post;
                match self.document().next_post(post) {
                    Some(next) => self.land(RowPos::start_of(next)),
                    None => self.viewer.status = Some("last post".to_owned()),
                }
            }
            Action::PrevPost => {
                let post = self.viewer.cursor.post;
                if let Some(prev) = self.document().prev_post(post) {
                    self.land(RowPos::start_of(prev));
                } else {
                    self.land(RowPos::start_of(post));
                    self.viewer.status = Some("first post".to_owned());
                }
            }
            Action::NextTopLevel => self.top_level(true),
            Action::PrevTopLevel => self.top_level(false),
            Action::ToggleFold | Action::Activate => self.toggle_fold(),
            Action::ToggleAllQuotes => {
                let fold = !self.viewer.quote_folds.all_folded();
                self.viewer.quote_folds.set_all(fold);
                self.viewer.status =
                    Some(if fold { "all quotes folded" } else { "all quotes open" }.to_owned());
            }
            Action::GoToTarget => self.go_to_target(),
            Action::NextReply => self.next_reply(),
            Action::Back => {
                let here = self.viewer.location();
                match self.viewer.history.back(here) {
                    Some(place) => self.viewer.restore(place),
                    None => self.viewer.status = Some("no earlier jump".to_owned()),
                }
            }
            Action::Forward => {
                let here = self.viewer.location();
                match self.viewer.history.forward(here) {
                    Some(place) => self.viewer.restore(place),
                    None => self.viewer.status = Some("no later jump".to_owned()),
                }
            }
            Action::OpenLink | Action::CopyLink => {
                let links = &self.thread.post(self.viewer.cursor.post).links;
                if let [only] = links.as_slice() {
                    let url = only.openable_url();
                    return Some(if action == Action::OpenLink {
                        Effect::OpenUrl(url)
                    } else {
                        Effect::Copy(url)
                    });
                }
                self.viewer.status = Some(if links.is_empty() {
                    "this post has no links".to_owned()
                } else {
                    format!("this post has {} links: Tab to the references pane to pick one", links.len())
                });
            }
            Action::Search => self.viewer.input = Some(String::new()),
            Action::NextMatch => self.search(true),
            Action::PrevMatch => self.search(false),
            Action::ToggleOrder => self.toggle_order(),
            _ => {}
        }
        self.settle();
        None
    }

    /// Moves the cursor `rows` rows down (or up), scrolling as needed.
    pub(super) fn move_cursor(&mut self, rows: usize, down: bool) {
        let cursor = self.viewer.cursor;
        let mut doc = self.document();
        self.viewer.cursor = if down { doc.advance(cursor, rows) } else { doc.retreat(cursor, rows) };
    }

    /// Scrolls the view and the cursor together, as `less` pages.
    pub(super) fn page(&mut self, rows: usize, down: bool) {
        let (cursor, anchor) = (self.viewer.cursor, self.viewer.anchor);
        let mut doc = self.document();
        let (cursor, anchor) = if down {
            (doc.advance(cursor, rows), doc.advance(anchor, rows))
        } else {
            (doc.retreat(cursor, rows), doc.retreat(anchor, rows))
        };
        self.viewer.cursor = cursor;
        self.viewer.anchor = anchor;
    }

    /// Scrolls the view only (mouse wheel); the cursor follows if pushed off.
    pub(super) fn scroll(&mut self, rows: usize, down: bool) {
        let anchor = self.viewer.anchor;
        let mut doc = self.document();
        self.viewer.anchor = if down { doc.advance(anchor, rows) } else { doc.retreat(anchor, rows) };
        let (_, height) = self.pane_size();
        let (anchor, cursor) = (self.viewer.anchor, self.viewer.cursor);
        let mut doc = self.document();
        if doc.compare(cursor, anchor) == Ordering::Less {
            self.viewer.cursor = anchor;
        } else if doc.distance(anchor, cursor, height - 1).is_none() {
            self.viewer.cursor = doc.advance(anchor, height - 1);
        }
        self.settle();
    }

    /// Makes the state consistent with the current geometry: rows clamped to
    /// their posts, the cursor on screen, no empty space below the end.
    pub(super) fn settle(&mut self) {
        if !self.has_posts() {
            return;
        }
        let (_, height) = self.pane_size();
        let (cursor, anchor) = (self.viewer.cursor, self.viewer.anchor);
        let mut doc = self.document();
        let cursor = doc.clamp(cursor);
        let mut anchor = doc.clamp(anchor);
        if doc.compare(cursor, anchor) == Ordering::Less {
            anchor = cursor;
        } else if doc.distance(anchor, cursor, height - 1).is_none() {
            anchor = doc.retreat(cursor, height - 1);
        }
        if let Some(last) = doc.last_row() {
            let lowest = doc.retreat(last, height - 1);
            if doc.compare(anchor, lowest) == Ordering::Greater {
                anchor = lowest;
            }
        }
        self.viewer.cursor = cursor;
        self.viewer.anchor = anchor;
    }

    /// Puts `target` near the top of the pane (its post's header when it fits).
    pub(super) fn land(&mut self, target: RowPos) {
        let (_, height) = self.pane_size();
        self.viewer.cursor = target;
        self.viewer.anchor = if target.row < height / 2 {
            RowPos::start_of(target.post)
        } else {
            RowPos { post: target.post, row: target.row.saturating_sub(JUMP_CONTEXT_ROWS) }
        };
        self.settle();
    }

    /// A jump: remembered in the history, and whatever hides the target opened.
    pub(super) fn jump(&mut self, target: RowPos) {
        let here = self.viewer.location();
        self.viewer.history.push(here);
        self.reveal(target.post);
        self.land(target);
    }

    /// Unfolds the folded replies hiding `post` (thread order).
    pub(super) fn reveal(&mut self, post: PostId) {
        let mut at = post;
        while let Some(parent) = self.thread.tree().parent(at) {
            self.viewer.reply_folds.unfold(parent);
            at = parent;
        }
    }

    pub(super) fn top_level(&mut self, forward: bool) {
        let tree = self.thread.tree();
        let post = self.viewer.cursor.post;
        let order = tree.order(self.viewer.order);
        let position = tree.position(self.viewer.order, post);
        let is_root = |p: &&PostId| tree.parent(**p).is_none();
        let target = if forward {
            match self.viewer.order {
                // Roots end each other's subtrees: no scan needed.
                Order::Thread => order.get(tree.subtree(tree.root_of(post)).end),
                Order::Time => order[position + 1..].iter().find(is_root),
            }
        } else {
            let at_root_start = tree.parent(post).is_none() && self.viewer.cursor.row == 0;
            let upto = if at_root_start { position } else { position + 1 };
            order[..upto].iter().rev().find(is_root)
        }
        .copied();
        match target {
            Some(t) => self.land(RowPos::start_of(t)),
            None => {
                self.viewer.status =
                    Some(if forward { "last top-level post" } else { "first top-level post" }.to_owned());
            }
        }
    }

    pub(super) fn toggle_fold(&mut self) {
        let layout = self.focused_layout();
        let Some(line) = layout.lines.get(self.viewer.cursor.row) else { return };
        let post = self.viewer.cursor.post;
        match (line.kind, line.quote) {
            (_, Some(quote)) => {
                self.viewer.quote_folds.toggle(quote);
                // Keep the cursor on the quote, folded or opened.
                let layout = self.focused_layout();
                if let Some(row) = layout.lines.iter().position(|l| l.quote == Some(quote)) {
                    self.viewer.cursor.row = row;
                }
            }
            (LineKind::Header | LineKind::RepliesFolded, None) if self.viewer.order == Order::Thread => {
                if self.thread.tree().children(post).is_empty() {
                    self.viewer.status = Some(format!("{post} has no replies"));
                } else {
                    self.viewer.reply_folds.toggle(post);
                    self.viewer.cursor.row = 0;
                }
            }
            _ => {
                self.viewer.status =
                    Some("nothing to fold here: move to a quote or a post header".to_owned());
            }
        }
    }

    pub(super) fn go_to_target(&mut self) {
        let layout = self.focused_layout();
        let post = self.viewer.cursor.post;
        if let Some(quote) = layout.lines.get(self.viewer.cursor.row).and_then(|l| l.quote) {
            match &self.thread.quote(quote).source {
                QuoteSource::Given(_) | QuoteSource::Inferred(_) => {
                    let (source, block) = quote_passage_block(&self.thread, quote).expect("attributed quote");
                    let source_layout = self.document().layout(source);
                    let row = source_layout.lines.iter().position(|l| l.block == Some(block)).unwrap_or(0);
                    self.jump(RowPos { post: source, row });
                }
                QuoteSource::Missing(key) => {
                    self.viewer.status = Some(format!("quoted post \"{key}\" not in this thread"));
                }
                QuoteSource::Unattributed => {
                    self.viewer.status = Some("the source of this quote is not in this thread".to_owned());
                }
            }
            return;
        }
        match &self.thread.post(post).reply_target {
            ReplyTarget::Post(target) => self.jump(RowPos::start_of(*target)),
            ReplyTarget::Missing(key) => {
                self.viewer.status = Some(format!("reply target \"{key}\" not in this thread"));
            }
            ReplyTarget::Cycle(target) => {
                self.viewer.status = Some(format!("reply target {target} would close a cycle"));
            }
            ReplyTarget::None => self.viewer.status = Some(format!("{post} is not a reply")),
        }
    }

    pub(super) fn next_reply(&mut self) {
        let post = self.viewer.cursor.post;
        let (parent, index) = match self.viewer.reply_cycle {
            Some((parent, i)) if self.thread.replies(parent).get(i) == Some(&post) => (parent, i + 1),
            _ => (post, 0),
        };
        let replies = self.thread.replies(parent);
        let count = replies.len();
        match replies.get(index).copied() {
            Some(reply) => {
                self.jump(RowPos::start_of(reply));
                self.viewer.reply_cycle = Some((parent, index));
                self.viewer.status = Some(format!("reply {} of {count} to {parent}", index + 1));
            }
            None if index == 0 => self.viewer.status = Some(format!("{post} has no replies")),
            None => {
                self.viewer.reply_cycle = Some((parent, index - 1));
                self.viewer.status = Some(format!("no more replies to {parent}"));
            }
        }
    }

    pub(super) fn toggle_order(&mut self) {
        let (_, height) = self.pane_size();
        let (anchor, cursor) = (self.viewer.anchor, self.viewer.cursor);
        let offset = self.document().distance(anchor, cursor, height).unwrap_or(0);
        self.viewer.order = self.viewer.order.toggled();
        if self.viewer.order == Order::Thread {
            self.reveal(cursor.post);
        }
        let mut doc = self.document();
        let cursor = doc.clamp(cursor);
        self.viewer.anchor = doc.retreat(cursor, offset);
        self.viewer.cursor = cursor;
        self.viewer.status = Some(format!("{} order", self.viewer.order.name()));
    }

    /// Finds the next (or previous) match from the cursor, wrapping around.
    pub(super) fn search(&mut self, forward: bool) {
        let Some(matcher) = self.viewer.search.as_deref().and_then(Matcher::new) else {
            self.viewer.status = Some("no search yet (/ to search)".to_owned());
            return;
        };
        // Rows after (or before) the cursor in the focused post first.
        let layout = self.focused_layout();
        let row = self.viewer.cursor.row;
        let in_post = if forward {
            layout.lines.iter().enumerate().skip(row + 1).find(|(_, l)| matcher.is_match(&l.text()))
        } else {
            layout.lines.iter().enumerate().take(row).rev().find(|(_, l)| matcher.is_match(&l.text()))
        };
        if let Some((row, _)) = in_post {
            let post = self.viewer.cursor.post;
            self.land(RowPos { post, row });
            return;
        }
        let order = self.thread.tree().order(self.viewer.order);
        let start = self.thread.tree().position(self.viewer.order, self.viewer.cursor.post);
        let n = order.len();
        let mut quotes = Vec::new();
        for step in 1..=n {
            let index = if forward { (start + step) % n } else { (start + n - step) % n };
            let post = order[index];
            quotes.clear();
            if !matcher.match_in_blocks(&self.thread.post(post).body, &mut quotes) {
                continue;
            }
            for &quote in &quotes {
                self.viewer.quote_folds.set(&self.thread, quote, false);
            }
            if self.viewer.order == Order::Thread {
                self.reveal(post);
            }
            let layout = self.document().layout(post);
            let rows =
                layout.lines.iter().enumerate().filter(|(_, l)| matcher.is_match(&l.text())).map(|(r, _)| r);
            let row = if forward || index != start { rows.min() } else { rows.max() };
            let wrapped = if forward { index <= start } else { index >= start };
            self.land(RowPos { post, row: row.unwrap_or(0) });
            if wrapped {
                self.viewer.status = Some(
                    if forward {
                        "search hit the end, continued at the top"
                    } else {
                        "search hit the top, continued at the end"
                    }
                    .to_owned(),
                );
            }
            return;
        }
        self.viewer.status =
            Some(format!("pattern not found: {}", self.viewer.search.as_deref().unwrap_or_default()));
    }
}
