//! `tread print`: the thread as plain text, laid out by the viewer's code.

use std::fmt::Write as _;

use crate::layout::{LayoutParams, Line, Role, Styled, WideCode, layout_post, sanitize, wrap};
use crate::nav::QuoteFolds;
use crate::thread::{Order, PostId, Thread};

/// How `print` lays a thread out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrintOptions {
    pub width: u16,
    pub order: Order,
    pub expand_quotes: bool,
    /// Emit ANSI colours (only with `--color always`).
    pub color: bool,
}

impl Default for PrintOptions {
    fn default() -> Self {
        Self { width: 80, order: Order::Thread, expand_quotes: false, color: false }
    }
}

/// The whole thread as text, one post after another.
pub fn print_thread(thread: &Thread, options: PrintOptions) -> String {
    let folds = if options.expand_quotes { QuoteFolds::all_open() } else { QuoteFolds::default() };
    let params = LayoutParams { width: options.width, order: options.order, wide_code: WideCode::Wrap };
    let mut out = String::new();
    if let Some(title) = &thread.title {
        // A long title wraps like any text, underlined as wide as its widest row.
        let mut styled = Styled::default();
        styled.push(&sanitize::sanitize_line(title), Role::Author);
        let rows: Vec<String> = wrap(&styled, usize::from(options.width))
            .iter()
            .map(|spans| spans.iter().map(|s| s.text.as_str()).collect::<String>().trim_end().to_owned())
            .collect();
        for row in &rows {
            push_styled(&mut out, row, Role::Author, options.color);
            out.push('\n');
        }
        let underline = rows.iter().map(|r| sanitize::display_width(r)).max().unwrap_or(0);
        out.push_str(&"═".repeat(underline));
        out.push_str("\n\n");
    }
    for &post in thread.tree().order(options.order) {
        for line in &layout_post(thread, post, params, &folds, false).lines {
            push_line(&mut out, line, options.color);
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// One post as [`print_thread`] lays it out (what `|` pipes to a command).
pub fn print_post(thread: &Thread, post: PostId, folds: &QuoteFolds, options: PrintOptions) -> String {
    let params = LayoutParams { width: options.width, order: options.order, wide_code: WideCode::Wrap };
    let mut out = String::new();
    for line in &layout_post(thread, post, params, folds, false).lines {
        push_line(&mut out, line, options.color);
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn push_line(out: &mut String, line: &Line, color: bool) {
    let start = out.len();
    for span in &line.spans {
        push_styled(out, &span.text, span.role, color);
    }
    if !color {
        let trimmed = out[start..].trim_end().len();
        out.truncate(start + trimmed);
    }
    out.push('\n');
}

fn push_styled(out: &mut String, text: &str, role: Role, color: bool) {
    match sgr(role) {
        Some(code) if color && !text.trim().is_empty() => {
            let _ = write!(out, "\x1b[{code}m{text}\x1b[0m");
        }
        _ => out.push_str(text),
    }
}

/// ANSI select-graphic-rendition codes for each role in printed output.
fn sgr(role: Role) -> Option<&'static str> {
    Some(match role {
        Role::Plain | Role::Text => return None,
        Role::Number => "1;33",
        Role::Author => "1",
        Role::Time | Role::Dim => "2",
        Role::ReplyTarget => "36",
        Role::Link => "4;34",
        Role::Code => "32",
        Role::Cut | Role::Placeholder => "7",
        Role::Gutter(depth) | Role::QuoteHeader(depth) => match depth % 4 {
            1 => "35",
            2 => "34",
            3 => "36",
            _ => "33",
        },
        Role::Folded => "2;3",
        Role::Note => "31",
    })
}
