//! Which quotes and which reply subtrees are folded.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::thread::{PostId, QuoteId, Thread};

/// Generations come from one counter, so two different fold states never
/// share one, not even after a state is restored from the jump history.
fn next_generation() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The whole-thread quote states `T`/`Z` cycles through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoldMode {
    /// Repeats folded, the rest open.
    Default,
    AllFolded,
    AllOpen,
}

impl FoldMode {
    /// How the status line names it.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Default => "quotes: repeats folded, the rest open (default)",
            Self::AllFolded => "quotes: all folded",
            Self::AllOpen => "quotes: all open",
        }
    }
}

/// Quote folding: repeats are folded by default; the reader's toggles are
/// kept as exceptions to that default, so "fold all" and "unfold all" are a
/// single flag and cost nothing however large the thread.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuoteFolds {
    /// `None`: the default (repeats folded). `Some(b)`: every quote folded = b.
    all: Option<bool>,
    toggled: HashSet<QuoteId>,
    /// Bumped on every change; layout caches compare it.
    generation: u64,
}

impl QuoteFolds {
    /// Every quote open, as `--expand-quotes` prints.
    pub fn all_open() -> Self {
        Self { all: Some(false), ..Self::default() }
    }

    pub fn is_folded(&self, thread: &Thread, quote: QuoteId) -> bool {
        let default = self.all.unwrap_or_else(|| thread.quote(quote).repeat);
        default != self.toggled.contains(&quote)
    }

    pub fn toggle(&mut self, quote: QuoteId) {
        if !self.toggled.remove(&quote) {
            self.toggled.insert(quote);
        }
        self.touch();
    }

    pub fn set(&mut self, thread: &Thread, quote: QuoteId, folded: bool) {
        if self.is_folded(thread, quote) != folded {
            self.toggle(quote);
        }
    }

    /// Folds every quote, or opens every quote.
    pub fn set_all(&mut self, folded: bool) {
        self.all = Some(folded);
        self.toggled.clear();
        self.touch();
    }

    /// The quotes whose state differs from the default, with that state.
    pub fn exceptions(&self, thread: &Thread) -> Vec<(QuoteId, bool)> {
        self.toggled.iter().map(|&q| (q, self.is_folded(thread, q))).collect()
    }

    /// Re-expresses `exceptions` (taken before the thread's defaults
    /// changed, e.g. when inferred repeats arrived) against the new defaults.
    pub fn rebase(&mut self, thread: &Thread, exceptions: &[(QuoteId, bool)]) {
        self.toggled.clear();
        for &(quote, folded) in exceptions {
            self.set(thread, quote, folded);
        }
        self.touch();
    }

    /// Whether "fold all" is in force.
    pub fn all_folded(&self) -> bool {
        self.all == Some(true) && self.toggled.is_empty()
    }

    /// The state `T`/`Z` shows, if the reader has not toggled quotes since.
    pub fn mode(&self) -> Option<FoldMode> {
        if !self.toggled.is_empty() {
            return None;
        }
        Some(match self.all {
            None => FoldMode::Default,
            Some(true) => FoldMode::AllFolded,
            Some(false) => FoldMode::AllOpen,
        })
    }

    /// The next state in the cycle default → all folded → all open → default.
    /// A state with the reader's own toggles goes to "all folded" (it is not the default).
    pub fn cycle(&mut self) -> FoldMode {
        let next = match self.mode() {
            Some(FoldMode::Default) | None => FoldMode::AllFolded,
            Some(FoldMode::AllFolded) => FoldMode::AllOpen,
            Some(FoldMode::AllOpen) => FoldMode::Default,
        };
        self.all = match next {
            FoldMode::Default => None,
            FoldMode::AllFolded => Some(true),
            FoldMode::AllOpen => Some(false),
        };
        self.toggled.clear();
        self.touch();
        next
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Gives the state a fresh generation (after it was restored from a copy).
    pub fn touch(&mut self) {
        self.generation = next_generation();
    }
}

/// Folded reply subtrees (in thread order: the post stays, its replies hide).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplyFolds {
    folded: HashSet<PostId>,
    generation: u64,
}

impl ReplyFolds {
    pub fn is_folded(&self, post: PostId) -> bool {
        self.folded.contains(&post)
    }

    pub fn toggle(&mut self, post: PostId) {
        if !self.folded.remove(&post) {
            self.folded.insert(post);
        }
        self.touch();
    }

    pub fn unfold(&mut self, post: PostId) -> bool {
        let changed = self.folded.remove(&post);
        if changed {
            self.touch();
        }
        changed
    }

    pub fn is_empty(&self) -> bool {
        self.folded.is_empty()
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Gives the state a fresh generation (after it was restored from a copy).
    pub fn touch(&mut self) {
        self.generation = next_generation();
    }
}
