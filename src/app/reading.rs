//! Reading: which posts have been read (a post is read once its last row
//! has been on screen, or when the reader moves past it), the unread and
//! new marks, and the keys that hop between unread posts. The marks arrive
//! as a plain value and leave the same way; saving them is the caller's.
//!
//! A screen is taken as read when the reader acts on it (the next key or
//! wheel turn, quitting included), so a post's mark is always drawn at
//! least once before it goes.

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

    /// `count` applies to the unread hops (`3` then the key: the third
    /// unread post on), as a count applies to any motion.
    pub(super) fn apply_reading(&mut self, action: Action, count: Option<usize>) {
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
            Action::NextUnread | Action::PrevUnread => {
                self.next_unread(action == Action::NextUnread, count.unwrap_or(1));
            }
            _ => {}
        }
    }

    /// Jumps to the `times`-th next (or previous) unread post in the
    /// current order; with fewer, to the last there is, and says so.
    fn next_unread(&mut self, forward: bool, times: usize) {
        let Some(reading) = &self.reading else { return };
        let tree = self.thread.tree();
        let order = tree.order(self.viewer.order);
        let here = tree.position(self.viewer.order, self.viewer.cursor.post);
        let unread = |post: &&PostId| !reading.marks.is_read(**post);
        let (mut found, mut hops) = (None, 0);
        let candidates: Box<dyn Iterator<Item = &PostId>> =
            if forward { Box::new(order[here + 1..].iter()) } else { Box::new(order[..here].iter().rev()) };
        for post in candidates.filter(unread).take(times) {
            (found, hops) = (Some(*post), hops + 1);
        }
        let direction = if forward { "after" } else { "before" };
        let start = self.viewer.cursor.post;
        match found {
            Some(post) => {
                self.jump(RowPos::start_of(post));
                if hops < times {
                    let posts = if hops == 1 { "post" } else { "posts" };
                    self.viewer.status = Some(format!("only {hops} unread {posts} {direction} {start}"));
                }
            }
            None => self.viewer.status = Some(format!("no unread post {direction} this one")),
        }
    }

    /// After an action: a move from a post to a later one reads the post left.
    pub(super) fn track_reading(&mut self, action: Action, before: PostId) {
        if self.reading.is_none() || !self.has_posts() {
            return;
        }
        let after = self.viewer.cursor.post;
        let sequential =
            matches!(action, Action::Down | Action::PageDown | Action::HalfPageDown | Action::NextPost);
        let tree = self.thread.tree();
        let order = self.viewer.order;
        if sequential && after != before && tree.position(order, after) > tree.position(order, before) {
            self.mark_read_unless_held(before);
        }
    }

    /// Marks read every post whose last row is on screen (as last drawn);
    /// releases the posts held unread that have left it. Costs the rows of
    /// one screen.
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
            if !reading.held_unread.contains(&post) && !self.thread.post(post).body_pending {
                reading.marks.mark_read(post);
            }
        }
    }

    /// A post whose body is still being read was not read by scrolling past it.
    fn mark_read_unless_held(&mut self, post: PostId) {
        if let Some(reading) = self.reading.as_mut()
            && !reading.held_unread.contains(&post)
            && !self.thread.post(post).body_pending
        {
            reading.marks.mark_read(post);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{LoadOptions, load_slice};
    use crate::nav::ReadMark;
    use crate::thread::{Order, Thread};

    /// `posts` flat posts of `lines` text rows each (a header and a
    /// separator make every post `lines + 2` rows).
    fn app(posts: usize, lines: usize, height: u16) -> App {
        let body: Vec<String> = (1..=lines).map(|l| format!("line {l}")).collect();
        let posts: Vec<String> = (1..=posts)
            .map(|i| format!(r#"{{"id": "p{i}", "author": "A{i}", "body": "{}"}}"#, body.join("\\n")))
            .collect();
        let json = format!(r#"{{"version": 1, "title": "T", "posts": [{}]}}"#, posts.join(","));
        let file = load_slice(json.as_bytes(), "t.json", LoadOptions::default()).unwrap().file;
        let mut app = App::new(Thread::from_file(file), Order::Thread, 60, height);
        app.viewer.refs_visible = false;
        app.resize(60, height);
        app
    }

    fn p(n: usize) -> PostId {
        PostId::new(n - 1)
    }

    fn marks(app: &App) -> Vec<ReadMark> {
        let marks = app.read_marks().unwrap();
        (0..marks.len()).map(|i| marks.mark(PostId::new(i))).collect()
    }

    #[test]
    fn a_post_is_read_once_its_last_row_has_been_on_screen() {
        use ReadMark::{Read, Unread};
        // 12 rows of thread pane; posts of 5 rows: #1, #2 whole, #3 cut.
        let mut app = app(6, 3, 14);
        app.resume(ReadMarks::first_visit(6), None);
        assert_eq!(marks(&app), [Unread; 6], "the first screen is drawn with its marks");
        app.apply(Action::Down);
        assert_eq!(marks(&app), [Read, Read, Unread, Unread, Unread, Unread], "the key read the screen");
        app.apply(Action::PageDown);
        app.apply(Action::Down);
        // Rows 12-23 were on screen: the end of #3, #4, and #5 but its separator.
        assert_eq!(marks(&app), [Read, Read, Read, Read, Read, Unread]);
    }

    #[test]
    fn a_post_whose_body_is_coming_is_not_read_by_seeing_it() {
        use ReadMark::{Read, Unread};
        // As `app(6, 3, 14)`, but only #1 and #3 have their bodies yet.
        let has_body = [true, false, true, false, false, false];
        let whole = app(6, 3, 14);
        let posts = whole.thread.posts().iter().zip(has_body).map(|(post, has_body)| crate::format::Post {
            id: post.key.as_str().into(),
            author: post.author.clone(),
            time: None,
            reply_to: None,
            body: if has_body {
                crate::format::Body::Text("line 1\nline 2\nline 3".to_owned())
            } else {
                crate::format::Body::Blocks(Vec::new())
            },
            links: Vec::new(),
            missing_replies: None,
        });
        let file = crate::format::ThreadFile {
            posts: posts.collect(),
            ..crate::format::ThreadFile::new(Some("T".to_owned()), None)
        };
        let mut app = App::new(Thread::from_partial_file(file, &has_body), Order::Thread, 60, 14);
        app.viewer.refs_visible = false;
        app.resize(60, 14);
        app.resume(ReadMarks::first_visit(6), None);
        app.apply(Action::Down);
        // #1 to #4 are whole on screen (#2 is three rows: header, placeholder, separator).
        assert_eq!(marks(&app), [Read, Unread, Read, Unread, Unread, Unread]);
        app.apply(Action::NextPost);
        app.apply(Action::NextPost);
        assert!(!app.read_marks().unwrap().is_read(p(2)), "J past it does not read it either");
    }

    #[test]
    fn moving_past_a_long_post_reads_it() {
        // Posts taller than the pane: their last rows are not on screen at the header.
        let mut app = app(3, 30, 14);
        app.resume(ReadMarks::first_visit(3), None);
        assert!(!app.read_marks().unwrap().is_read(p(1)));
        app.apply(Action::NextPost);
        assert!(app.read_marks().unwrap().is_read(p(1)), "J past it");
        assert!(!app.read_marks().unwrap().is_read(p(2)));
    }

    #[test]
    fn next_and_previous_unread_skip_read_posts() {
        let mut app = app(8, 3, 14);
        let read = [true, true, false, true, false, true, true, true];
        // The marks are set again before each hop: the screen would read them.
        app.resume(ReadMarks::first_visit(8), None);
        app.reading.as_mut().unwrap().marks = ReadMarks::new(read.to_vec(), vec![false; 8]);
        app.apply(Action::NextUnread);
        assert_eq!(app.viewer.cursor, RowPos::start_of(p(3)));
        app.reading.as_mut().unwrap().marks = ReadMarks::new(read.to_vec(), vec![false; 8]);
        app.apply(Action::NextUnread);
        assert_eq!(app.viewer.cursor.post, p(5));
        app.reading.as_mut().unwrap().marks = ReadMarks::new(read.to_vec(), vec![false; 8]);
        app.apply(Action::NextUnread);
        assert_eq!(app.viewer.cursor.post, p(5), "none after #5");
        assert_eq!(app.viewer.status.as_deref(), Some("no unread post after this one"));
        app.apply(Action::PrevUnread);
        assert_eq!(app.viewer.cursor.post, p(3));
        app.apply(Action::Back);
        assert_eq!(app.viewer.cursor.post, p(5), "unread hops are jumps: Ctrl-o returns");
        // A count hops that many unread posts, or as far as there are.
        let read = [false, true, false, true, false, true, false, true];
        app.apply(Action::Top);
        app.reading.as_mut().unwrap().marks = ReadMarks::new(read.to_vec(), vec![false; 8]);
        app.viewer.count = Some(2);
        app.apply(Action::NextUnread);
        assert_eq!(app.viewer.cursor.post, p(5), "the second unread after #1");
        app.reading.as_mut().unwrap().marks = ReadMarks::new(read.to_vec(), vec![false; 8]);
        app.viewer.count = Some(3);
        app.apply(Action::NextUnread);
        assert_eq!(app.viewer.cursor.post, p(7), "only #7 is left");
        assert_eq!(app.viewer.status.as_deref(), Some("only 1 unread post after #5"));
        app.reading.as_mut().unwrap().marks = ReadMarks::new(read.to_vec(), vec![false; 8]);
        app.viewer.count = Some(2);
        app.apply(Action::PrevUnread);
        assert_eq!(app.viewer.cursor.post, p(3));
    }

    #[test]
    fn a_post_marked_unread_stays_so_until_it_leaves_the_screen() {
        let mut app = app(8, 3, 14);
        app.resume(ReadMarks::first_visit(8), None);
        app.apply(Action::MarkPostUnread);
        app.apply(Action::Down);
        assert!(!app.read_marks().unwrap().is_read(p(1)), "still on screen, still unread");
        app.apply(Action::Bottom);
        app.apply(Action::Top);
        app.apply(Action::Down);
        assert!(app.read_marks().unwrap().is_read(p(1)), "read again after leaving and coming back");
        app.apply(Action::MarkThreadRead);
        assert_eq!(app.read_marks().unwrap().unread_count(), 0);
        assert_eq!(app.viewer.status.as_deref(), Some("all 8 posts marked read"));
    }

    #[test]
    fn resuming_restores_the_place_and_says_so() {
        let mut app = app(10, 3, 14);
        app.resume(ReadMarks::first_visit(10), Some(RowPos { post: p(7), row: 2 }));
        assert_eq!(app.viewer.cursor, RowPos { post: p(7), row: 2 });
        assert_eq!(app.viewer.status.as_deref(), Some("back at #7, where you left off"));
        app.notify("one more thing");
        assert_eq!(app.viewer.status.as_deref(), Some("back at #7, where you left off · one more thing"));
    }

    #[test]
    fn without_read_state_the_keys_say_so() {
        let mut app = app(3, 3, 14);
        app.apply(Action::NextUnread);
        assert!(app.read_marks().is_none());
        assert_eq!(app.viewer.status.as_deref(), Some("read state is off (--no-state)"));
    }
}
