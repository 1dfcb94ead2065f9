//! The references pane: its rows for the current mode, selection, and
//! following a row (a jump) or a link (an effect).

use super::{Action, App, Effect};
use crate::nav::refs::{RefRow, post_rows};
use crate::nav::{RefsMode, RowPos};

impl App {
    /// Rows `start..end` of the references pane.
    pub(super) fn ref_rows_window(&self, start: usize, end: usize) -> Vec<RefRow> {
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
    pub(super) fn selected_ref(&self) -> (usize, Option<RefRow>) {
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

    pub(super) fn apply_in_refs(&mut self, action: Action) -> Option<Effect> {
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
