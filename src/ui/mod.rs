//! Drawing only: reads the model and the viewer state, writes the buffer.
//! The thread pane walks from the anchor and stops at the pane's height, so
//! a frame costs the same at post 10 and at post 90,000.

mod theme;

use ratatui::Frame;
use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders, Clear, Widget};

pub use theme::{Palette, Theme};

use crate::layout::sanitize::{self, display_width, fit_prefix, sanitize_line};
use unicode_segmentation::UnicodeSegmentation;

use crate::layout::{Document, LayoutCache, Line, LineKind, Role, Styled, wrap};
use crate::nav::refs::{LedgerIndex, PostRefs, RefRow, scroll_offset};
use crate::nav::{Matcher, Overlay, Pane, Prompt, ReadMark, ReadMarks, RefsMode, RowPos, Viewer};
use crate::text;
use crate::thread::{PostId, Thread};

/// Below this the screen says so instead of drawing a garbled layout.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 5;
/// The references pane goes beside the thread from this width, below it
/// from this height, and over the thread (while it has the keys) otherwise.
const BESIDE_MIN_WIDTH: u16 = 100;
const BELOW_MIN_HEIGHT: u16 = 24;
/// The narrowest and widest the references pane is made beside the thread
/// (wider when the text column is capped).
const SIDE_MIN_WIDTH: u16 = 30;
const SIDE_WIDTH: u16 = 56;
/// The widest text column by default: longer lines are hard to read.
pub const DEFAULT_MAX_TEXT_WIDTH: u16 = 100;

/// What the screen split depends on besides the terminal's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaneOptions {
    /// The reader's wish to see the references pane beside or below the thread.
    pub refs_visible: bool,
    /// The references pane has the keys (so it is shown, over the thread if need be).
    pub refs_focused: bool,
    /// The text column is never wider than this; 0 for no limit.
    pub max_text_width: u16,
}

/// Where each part of the screen goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub title: Rect,
    pub thread: Rect,
    /// The references pane, border included.
    pub refs: Option<Rect>,
    /// The references pane covers the thread (the screen is too small for both).
    pub refs_over_thread: bool,
    pub status: Rect,
}

/// Splits the screen; `None` when it is too small to be useful.
pub fn panes(area: Rect, options: PaneOptions) -> Option<Panes> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let title = Rect { height: 1, ..area };
    let status = Rect { y: area.bottom() - 1, height: 1, ..area };
    let body = Rect { y: area.y + 1, height: area.height - 2, ..area };
    let max_text_width = match options.max_text_width {
        0 => u16::MAX,
        width => width.max(MIN_WIDTH),
    };
    let capped = |rect: Rect| Rect { width: rect.width.min(max_text_width), ..rect };
    let mut refs_over_thread = false;
    let (thread, refs) = if options.refs_visible && body.width >= BESIDE_MIN_WIDTH {
        let side = (body.width / 3).clamp(SIDE_MIN_WIDTH, SIDE_WIDTH);
        // The side pane takes whatever the capped text column leaves.
        let thread = capped(Rect { width: body.width - side, ..body });
        (thread, Some(Rect { x: thread.right(), width: body.right() - thread.right(), ..body }))
    } else if options.refs_visible && body.height >= BELOW_MIN_HEIGHT {
        let below = body.height / 3;
        let thread = Rect { height: body.height - below, ..body };
        (capped(thread), Some(Rect { y: thread.bottom(), height: below, ..body }))
    } else if options.refs_focused {
        refs_over_thread = true;
        (capped(body), Some(body))
    } else {
        (capped(body), None)
    };
    Some(Panes { title, thread, refs, refs_over_thread, status })
}

/// Everything `draw` reads.
pub struct Scene<'a> {
    pub thread: &'a Thread,
    pub viewer: &'a Viewer,
    pub ledger: &'a LedgerIndex,
    pub help: &'a [(String, String)],
    pub theme: Theme,
    /// Unread and new posts, when read state is on.
    pub marks: Option<&'a ReadMarks>,
    /// The widest the text column is made; 0 for no limit.
    pub max_text_width: u16,
    /// What the thread was read as ("mbox, 412 messages"), shown after the title.
    pub source: Option<&'a str>,
}

impl Scene<'_> {
    fn pane_options(&self) -> PaneOptions {
        PaneOptions {
            refs_visible: self.viewer.refs_visible,
            refs_focused: self.viewer.focus == Pane::References,
            max_text_width: self.max_text_width,
        }
    }
}

/// Draws one frame. Only the layout cache is written to.
pub fn draw(frame: &mut Frame<'_>, scene: &Scene<'_>, cache: &mut LayoutCache) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    let Some(panes) = panes(area, scene.pane_options()) else {
        draw_too_small(buf, area);
        return;
    };
    draw_title(buf, panes.title, scene);
    if panes.refs_over_thread {
        // The thread is covered: drawing it would only cost time.
    } else if scene.thread.is_empty() {
        put(
            buf,
            panes.thread.x,
            panes.thread.y,
            "this thread has no posts",
            panes.thread.width,
            Style::new(),
        );
    } else {
        draw_thread(buf, panes.thread, scene, cache);
    }
    if let Some(refs) = panes.refs {
        draw_refs(buf, refs, scene);
    }
    draw_status(buf, panes.status, scene);
    if let Some(Overlay::Help { scroll }) = scene.viewer.overlay {
        draw_help(buf, area, scene, scroll);
    }
}

/// Columns after an emoji cluster redrawn on every frame: a terminal that
/// draws the cluster wider than measured writes over them.
const CLUSTER_SPILL: u16 = 2;
/// What the cells under an emoji cluster hold (never drawn: the cluster covers them).
const UNDER_CLUSTER: &str = "";

/// Writes `text` (already safe) clipped to `width` columns, one grapheme
/// cluster per cell at the width the terminal gives it (see
/// [`sanitize::grapheme_width`]), and returns the columns used.
fn put(buf: &mut Buffer, x: u16, y: u16, text: &str, width: u16, style: Style) -> u16 {
    let right = x.saturating_add(width).min(buf.area.right());
    let mut at = x;
    for grapheme in text.graphemes(true) {
        let columns = sanitize::grapheme_width(grapheme) as u16;
        if columns == 0 || grapheme.contains(char::is_control) {
            continue;
        }
        if at + columns > right {
            break;
        }
        let cell = &mut buf[(at, y)];
        cell.set_symbol(grapheme).set_style(style);
        let uncertain = sanitize::is_uncertain_cluster(grapheme);
        if uncertain && let Some(forced) = NonZeroU16::new(columns) {
            // A forced width makes ratatui place the next cell explicitly
            // rather than trust the terminal's cursor after the cluster.
            cell.set_diff_option(CellDiffOption::ForcedWidth(forced));
            for spill in at + columns..(at + columns + CLUSTER_SPILL).min(buf.area.right()) {
                buf[(spill, y)].set_diff_option(CellDiffOption::AlwaysUpdate);
            }
        }
        for hidden in at + 1..at + columns {
            let cell = &mut buf[(hidden, y)];
            cell.reset();
            if uncertain {
                // The terminal may draw such a cluster as several glyphs
                // (👍 then 🏽): marked, these cells differ from whatever
                // comes next, so they are rewritten once the cluster goes.
                cell.set_symbol(UNDER_CLUSTER);
            }
        }
        at += columns;
    }
    at - x
}

/// Writes `text` (already safe) in `width` columns, ending it with `…` when cut.
fn put_cut(buf: &mut Buffer, x: u16, y: u16, text: &str, width: u16, style: Style) -> u16 {
    if display_width(text) <= usize::from(width) {
        return put(buf, x, y, text, width, style);
    }
    let (shown, _) = fit_prefix(text, usize::from(width.saturating_sub(1)));
    put(buf, x, y, &format!("{shown}…"), width, style)
}

/// The "too small" message, wrapped to fit whatever room there is.
fn draw_too_small(buf: &mut Buffer, area: Rect) {
    let message = format!("terminal too small (need {MIN_WIDTH}×{MIN_HEIGHT})");
    let rows = wrap_plain(&message, usize::from(area.width));
    let top = area.y + area.height.saturating_sub(rows.len() as u16) / 2;
    for (i, row) in rows.iter().take(usize::from(area.height)).enumerate() {
        put(buf, area.x, top + i as u16, row, area.width, Style::new());
    }
}

/// `text` wrapped to `width` columns, as plain rows.
fn wrap_plain(text: &str, width: usize) -> Vec<String> {
    let mut styled = Styled::default();
    styled.push(text, Role::Plain);
    wrap(&styled, width.max(1))
        .iter()
        .map(|spans| spans.iter().map(|s| s.text.as_str()).collect::<String>().trim_end().to_owned())
        .collect()
}

fn draw_title(buf: &mut Buffer, area: Rect, scene: &Scene<'_>) {
    let style = scene.theme.title();
    buf.set_style(area, style);
    let viewer = scene.viewer;
    let thread = scene.thread;
    let mut right = String::new();
    if !thread.is_empty() {
        // The post's own number (as in its header) and where it stands in this order.
        let post = viewer.cursor.post;
        let position = thread.tree().position(viewer.order, post) + 1;
        right = format!("{post} · {position} of {} │ {} order", thread.len(), viewer.order.name());
        let (at, len) = viewer.history.position();
        if len > 0 {
            // The live position counts as the newest place.
            let total = if at > len { len + 1 } else { len };
            right = format!("{right} │ history {at}/{total}");
        }
    }
    if let Some(marks) = scene.marks {
        right = format!("{} │ {right}", unread_summary(marks));
    }
    let right = format!(" {right} ");
    let mut title = sanitize_line(thread.title.as_deref().unwrap_or("(untitled thread)"));
    if let Some(source) = scene.source {
        title = format!("{title} · {}", sanitize_line(source));
    }
    let right_width = display_width(&right) as u16;
    let room = area.width.saturating_sub(right_width + 1);
    let (shown, _) = fit_prefix(&title, usize::from(room.saturating_sub(1)));
    put(buf, area.x, area.y, &format!(" {shown}"), room, style);
    if right_width <= area.width {
        put(buf, area.right() - right_width, area.y, &right, right_width, style);
    }
}

/// `3 new · 10 unread`, `10 unread` or `all read`.
fn unread_summary(marks: &ReadMarks) -> String {
    match (marks.new_count(), marks.unread_count()) {
        (_, 0) => "all read".to_owned(),
        (0, unread) => format!("{unread} unread"),
        (new, unread) => format!("{new} new · {unread} unread"),
    }
}

/// The unread mark at the right end of a post's header row: `N` for a post
/// new since the last visit, `●` for one merely unread.
fn draw_read_mark(buf: &mut Buffer, area: Rect, mark: ReadMark, theme: Theme) {
    let (symbol, style) = match mark {
        ReadMark::Read => return,
        ReadMark::Unread => ("●", theme.unread()),
        ReadMark::New => ("N", theme.new_post()),
    };
    if area.width >= 2 {
        put(buf, area.right() - 2, area.y, &format!("{symbol} "), 2, style);
    }
}

fn draw_thread(buf: &mut Buffer, area: Rect, scene: &Scene<'_>, cache: &mut LayoutCache) {
    let viewer = scene.viewer;
    let mut doc = Document {
        thread: scene.thread,
        order: viewer.order,
        quote_folds: &viewer.quote_folds,
        reply_folds: &viewer.reply_folds,
        width: area.width,
        cache,
    };
    let matcher = viewer.search.as_deref().and_then(Matcher::new);
    let cursor_style = scene.theme.cursor(viewer.focus == Pane::Thread);
    let mut at = doc.clamp(viewer.anchor);
    let mut y = area.y;
    'posts: loop {
        let layout = doc.layout(at.post);
        for (row, line) in layout.lines.iter().enumerate().skip(at.row) {
            if y >= area.bottom() {
                break 'posts;
            }
            let rect = Rect { y, height: 1, ..area };
            let shift = viewer
                .side_scroll
                .filter(|s| s.post == at.post && s.block == line.block && line.kind == LineKind::Code)
                .map_or(0, |s| s.columns);
            let prefix_width = draw_line(buf, rect, line, scene.theme, shift);
            if row == 0
                && let Some(marks) = scene.marks
            {
                draw_read_mark(buf, rect, marks.mark(at.post), scene.theme);
            }
            if viewer.flash.as_ref().is_some_and(|f| f.post == at.post && f.rows.contains(&row)) {
                buf.set_style(rect, scene.theme.flash());
            }
            if (RowPos { post: at.post, row }) == viewer.cursor {
                buf.set_style(rect, cursor_style);
            }
            if let Some(matcher) = &matcher {
                let found = Found { matcher, prefix_width, shift };
                highlight(buf, rect, &line.text(), &found, scene.theme.search_match());
            }
            y += 1;
        }
        match doc.next_post(at.post) {
            Some(next) => at = RowPos::start_of(next),
            None => break,
        }
    }
}

/// Draws a row; a row wider than the pane is cut with `→`, and when
/// scrolled `shift` columns sideways (indent and gutters staying put) it
/// starts with `←`. Returns the prefix's width.
fn draw_line(buf: &mut Buffer, area: Rect, line: &Line, theme: Theme, shift: usize) -> usize {
    let mut x = area.x;
    let prefix = line.prefix_spans();
    for span in &line.spans[..prefix] {
        x += put(buf, x, area.y, &span.text, area.right().saturating_sub(x), theme.role(span.role));
    }
    let prefix_width = usize::from(x - area.x);
    let content_start = x;
    let mut skip = shift;
    let mut content_width = 0;
    for span in &line.spans[prefix..] {
        content_width += display_width(&span.text);
        if x >= area.right() {
            continue;
        }
        let (text, skipped) = skip_columns(&span.text, skip);
        skip -= skipped;
        x += put(buf, x, area.y, &text, area.right() - x, theme.role(span.role));
    }
    let room = usize::from(area.right().saturating_sub(content_start));
    if content_width > shift + room && room > 1 {
        put(buf, area.right() - 1, area.y, "→", 1, theme.scroll_marker());
    }
    if shift > 0 && room > 1 {
        put(buf, content_start, area.y, "←", 1, theme.scroll_marker());
    }
    prefix_width
}

/// `text` without its first `columns` columns (a wide character cut in
/// two leaves spaces), and how many columns were skipped.
fn skip_columns(text: &str, columns: usize) -> (std::borrow::Cow<'_, str>, usize) {
    if columns == 0 {
        return (text.into(), 0);
    }
    let mut skipped = 0;
    for (at, grapheme) in text.grapheme_indices(true) {
        if skipped >= columns {
            return (text[at..].into(), skipped);
        }
        let width = display_width(grapheme);
        if skipped + width > columns {
            let pad = " ".repeat(skipped + width - columns);
            return (format!("{pad}{}", &text[at + grapheme.len()..]).into(), columns);
        }
        skipped += width;
    }
    ("".into(), skipped)
}

/// A search as drawn on one row: matches in a scrolled row move with it.
struct Found<'a> {
    matcher: &'a Matcher,
    prefix_width: usize,
    shift: usize,
}

fn highlight(buf: &mut Buffer, area: Rect, text: &str, found: &Found<'_>, style: Style) {
    for range in found.matcher.find_all(text) {
        let mut start = display_width(&text[..range.start]);
        let width = display_width(&text[range]);
        if start >= found.prefix_width {
            if start < found.prefix_width + found.shift {
                continue;
            }
            start -= found.shift;
        }
        let start = start as u16;
        if start >= area.width {
            break;
        }
        let width = (width as u16).min(area.width - start);
        buf.set_style(Rect { x: area.x + start, width, ..area }, style);
    }
}

/// The references pane's frame: beside the thread it starts right of it
/// (a left border), below it at column 0 (a top border).
fn refs_block(area: Rect) -> Block<'static> {
    Block::new().borders(if area.x > 0 { Borders::LEFT } else { Borders::TOP })
}

/// The rows of the references pane inside its frame (for mouse clicks).
pub fn refs_inner(area: Rect) -> Rect {
    refs_block(area).inner(area)
}

fn draw_refs(buf: &mut Buffer, area: Rect, scene: &Scene<'_>) {
    let viewer = scene.viewer;
    let focused = viewer.focus == Pane::References;
    let title = match viewer.refs.mode {
        RefsMode::Post => " References ",
        RefsMode::Ledger => " Every link of the thread ",
    };
    // Beside the thread it starts right of it; below it, at column 0.
    let block = refs_block(area).border_style(scene.theme.border(focused)).title(title);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 || scene.thread.is_empty() {
        return;
    }
    let height = usize::from(inner.height);
    let selected_style = scene.theme.cursor(focused);
    match viewer.refs.mode {
        RefsMode::Post => {
            let refs = PostRefs::new(scene.thread, viewer.cursor.post);
            let selected_row = refs.selectable_row(viewer.refs.selected);
            let offset = scroll_offset(selected_row, height);
            for i in offset..(offset + height).min(refs.len()) {
                let Some(row) = refs.row(i) else { break };
                let y = inner.y + (i - offset) as u16;
                draw_ref_row(buf, Rect { y, height: 1, ..inner }, &row, scene);
                if Some(i) == selected_row {
                    buf.set_style(Rect { y, height: 1, ..inner }, selected_style);
                }
            }
        }
        RefsMode::Ledger => {
            if scene.ledger.is_empty() {
                put(buf, inner.x, inner.y, "no links in this thread", inner.width, Style::new());
                return;
            }
            let selected = viewer.refs.selected;
            let offset = scroll_offset(Some(selected), height);
            for i in offset..(offset + height).min(scene.ledger.len()) {
                let Some(row) = scene.ledger.row(scene.thread, i) else { break };
                let y = inner.y + (i - offset) as u16;
                draw_ref_row(buf, Rect { y, height: 1, ..inner }, &row, scene);
                if i == selected {
                    buf.set_style(Rect { y, height: 1, ..inner }, selected_style);
                }
            }
        }
    }
}

fn draw_ref_row(buf: &mut Buffer, area: Rect, row: &RefRow, scene: &Scene<'_>) {
    let theme = scene.theme;
    let link = theme.role(Role::Link);
    match row {
        RefRow::Heading(text) => {
            put_cut(buf, area.x, area.y, text, area.width, theme.heading());
        }
        RefRow::Empty(text) => {
            put(buf, area.x, area.y, &format!("  {text}"), area.width, theme.role(Role::Dim));
        }
        RefRow::Link { number, url, title } => {
            // Title and host when the file gave a title, else the address without its scheme.
            let link_ref = crate::thread::LinkRef { url: url.clone(), title: title.clone() };
            let label = match title {
                Some(title) => format!("{} · {}", sanitize_line(title), sanitize_line(link_ref.host())),
                None => sanitize_line(url.split_once("://").map_or(url.as_str(), |(_, rest)| rest)),
            };
            let used =
                put(buf, area.x, area.y, &format!(" {number:>2} "), area.width, theme.role(Role::Number));
            put_cut(buf, area.x + used, area.y, &label, area.width - used, link);
        }
        RefRow::Post { post, .. } | RefRow::LedgerPost { post } => {
            let indent = if matches!(row, RefRow::LedgerPost { .. }) { "     " } else { "  " };
            put_cut(
                buf,
                area.x,
                area.y,
                &format!("{indent}{}", post_summary(scene.thread, *post)),
                area.width,
                Style::new(),
            );
        }
        RefRow::LedgerUrl { url, count } => {
            let used =
                put(buf, area.x, area.y, &format!("{count:>3}× "), area.width, theme.role(Role::Number));
            put_cut(buf, area.x + used, area.y, &sanitize_line(url), area.width - used, link);
        }
    }
}

/// `#4 Selz: Exactly. Lol …` for reference rows.
fn post_summary(thread: &Thread, post: PostId) -> String {
    let p = thread.post(post);
    let words = p.body.iter().find_map(|b| match b {
        crate::thread::Block::Paragraph(para) => Some(text::first_words(&para.text, 8)),
        _ => None,
    });
    let author = sanitize_line(p.author_or_anonymous());
    match words {
        Some(words) => format!("{post} {author}: {}", sanitize_line(&words.replace('\n', " "))),
        None => format!("{post} {author}"),
    }
}

/// Hints for the status line with their priority: 0 is always shown,
/// then lower numbers first while they fit, in this order on the line.
const THREAD_HINTS: &[(&str, u8)] = &[
    ("j/k move", 1),
    ("J/K post", 2),
    ("p target", 3),
    ("^o back", 3),
    ("u parent", 6),
    ("r replies", 7),
    ("z fold", 5),
    ("Tab refs", 4),
    ("/ search", 4),
    ("? help", 0),
    ("q quit", 0),
];
const REFS_HINTS: &[(&str, u8)] = &[
    ("j/k select", 1),
    ("Enter follow/open", 1),
    ("y copy", 4),
    ("U all links", 5),
    ("Tab thread", 2),
    ("^o back", 3),
    ("? help", 0),
    ("q quit", 0),
];
const HINT_GAP: &str = "  ";

/// The hints that fit in `width` columns, by priority, in their order.
pub fn fit_hints(hints: &[(&str, u8)], width: usize) -> String {
    let mut by_priority: Vec<usize> = (0..hints.len()).collect();
    by_priority.sort_by_key(|&i| hints[i].1);
    let mut chosen = vec![false; hints.len()];
    let mut used = 0;
    for i in by_priority {
        let (hint, priority) = hints[i];
        let cost = display_width(hint) + if used == 0 { 0 } else { HINT_GAP.len() };
        if priority > 0 && used + cost > width {
            continue;
        }
        chosen[i] = true;
        used += cost;
    }
    hints
        .iter()
        .zip(chosen)
        .filter(|(_, keep)| *keep)
        .map(|((hint, _), _)| *hint)
        .collect::<Vec<_>>()
        .join(HINT_GAP)
}

fn draw_status(buf: &mut Buffer, area: Rect, scene: &Scene<'_>) {
    let viewer = scene.viewer;
    if let Some(prompt) = &viewer.input {
        draw_prompt(buf, area, prompt, scene.theme);
        return;
    }
    let mut right = 0;
    if let Some(count) = viewer.count {
        let count = count.to_string();
        right = count.len() as u16 + 1;
        if right < area.width {
            put(buf, area.right() - right, area.y, &count, right, scene.theme.status());
        }
    }
    let width = area.width.saturating_sub(right);
    if let Some(message) = &viewer.status {
        put_cut(buf, area.x, area.y, &sanitize_line(message), width, scene.theme.message());
    } else if scene.thread.bodies_pending() {
        put(buf, area.x, area.y, "reading every message…", width, scene.theme.status());
    } else if scene.thread.attribution_pending() {
        put(buf, area.x, area.y, "finding where quotes come from…", width, scene.theme.status());
    } else {
        let hints = match viewer.focus {
            Pane::Thread => THREAD_HINTS,
            Pane::References => REFS_HINTS,
        };
        put(buf, area.x, area.y, &fit_hints(hints, usize::from(width)), width, scene.theme.status());
    }
}

/// `/text` with a block cursor; a line too long for the row shows the part around the cursor.
fn draw_prompt(buf: &mut Buffer, area: Rect, prompt: &Prompt, theme: Theme) {
    let text = sanitize_line(prompt.text());
    let sigil = prompt.kind.sigil();
    // Sanitizing keeps character boundaries for printable text; count columns before the cursor.
    let before = sanitize_line(&prompt.text()[..prompt.cursor()]);
    let cursor_column = display_width(sigil) + display_width(&before);
    let width = usize::from(area.width);
    let skip = (cursor_column + 1).saturating_sub(width);
    let line = format!("{sigil}{text} ");
    let (shown, _) = skip_columns(&line, skip);
    put(buf, area.x, area.y, &shown, area.width, Style::new());
    let x = area.x + (cursor_column - skip) as u16;
    if x < area.right() {
        buf.set_style(Rect { x, width: 1, ..area }, theme.prompt_cursor());
    }
}

/// The help overlay's box and its rows (keys, description), wrapped to fit.
pub struct HelpLayout {
    pub rect: Rect,
    pub rows: Vec<(String, String)>,
    pub key_width: u16,
}

impl HelpLayout {
    /// `None` when the screen has no room for it.
    pub fn new(area: Rect, help: &[(String, String)]) -> Option<Self> {
        let key_width = help.iter().map(|(k, _)| display_width(k)).max().unwrap_or(0).min(22);
        let text_width = help.iter().map(|(_, d)| display_width(d)).max().unwrap_or(0);
        let width = area.width.min((key_width + text_width + 6) as u16);
        let height = area.height.saturating_sub(2);
        if width < 12 || height < 3 {
            return None;
        }
        let inner_width = usize::from(width - 2);
        // Keys beside their descriptions when both get a fair share, else above them.
        // A column of margin on each side inside the border, two between keys and text.
        let beside = inner_width >= key_width + 4 + 24;
        let (key_width, text_width) = if beside {
            (key_width, inner_width - key_width - 4)
        } else {
            (inner_width - 2, inner_width - 4)
        };
        let mut rows = Vec::new();
        for (keys, description) in help {
            let keys = wrap_plain(keys, key_width);
            let text = wrap_plain(description, text_width);
            if beside {
                for i in 0..keys.len().max(text.len()) {
                    rows.push((
                        keys.get(i).cloned().unwrap_or_default(),
                        text.get(i).cloned().unwrap_or_default(),
                    ));
                }
            } else {
                rows.extend(keys.into_iter().map(|k| (k, String::new())));
                rows.extend(text.into_iter().map(|t| (String::new(), format!("  {t}"))));
            }
        }
        let height = height.min(rows.len() as u16 + 2);
        let rect = Rect {
            x: area.x + (area.width - width) / 2,
            y: area.y + (area.height - height) / 2,
            width,
            height,
        };
        let key_width = if beside { key_width as u16 } else { 0 };
        Some(Self { rect, rows, key_width })
    }

    /// The furthest the rows can scroll.
    pub fn max_scroll(&self) -> usize {
        self.rows.len().saturating_sub(usize::from(self.rect.height.saturating_sub(2)))
    }
}

fn draw_help(buf: &mut Buffer, area: Rect, scene: &Scene<'_>, scroll: usize) {
    let Some(help) = HelpLayout::new(area, scene.help) else { return };
    Clear.render(help.rect, buf);
    let block =
        Block::bordered().title(" Keys · j/k scroll · q or ? closes ").border_style(scene.theme.border(true));
    let inner = block.inner(help.rect);
    block.render(help.rect, buf);
    let key_style = scene.theme.role(Role::Number);
    let scroll = scroll.min(help.max_scroll());
    for (i, (keys, description)) in help.rows.iter().skip(scroll).take(usize::from(inner.height)).enumerate()
    {
        let y = inner.y + i as u16;
        let x = inner.x + 1;
        if help.key_width == 0 {
            put(buf, x, y, keys, inner.width - 1, key_style);
            put(buf, x, y, description, inner.width - 1, Style::new());
            continue;
        }
        put(buf, x, y, keys, help.key_width, key_style);
        let x = x + help.key_width + 2;
        if x < inner.right() {
            put(buf, x, y, description, inner.right() - x, Style::new());
        }
    }
    if help.max_scroll() > 0 {
        let more =
            format!(" {}/{} ", (scroll + usize::from(inner.height)).min(help.rows.len()), help.rows.len());
        let x = help.rect.right().saturating_sub(display_width(&more) as u16 + 1);
        put(buf, x, help.rect.bottom() - 1, &more, help.rect.width, scene.theme.border(true));
    }
}
