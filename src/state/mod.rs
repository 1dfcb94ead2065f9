//! Read state: what the reader had read of a thread, where they were, and
//! which posts the thread had, kept between runs in one small file per
//! thread under `$XDG_STATE_HOME/tread/`.
//!
//! This is an effect at the edge: [`Store`] reads and writes the files, and
//! [`SavedThread`] converts them to and from the plain values the viewer
//! uses ([`ReadMarks`] and a [`RowPos`]). The model and navigation never
//! touch the disk.

mod store;

use std::borrow::Cow;

use foldhash::HashSet;
use serde::{Deserialize, Serialize};

pub use store::{Loaded, Store, StoredThread};

use crate::nav::{ReadMarks, RowPos};
use crate::thread::{Block, PostId, Thread};

/// The format of the files; a file of another version is set aside.
const STATE_VERSION: u32 = 1;

/// What identifies a thread across re-imports: its URL when the file has one
/// (an HN item, a reddit or Discourse topic, a forum topic), else its title,
/// first post id (an mbox thread's root Message-ID) and first words.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Identity(String);

impl Identity {
    pub fn of(thread: &Thread) -> Self {
        if let Some(url) = thread.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            return Self(url.to_owned());
        }
        let mut seed = String::from("title:");
        seed.push_str(thread.title.as_deref().unwrap_or_default());
        if let Some(first) = thread.posts().first() {
            seed.push_str("\nroot:");
            seed.push_str(&first.key);
            seed.push_str("\nauthor:");
            seed.push_str(first.author.as_deref().unwrap_or_default());
            let words = first.body.iter().find_map(|block| match block {
                Block::Paragraph(p) => Some(crate::text::first_words(&p.text, 24)),
                _ => None,
            });
            seed.push_str("\ntext:");
            seed.push_str(&words.unwrap_or_default());
        }
        Self(format!("hash:{:016x}", fnv1a(seed.as_bytes())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The state file's name: a stable hash, so any URL makes a safe name.
    pub fn file_name(&self) -> String {
        format!("{:016x}.json", fnv1a(self.0.as_bytes()))
    }
}

/// FNV-1a, 64 bits: stable across versions and platforms, unlike the
/// hashers of std and foldhash, which is what a file name needs.
fn fnv1a(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.iter().fold(OFFSET, |hash, &byte| (hash ^ u64::from(byte)).wrapping_mul(PRIME))
}

/// Where the reader was: a post (by its id in the file) and a row of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedPosition<'a> {
    pub post: Cow<'a, str>,
    pub row: usize,
}

/// One state file. Posts are named by their ids in the thread file, so a
/// re-imported, grown thread maps onto the same state. Captured, it borrows
/// the thread's ids (no copies of 100k ids at quit); loaded, it owns them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedThread<'a> {
    pub version: u32,
    /// The [`Identity`], kept to tell a hash collision from the thread itself.
    pub thread: String,
    pub title: Option<Cow<'a, str>>,
    /// The file the thread was last opened from, for `tread state --list`.
    pub source: Option<String>,
    pub position: Option<SavedPosition<'a>>,
    /// Every post id at the last visit, in file order.
    pub known: Vec<Cow<'a, str>>,
    /// The known posts not read yet (read is the common case, so the
    /// smaller set is the one written).
    pub unread: Vec<Cow<'a, str>>,
}

/// What the viewer starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resume {
    pub marks: ReadMarks,
    pub position: Option<RowPos>,
}

impl<'a> SavedThread<'a> {
    /// The state of `thread` as the reader leaves it.
    pub fn capture(thread: &'a Thread, source: Option<String>, marks: &ReadMarks, cursor: RowPos) -> Self {
        let posts = thread.posts();
        let key = |post: &'a crate::thread::Post| Cow::Borrowed(post.key.as_str());
        let unread = posts
            .iter()
            .enumerate()
            .filter(|(i, _)| !marks.is_read(PostId::new(*i)))
            .map(|(_, p)| key(p))
            .collect();
        let position =
            posts.get(cursor.post.index()).map(|p| SavedPosition { post: key(p), row: cursor.row });
        Self {
            version: STATE_VERSION,
            thread: Identity::of(thread).0,
            title: thread.title.as_deref().map(Cow::Borrowed),
            source,
            position,
            known: posts.iter().map(key).collect(),
            unread,
        }
    }

    /// Marks and position for `thread`, which may have grown since: posts
    /// not known at the last visit are new, the others read unless listed.
    pub fn resume(&self, thread: &Thread) -> Resume {
        // The common case is the same file, or one grown at its end: the
        // known posts first and in order. One pass checks that as it goes;
        // only a thread whose order changed needs a set of the known ids.
        self.resume_in_order(thread).unwrap_or_else(|| {
            let known: HashSet<&str> = self.known.iter().map(AsRef::as_ref).collect();
            self.resume_with(thread, |_, key| known.contains(key))
        })
    }

    fn resume_in_order(&self, thread: &Thread) -> Option<Resume> {
        let known = &self.known;
        let mut in_order = known.len() <= thread.len();
        let resume = self.resume_with(thread, |index, key| match known.get(index) {
            Some(k) => {
                in_order &= *k == key;
                true
            }
            None => false,
        });
        in_order.then_some(resume)
    }

    /// One pass over the posts; `was_known(index, id)` says whether a post
    /// was there at the last visit.
    fn resume_with(&self, thread: &Thread, mut was_known: impl FnMut(usize, &str) -> bool) -> Resume {
        let unread: HashSet<&str> = self.unread.iter().map(AsRef::as_ref).collect();
        let posts = thread.posts();
        let mut read = Vec::with_capacity(posts.len());
        let mut new = Vec::with_capacity(posts.len());
        let mut position = None;
        for (index, post) in posts.iter().enumerate() {
            let key = post.key.as_str();
            let known = was_known(index, key);
            read.push(known && (unread.is_empty() || !unread.contains(key)));
            new.push(!known);
            if let Some(saved) =
                self.position.as_ref().filter(|saved| position.is_none() && saved.post == key)
            {
                position = Some(RowPos { post: PostId::new(index), row: saved.row });
            }
        }
        Resume { marks: ReadMarks::new(read, new), position }
    }
}

/// A fresh start: everything unread, nothing new, the first post.
pub fn first_visit(thread: &Thread) -> Resume {
    Resume { marks: ReadMarks::first_visit(thread.len()), position: None }
}

#[cfg(test)]
mod tests;
