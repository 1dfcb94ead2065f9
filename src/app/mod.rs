//! The application: state, the one `apply` that changes it, and the event
//! loop that feeds it keys and runs its effects.

mod action;
mod browser;
mod input;
mod keymap;
mod navigate;
mod pipe;
mod probe;
mod reading;
mod references;
pub mod run;
mod search_counts;

use std::rc::Rc;
use std::sync::Arc;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

pub use action::{Action, Effect};
pub use keymap::{Binding, KeyContext, KeyPress, Keymap, Lookup, PROMPT_ACTIONS, chord_label};
use search_counts::SearchCounts;

use crate::layout::{Document, LayoutCache, LineKind, PostLayout};
use crate::nav::prompt::remember;
use crate::nav::refs::LedgerIndex;
use crate::nav::{Edit, Overlay, Pane, PromptKind, RefsMode, Viewer};
use crate::print::{PrintOptions, print_post};
use crate::thread::{Attribution, Order, PostId, Thread};
use crate::ui::{self, PaneOptions, Panes, Scene, Theme};

/// Rows the mouse wheel scrolls.
const WHEEL_ROWS: usize = 3;
/// The largest count a motion takes (`99999j` is as far as anyone means).
const MAX_COUNT: usize = 99_999;

pub struct App {
    /// Shared with the thread that infers quote sources, until it is done.
    thread: Arc<Thread>,
    pub viewer: Viewer,
    cache: LayoutCache,
    ledger: LedgerIndex,
    keymap: Keymap,
    /// The help overlay's rows, generated once from the keymap.
    help: Vec<(String, String)>,
    theme: Theme,
    /// What the thread was read as, when an importer made it ("mbox, 412 messages").
    source: Option<String>,
    pending: Vec<KeyPress>,
    /// The whole terminal.
    area: Rect,
    /// Read marks; `None` when read state is off.
    reading: Option<reading::Reading>,
    /// The widest the text column is made; 0 for no limit (the
    /// configuration's `max-text-width`).
    pub max_text_width: u16,
    /// Search matches per post for the last query, for "match k of N".
    search_counts: Option<SearchCounts>,
    /// Makes the whole thread while this one still lacks bodies; taken by
    /// the event loop to run beside the reader.
    bodies_job: Option<BodiesJob>,
    /// A search asked for before every body was read: (forward, times).
    search_waiting: Option<(bool, usize)>,
}

/// Work that gives the whole thread (every body read).
pub type BodiesJob = Box<dyn FnOnce() -> Thread + Send>;

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
            source: None,
            pending: Vec::new(),
            area: Rect::new(0, 0, width, height),
            reading: None,
            max_text_width: ui::DEFAULT_MAX_TEXT_WIDTH,
            search_counts: None,
            bodies_job: None,
            search_waiting: None,
        }
    }

    pub fn thread(&self) -> &Thread {
        &self.thread
    }

    /// The work still to do on another thread, if quote inference is
    /// pending (it waits for every body).
    pub fn attribution_job(&self) -> Option<impl FnOnce() -> Attribution + Send + 'static> {
        if !self.thread.attribution_pending() || self.thread.bodies_pending() {
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

    /// Sets the work that makes the whole thread when this one lacks bodies.
    pub fn set_bodies_job(&mut self, job: BodiesJob) {
        self.bodies_job = Some(job);
    }

    /// The work that makes the whole thread, for the event loop to run.
    pub fn take_bodies_job(&mut self) -> Option<BodiesJob> {
        self.bodies_job.take()
    }

    /// Takes in the same thread with more bodies read (the same posts in the
    /// same order): the reader's place, folds and marks stay; a search
    /// asked for meanwhile runs now if every body is in.
    pub fn take_bodies(&mut self, thread: Thread) {
        debug_assert_eq!(thread.len(), self.thread.len(), "the same posts");
        // Quote numbers change as bodies arrive; a quote's post and place in it do not.
        let exceptions: Vec<_> = self
            .viewer
            .quote_folds
            .exceptions(&self.thread)
            .into_iter()
            .map(|(quote, folded)| (self.thread.quote_place(quote), folded))
            .collect();
        self.thread = Arc::new(thread);
        let exceptions: Vec<_> = exceptions
            .into_iter()
            .filter_map(|((post, nth), folded)| Some((self.thread.quote_in(post, nth)?, folded)))
            .collect();
        self.viewer.quote_folds.rebase(&self.thread, &exceptions);
        self.ledger = LedgerIndex::new(&self.thread);
        self.cache = LayoutCache::default();
        self.search_counts = None;
        self.settle();
        if !self.thread.bodies_pending()
            && let Some((forward, times)) = self.search_waiting.take()
        {
            self.search(forward, times);
        }
    }

    /// The posts a frame drawn now shows, in display order, and those of
    /// the screen below: the bodies a partial thread should read first.
    pub fn posts_in_view(&mut self) -> Vec<PostId> {
        if !self.has_posts() {
            return Vec::new();
        }
        let (_, height) = self.pane_size();
        let anchor = self.viewer.anchor;
        let mut doc = self.document();
        let (mut post, mut posts) = (anchor.post, vec![anchor.post]);
        let mut rows = doc.height(post).saturating_sub(anchor.row);
        while rows < 2 * height
            && let Some(next) = doc.next_post(post)
        {
            rows += doc.height(next);
            posts.push(next);
            post = next;
        }
        posts
    }

    fn pane_options(&self) -> PaneOptions {
        PaneOptions {
            refs_visible: self.viewer.refs_visible,
            refs_focused: self.viewer.focus == Pane::References,
            max_text_width: self.max_text_width,
        }
    }

    fn panes(&self) -> Option<Panes> {
        ui::panes(self.area, self.pane_options())
    }

    /// Whether the references pane fits beside or below the thread.
    fn refs_docked(&self) -> bool {
        let options = PaneOptions { refs_visible: true, refs_focused: false, ..self.pane_options() };
        ui::panes(self.area, options).is_some_and(|p| p.refs.is_some())
    }

    /// The configuration's view defaults: the side pane shown or not, the
    /// widest text column (0: no limit), repeats folded or every quote open.
    pub fn apply_settings(&mut self, side_pane: bool, max_text_width: u16, fold_repeats: bool) {
        self.viewer.refs_visible = side_pane;
        self.max_text_width = max_text_width;
        if !fold_repeats {
            self.viewer.quote_folds.set_all(false);
        }
        self.settle();
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
            marks: self.reading.as_ref().map(|r| &r.marks),
            max_text_width: self.max_text_width,
            source: self.source.as_deref(),
        };
        ui::draw(frame, &scene, &mut self.cache);
    }

    /// Replaces the key bindings (from the configuration); the help follows.
    pub fn set_keymap(&mut self, keymap: Keymap) {
        self.help = keymap.help();
        self.keymap = keymap;
    }

    /// Chooses colours (the default follows `NO_COLOR`).
    pub fn set_theme(&mut self, theme: Theme) {
        self.theme = theme;
    }

    /// Says on the title line what the thread was read as.
    pub fn set_source(&mut self, source: Option<String>) {
        self.source = source;
    }

    /// The terminal changed size: keep the focused post where it was.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.area = Rect::new(0, 0, width, height);
        self.settle();
    }

    /// Routes a key: to the prompt when typing, else counts and the keymap.
    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Effect> {
        if self.viewer.input.is_some() {
            return self.edit_prompt(key);
        }
        let press = KeyPress::from_event(key);
        if self.pending.is_empty()
            && self.viewer.overlay.is_none()
            && let KeyCode::Char(digit @ '0'..='9') = press.code
            && press.modifiers.is_empty()
            && (digit != '0' || self.viewer.count.is_some())
        {
            // A count before a motion, as in vim; a lone `0` is a key of its own.
            let count = self.viewer.count.unwrap_or(0);
            let value = count.saturating_mul(10).saturating_add(digit as usize - '0' as usize);
            self.viewer.count = Some(value.min(MAX_COUNT));
            return None;
        }
        let context = match self.viewer.focus {
            Pane::Thread => KeyContext::Thread,
            Pane::References => KeyContext::References,
        };
        match self.keymap.lookup_in(context, &mut self.pending, press) {
            Lookup::Action(action) => self.apply(action),
            Lookup::Pending => None,
            Lookup::Unbound => {
                self.viewer.count = None;
                self.viewer.status = Some(format!("{} is not bound (? for help)", press.label()));
                None
            }
        }
    }

    /// A key typed into the prompt: readline editing, Enter to run, Esc to cancel.
    fn edit_prompt(&mut self, key: KeyEvent) -> Option<Effect> {
        let prompt = self.viewer.input.as_mut()?;
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        // The keys that close the prompt are the keymap's (`[keys.prompt]`);
        // the rest edit the line.
        match self.keymap.lookup_in(KeyContext::Prompt, &mut Vec::new(), KeyPress::from_event(key)) {
            Lookup::Action(Action::Cancel) => {
                self.viewer.input = None;
                return None;
            }
            Lookup::Action(Action::Activate) => {
                let prompt = self.viewer.input.take()?;
                remember(self.viewer.prompt_history.of_mut(prompt.kind), prompt.text());
                return self.submit_prompt(prompt.kind, prompt.text().to_owned());
            }
            _ => {}
        }
        let edit = match key.code {
            KeyCode::Backspace if prompt.text().is_empty() => {
                // As in less and vim: backspacing over the start leaves the prompt.
                self.viewer.input = None;
                return None;
            }
            KeyCode::Backspace | KeyCode::Char('h') if key.code == KeyCode::Backspace || ctrl => {
                Edit::Backspace
            }
            KeyCode::Delete | KeyCode::Char('d') if key.code == KeyCode::Delete || ctrl => Edit::Delete,
            KeyCode::Left | KeyCode::Char('b') if key.code == KeyCode::Left || ctrl => Edit::Left,
            KeyCode::Right | KeyCode::Char('f') if key.code == KeyCode::Right || ctrl => Edit::Right,
            KeyCode::Home | KeyCode::Char('a') if key.code == KeyCode::Home || ctrl => Edit::Home,
            KeyCode::End | KeyCode::Char('e') if key.code == KeyCode::End || ctrl => Edit::End,
            KeyCode::Char('u') if ctrl => Edit::KillToStart,
            KeyCode::Char('k') if ctrl => Edit::KillToEnd,
            KeyCode::Char('w') if ctrl => Edit::KillWord,
            KeyCode::Up | KeyCode::Char('p') if key.code == KeyCode::Up || ctrl => Edit::Older,
            KeyCode::Down | KeyCode::Char('n') if key.code == KeyCode::Down || ctrl => Edit::Newer,
            KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => Edit::Insert(c),
            _ => return None,
        };
        let history = self.viewer.prompt_history.of(prompt.kind);
        prompt.edit(edit, history);
        None
    }

    fn submit_prompt(&mut self, kind: PromptKind, text: String) -> Option<Effect> {
        match kind {
            PromptKind::Search => {
                if !text.is_empty() {
                    self.viewer.search = Some(text);
                }
                self.search(true, 1);
                self.settle();
            }
            PromptKind::GoTo => {
                self.go_to_post(text.trim());
                self.settle();
            }
            PromptKind::Pipe if text.trim().is_empty() => {}
            PromptKind::Pipe => {
                let post = self.viewer.cursor.post;
                let (width, _) = self.pane_size();
                let options = PrintOptions { width, order: self.viewer.order, ..PrintOptions::default() };
                let input = print_post(&self.thread, post, &self.viewer.quote_folds, options);
                return Some(Effect::Pipe { command: text, input });
            }
        }
        None
    }

    pub fn handle_mouse(&mut self, mouse: MouseEvent) -> Option<Effect> {
        let panes = self.panes()?;
        if mouse.kind != MouseEventKind::Moved {
            self.mark_seen();
        }
        let (column, row) = (mouse.column, mouse.row);
        let inside = |r: Rect| column >= r.x && column < r.right() && row >= r.y && row < r.bottom();
        match mouse.kind {
            MouseEventKind::ScrollDown => self.scroll(WHEEL_ROWS, true),
            MouseEventKind::ScrollUp => self.scroll(WHEEL_ROWS, false),
            MouseEventKind::Down(MouseButton::Left) if panes.refs.is_some_and(inside) => {
                self.viewer.focus = Pane::References;
                let inner = panes.refs.map(ui::refs_inner).unwrap_or_default();
                if row >= inner.y && row < inner.bottom() {
                    self.click_ref_row(usize::from(row - inner.y), usize::from(inner.height));
                }
            }
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
            _ => {}
        }
        None
    }

    /// Applies one action; the only way the state changes. A count typed
    /// before it (`5j`) repeats a motion.
    pub fn apply(&mut self, action: Action) -> Option<Effect> {
        let before = self.viewer.cursor.post;
        self.mark_seen();
        let effect = self.dispatch(action);
        self.track_reading(action, before);
        effect
    }

    fn dispatch(&mut self, action: Action) -> Option<Effect> {
        self.viewer.status = None;
        self.viewer.flash = None;
        let count = self.viewer.count.take();
        if self.viewer.overlay.is_some() {
            return self.apply_in_overlay(action);
        }
        if action != Action::NextReply {
            self.viewer.reply_cycle = self.viewer.reply_cycle.filter(|_| action == Action::NextReply);
        }
        match action {
            Action::Quit => return Some(Effect::Quit),
            Action::Suspend => return Some(Effect::Suspend),
            Action::Redraw => return Some(Effect::Redraw),
            Action::Help => self.viewer.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::Cancel => {
                self.viewer.search = None;
                self.pending.clear();
                self.viewer.focus = Pane::Thread;
            }
            Action::ToggleReferences => {
                if self.refs_docked() {
                    self.viewer.refs_visible = !self.viewer.refs_visible;
                    if !self.viewer.refs_visible {
                        self.viewer.focus = Pane::Thread;
                    }
                } else {
                    // No room beside or below: the pane opens over the thread, with the keys.
                    self.viewer.refs_visible = true;
                    self.viewer.focus = match self.viewer.focus {
                        Pane::Thread => Pane::References,
                        Pane::References => Pane::Thread,
                    };
                }
                self.settle();
            }
            Action::SwitchPane => {
                self.viewer.refs_visible = true;
                self.viewer.focus = match self.viewer.focus {
                    Pane::Thread => Pane::References,
                    Pane::References => Pane::Thread,
                };
                self.settle();
            }
            Action::ToggleLedger => {
                let over_thread = !self.refs_docked();
                let showing_ledger =
                    self.viewer.focus == Pane::References && self.viewer.refs.mode == RefsMode::Ledger;
                self.viewer.refs.mode = match self.viewer.refs.mode {
                    RefsMode::Post => RefsMode::Ledger,
                    RefsMode::Ledger => RefsMode::Post,
                };
                self.viewer.refs.selected = 0;
                self.viewer.refs_visible = true;
                // Over the thread, the key that opened the list closes it.
                self.viewer.focus =
                    if over_thread && showing_ledger { Pane::Thread } else { Pane::References };
                self.settle();
            }
            _ if !self.has_posts() => self.viewer.status = Some("this thread has no posts".to_owned()),
            Action::NextUnread | Action::PrevUnread | Action::MarkThreadRead | Action::MarkPostUnread => {
                self.apply_reading(action, count);
            }
            _ if self.viewer.focus == Pane::References => return self.apply_in_refs(action, count),
            _ => return self.apply_in_thread(action, count),
        }
        None
    }

    fn apply_in_overlay(&mut self, action: Action) -> Option<Effect> {
        let Some(Overlay::Help { scroll }) = self.viewer.overlay else { return None };
        let max = ui::HelpLayout::new(self.area, &self.help).map_or(0, |h| h.max_scroll());
        let page = usize::from(self.area.height.saturating_sub(4)).max(1);
        self.viewer.overlay = match action {
            Action::Down => Some(Overlay::Help { scroll: (scroll + 1).min(max) }),
            Action::Up => Some(Overlay::Help { scroll: scroll.saturating_sub(1) }),
            Action::PageDown | Action::HalfPageDown => {
                Some(Overlay::Help { scroll: (scroll + page).min(max) })
            }
            Action::PageUp | Action::HalfPageUp => {
                Some(Overlay::Help { scroll: scroll.saturating_sub(page) })
            }
            Action::Top => Some(Overlay::Help { scroll: 0 }),
            Action::Bottom => Some(Overlay::Help { scroll: max }),
            Action::Quit | Action::Cancel | Action::Help => None,
            _ => self.viewer.overlay,
        };
        None
    }
}

#[cfg(test)]
mod tests;
