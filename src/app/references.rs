//! The references pane: its rows for the current mode, selection, and
//! following a row (a jump) or a link (an effect).

use super::{Action, App, Effect};
use crate::nav::refs::{PostRefs, RefRow, scroll_offset};
use crate::nav::{RefsMode, RowPos};

impl App {
    /// Selects the row a click at `screen_row` of the pane (inside its
    /// frame, `height` rows) falls on, if it can be selected.
    pub(super) fn click_ref_row(&mut self, screen_row: usize, height: usize) {
        if !self.has_posts() {
            return;
        }
        let selected = self.viewer.refs.selected;
        match self.viewer.refs.mode {
            RefsMode::Post => {
                let refs = PostRefs::new(&self.thread, self.viewer.cursor.post);
                let row = scroll_offset(refs.selectable_row(selected), height) + screen_row;
                if let Some(n) = refs.selectable_index(row) {
                    self.viewer.refs.selected = n;
                }
            }
            RefsMode::Ledger => {
                let row = scroll_offset(Some(selected), height) + screen_row;
                if row < self.ledger.len() {
                    self.viewer.refs.selected = row;
                }
            }
        }
    }

    /// The selectable rows count and the selected row, for the current mode.
    pub(super) fn selected_ref(&self) -> (usize, Option<RefRow>) {
        match self.viewer.refs.mode {
            RefsMode::Post => {
                let refs = PostRefs::new(&self.thread, self.viewer.cursor.post);
                let selected = refs.selectable_row(self.viewer.refs.selected).and_then(|row| refs.row(row));
                (refs.selectable_len(), selected)
            }
            RefsMode::Ledger => (self.ledger.len(), self.ledger.row(&self.thread, self.viewer.refs.selected)),
        }
    }

    pub(super) fn apply_in_refs(&mut self, action: Action, count: Option<usize>) -> Option<Effect> {
        let (rows, selected) = self.selected_ref();
        let last = rows.saturating_sub(1);
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
            | Action::CycleQuoteFolds
            | Action::GoToPost
            | Action::PipePost
            | Action::Search
            | Action::NextMatch
            | Action::PrevMatch => {
                let effect = self.apply_in_thread(action, count);
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
