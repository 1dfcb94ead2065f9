//! Pure navigation state: folds, the jump history, positions. No terminal types.

mod folds;

pub use folds::{QuoteFolds, ReplyFolds};
