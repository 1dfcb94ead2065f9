//! Pure navigation state: where the reader is, what is folded, where they
//! came from. No terminal types and no geometry: rows are counted by
//! `layout`, keys are mapped by `app`.

mod folds;
mod history;
mod read;
pub mod refs;
mod view;

pub use folds::{QuoteFolds, ReplyFolds};
pub use history::{HISTORY_LIMIT, History};
pub use read::{ReadMark, ReadMarks};
pub use view::{Location, Overlay, Pane, RefsMode, RefsState, Viewer};

use crate::thread::PostId;

/// A row of the document: a post and a row of its layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RowPos {
    pub post: PostId,
    pub row: usize,
}

impl RowPos {
    pub fn start_of(post: PostId) -> Self {
        Self { post, row: 0 }
    }
}
