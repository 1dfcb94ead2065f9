//! Text geometry shared by `tread print` and the viewer: a post becomes
//! lines of styled spans at a given width and fold state. Styling is by
//! semantic [`Role`]; the viewer's theme and the printer's ANSI colours map
//! roles to looks, so nothing here knows about terminals.

mod cache;
mod post;
pub mod sanitize;
mod viewport;
mod wrap;

pub use cache::{LayoutCache, LayoutKey};
pub use post::{
    BODY_PENDING, CONTINUATION, LayoutParams, MAX_INDENT_LEVELS, WideCode, layout_post, quote_passage_block,
    quote_passage_rows,
};
pub use viewport::Document;
pub use wrap::{Styled, wrap};

use crate::thread::QuoteId;

/// What a piece of text is, for styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Plain,
    Number,
    Author,
    Time,
    /// `↪ #2 Selz` in a header.
    ReplyTarget,
    /// Depth markers and separators in headers.
    Dim,
    Text,
    Link,
    Code,
    /// The marker where a wide line is cut at the pane's edge.
    Cut,
    /// A quote gutter at the given depth (1 = outermost).
    Gutter(u8),
    /// `▾ #2 Selz` over an open quote at the given depth.
    QuoteHeader(u8),
    /// `▸ #2 Selz: “…” … 17 lines`.
    Folded,
    /// A notice about the post ("reply target not in this thread").
    Note,
    /// A stand-in for a control character.
    Placeholder,
}

/// A run of text with one role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub role: Role,
}

impl Span {
    pub fn new(text: impl Into<String>, role: Role) -> Self {
        Self { text: text.into(), role }
    }
}

/// What a line is, so keys can act on the line under the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Header,
    Note,
    Text,
    Code,
    Blank,
    QuoteHeader,
    /// A folded quote: Enter or `z` opens it.
    QuoteFolded,
    /// "▸ 12 replies": the post's replies are folded.
    RepliesFolded,
    /// The empty line that ends every post.
    Separator,
}

/// One screen row of a post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub spans: Vec<Span>,
    pub kind: LineKind,
    /// The innermost quote this row belongs to.
    pub quote: Option<QuoteId>,
    /// Index of the top-level body block the row belongs to.
    pub block: Option<usize>,
}

impl Line {
    /// The row as plain text.
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }

    /// How many leading spans are indentation and quote gutters, which stay
    /// put when the rest of a wide row scrolls sideways.
    pub fn prefix_spans(&self) -> usize {
        self.spans.iter().take_while(|s| matches!(s.role, Role::Plain | Role::Gutter(_))).count()
    }

    /// Columns the row takes.
    pub fn width(&self) -> usize {
        self.spans.iter().map(|s| sanitize::display_width(&s.text)).sum()
    }
}

/// A laid-out post.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PostLayout {
    pub lines: Vec<Line>,
}

impl PostLayout {
    pub fn height(&self) -> usize {
        self.lines.len()
    }
}
