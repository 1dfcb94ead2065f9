//! Which posts the reader has read, and which are new since the last visit.
//! Plain data indexed by [`PostId`]; where it comes from and where it goes
//! (the state files) is the business of [`crate::state`].

use crate::thread::PostId;

/// How one post stands for the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadMark {
    Read,
    /// Seen at an earlier visit (or this is the first), not read yet.
    Unread,
    /// Not in the thread at the last visit, not read yet.
    New,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadMarks {
    read: Vec<bool>,
    /// Not in the thread at the last visit.
    new: Vec<bool>,
    unread: usize,
    unread_new: usize,
}

impl ReadMarks {
    /// A first visit: every post unread, none of them "new".
    pub fn first_visit(posts: usize) -> Self {
        Self::new(vec![false; posts], vec![false; posts])
    }

    /// From per-post flags (both indexed by post).
    pub fn new(read: Vec<bool>, new: Vec<bool>) -> Self {
        assert_eq!(read.len(), new.len(), "one flag of each per post");
        let unread = read.iter().filter(|r| !**r).count();
        let unread_new = read.iter().zip(&new).filter(|(r, n)| !**r && **n).count();
        Self { read, new, unread, unread_new }
    }

    pub fn len(&self) -> usize {
        self.read.len()
    }

    pub fn is_empty(&self) -> bool {
        self.read.is_empty()
    }

    pub fn mark(&self, post: PostId) -> ReadMark {
        match (self.read.get(post.index()), self.new.get(post.index())) {
            (Some(false), Some(true)) => ReadMark::New,
            (Some(false), _) => ReadMark::Unread,
            _ => ReadMark::Read,
        }
    }

    pub fn is_read(&self, post: PostId) -> bool {
        self.mark(post) == ReadMark::Read
    }

    /// Posts not read yet, new ones included.
    pub fn unread_count(&self) -> usize {
        self.unread
    }

    /// Posts new since the last visit and not read yet.
    pub fn new_count(&self) -> usize {
        self.unread_new
    }

    /// Marks `post` read; says whether that changed anything.
    pub fn mark_read(&mut self, post: PostId) -> bool {
        self.set(post, true)
    }

    pub fn mark_unread(&mut self, post: PostId) -> bool {
        self.set(post, false)
    }

    pub fn mark_all_read(&mut self) {
        self.read.fill(true);
        self.unread = 0;
        self.unread_new = 0;
    }

    fn set(&mut self, post: PostId, read: bool) -> bool {
        let Some(flag) = self.read.get_mut(post.index()) else { return false };
        if *flag == read {
            return false;
        }
        *flag = read;
        let new = self.new[post.index()];
        if read {
            self.unread -= 1;
            self.unread_new -= usize::from(new);
        } else {
            self.unread += 1;
            self.unread_new += usize::from(new);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_follow_marks() {
        let mut marks = ReadMarks::new(vec![true, false, false], vec![false, false, true]);
        assert_eq!((marks.unread_count(), marks.new_count()), (2, 1));
        assert_eq!(marks.mark(PostId::new(0)), ReadMark::Read);
        assert_eq!(marks.mark(PostId::new(1)), ReadMark::Unread);
        assert_eq!(marks.mark(PostId::new(2)), ReadMark::New);
        assert!(marks.mark_read(PostId::new(2)));
        assert!(!marks.mark_read(PostId::new(2)), "already read");
        assert_eq!((marks.unread_count(), marks.new_count()), (1, 0));
        assert!(marks.mark_unread(PostId::new(2)));
        assert_eq!(marks.mark(PostId::new(2)), ReadMark::New, "still new since the last visit");
        marks.mark_all_read();
        assert_eq!((marks.unread_count(), marks.new_count()), (0, 0));
        assert!(!marks.mark_read(PostId::new(9)), "out of range is ignored");
    }

    #[test]
    fn a_first_visit_has_nothing_new() {
        let marks = ReadMarks::first_visit(4);
        assert_eq!((marks.unread_count(), marks.new_count()), (4, 0));
    }
}
