//! The application: state, the one `apply` that changes it, and the event
//! loop that feeds it keys and runs its effects.

mod action;
mod keymap;
pub mod run;
mod search;

use std::cmp::Ordering;
use std::rc::Rc;
use std::sync::Arc;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

pub use action::{Action, Effect};
pub use keymap::{KeyPress, Keymap, Lookup};
pub use search::Matcher;

use crate::layout::{Document, LayoutCache, LineKind, PostLayout, quote_passage_block};
use crate::nav::refs::{LedgerIndex, RefRow, post_rows};
use crate::nav::{Overlay, Pane, RefsMode, RowPos, Viewer};
use crate::thread::{Attribution, Order, PostId, QuoteSource, ReplyTarget, Thread};
use crate::ui::{self, Panes, Scene, Theme};

/// Rows kept between a landing jump target and the top of the pane.
const JUMP_CONTEXT_ROWS: usize = 2;
/// Rows the mouse wheel scrolls.
const WHEEL_ROWS: usize = 3;

pub struct App {
    /// Shared with the thread that infers quote sources, until it is done.
    thread: Arc<Thread>,
    pub viewer: Viewer,
    cache: LayoutCache,
    ledger: LedgerIndex,
    keymap: Keymap,
    /// The help overlay's rows, generated once from the keymap.
    help: Vec<(String, &'static str)>,
    theme: Theme,
    pending: Vec<KeyPress>,
    /// The whole terminal.
    area: Rect,
}

impl App {
    pub fn new(thread: Thread, order: Order, width: u16, height: u16) -> Self {
        let first = thread.tree().order(order).first().copied().unwrap_or(PostId::new(0));
        let ledger = LedgerIndex::new(&thread);
        let keymap = Keymap::default();
        Self {
            viewer: Viewer::new(first, order),
            thread: Arc::new(thread),
            cache: LayoutCache::default(),
            ledger,
            help: keymap.help(),
            keymap,
            theme: Theme::from_env(),
            pending: Vec::new(),
            area: Rect::new(0, 0, width, height),
        }
    }

    pub fn thread(&self) -> &Thread {
        &self.thread
    }

    /// The work still to do on another thread, if quote inference is pending.
    pub fn attribution_job(&self) -> Option<impl FnOnce() -> Attribution + Send + 'static> {
        if !self.thread.attribution_pending() {
            return None;
        }
        let thread = Arc::clone(&self.thread);
        Some(move || thread.compute_attribution())
    }

    /// Takes inferred quote sources in: labels, repeats (and so default
    /// folds), backlinks and links change; the reader's own folds are kept.
    pub fn finish_attribution(&mut self, attribution: Attribution) {
        let exceptions = self.viewer.quote_folds.exceptions(&self.thread);
        Arc::make_mut(&mut self.thread).apply_attribution(attribution);
        self.viewer.quote_folds.rebase(&self.thread, &exceptions);
        self.ledger = LedgerIndex::new(&self.thread);
        self.cache = LayoutCache::default();
        self.settle();
    }

    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    /// Layouts computed so far (the cache's misses).
    pub fn layouts_computed(&self) -> u64 {
        self.cache.misses()
    }

    fn panes(&self) -> Option<Panes> {
        ui::panes(self.area, self.viewer.refs_visible)
    }

    fn pane_size(&self) -> (u16, usize) {
        self.panes().map_or((self.area.width.max(1), 1), |p| {
            (p.thread.width.max(1), usize::from(p.thread.height).max(1))
        })
    }

    fn has_posts(&self) -> bool {
        !self.thread.is_empty()
    }

    fn document(&mut self) -> Document<'_> {
        let (width, _) = self.pane_size();
        Document {
            thread: &self.thread,
            order: self.viewer.order,
            quote_folds: &self.viewer.quote_folds,
            reply_folds: &self.viewer.reply_folds,
            width,
            cache: &mut self.cache,
        }
    }

    fn focused_layout(&mut self) -> Rc<PostLayout> {
        let post = self.viewer.cursor.post;
        self.document().layout(post)
    }

    /// Draws the current state.
    pub fn draw(&mut self, frame: &mut Frame<'_>) {
        let scene = Scene {
            thread: &self.thread,
            viewer: &self.viewer,
            ledger: &self.ledger,
            help: &self.help,
            theme: self.theme,
        };
        ui::draw(frame, &scene, &mut self.cache);
    }

    /// Chooses colours (the default follows `NO_COLOR`).
    pub fn set_theme(&mut self, theme: Theme) {
        self.theme = theme;
    }

    /// The terminal changed size: keep the focused post where it was.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.area = Rect::new(0, 0, width, height);
        self.settle();
    }

    /// Routes a key: to the search prompt when typing, else through the keymap.
    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Effect> {
        if self.viewer.input.is_some() {
            return self.edit_search(key);
        }
        match self.keymap.lookup(&mut self.pending, KeyPress::from_event(key)) {
            Lookup::Action(action) => self.apply(action),
            Lookup::Pending => None,
            Lookup::Unbound => {
                self.viewer.status =
                    Some(format!("{} is not bound (? for help)", KeyPress::from_event(key).label()));
                None
            }
        }
    }

    fn edit_search(&mut self, key: KeyEvent) -> Option<Effect> {
        let input = self.viewer.input.as_mut()?;
        match key.code {
            KeyCode::Esc => self.viewer.input = None,
            KeyCode::Enter => {
                let query = self.viewer.input.take().unwrap_or_default();
                if !query.is_empty() {
                    self.viewer.search = Some(query);
                }
                self.search(true);
            }
            KeyCode::Backspace if input.pop().is_none() => self.viewer.input = None,
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => self.viewer.input = None,
            KeyCode::Char(c) => input.push(c),
            _ => {}
        }
        None
    }

    pub fn handle_mouse(&mut self, mouse: MouseEvent) -> Option<Effect> {
        let panes = self.panes()?;
        let (column, row) = (mouse.column, mouse.row);
        let inside = |r: Rect| column >= r.x && column < r.right() && row >= r.y && row < r.bottom();
        match mouse.kind {
            MouseEventKind::ScrollDown => self.scroll(WHEEL_ROWS, true),
            MouseEventKind::ScrollUp => self.scroll(WHEEL_ROWS, false),
            MouseEventKind::Down(MouseButton::Left) if inside(panes.thread) => {
                self.viewer.focus = Pane::Thread;
                let offset = usize::from(row - panes.thread.y);
                let anchor = self.viewer.anchor;
                let target = self.document().advance(anchor, offset);
                self.viewer.cursor = target;
                if self
                    .focused_layout()
                    .lines
                    .get(target.row)
                    .is_some_and(|l| l.kind == LineKind::QuoteFolded)
                {
                    return self.apply(Action::ToggleFold);
                }
            }
            MouseEventKind::Down(MouseButton::Left) if panes.refs.is_some_and(inside) => {
                self.viewer.focus = Pane::References;
                let clicked = usize::from(row.saturating_sub(panes.refs.map_or(0, |r| r.y + 1)));
                let rows = self.ref_rows_window(0, clicked + 1);
                if rows.get(clicked).is_some_and(RefRow::is_selectable) {
                    self.viewer.refs.selected = rows[..clicked].iter().filter(|r| r.is_selectable()).count();
                }
            }
            _ => {}
        }
        None
    }

    /// Applies one action; the only way the state changes.
    pub fn apply(&mut self, action: Action) -> Option<Effect> {
        self.viewer.status = None;
        if self.viewer.overlay.is_some() {
            return self.apply_in_overlay(action);
        }
        if action != Action::NextReply {
            self.viewer.reply_cycle = self.viewer.reply_cycle.filter(|_| action == Action::NextReply);
        }
        match action {
            Action::Quit => return Some(Effect::Quit),
            Action::Suspend => return Some(Effect::Suspend),
            Action::Help => self.viewer.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::Cancel => {
                self.viewer.search = None;
                self.pending.clear();
            }
            Action::ToggleReferences => {
                self.viewer.refs_visible = !self.viewer.refs_visible;
                if !self.viewer.refs_visible {
                    self.viewer.focus = Pane::Thread;
                }
                self.settle();
            }
            Action::SwitchPane => {
                if self.panes().is_some_and(|p| p.refs.is_some()) {
                    self.viewer.focus = match self.viewer.focus {
                        Pane::Thread => Pane::References,
                        Pane::References => Pane::Thread,
                    };
                } else {
                    self.viewer.status = Some("the references pane is hidden (s shows it)".to_owned());
                }
            }
            Action::ToggleLedger => {
                self.viewer.refs.mode = match self.viewer.refs.mode {
                    RefsMode::Post => RefsMode::Ledger,
                    RefsMode::Ledger => RefsMode::Post,
                };
                self.viewer.refs.selected = 0;
                self.viewer.refs_visible = true;
                self.viewer.focus = Pane::References;
                self.settle();
            }
            _ if !self.has_posts() => self.viewer.status = Some("this thread has no posts".to_owned()),
            _ if self.viewer.focus == Pane::References => return self.apply_in_refs(action),
            _ => return self.apply_in_thread(action),
        }
        None
    }

    fn apply_in_overlay(&mut self, action: Action) -> Option<Effect> {
        let Some(Overlay::Help { scroll }) = self.viewer.overlay else { return None };
        let max = self.help.len().saturating_sub(1);
        self.viewer.overlay = match action {
            Action::Down => Some(Overlay::Help { scroll: (scroll + 1).min(max) }),
            Action::Up => Some(Overlay::Help { scroll: scroll.saturating_sub(1) }),
            Action::PageDown | Action::HalfPageDown => Some(Overlay::Help { scroll: (scroll + 10).min(max) }),
            Action::PageUp | Action::HalfPageUp => Some(Overlay::Help { scroll: scroll.saturating_sub(10) }),
            Action::Top => Some(Overlay::Help { scroll: 0 }),
            Action::Quit | Action::Cancel | Action::Help => None,
            _ => self.viewer.overlay,
        };
        None
    }

    fn apply_in_thread(&mut self, action: Action) -> Option<Effect> {
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
    fn move_cursor(&mut self, rows: usize, down: bool) {
        let cursor = self.viewer.cursor;
        let mut doc = self.document();
        self.viewer.cursor = if down { doc.advance(cursor, rows) } else { doc.retreat(cursor, rows) };
    }

    /// Scrolls the view and the cursor together, as `less` pages.
    fn page(&mut self, rows: usize, down: bool) {
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
    fn scroll(&mut self, rows: usize, down: bool) {
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
    fn settle(&mut self) {
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
    fn land(&mut self, target: RowPos) {
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
    fn jump(&mut self, target: RowPos) {
        let here = self.viewer.location();
        self.viewer.history.push(here);
        self.reveal(target.post);
        self.land(target);
    }

    /// Unfolds the folded replies hiding `post` (thread order).
    fn reveal(&mut self, post: PostId) {
        let mut at = post;
        while let Some(parent) = self.thread.tree().parent(at) {
            self.viewer.reply_folds.unfold(parent);
            at = parent;
        }
    }

    fn top_level(&mut self, forward: bool) {
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

    fn toggle_fold(&mut self) {
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

    fn go_to_target(&mut self) {
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

    fn next_reply(&mut self) {
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

    fn toggle_order(&mut self) {
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
    fn search(&mut self, forward: bool) {
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

    /// Rows `start..end` of the references pane.
    fn ref_rows_window(&self, start: usize, end: usize) -> Vec<RefRow> {
        if !self.has_posts() {
            return Vec::new();
        }
        match self.viewer.refs.mode {
            RefsMode::Post => {
                let rows = post_rows(&self.thread, self.viewer.cursor.post);
                rows.into_iter().skip(start).take(end.saturating_sub(start)).collect()
            }
            RefsMode::Ledger => (start..end).filter_map(|i| self.ledger.row(&self.thread, i)).collect(),
        }
    }

    /// The selectable rows count and the selected row, for the current mode.
    fn selected_ref(&self) -> (usize, Option<RefRow>) {
        match self.viewer.refs.mode {
            RefsMode::Post => {
                let rows: Vec<RefRow> = post_rows(&self.thread, self.viewer.cursor.post)
                    .into_iter()
                    .filter(RefRow::is_selectable)
                    .collect();
                (rows.len(), rows.get(self.viewer.refs.selected).cloned())
            }
            RefsMode::Ledger => (self.ledger.len(), self.ledger.row(&self.thread, self.viewer.refs.selected)),
        }
    }

    fn apply_in_refs(&mut self, action: Action) -> Option<Effect> {
        let (count, selected) = self.selected_ref();
        let last = count.saturating_sub(1);
        let (_, height) = self.pane_size();
        let refs = &mut self.viewer.refs;
        match action {
            Action::Down | Action::NextPost => refs.selected = (refs.selected + 1).min(last),
            Action::Up | Action::PrevPost => refs.selected = refs.selected.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown => refs.selected = (refs.selected + height / 2).min(last),
            Action::PageUp | Action::HalfPageUp => refs.selected = refs.selected.saturating_sub(height / 2),
            Action::Top => refs.selected = 0,
            Action::Bottom => refs.selected = last,
            Action::Activate | Action::GoToTarget | Action::OpenLink | Action::CopyLink => {
                let Some(row) = selected else {
                    self.viewer.status = Some("nothing selected".to_owned());
                    return None;
                };
                if let Some(url) = row.url() {
                    let url = crate::thread::LinkRef { url: url.to_owned(), title: None }.openable_url();
                    return Some(if action == Action::CopyLink {
                        Effect::Copy(url)
                    } else {
                        Effect::OpenUrl(url)
                    });
                }
                if let Some(post) = row.post() {
                    if action == Action::CopyLink {
                        self.viewer.status = Some("not a link".to_owned());
                        return None;
                    }
                    let keep = self.viewer.refs.selected;
                    self.jump(RowPos::start_of(post));
                    if self.viewer.refs.mode == RefsMode::Post {
                        self.viewer.refs.selected = 0;
                    } else {
                        self.viewer.refs.selected = keep;
                    }
                }
            }
            Action::Back
            | Action::Forward
            | Action::ToggleOrder
            | Action::ToggleAllQuotes
            | Action::Search
            | Action::NextMatch
            | Action::PrevMatch => {
                let effect = self.apply_in_thread(action);
                if self.viewer.refs.mode == RefsMode::Post {
                    self.viewer.refs.selected = 0;
                }
                return effect;
            }
            _ => {}
        }
        None
    }
}

#[cfg(test)]
mod tests;
