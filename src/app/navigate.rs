//! Moving through the thread: cursor, pages, posts, jumps with history,
//! folds, replies, order and search. Every function here is a step of
//! [`App::apply`](super::App::apply).

use std::cmp::Ordering;

use super::{Action, App, Effect, SearchCounts};
use crate::layout::{LineKind, quote_passage_rows};
use crate::nav::{Flash, Matcher, Prompt, PromptKind, RowPos, SideScroll};
use crate::thread::{Order, PostId, QuoteSource, ReplyTarget};

/// Rows kept between a landing jump target and the top of the pane.
const JUMP_CONTEXT_ROWS: usize = 2;
/// Columns `h` and `l` scroll a wide code block by.
const SIDE_STEP: usize = 8;

impl App {
    pub(super) fn apply_in_thread(&mut self, action: Action, count: Option<usize>) -> Option<Effect> {
        let (_, height) = self.pane_size();
        let times = count.unwrap_or(1);
        match action {
            Action::Down => self.move_cursor(times, true),
            Action::Up => self.move_cursor(times, false),
            Action::PageDown => self.page(height.saturating_mul(times), true),
            Action::PageUp => self.page(height.saturating_mul(times), false),
            Action::HalfPageDown => self.page((height / 2).max(1).saturating_mul(times), true),
            Action::HalfPageUp => self.page((height / 2).max(1).saturating_mul(times), false),
            // With a count, as vim's `12G`: post number 12.
            Action::Top | Action::Bottom if count.is_some() => self.go_to_post(&times.to_string()),
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
            Action::ScrollLeft => self.scroll_sideways(false, times),
            Action::ScrollRight => self.scroll_sideways(true, times),
            Action::ScrollLineStart => self.viewer.side_scroll = None,
            Action::NextPost | Action::PrevPost => {
                self.repeat(times, |app| app.step_post(action == Action::NextPost));
            }
            Action::NextTopLevel | Action::PrevTopLevel => {
                self.repeat(times, |app| app.top_level(action == Action::NextTopLevel));
            }
            Action::NextSibling | Action::PrevSibling => {
                self.repeat(times, |app| app.sibling(action == Action::NextSibling));
            }
            Action::Parent => self.parent(times),
            Action::GoToPost => self.viewer.input = Some(Prompt::new(PromptKind::GoTo)),
            Action::ToggleFold | Action::Activate => self.toggle_fold(),
            Action::CycleQuoteFolds => {
                let mode = self.viewer.quote_folds.cycle();
                self.viewer.status = Some(mode.describe().to_owned());
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
            Action::PipePost => self.viewer.input = Some(Prompt::new(PromptKind::Pipe)),
            Action::Search => self.viewer.input = Some(Prompt::new(PromptKind::Search)),
            Action::NextMatch => self.search(true, times),
            Action::PrevMatch => self.search(false, times),
            Action::ToggleOrder => self.toggle_order(),
            _ => {}
        }
        self.settle();
        None
    }

    /// Runs a motion `times` times, stopping early when it only reports an end.
    fn repeat(&mut self, times: usize, mut step: impl FnMut(&mut Self)) {
        for _ in 0..times {
            let before = self.viewer.cursor;
            step(self);
            if self.viewer.cursor == before && self.viewer.status.is_some() {
                break;
            }
        }
    }

    fn step_post(&mut self, forward: bool) {
        let post = self.viewer.cursor.post;
        if forward {
            match self.document().next_post(post) {
                Some(next) => self.land(RowPos::start_of(next)),
                None => self.viewer.status = Some("last post".to_owned()),
            }
        } else if let Some(prev) = self.document().prev_post(post) {
            self.land(RowPos::start_of(prev));
        } else if self.viewer.cursor.row > 0 {
            self.land(RowPos::start_of(post));
        } else {
            self.viewer.status = Some("first post".to_owned());
        }
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

    /// Puts `target` near the top of the pane with its post's header in
    /// view when both fit, else with a few rows of context above it (vim's
    /// `scrolloff`), so one always sees whose post one landed in when one can.
    pub(super) fn land(&mut self, target: RowPos) {
        let (_, height) = self.pane_size();
        self.viewer.cursor = target;
        self.viewer.anchor = if target.row + JUMP_CONTEXT_ROWS < height {
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

    /// The post whose direct replies `}` and `{` step through: the root
    /// when the thread has only one (a story and its comments), else none
    /// (the top-level posts themselves).
    fn level_parent(&self) -> Option<PostId> {
        let tree = self.thread.tree();
        let first = *tree.order(Order::Thread).first()?;
        (tree.subtree(first).end == self.thread.len() && self.thread.len() > 1).then_some(first)
    }

    /// `}` / `{`: the next (previous) top-level post, or reply to the single root.
    pub(super) fn top_level(&mut self, forward: bool) {
        let tree = self.thread.tree();
        let level_parent = self.level_parent();
        let is_level = |p: PostId| tree.parent(p) == level_parent && Some(p) != level_parent;
        // The level post the cursor is in (none on the single root itself).
        let mut unit = Some(self.viewer.cursor.post);
        while let Some(u) = unit.filter(|&u| !is_level(u)) {
            unit = tree.parent(u);
        }
        let post = self.viewer.cursor.post;
        let order = tree.order(self.viewer.order);
        let position = tree.position(self.viewer.order, post);
        let target = if forward {
            match (self.viewer.order, unit) {
                // Level posts end each other's subtrees: no scan needed.
                (Order::Thread, Some(unit)) => order.get(tree.subtree(unit).end).copied(),
                _ => order[position + 1..].iter().copied().find(|&p| is_level(p)),
            }
        } else {
            let at_unit_start = unit == Some(post) && self.viewer.cursor.row == 0;
            let upto = if at_unit_start { position } else { position + 1 };
            let found = order[..upto].iter().rev().copied().find(|&p| is_level(p));
            // Before the first reply to a single root: the root.
            found.or(level_parent.filter(|&root| root != post || self.viewer.cursor.row > 0))
        };
        match target {
            Some(t) => {
                self.reveal(t);
                self.land(RowPos::start_of(t));
            }
            None => {
                self.viewer.status =
                    Some(if forward { "last top-level post" } else { "first top-level post" }.to_owned());
            }
        }
    }

    /// `]` / `[`: the next (previous) reply to the same post, or top-level post.
    pub(super) fn sibling(&mut self, forward: bool) {
        let tree = self.thread.tree();
        let post = self.viewer.cursor.post;
        let target = match tree.parent(post) {
            Some(parent) => {
                let siblings = tree.children(parent);
                let at = siblings.iter().position(|&p| p == post).unwrap_or(0);
                if forward { siblings.get(at + 1).copied() } else { at.checked_sub(1).map(|i| siblings[i]) }
            }
            None => {
                let order = tree.order(Order::Thread);
                if forward {
                    order.get(tree.subtree(post).end).copied()
                } else {
                    let start = tree.position(Order::Thread, post);
                    order[..start].iter().rev().copied().find(|&p| tree.parent(p).is_none())
                }
            }
        };
        match target {
            Some(t) => {
                self.reveal(t);
                self.land(RowPos::start_of(t));
            }
            None => {
                let (which, of) = match tree.parent(post) {
                    Some(parent) => ("reply", format!(" to {parent}")),
                    None => ("top-level post", String::new()),
                };
                let end = if forward { "last" } else { "first" };
                self.viewer.status = Some(format!("{post} is the {end} {which}{of}"));
            }
        }
    }

    /// `u`: up to the parent post's header (a jump), `times` levels up.
    pub(super) fn parent(&mut self, times: usize) {
        let tree = self.thread.tree();
        let post = self.viewer.cursor.post;
        let mut target = post;
        for _ in 0..times {
            match tree.parent(target) {
                Some(parent) => target = parent,
                None => break,
            }
        }
        if target == post {
            self.viewer.status = Some(format!("{post} is a top-level post"));
        } else {
            self.jump(RowPos::start_of(target));
        }
    }

    /// `:12`, `:#12` or `:id`: the post with that number, else that id.
    pub(super) fn go_to_post(&mut self, wanted: &str) {
        let by_number = wanted
            .trim_start_matches('#')
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=self.thread.len()).contains(n))
            .map(|n| PostId::new(n - 1));
        let target = by_number.or_else(|| self.thread.ids().find(|&p| self.thread.post(p).key == wanted));
        match target {
            Some(post) => {
                self.jump(RowPos::start_of(post));
                let position = self.thread.tree().position(self.viewer.order, post) + 1;
                self.viewer.status = Some(format!("{post}, {position} of {}", self.thread.len()));
            }
            None if wanted.is_empty() => {}
            None => {
                self.viewer.status =
                    Some(format!("no post numbered or with id \"{wanted}\" (1 to {})", self.thread.len()));
            }
        }
    }

    /// `h` / `l`: scrolls the wide code rows of the block under the cursor.
    fn scroll_sideways(&mut self, right: bool, steps: usize) {
        let layout = self.focused_layout();
        let (width, _) = self.pane_size();
        let cursor = self.viewer.cursor;
        let Some(line) = layout.lines.get(cursor.row).filter(|l| l.kind == LineKind::Code) else {
            self.viewer.status = Some("h and l scroll code sideways: move onto a code line".to_owned());
            return;
        };
        let block = line.block;
        let widest = layout
            .lines
            .iter()
            .filter(|l| l.kind == LineKind::Code && l.block == block)
            .map(crate::layout::Line::width)
            .max()
            .unwrap_or(0);
        // One column is kept for the "more" marker.
        let hidden = (widest + 1).saturating_sub(usize::from(width));
        if hidden == 0 {
            self.viewer.status = Some("this code fits the pane: nothing to scroll".to_owned());
            return;
        }
        let current = self.viewer.side_scroll.filter(|s| s.post == cursor.post && s.block == block);
        let current = current.map_or(0, |s| s.columns);
        let step = steps.saturating_mul(SIDE_STEP);
        let columns = if right { current.saturating_add(step) } else { current.saturating_sub(step) };
        let columns = columns.min(hidden);
        self.viewer.side_scroll = Some(SideScroll { post: cursor.post, block, columns });
        self.viewer.status =
            Some(format!("columns {}–{} of {}", columns + 1, columns + usize::from(width), widest));
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
                QuoteSource::Given(source) | QuoteSource::Inferred(source) => {
                    let source = *source;
                    let source_layout = self.document().layout(source);
                    let rows = quote_passage_rows(&self.thread, quote, &source_layout);
                    self.jump(RowPos { post: source, row: rows.start });
                    self.viewer.flash = Some(Flash { post: source, rows });
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

    /// Finds the `times`th next (or previous) match from the cursor,
    /// wrapping around, and says which match it is of how many.
    pub(super) fn search(&mut self, forward: bool, times: usize) {
        let Some(query) = self.viewer.search.clone() else {
            self.viewer.status = Some("no search yet (/ to search)".to_owned());
            return;
        };
        if self.thread.bodies_pending() {
            self.search_waiting = Some((forward, times));
            self.viewer.status = Some(format!("searching for {query} once every message is read…"));
            return;
        }
        let Some(matcher) = Matcher::new(&query) else { return };
        let mut wrapped = false;
        for _ in 0..times {
            match self.search_once(forward, &matcher) {
                Some(w) => wrapped |= w,
                None => {
                    self.viewer.status = Some(format!("pattern not found: {query}"));
                    return;
                }
            }
        }
        let (k, n) = self.match_number(&query, &matcher);
        let mut status = format!("match {k} of {n}");
        if wrapped {
            status.push_str(if forward {
                " · search hit the end, continued at the top"
            } else {
                " · search hit the top, continued at the end"
            });
        }
        self.viewer.status = Some(status);
    }

    /// Which match the cursor row holds (1-based) and how many the thread
    /// has, matches in folded quotes counted too.
    fn match_number(&mut self, query: &str, matcher: &Matcher) -> (usize, usize) {
        if !self.search_counts.as_ref().is_some_and(|c| c.is_for(query)) {
            self.search_counts = Some(SearchCounts::new(&self.thread, query, matcher));
        }
        let cursor = self.viewer.cursor;
        let layout = self.focused_layout();
        let in_post_before: usize =
            layout.lines[..cursor.row].iter().map(|l| matcher.find_all(&l.text()).len()).sum();
        let counts = self.search_counts.as_ref().expect("just computed");
        let in_post_before = in_post_before.min(counts.in_post(cursor.post).saturating_sub(1));
        let k = counts.before(&self.thread, self.viewer.order, cursor.post) + in_post_before + 1;
        (k.min(counts.total()), counts.total())
    }

    /// One step of a search: `Some(wrapped)` when a match was landed on.
    fn search_once(&mut self, forward: bool, matcher: &Matcher) -> Option<bool> {
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
            return Some(false);
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
            self.land(RowPos { post, row: row.unwrap_or(0) });
            return Some(if forward { index <= start } else { index >= start });
        }
        None
    }
}
