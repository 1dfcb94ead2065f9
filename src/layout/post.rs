//! One post laid out as rows: header, notes, body blocks, quote blocks with
//! gutters (or folded to one row), code cut at the edge, a separator.

use crate::nav::QuoteFolds;
use crate::text;
use crate::thread::{
    Block, Code, MAX_QUOTE_DEPTH, Order, Paragraph, PostId, PostTime, Quote, QuoteId, QuoteSource,
    ReplyTarget, Thread, for_each_quote,
};

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::sanitize::{self, Piece, display_width, fit_prefix};
use super::wrap::{Styled, wrap};
use super::{Line, LineKind, PostLayout, Role, Span};

/// Replies deeper than this are indented no further (their depth is shown).
pub const MAX_INDENT_LEVELS: usize = 6;
const INDENT_PER_LEVEL: usize = 2;
/// Words of a folded quote shown on its one line.
const FOLDED_WORDS: usize = 8;

/// What a layout depends on besides the post and its folds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LayoutParams {
    pub width: u16,
    pub order: Order,
    pub wide_code: WideCode,
}

/// What becomes of a code line wider than the text column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WideCode {
    /// Kept whole on one row, for the viewer to scroll sideways.
    Scroll,
    /// Broken onto further rows, each starting with [`CONTINUATION`] (for print).
    Wrap,
}

/// Starts each further row of a wrapped code line.
pub const CONTINUATION: &str = "↪ ";

/// Lays out `post` for `params`; `replies_folded` adds the "▸ N replies" row.
pub fn layout_post(
    thread: &Thread,
    post: PostId,
    params: LayoutParams,
    folds: &QuoteFolds,
    replies_folded: bool,
) -> PostLayout {
    let width = usize::from(params.width).max(1);
    let depth = match params.order {
        Order::Thread => thread.tree().depth(post),
        Order::Time => 0,
    };
    // Never let indentation eat more than a third of the row.
    let indent = (depth.min(MAX_INDENT_LEVELS) * INDENT_PER_LEVEL).min(width / 3);
    let mut builder =
        Builder { thread, folds, width, indent, wide_code: params.wide_code, lines: Vec::new(), block: None };
    builder.header(post, depth);
    let body = &thread.post(post).body;
    for (i, block) in body.iter().enumerate() {
        builder.block = Some(i);
        if i > 0 {
            builder.blank(0, None);
        }
        builder.body_block(block, 0, None);
    }
    builder.block = None;
    if thread.post(post).body_pending {
        let mut row = Styled::default();
        row.push(BODY_PENDING, Role::Dim);
        builder.emit(0, None, LineKind::Note, &row);
    }
    if let Some(missing) = thread.post(post).missing_replies {
        let mut row = Styled::default();
        row.push(&missing_replies_note(missing), Role::Dim);
        builder.emit(0, None, LineKind::Note, &row);
    }
    if replies_folded {
        let count = thread.tree().descendant_count(post);
        let mut row = Styled::default();
        row.push(&format!("▸ {count} {}", if count == 1 { "reply" } else { "replies" }), Role::Folded);
        builder.emit(0, None, LineKind::RepliesFolded, &row);
    }
    builder.lines.push(Line { spans: Vec::new(), kind: LineKind::Separator, quote: None, block: None });
    PostLayout { lines: builder.lines }
}

/// Stands for a body still being read.
pub const BODY_PENDING: &str = "[reading this message…]";

/// The dim row under a post whose replies the file does not hold.
fn missing_replies_note(count: u64) -> String {
    match count {
        0 => "[more replies not in this file]".to_owned(),
        1 => "[1 reply not in this file]".to_owned(),
        n => format!("[{n} replies not in this file]"),
    }
}

struct Builder<'a> {
    thread: &'a Thread,
    folds: &'a QuoteFolds,
    width: usize,
    indent: usize,
    wide_code: WideCode,
    lines: Vec<Line>,
    block: Option<usize>,
}

impl Builder<'_> {
    /// The indentation and quote gutters of a row at quote depth `depth`.
    fn prefix(&self, depth: usize) -> Vec<Span> {
        let mut spans = Vec::with_capacity(depth + 1);
        if self.indent > 0 {
            spans.push(Span::new(" ".repeat(self.indent), Role::Plain));
        }
        for level in 1..=depth {
            spans.push(Span::new("│ ", Role::Gutter(level as u8)));
        }
        spans
    }

    fn room(&self, depth: usize) -> usize {
        self.width.saturating_sub(self.indent + 2 * depth).max(1)
    }

    fn emit(&mut self, depth: usize, quote: Option<QuoteId>, kind: LineKind, styled: &Styled) {
        for spans in wrap(styled, self.room(depth)) {
            let mut row = self.prefix(depth);
            row.extend(spans);
            self.lines.push(Line { spans: row, kind, quote, block: self.block });
        }
    }

    fn blank(&mut self, depth: usize, quote: Option<QuoteId>) {
        let spans = self.prefix(depth);
        self.lines.push(Line { spans, kind: LineKind::Blank, quote, block: self.block });
    }

    fn header(&mut self, post: PostId, depth: usize) {
        let p = self.thread.post(post);
        let mut row = Styled::default();
        row.push(&post.to_string(), Role::Number);
        row.push(" ", Role::Plain);
        push_line(&mut row, p.author_or_anonymous(), Role::Author);
        match &p.time {
            PostTime::At(t) => {
                row.push(" · ", Role::Dim);
                row.push(&t.strftime("%Y-%m-%d %H:%M").to_string(), Role::Time);
            }
            PostTime::Unreadable(raw) => {
                row.push(" · ", Role::Dim);
                push_line(&mut row, raw, Role::Time);
            }
            PostTime::None => {}
        }
        if let ReplyTarget::Post(target) = p.reply_target {
            row.push("  ↪ ", Role::ReplyTarget);
            row.push(&target.to_string(), Role::ReplyTarget);
            row.push(" ", Role::ReplyTarget);
            push_line(&mut row, self.thread.post(target).author_or_anonymous(), Role::ReplyTarget);
        }
        if depth > MAX_INDENT_LEVELS {
            row.push(&format!("  ⋮ depth {depth}"), Role::Dim);
        }
        self.emit(0, None, LineKind::Header, &row);
        let note = match &p.reply_target {
            ReplyTarget::Missing(key) => Some(format!("⚠ reply target \"{key}\" not in this thread")),
            ReplyTarget::Cycle(target) => {
                Some(format!("⚠ reply target {target} would close a cycle; shown as a top-level post"))
            }
            ReplyTarget::None | ReplyTarget::Post(_) => None,
        };
        if let Some(note) = note {
            let mut row = Styled::default();
            push_line(&mut row, &note, Role::Note);
            self.emit(0, None, LineKind::Note, &row);
        }
    }

    fn body_block(&mut self, block: &Block, depth: usize, quote: Option<QuoteId>) {
        match block {
            Block::Paragraph(p) => {
                let styled = paragraph_styled(p);
                self.emit(depth, quote, LineKind::Text, &styled);
            }
            Block::Code(code) => self.code(code, depth, quote),
            Block::Quote(q) => {
                if self.folds.is_folded(self.thread, q.id) {
                    self.folded_quote(q, depth);
                } else {
                    self.open_quote(q, depth);
                }
            }
        }
    }

    fn code(&mut self, code: &Code, depth: usize, quote: Option<QuoteId>) {
        let room = self.room(depth);
        for raw in code.text.lines() {
            let clean = sanitize::sanitize_line(raw);
            if self.wide_code == WideCode::Scroll || display_width(&clean) <= room {
                let mut row = self.prefix(depth);
                row.push(Span::new(clean, Role::Code));
                self.lines.push(Line { spans: row, kind: LineKind::Code, quote, block: self.block });
                continue;
            }
            // Whole grapheme clusters per row; further rows carry the continuation mark.
            let mut rest = clean.as_str();
            let mut first = true;
            while !rest.is_empty() {
                let mark = if first { "" } else { CONTINUATION };
                let room = room.saturating_sub(display_width(mark)).max(1);
                let (mut shown, _) = fit_prefix(rest, room);
                if shown.is_empty() {
                    // A cluster wider than the room still gets a row of its own.
                    shown = rest.graphemes(true).next().unwrap_or(rest);
                }
                let mut row = self.prefix(depth);
                if !first {
                    row.push(Span::new(mark, Role::Dim));
                }
                row.push(Span::new(shown, Role::Code));
                self.lines.push(Line { spans: row, kind: LineKind::Code, quote, block: self.block });
                rest = &rest[shown.len()..];
                first = false;
            }
        }
    }

    fn open_quote(&mut self, q: &Quote, depth: usize) {
        let inner = (depth + 1).min(MAX_QUOTE_DEPTH);
        let mut head = Styled::default();
        head.push("▾ ", Role::QuoteHeader(inner as u8));
        push_line(&mut head, &self.source_label(q), Role::QuoteHeader(inner as u8));
        self.emit(depth, Some(q.id), LineKind::QuoteHeader, &head);
        for (i, block) in q.body.iter().enumerate() {
            if i > 0 {
                self.blank(inner, Some(q.id));
            }
            self.body_block(block, inner, Some(q.id));
        }
    }

    /// `▸ #2 Selz: “have found hints” … 17 lines`, always exactly one row.
    fn folded_quote(&mut self, q: &Quote, depth: usize) {
        let hidden = {
            let mut open = Builder {
                thread: self.thread,
                folds: self.folds,
                width: self.width,
                indent: self.indent,
                wide_code: self.wide_code,
                lines: Vec::new(),
                block: None,
            };
            open.open_quote(q, depth);
            open.lines.len()
        };
        let label = format!("▸ {}: ", sanitize::sanitize_line(&self.source_label(q)));
        let suffix = format!(" … {hidden} {}", if hidden == 1 { "line" } else { "lines" });
        let room = self.room(depth);
        let words_room = room.saturating_sub(display_width(&label) + display_width(&suffix) + 2);
        // The preview is put in quote marks of its own, so its own outer ones go.
        let words = text::first_words(&quote_words(q), FOLDED_WORDS);
        let words = sanitize::sanitize_line(words.trim_matches(is_preview_quote_mark));
        let words = if display_width(&words) > words_room {
            let (cut, _) = fit_prefix(&words, words_room.saturating_sub(1));
            format!("{}…", cut.trim_end())
        } else {
            words
        };
        let full = format!("{label}“{words}”{suffix}");
        let (shown, _) = fit_prefix(&full, room);
        let mut row = self.prefix(depth);
        row.push(Span::new(shown, Role::Folded));
        self.lines.push(Line {
            spans: row,
            kind: LineKind::QuoteFolded,
            quote: Some(q.id),
            block: self.block,
        });
    }

    /// Names a quote's source: `#2 Selz`, `#2 Selz (inferred)`, `Selz`, `quote`.
    fn source_label(&self, q: &Quote) -> String {
        let info = self.thread.quote(q.id);
        match &info.source {
            QuoteSource::Given(p) => format!("{p} {}", self.thread.post(*p).author_or_anonymous()),
            QuoteSource::Inferred(p) => {
                format!("{p} {} (inferred)", self.thread.post(*p).author_or_anonymous())
            }
            QuoteSource::Missing(key) => match &q.author {
                Some(author) => format!("{author} (post \"{key}\" not in thread)"),
                None => format!("post \"{key}\" (not in thread)"),
            },
            QuoteSource::Unattributed => q.author.clone().unwrap_or_else(|| "quote".to_owned()),
        }
    }
}

/// Marks trimmed from the ends of a folded quote's preview.
fn is_preview_quote_mark(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '”' | '„' | '‘' | '’' | '«' | '»' | '‹' | '›' | '「' | '」')
}

/// The words a folded quote shows: its own text, else its inner quotes'.
fn quote_words(q: &Quote) -> String {
    fn collect(blocks: &[Block], out: &mut String, own_only: bool) {
        for block in blocks {
            match block {
                Block::Paragraph(p) => push_words(&p.text, out),
                Block::Code(c) => push_words(&c.text, out),
                Block::Quote(inner) if !own_only => collect(&inner.body, out, false),
                Block::Quote(_) => {}
            }
        }
    }
    fn push_words(text: &str, out: &mut String) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(text);
    }
    let mut words = String::new();
    collect(&q.body, &mut words, true);
    if words.trim().is_empty() {
        collect(&q.body, &mut words, false);
    }
    words
}

/// Pushes single-line untrusted text: newlines and controls become placeholders.
fn push_line(styled: &mut Styled, text: &str, role: Role) {
    for piece in sanitize::pieces(text) {
        match piece {
            Piece::Text(s) => styled.push(s, role),
            Piece::Placeholder(p) => styled.push(p, Role::Placeholder),
            Piece::Tab => styled.push(" ", role),
        }
    }
}

/// A paragraph's text with link roles; `\n` stays a hard break.
fn paragraph_styled(p: &Paragraph) -> Styled {
    let mut styled = Styled::default();
    let push_text = |styled: &mut Styled, text: &str, role: Role| {
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                styled.push("\n", role);
            }
            for piece in sanitize::pieces(line) {
                match piece {
                    Piece::Text(s) => styled.push(s, role),
                    Piece::Placeholder(ph) => styled.push(ph, Role::Placeholder),
                    Piece::Tab => styled.push(&" ".repeat(sanitize::TAB_STOP), role),
                }
            }
        }
    };
    let mut at = 0;
    for range in &p.links {
        push_text(&mut styled, &p.text[at..range.start], Role::Text);
        push_text(&mut styled, &p.text[range.clone()], Role::Link);
        at = range.end;
    }
    push_text(&mut styled, &p.text[at..], Role::Text);
    styled
}

/// Where the text quoted by `quote` starts in its source post: the index of
/// the source's top-level block holding the quote's first words.
pub fn quote_passage_block(thread: &Thread, quote: QuoteId) -> Option<(PostId, usize)> {
    let info = thread.quote(quote);
    let source = info.source.post()?;
    let mut found = None;
    for_each_quote(&thread.post(info.post).body, &mut |q| {
        if q.id == quote {
            found = Some(q);
        }
    });
    let needle = text::folded(&text::first_words(&quote_words(found?), 4).replace('…', ""));
    let blocks = &thread.post(source).body;
    let position = blocks.iter().position(|block| {
        let mut hay = String::new();
        match block {
            Block::Paragraph(p) => text::push_folded(&p.text, &mut hay),
            Block::Code(c) => text::push_folded(&c.text, &mut hay),
            Block::Quote(q) => text::push_folded(&quote_words(q), &mut hay),
        }
        hay.contains(&needle)
    });
    Some((source, position.unwrap_or(0)))
}

/// The rows of `source_layout` (the quoted post's layout) that hold the
/// passage `quote` quotes: from the row where its first words start to the
/// row where its text ends. Rows are compared under the same folding as
/// quote attribution, so wrapping, quote marks and case do not matter.
/// Falls back to the first row of the block holding the passage, then to
/// the header.
pub fn quote_passage_rows(thread: &Thread, quote: QuoteId, source_layout: &PostLayout) -> Range<usize> {
    let info = thread.quote(quote);
    let mut found = None;
    for_each_quote(&thread.post(info.post).body, &mut |q| {
        if q.id == quote {
            found = Some(q);
        }
    });
    let Some(quoted) = found else { return 0..1 };
    let words = quote_words(quoted);
    let needle = text::folded(&text::first_words(&words, 4).replace('…', ""));
    let passage_len = text::folded(&words).len().max(needle.len());
    // The folded text of every row that shows body text, and where each starts in it.
    let mut joined = String::new();
    let mut starts = Vec::new();
    for (i, line) in source_layout.lines.iter().enumerate() {
        if !matches!(line.kind, LineKind::Text | LineKind::Code) {
            continue;
        }
        starts.push((i, joined.len()));
        for span in &line.spans[line.prefix_spans()..] {
            if span.role != Role::Dim {
                text::push_folded(&span.text, &mut joined);
            }
        }
    }
    if let Some(at) = (!needle.is_empty()).then(|| joined.find(&needle)).flatten() {
        let end = at + passage_len;
        let first = starts.iter().rev().find(|(_, start)| *start <= at).map_or(0, |(i, _)| *i);
        let last = starts.iter().rev().find(|(_, start)| *start < end).map_or(first, |(i, _)| *i);
        return first..last.max(first) + 1;
    }
    let block = quote_passage_block(thread, quote).map(|(_, block)| block);
    let row = source_layout
        .lines
        .iter()
        .position(|l| l.block == block && block.is_some() && !matches!(l.kind, LineKind::Blank))
        .unwrap_or(0);
    row..row + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{LoadOptions, load_slice};
    use crate::print::{PrintOptions, print_thread};
    use crate::thread::Order;

    fn thread(json: &str) -> Thread {
        Thread::from_file(load_slice(json.as_bytes(), "t.json", LoadOptions::default()).expect("valid").file)
    }

    #[test]
    fn missing_replies_are_a_dim_row_not_text() {
        let thread = thread(
            r#"{"version": 1, "posts": [{"id": "a", "body": "Hello.", "missing_replies": 2},
                {"id": "b", "body": "Hi.", "missing_replies": 0}, {"id": "c", "body": "Plain."}]}"#,
        );
        let params = LayoutParams { width: 40, order: Order::Thread, wide_code: WideCode::Wrap };
        let rows = |index: usize| {
            layout_post(&thread, PostId::new(index), params, &QuoteFolds::default(), false).lines
        };
        let notes: Vec<(String, Vec<Role>)> = rows(0)
            .iter()
            .filter(|l| l.kind == LineKind::Note)
            .map(|l| (l.text(), l.spans.iter().map(|s| s.role).collect()))
            .collect();
        assert_eq!(notes, [("[2 replies not in this file]".to_owned(), vec![Role::Dim])]);
        let last_text = rows(1).iter().rev().find(|l| l.kind != LineKind::Separator).map(Line::text);
        assert_eq!(last_text.as_deref(), Some("[more replies not in this file]"));
        assert!(rows(2).iter().all(|l| l.kind != LineKind::Note));
        // Not part of the body: nothing to search or quote.
        assert!(thread.post(PostId::new(0)).body.len() == 1);
        let printed = print_thread(&thread, PrintOptions::default());
        assert!(printed.contains("Hello.\n[2 replies not in this file]\n"), "{printed}");
    }
}
