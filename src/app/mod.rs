//! The application: state, the one `apply` that changes it, and the event
//! loop that feeds it keys and runs its effects.

mod action;
mod keymap;
mod navigate;
mod reading;
mod references;
pub mod run;
mod search;

use std::rc::Rc;
use std::sync::Arc;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

pub use action::{Action, Effect};
pub use keymap::{Binding, KeyContext, KeyPress, Keymap, Lookup, PROMPT_ACTIONS, chord_label};
pub use search::Matcher;

use crate::layout::{Document, LayoutCache, LineKind, PostLayout};
use crate::nav::refs::LedgerIndex;
use crate::nav::{Overlay, Pane, RefsMode, Viewer};
use crate::thread::{Attribution, Order, PostId, Thread};
use crate::ui::{self, Panes, Scene, Theme};

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
    help: Vec<(String, String)>,
    theme: Theme,
    pending: Vec<KeyPress>,
    /// The whole terminal.
    area: Rect,
    /// Read marks; `None` when read state is off.
    reading: Option<reading::Reading>,
    /// The widest a post's text may be; 0 for the whole pane.
    max_width: u16,
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
            reading: None,
            max_width: 0,
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

    fn panes(&self) -> Option<Panes> {
        ui::panes(self.area, self.viewer.refs_visible).map(|p| ui::cap_text_width(p, self.max_width))
    }

    /// The configuration's view defaults: the side pane shown or not, the
    /// widest text (0: the whole pane), repeats folded or every quote open.
    pub fn apply_settings(&mut self, side_pane: bool, max_width: u16, fold_repeats: bool) {
        self.viewer.refs_visible = side_pane;
        self.max_width = max_width;
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
            max_width: self.max_width,
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
        let context = match self.viewer.focus {
            Pane::Thread => KeyContext::Thread,
            Pane::References => KeyContext::References,
        };
        match self.keymap.lookup_in(context, &mut self.pending, KeyPress::from_event(key)) {
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
        let bound = self.keymap.lookup_in(KeyContext::Prompt, &mut Vec::new(), KeyPress::from_event(key));
        match key.code {
            _ if bound == Lookup::Action(Action::Cancel) => self.viewer.input = None,
            _ if bound == Lookup::Action(Action::Activate) => {
                let query = self.viewer.input.take().unwrap_or_default();
                if !query.is_empty() {
                    self.viewer.search = Some(query);
                }
                self.search(true);
            }
            KeyCode::Backspace if input.pop().is_none() => self.viewer.input = None,
            KeyCode::Char(c) => input.push(c),
            _ => {}
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
                let inner = panes.refs.map(ui::refs_inner).unwrap_or_default();
                if row >= inner.y && row < inner.bottom() {
                    self.click_ref_row(usize::from(row - inner.y), usize::from(inner.height));
                }
            }
            _ => {}
        }
        None
    }

    /// Applies one action; the only way the state changes.
    pub fn apply(&mut self, action: Action) -> Option<Effect> {
        let before = self.viewer.cursor.post;
        self.mark_seen();
        let effect = self.dispatch(action);
        self.track_reading(action, before);
        effect
    }

    fn dispatch(&mut self, action: Action) -> Option<Effect> {
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
            Action::NextUnread | Action::PrevUnread | Action::MarkThreadRead | Action::MarkPostUnread => {
                self.apply_reading(action);
            }
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
}

#[cfg(test)]
mod tests;
