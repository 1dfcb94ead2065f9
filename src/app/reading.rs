//! Reading: which posts have been read (a post is read once its last row
//! has been on screen, or when the reader moves past it), the unread and
//! new marks, and the keys that hop between unread posts. The marks arrive
//! as a plain value and leave the same way; saving them is the caller's.

use super::{Action, App};
use crate::nav::{ReadMarks, RowPos};
use crate::thread::PostId;

/// The reader's marks, while read state is on.
#[derive(Debug, Clone)]
pub(super) struct Reading {
    pub(super) marks: ReadMarks,
    /// Posts the reader marked unread: seeing them does not mark them read
    /// again until they have left the screen.
    held_unread: Vec<PostId>,
}

impl App {
    /// Turns read state on: `marks` from the last visit, and the place the
    /// reader left, restored with a word on the status line.
    pub fn resume(&mut self, marks: ReadMarks, position: Option<RowPos>) {
        assert_eq!(marks.len(), self.thread.len(), "marks for this thread");
        self.reading = Some(Reading { marks, held_unread: Vec::new() });
        if let Some(position) = position.filter(|_| self.has_posts()) {
            self.reveal(position.post);
            self.land(position);
            let at = self.viewer.cursor.post;
            self.viewer.status = Some(format!("back at {at}, where you left off"));
        }
        self.mark_seen();
    }

    /// The read marks, when read state is on.
    pub fn read_marks(&self) -> Option<&ReadMarks> {
        self.reading.as_ref().map(|r| &r.marks)
    }

    /// Adds a message to the status line (shown until the next key).
    pub fn notify(&mut self, message: impl Into<String>) {
        let message = message.into();
        self.viewer.status = Some(match self.viewer.status.take() {
            Some(earlier) => format!("{earlier} · {message}"),
            None => message,
        });
    }

    pub(super) fn apply_reading(&mut self, action: Action) {
        let Some(reading) = self.reading.as_mut() else {
            self.viewer.status = Some("read state is off (--no-state)".to_owned());
            return;
        };
        let post = self.viewer.cursor.post;
        match action {
            Action::MarkThreadRead => {
                reading.marks.mark_all_read();
                reading.held_unread.clear();
                self.viewer.status = Some(format!("all {} posts marked read", self.thread.len()));
            }
            Action::MarkPostUnread => {
                reading.marks.mark_unread(post);
                if !reading.held_unread.contains(&post) {
                    reading.held_unread.push(post);
                }
                self.viewer.status = Some(format!("{post} marked unread"));
            }
            Action::NextUnread | Action::PrevUnread => self.next_unread(action == Action::NextUnread),
            _ => {}
        }
    }

    /// Jumps to the next (or previous) unread post in the current order.
    fn next_unread(&mut self, forward: bool) {
        let Some(reading) = &self.reading else { return };
        let tree = self.thread.tree();
        let order = tree.order(self.viewer.order);
        let here = tree.position(self.viewer.order, self.viewer.cursor.post);
        let unread = |post: &&PostId| !reading.marks.is_read(**post);
        let found = if forward {
            order[here + 1..].iter().find(unread)
        } else {
            order[..here].iter().rev().find(unread)
        };
        match found.copied() {
            Some(post) => self.jump(RowPos::start_of(post)),
            None => {
                self.viewer.status = Some(
                    if forward { "no unread post after this one" } else { "no unread post before this one" }
                        .to_owned(),
                );
            }
        }
    }

    /// After an action: a move from a post to a later one reads the post left.
    pub(super) fn track_reading(&mut self, action: Action, before: PostId) {
        if self.reading.is_none() || !self.has_posts() {
            return;
        }
        let after = self.viewer.cursor.post;
        let sequential = matches!(action, Action::Down | Action::PageDown | Action::HalfPageDown | Action::NextPost);
        let tree = self.thread.tree();
        let order = self.viewer.order;
        if sequential && after != before && tree.position(order, after) > tree.position(order, before) {
            self.mark_read_unless_held(before);
        }
        self.mark_seen();
    }

    /// Marks read every post whose last row is on screen now; releases the
    /// posts held unread that have left it. Costs the rows of one screen.
    pub(super) fn mark_seen(&mut self) {
        if self.reading.is_none() || !self.has_posts() || self.panes().is_none() {
            return;
        }
        let (_, mut rows_left) = self.pane_size();
        let anchor = self.viewer.anchor;
        let mut doc = self.document();
        let mut at = doc.clamp(anchor);
        let (mut shown, mut complete) = (Vec::new(), Vec::new());
        loop {
            let height = doc.layout(at.post).height();
            shown.push(at.post);
            // The separator is not part of the post: its last text row counts.
            let rows = height.saturating_sub(1).saturating_sub(at.row);
            if rows > rows_left {
                break;
            }
            complete.push(at.post);
            rows_left -= (height - at.row).min(rows_left);
            match doc.next_post(at.post) {
                Some(next) if rows_left > 0 => at = RowPos::start_of(next),
                _ => break,
            }
        }
        let Some(reading) = self.reading.as_mut() else { return };
        reading.held_unread.retain(|post| shown.contains(post));
        for post in complete {
            if !reading.held_unread.contains(&post) {
                reading.marks.mark_read(post);
            }
        }
    }

    fn mark_read_unless_held(&mut self, post: PostId) {
        if let Some(reading) = self.reading.as_mut()
            && !reading.held_unread.contains(&post)
        {
            reading.marks.mark_read(post);
        }
    }
}
