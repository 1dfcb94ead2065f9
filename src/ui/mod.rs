//! Drawing only: reads the model and the viewer state, writes the buffer.
//! The thread pane walks from the anchor and stops at the pane's height, so
//! a frame costs the same at post 10 and at post 90,000.

mod theme;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders, Clear, Widget};

pub use theme::{Palette, Theme};

use crate::app::Matcher;
use crate::layout::sanitize::{display_width, fit_prefix, sanitize_line};
use crate::layout::{Document, LayoutCache, Line};
use crate::nav::refs::{LedgerIndex, PostRefs, RefRow, scroll_offset};
use crate::nav::{Overlay, Pane, ReadMark, ReadMarks, RefsMode, RowPos, Viewer};
use crate::text;
use crate::thread::{PostId, Thread};

/// Below this the screen says so instead of drawing a garbled layout.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 5;
/// The references pane goes beside the thread from this width, below it
/// from this height, and is hidden otherwise.
const BESIDE_MIN_WIDTH: u16 = 100;
const BELOW_MIN_HEIGHT: u16 = 24;

/// Where each part of the screen goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub title: Rect,
    pub thread: Rect,
    /// The references pane, border included.
    pub refs: Option<Rect>,
    pub status: Rect,
}

/// Splits the screen; `None` when it is too small to be useful.
pub fn panes(area: Rect, refs_visible: bool) -> Option<Panes> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let title = Rect { height: 1, ..area };
    let status = Rect { y: area.bottom() - 1, height: 1, ..area };
    let body = Rect { y: area.y + 1, height: area.height - 2, ..area };
    let (thread, refs) = if refs_visible && body.width >= BESIDE_MIN_WIDTH {
        let side = (body.width / 3).clamp(30, 56);
        let thread = Rect { width: body.width - side, ..body };
        (thread, Some(Rect { x: thread.right(), width: side, ..body }))
    } else if refs_visible && body.height >= BELOW_MIN_HEIGHT {
        let below = body.height / 3;
        let thread = Rect { height: body.height - below, ..body };
        (thread, Some(Rect { y: thread.bottom(), height: below, ..body }))
    } else {
        (body, None)
    };
    Some(Panes { title, thread, refs, status })
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
    /// The widest the thread's text may be; 0 for the whole pane.
    pub max_width: u16,
}

/// Narrows the thread pane to `max_width` columns (0: no limit); the
/// columns given up stay empty.
pub fn cap_text_width(mut panes: Panes, max_width: u16) -> Panes {
    if max_width > 0 {
        panes.thread.width = panes.thread.width.min(max_width);
    }
    panes
}

/// Draws one frame. Only the layout cache is written to.
pub fn draw(frame: &mut Frame<'_>, scene: &Scene<'_>, cache: &mut LayoutCache) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    let Some(panes) = panes(area, scene.viewer.refs_visible).map(|p| cap_text_width(p, scene.max_width))
    else {
        let message = format!("terminal too small (need {MIN_WIDTH}×{MIN_HEIGHT})");
        put(buf, area.x, area.y + area.height / 2, &message, area.width, Style::new());
        return;
    };
    draw_title(buf, panes.title, scene);
    if scene.thread.is_empty() {
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

/// Writes `text` (already safe) clipped to `width` columns.
fn put(buf: &mut Buffer, x: u16, y: u16, text: &str, width: u16, style: Style) -> u16 {
    let (end, _) = buf.set_stringn(x, y, text, usize::from(width), style);
    end - x
}

fn draw_title(buf: &mut Buffer, area: Rect, scene: &Scene<'_>) {
    let style = scene.theme.title();
    buf.set_style(area, style);
    let viewer = scene.viewer;
    let thread = scene.thread;
    let mut right = String::new();
    if !thread.is_empty() {
        let position = thread.tree().position(viewer.order, viewer.cursor.post) + 1;
        right = format!("post {position}/{} │ {} order", thread.len(), viewer.order.name());
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
    let title = sanitize_line(thread.title.as_deref().unwrap_or("(untitled thread)"));
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
            draw_line(buf, Rect { y, height: 1, ..area }, line, scene.theme);
            if row == 0
                && let Some(marks) = scene.marks
            {
                draw_read_mark(buf, Rect { y, height: 1, ..area }, marks.mark(at.post), scene.theme);
            }
            if (RowPos { post: at.post, row }) == viewer.cursor {
                buf.set_style(Rect { y, height: 1, ..area }, cursor_style);
            }
            if let Some(matcher) = &matcher {
                highlight(
                    buf,
                    Rect { y, height: 1, ..area },
                    &line.text(),
                    matcher,
                    scene.theme.search_match(),
                );
            }
            y += 1;
        }
        match doc.next_post(at.post) {
            Some(next) => at = RowPos::start_of(next),
            None => break,
        }
    }
}

fn draw_line(buf: &mut Buffer, area: Rect, line: &Line, theme: Theme) {
    let mut x = area.x;
    for span in &line.spans {
        if x >= area.right() {
            break;
        }
        x += put(buf, x, area.y, &span.text, area.right() - x, theme.role(span.role));
    }
}

fn highlight(buf: &mut Buffer, area: Rect, text: &str, matcher: &Matcher, style: Style) {
    for range in matcher.find_all(text) {
        let start = display_width(&text[..range.start]) as u16;
        let width = display_width(&text[range]) as u16;
        if start >= area.width {
            break;
        }
        let width = width.min(area.width - start);
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
    let link = theme.role(crate::layout::Role::Link);
    match row {
        RefRow::Heading(text) => {
            put(buf, area.x, area.y, text, area.width, theme.heading());
        }
        RefRow::Empty(text) => {
            put(buf, area.x, area.y, &format!("  {text}"), area.width, theme.role(crate::layout::Role::Dim));
        }
        RefRow::Link { number, url, title } => {
            // Title and host when the file gave a title, else the address without its scheme.
            let link_ref = crate::thread::LinkRef { url: url.clone(), title: title.clone() };
            let label = match title {
                Some(title) => format!("{} · {}", sanitize_line(title), sanitize_line(link_ref.host())),
                None => sanitize_line(url.split_once("://").map_or(url.as_str(), |(_, rest)| rest)),
            };
            let used = put(
                buf,
                area.x,
                area.y,
                &format!(" {number:>2} "),
                area.width,
                theme.role(crate::layout::Role::Number),
            );
            put(buf, area.x + used, area.y, &label, area.width - used, link);
        }
        RefRow::Post { post, .. } | RefRow::LedgerPost { post } => {
            let indent = if matches!(row, RefRow::LedgerPost { .. }) { "     " } else { "  " };
            put(
                buf,
                area.x,
                area.y,
                &format!("{indent}{}", post_summary(scene.thread, *post)),
                area.width,
                Style::new(),
            );
        }
        RefRow::LedgerUrl { url, count } => {
            let used = put(
                buf,
                area.x,
                area.y,
                &format!("{count:>3}× "),
                area.width,
                theme.role(crate::layout::Role::Number),
            );
            put(buf, area.x + used, area.y, &sanitize_line(url), area.width - used, link);
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

fn draw_status(buf: &mut Buffer, area: Rect, scene: &Scene<'_>) {
    let viewer = scene.viewer;
    if let Some(input) = &viewer.input {
        put(buf, area.x, area.y, &format!("/{}█", sanitize_line(input)), area.width, Style::new());
    } else if let Some(message) = &viewer.status {
        put(buf, area.x, area.y, &sanitize_line(message), area.width, scene.theme.message());
    } else if scene.thread.attribution_pending() {
        put(buf, area.x, area.y, "finding where quotes come from…", area.width, scene.theme.status());
    } else {
        let hints = match viewer.focus {
            Pane::Thread => {
                "j/k move  J/K post  p target  ^o back  r replies  z fold  Tab refs  / search  ? help  q quit"
            }
            Pane::References => {
                "j/k select  Enter follow/open  y copy  U all links  Tab thread  ^o back  ? help  q quit"
            }
        };
        put(buf, area.x, area.y, hints, area.width, scene.theme.status());
    }
}

fn draw_help(buf: &mut Buffer, area: Rect, scene: &Scene<'_>, scroll: usize) {
    let key_width = scene.help.iter().map(|(k, _)| display_width(k)).max().unwrap_or(0).min(26);
    let text_width = scene.help.iter().map(|(_, d)| display_width(d)).max().unwrap_or(0);
    let width = area.width.saturating_sub(4).min((key_width + text_width + 6) as u16);
    let height = area.height.saturating_sub(2).min(scene.help.len() as u16 + 2);
    if width < 10 || height < 3 {
        return;
    }
    let rect =
        Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height };
    Clear.render(rect, buf);
    let block =
        Block::bordered().title(" Keys · j/k scroll · q or ? closes ").border_style(scene.theme.border(true));
    let inner = block.inner(rect);
    block.render(rect, buf);
    for (i, (keys, description)) in scene.help.iter().skip(scroll).take(usize::from(inner.height)).enumerate()
    {
        let y = inner.y + i as u16;
        put(buf, inner.x + 1, y, keys, key_width as u16, scene.theme.role(crate::layout::Role::Number));
        let x = inner.x + 1 + key_width as u16 + 2;
        if x < inner.right() {
            put(buf, x, y, description, inner.right() - x, Style::new());
        }
    }
}
