//! Pure navigation state: where the reader is, what is folded, where they
//! came from. No terminal types and no geometry: rows are counted by
//! `layout`, keys are mapped by `app`.

mod folds;
mod history;
pub mod prompt;
mod read;
pub mod refs;
mod search;
mod view;

pub use folds::{FoldMode, QuoteFolds, ReplyFolds};
pub use history::{HISTORY_LIMIT, History};
pub use prompt::{Edit, Prompt, PromptKind};
pub use read::{ReadMark, ReadMarks};
pub use search::Matcher;
pub use view::{Flash, Location, Overlay, Pane, PromptHistories, RefsMode, RefsState, SideScroll, Viewer};

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
