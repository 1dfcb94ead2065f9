//! Action-level tests: scripted actions applied to the state, no terminal.

use super::*;
use crate::format::{LoadOptions, load_slice};
use crate::nav::{HISTORY_LIMIT, Prompt, RowPos};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn app_from(json: &str, width: u16, height: u16) -> App {
    let file = load_slice(json.as_bytes(), "t.json", LoadOptions::default()).expect("valid").file;
    let mut app = App::new(Thread::from_file(file), Order::Thread, width, height);
    app.resize(width, height);
    app
}

fn rules(width: u16, height: u16) -> App {
    app_from(include_str!("../../sample-threads/rules.json"), width, height)
}

fn p(n: usize) -> PostId {
    PostId::new(n - 1)
}

fn apply_all(app: &mut App, actions: &[Action]) {
    for &action in actions {
        app.apply(action);
    }
}

fn line_kind(app: &mut App) -> LineKind {
    let row = app.viewer.cursor.row;
    app.focused_layout().lines[row].kind
}

#[test]
fn next_and_previous_post_follow_thread_order() {
    let mut app = rules(80, 24);
    assert_eq!(app.viewer.cursor, RowPos::start_of(p(1)));
    apply_all(&mut app, &[Action::NextPost, Action::NextPost]);
    // Thread order: 1, 2, 3, 8, 7, 4, 5, 6.
    assert_eq!(app.viewer.cursor.post, p(3));
    app.apply(Action::NextPost);
    assert_eq!(app.viewer.cursor.post, p(8));
    app.apply(Action::PrevPost);
    assert_eq!(app.viewer.cursor.post, p(3));
    assert_eq!(app.viewer.anchor, RowPos::start_of(p(3)), "a post jump lands its header on top");
}

#[test]
fn top_level_posts_skip_replies() {
    let mut app = rules(80, 24);
    app.apply(Action::NextTopLevel);
    assert_eq!(app.viewer.cursor.post, p(4));
    app.apply(Action::NextTopLevel);
    assert_eq!(app.viewer.cursor.post, p(5));
    app.apply(Action::NextPost);
    assert_eq!(app.viewer.cursor.post, p(6));
    app.apply(Action::PrevTopLevel);
    assert_eq!(app.viewer.cursor.post, p(5), "first to the root of the current post");
    app.apply(Action::PrevTopLevel);
    assert_eq!(app.viewer.cursor.post, p(4));
}

#[test]
fn reply_target_jump_and_history() {
    let mut app = rules(80, 24);
    apply_all(&mut app, &[Action::NextPost, Action::NextPost]);
    assert_eq!(app.viewer.cursor.post, p(3));
    app.apply(Action::GoToTarget);
    assert_eq!(app.viewer.cursor, RowPos::start_of(p(2)));
    app.apply(Action::GoToTarget);
    assert_eq!(app.viewer.cursor, RowPos::start_of(p(1)));
    app.apply(Action::Back);
    assert_eq!(app.viewer.cursor.post, p(2));
    app.apply(Action::Back);
    assert_eq!(app.viewer.cursor.post, p(3));
    app.apply(Action::Back);
    assert_eq!(app.viewer.status.as_deref(), Some("no earlier jump"));
    app.apply(Action::Forward);
    assert_eq!(app.viewer.cursor.post, p(2));
    app.apply(Action::Forward);
    assert_eq!(app.viewer.cursor.post, p(1));
    app.apply(Action::Forward);
    assert_eq!(app.viewer.status.as_deref(), Some("no later jump"));
}

#[test]
fn from_a_quote_p_goes_to_the_quoted_passage() {
    let mut app = rules(80, 24);
    apply_all(&mut app, &[Action::NextPost, Action::Down]);
    assert_eq!(line_kind(&mut app), LineKind::QuoteFolded);
    app.apply(Action::GoToTarget);
    // Post 2 quotes the first paragraph of post 1: block 0, row 1.
    assert_eq!(app.viewer.cursor, RowPos { post: p(1), row: 1 });
}

#[test]
fn missing_targets_explain_themselves() {
    let mut app = rules(80, 24);
    apply_all(&mut app, &[Action::NextTopLevel, Action::GoToTarget]);
    assert_eq!(app.viewer.cursor.post, p(4));
    assert_eq!(app.viewer.status.as_deref(), Some("reply target \"missing-post\" not in this thread"));
    app.apply(Action::PrevPost);
    assert_eq!(app.viewer.cursor.post, p(7));
    // Move to the quote naming post 404 (the last rows of post 7).
    let layout = app.focused_layout();
    let row = layout.lines.iter().position(|l| l.kind == LineKind::QuoteHeader).unwrap();
    app.viewer.cursor.row = row;
    app.apply(Action::GoToTarget);
    assert_eq!(app.viewer.status.as_deref(), Some("quoted post \"404\" not in this thread"));
}

#[test]
fn fold_toggles_the_quote_under_the_cursor_and_keeps_the_cursor_on_it() {
    let mut app = rules(80, 24);
    apply_all(&mut app, &[Action::NextPost, Action::Down]);
    assert_eq!(line_kind(&mut app), LineKind::QuoteFolded);
    let before = app.focused_layout().height();
    app.apply(Action::ToggleFold);
    assert_eq!(line_kind(&mut app), LineKind::QuoteHeader);
    assert!(app.focused_layout().height() > before);
    app.apply(Action::Down);
    app.apply(Action::ToggleFold);
    assert_eq!(line_kind(&mut app), LineKind::QuoteFolded, "folding from inside lands on the folded line");
    assert_eq!(app.focused_layout().height(), before);
}

#[test]
fn quote_folds_cycle_default_all_folded_all_open_default() {
    let mut app = rules(80, 24);
    let folded_states = |app: &App| {
        let mut folded = Vec::new();
        for post in app.thread().posts() {
            crate::thread::for_each_quote(&post.body, &mut |q| {
                folded.push(app.viewer.quote_folds.is_folded(app.thread(), q.id));
            });
        }
        folded
    };
    let default = folded_states(&app);
    assert!(default.contains(&true) && default.contains(&false), "repeats folded, the rest open");
    app.apply(Action::CycleQuoteFolds);
    assert!(folded_states(&app).iter().all(|&f| f));
    assert_eq!(app.viewer.status.as_deref(), Some("quotes: all folded"));
    app.apply(Action::CycleQuoteFolds);
    assert!(folded_states(&app).iter().all(|&f| !f));
    assert_eq!(app.viewer.status.as_deref(), Some("quotes: all open"));
    app.apply(Action::CycleQuoteFolds);
    assert_eq!(folded_states(&app), default, "back to the default");
    assert!(app.viewer.status.as_deref().unwrap().contains("default"));
}

#[test]
fn replies_fold_on_a_header_and_jumps_unfold_them() {
    let mut app = rules(80, 24);
    app.apply(Action::ToggleFold); // on post 1's header
    assert!(app.viewer.reply_folds.is_folded(p(1)));
    app.apply(Action::NextPost);
    assert_eq!(app.viewer.cursor.post, p(4), "the folded subtree is skipped");
    app.apply(Action::PrevPost);
    assert_eq!(app.viewer.cursor.post, p(1));
    let layout = app.focused_layout();
    assert!(layout.lines.iter().any(|l| l.text() == "▸ 4 replies"));
    // `r` jumps into the folded subtree and opens it.
    app.apply(Action::NextReply);
    assert_eq!(app.viewer.cursor.post, p(2));
    assert!(!app.viewer.reply_folds.is_folded(p(1)));
    // Back restores the fold too.
    app.apply(Action::Back);
    assert!(app.viewer.reply_folds.is_folded(p(1)));
}

#[test]
fn r_walks_through_the_replies() {
    let mut app = rules(80, 24);
    app.apply(Action::NextReply);
    assert_eq!(app.viewer.cursor.post, p(2));
    app.apply(Action::NextReply);
    assert_eq!(app.viewer.cursor.post, p(7));
    app.apply(Action::NextReply);
    assert_eq!(app.viewer.status.as_deref(), Some("no more replies to #1"));
    assert_eq!(app.viewer.cursor.post, p(7));
}

#[test]
fn time_order_keeps_the_focused_post() {
    let mut app = rules(80, 24);
    apply_all(&mut app, &[Action::NextPost, Action::NextPost, Action::NextPost]);
    assert_eq!(app.viewer.cursor.post, p(8));
    app.apply(Action::ToggleOrder);
    assert_eq!(app.viewer.order, Order::Time);
    assert_eq!(app.viewer.cursor.post, p(8));
    app.apply(Action::PrevPost);
    assert_eq!(app.viewer.cursor.post, p(7), "time order: #7 was written before #8");
}

#[test]
fn paging_moves_view_and_cursor_and_stops_at_the_ends() {
    let mut app = rules(80, 12);
    let (_, height) = app.pane_size();
    app.apply(Action::PageDown);
    let start = RowPos::start_of(p(1));
    let anchor = app.viewer.anchor;
    assert_eq!(app.document().distance(start, anchor, 1000), Some(height));
    for _ in 0..50 {
        app.apply(Action::PageDown);
    }
    let last = app.document().last_row().unwrap();
    assert_eq!(app.viewer.cursor, last);
    app.apply(Action::Top);
    assert_eq!(app.viewer.cursor, start);
    app.apply(Action::Bottom);
    assert_eq!(app.viewer.cursor, last);
}

#[test]
fn cursor_stays_on_screen() {
    let mut app = rules(80, 10);
    let (_, height) = app.pane_size();
    for _ in 0..40 {
        app.apply(Action::Down);
        let (anchor, cursor) = (app.viewer.anchor, app.viewer.cursor);
        assert!(app.document().distance(anchor, cursor, height - 1).is_some());
    }
    for _ in 0..40 {
        app.apply(Action::Up);
        let (anchor, cursor) = (app.viewer.anchor, app.viewer.cursor);
        assert!(app.document().distance(anchor, cursor, height - 1).is_some());
    }
    assert_eq!(app.viewer.cursor, RowPos::start_of(p(1)));
}

#[test]
fn search_is_smart_case_and_opens_folded_quotes() {
    let mut app = rules(80, 24);
    app.viewer.search = Some("STATE MACHINE".to_owned());
    app.apply(Action::NextMatch);
    assert_eq!(app.viewer.status.as_deref().map(|s| s.starts_with("pattern not found")), Some(true));
    app.viewer.search = Some("whole point".to_owned());
    app.apply(Action::NextMatch);
    assert_eq!(app.viewer.cursor.post, p(2));
    app.apply(Action::NextMatch);
    // Post 3 holds the text only in a folded quote: it is opened.
    assert_eq!(app.viewer.cursor.post, p(3));
    let layout = app.focused_layout();
    assert!(layout.lines[app.viewer.cursor.row].text().contains("whole point"));
    app.apply(Action::PrevMatch);
    assert_eq!(app.viewer.cursor.post, p(2));
}

#[test]
fn typing_a_search_in_the_prompt() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut app = rules(80, 24);
    let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    app.handle_key(key('/'));
    assert_eq!(app.viewer.input.as_ref().map(Prompt::text), Some(""));
    for c in "cycle".chars() {
        app.handle_key(key(c));
    }
    app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(app.viewer.input, None);
    assert_eq!(app.viewer.cursor.post, p(5), "first match after post 1 in thread order (1 2 3 8 7 4 5 6)");
}

#[test]
fn references_pane_follows_posts_and_opens_links() {
    let mut app = rules(120, 30);
    app.apply(Action::SwitchPane);
    assert_eq!(app.viewer.focus, Pane::References);
    // Post 1: three links, then replies #2 and #7, then quoted by #2.
    assert_eq!(
        app.apply(Action::Activate),
        Some(Effect::OpenUrl("https://en.wikipedia.org/wiki/Finite-state_machine_(disambiguation)".into()))
    );
    app.apply(Action::Down);
    assert_eq!(app.apply(Action::CopyLink), Some(Effect::Copy("https://www.example.org/notes".into())));
    apply_all(&mut app, &[Action::Down, Action::Down, Action::Down]);
    assert_eq!(app.apply(Action::Activate), None);
    assert_eq!(app.viewer.cursor.post, p(7), "the second reply");
    app.apply(Action::Back);
    assert_eq!(app.viewer.cursor.post, p(1));
}

#[test]
fn ledger_lists_every_url_and_jumps_to_citing_posts() {
    let mut app = rules(120, 30);
    app.apply(Action::ToggleLedger);
    assert_eq!(app.viewer.refs.mode, RefsMode::Ledger);
    assert_eq!(app.viewer.focus, Pane::References);
    // Rows: wikipedia, #1, www.example.org/notes, #1, paper.pdf, #1, #8.
    apply_all(&mut app, &[Action::Bottom]);
    app.apply(Action::Activate);
    assert_eq!(app.viewer.cursor.post, p(8));
}

#[test]
fn help_overlay_opens_scrolls_and_closes() {
    let mut app = rules(80, 24);
    app.apply(Action::Help);
    app.apply(Action::Down);
    assert_eq!(app.viewer.overlay, Some(Overlay::Help { scroll: 1 }));
    assert_eq!(app.apply(Action::Quit), None, "q closes the overlay first");
    assert_eq!(app.viewer.overlay, None);
    assert_eq!(app.apply(Action::Quit), Some(Effect::Quit));
}

#[test]
fn resize_keeps_the_focused_post() {
    let mut app = rules(80, 24);
    apply_all(&mut app, &[Action::NextPost, Action::NextPost, Action::NextPost]);
    let focused = app.viewer.cursor.post;
    for (w, h) in [(40, 10), (200, 60), (20, 5), (3, 2), (80, 24)] {
        app.resize(w, h);
        assert_eq!(app.viewer.cursor.post, focused, "at {w}x{h}");
    }
}

#[test]
fn history_is_bounded() {
    let mut app = rules(80, 24);
    for _ in 0..HISTORY_LIMIT + 20 {
        app.apply(Action::NextReply);
        app.apply(Action::GoToTarget);
    }
    let (_, len) = app.viewer.history.position();
    assert_eq!(len, HISTORY_LIMIT);
}

#[test]
fn empty_thread_does_not_panic() {
    let mut app = app_from(r#"{"version":1,"posts":[]}"#, 80, 24);
    for &action in Action::ALL {
        if action != Action::Suspend && action != Action::Quit {
            app.apply(action);
        }
    }
}

#[test]
fn inferred_sources_arrive_later_and_keep_the_readers_folds() {
    let json = include_str!("../../sample-threads/rules.json");
    let file = load_slice(json.as_bytes(), "t.json", LoadOptions::default()).unwrap().file;
    let mut app = App::new(Thread::from_file_deferred(file), Order::Thread, 80, 24);
    app.apply(Action::NextPost);
    // Post 2's quote names no source: before inference it is open and unattributed.
    app.apply(Action::Down);
    assert_eq!(line_kind(&mut app), LineKind::QuoteHeader);
    assert!(app.focused_layout().lines[1].text().contains("▾ quote"));
    // Post 3's quote of #2 is given, so it is folded already; the reader opens it.
    app.apply(Action::NextPost);
    app.apply(Action::Down);
    app.apply(Action::ToggleFold);
    assert_eq!(line_kind(&mut app), LineKind::QuoteHeader);

    let job = app.attribution_job().expect("inference pending");
    app.finish_attribution(job());
    assert!(app.attribution_job().is_none());
    assert_eq!(line_kind(&mut app), LineKind::QuoteHeader, "the quote the reader opened stays open");
    app.apply(Action::PrevPost);
    let layout = app.focused_layout();
    assert!(
        layout.lines[1].text().starts_with("  ▸ #1 Ada (inferred)"),
        "now folded as a repeat of #1: {:?}",
        layout.lines[1].text()
    );
    assert_eq!(app.thread().quoted_by(p(1)), [p(2)]);
}

#[test]
fn mouse_wheel_scrolls_and_a_click_opens_a_folded_quote() {
    use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mouse = |kind, column, row| MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE };
    let mut app = rules(80, 24);
    app.handle_mouse(mouse(MouseEventKind::ScrollDown, 10, 10));
    assert_eq!(app.viewer.anchor, RowPos { post: p(1), row: 3 }, "three rows per wheel step");
    app.handle_mouse(mouse(MouseEventKind::ScrollUp, 10, 10));
    assert_eq!(app.viewer.anchor, RowPos::start_of(p(1)));
    // Post 2's folded quote: screen row 1 (title) + post 1's rows + 1.
    let post1_rows = app.document().height(p(1));
    let folded_row = 1 + post1_rows + 1;
    app.handle_mouse(mouse(MouseEventKind::Down(MouseButton::Left), 5, folded_row as u16));
    assert_eq!(app.viewer.cursor, RowPos { post: p(2), row: 1 });
    assert_eq!(line_kind(&mut app), LineKind::QuoteHeader, "the click opened the quote");
}

/// A post with many replies: the references pane scrolls to the selection,
/// and a click picks the row under the pointer, in both pane placements.
#[test]
fn clicks_in_a_scrolled_references_pane_pick_the_row_under_the_pointer() {
    use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let click = |column, row| MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    let replies: Vec<String> =
        (2..=60).map(|n| format!(r#"{{"id":"{n}","reply_to":"1","body":"reply {n}"}}"#)).collect();
    let json = format!(r#"{{"version":1,"posts":[{{"id":"1","body":"root"}},{}]}}"#, replies.join(","));
    // Beside the thread (left border, rows from y = 1) and below it (top border).
    for (width, height) in [(120, 30), (80, 40)] {
        let mut app = app_from(&json, width, height);
        let pane = crate::ui::refs_inner(app.panes().expect("a screen").refs.expect("a references pane"));
        app.apply(Action::SwitchPane);
        app.apply(Action::Bottom);
        // Rows: "Links of #1", "no links", "Replies (59)", #2 … #60; the last is selected.
        let (count, selected) = app.selected_ref();
        assert_eq!(count, 59);
        assert_eq!(selected.and_then(|row| row.post()), Some(p(60)));
        let offset = 62 - usize::from(pane.height);
        // The top row of the pane shows row `offset`, the reply #(offset - 1).
        app.handle_mouse(click(pane.x + 2, pane.y));
        let (_, selected) = app.selected_ref();
        assert_eq!(selected.and_then(|row| row.post()), Some(p(offset - 1)), "{width}x{height}");
    }
}

fn key(code: ratatui::crossterm::event::KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn type_keys(app: &mut App, keys: &str) -> Option<Effect> {
    let mut effect = None;
    for c in keys.chars() {
        effect = app.handle_key(key(KeyCode::Char(c)));
    }
    effect
}

fn sample(name: &str, width: u16, height: u16) -> App {
    let path = format!("{}/sample-threads/{name}", env!("CARGO_MANIFEST_DIR"));
    app_from(&std::fs::read_to_string(path).unwrap(), width, height)
}

/// The folded text of the cursor row.
fn cursor_text(app: &mut App) -> String {
    let row = app.viewer.cursor.row;
    crate::text::folded(&app.focused_layout().lines[row].text())
}

/// A story with three top-level comments, as HN and Reddit threads come.
const STORY: &str = r#"{"version":1,"posts":[
    {"id":"s","body":"The story"},
    {"id":"a","reply_to":"s","body":"first comment"},
    {"id":"a1","reply_to":"a","body":"reply to first"},
    {"id":"a2","reply_to":"a","body":"second reply to first"},
    {"id":"a2x","reply_to":"a2","body":"deep"},
    {"id":"b","reply_to":"s","body":"second comment"},
    {"id":"c","reply_to":"s","body":"third comment"}]}"#;

#[test]
fn under_a_single_root_braces_step_through_its_direct_replies() {
    let mut app = app_from(STORY, 80, 24);
    app.apply(Action::NextTopLevel);
    assert_eq!(app.viewer.cursor.post, p(2), "the first comment");
    app.apply(Action::NextPost);
    app.apply(Action::NextPost);
    app.apply(Action::NextTopLevel);
    assert_eq!(app.viewer.cursor.post, p(6), "from inside a subtree to the next comment");
    app.apply(Action::NextTopLevel);
    assert_eq!(app.viewer.cursor.post, p(7));
    app.apply(Action::NextTopLevel);
    assert_eq!(app.viewer.status.as_deref(), Some("last top-level post"));
    app.apply(Action::PrevTopLevel);
    assert_eq!(app.viewer.cursor.post, p(6));
    app.apply(Action::PrevTopLevel);
    app.apply(Action::PrevTopLevel);
    assert_eq!(app.viewer.cursor.post, p(1), "before the first comment: the story");
    // Time order too.
    app.apply(Action::ToggleOrder);
    app.apply(Action::NextTopLevel);
    assert_eq!(app.viewer.cursor.post, p(2));
}

#[test]
fn siblings_and_parent_from_anywhere_in_a_post() {
    let mut app = app_from(STORY, 80, 24);
    apply_all(&mut app, &[Action::NextPost, Action::NextSibling]);
    assert_eq!(app.viewer.cursor.post, p(6), "the next reply to the story");
    app.apply(Action::NextSibling);
    assert_eq!(app.viewer.cursor.post, p(7));
    app.apply(Action::NextSibling);
    assert_eq!(app.viewer.status.as_deref(), Some("#7 is the last reply to #1"));
    app.apply(Action::PrevSibling);
    assert_eq!(app.viewer.cursor.post, p(6));
    // Up to the parent from the middle of a post, then back.
    app.viewer.cursor = RowPos { post: p(5), row: 1 };
    app.apply(Action::Parent);
    assert_eq!(app.viewer.cursor, RowPos::start_of(p(4)));
    app.apply(Action::Parent);
    assert_eq!(app.viewer.cursor.post, p(2));
    app.apply(Action::Back);
    assert_eq!(app.viewer.cursor.post, p(4));
    app.viewer.cursor = RowPos::start_of(p(1));
    app.apply(Action::Parent);
    assert_eq!(app.viewer.status.as_deref(), Some("#1 is a top-level post"));
}

#[test]
fn counts_repeat_motions() {
    let mut app = app_from(STORY, 80, 40);
    type_keys(&mut app, "5j");
    let cursor = app.viewer.cursor;
    assert_eq!(app.document().distance(RowPos::start_of(p(1)), cursor, 100), Some(5));
    app.apply(Action::Top);
    type_keys(&mut app, "3J");
    assert_eq!(app.viewer.cursor.post, p(4));
    type_keys(&mut app, "2K");
    assert_eq!(app.viewer.cursor.post, p(2));
    type_keys(&mut app, "10}");
    assert_eq!(app.viewer.cursor.post, p(7), "a count past the end stops at the last");
    type_keys(&mut app, "gg");
    assert_eq!(app.viewer.cursor, RowPos::start_of(p(1)), "gg still works");
    type_keys(&mut app, "G");
    assert_eq!(app.viewer.cursor.post, p(7));
    type_keys(&mut app, "3G");
    assert_eq!(app.viewer.cursor, RowPos::start_of(p(3)), "a count before G: post number 3");
    assert_eq!(app.viewer.count, None, "the count is used up");
}

#[test]
fn go_to_a_post_by_number_or_id() {
    let mut app = sample("ketamine.json", 80, 24);
    type_keys(&mut app, ":12");
    assert_eq!(app.viewer.input.as_ref().map(Prompt::text), Some("12"));
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.viewer.cursor, RowPos::start_of(p(12)));
    let mut app = app_from(STORY, 80, 24);
    type_keys(&mut app, ":a2x");
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.viewer.cursor.post, p(5));
    type_keys(&mut app, ":99");
    app.handle_key(key(KeyCode::Enter));
    assert!(app.viewer.status.as_deref().unwrap().starts_with("no post numbered or with id \"99\""));
    app.apply(Action::Back);
    assert_eq!(app.viewer.cursor.post, p(1), "a go-to is a jump");
}

#[test]
fn the_prompt_edits_like_readline_and_remembers() {
    let mut app = rules(80, 24);
    type_keys(&mut app, "/abc");
    app.handle_key(key(KeyCode::Backspace));
    let text = |app: &App| app.viewer.input.as_ref().map(|p| p.text().to_owned());
    assert_eq!(text(&app).as_deref(), Some("ab"));
    app.handle_key(ctrl('u'));
    assert_eq!(text(&app).as_deref(), Some(""));
    type_keys(&mut app, "one two");
    app.handle_key(ctrl('w'));
    assert_eq!(text(&app).as_deref(), Some("one "));
    app.handle_key(ctrl('a'));
    type_keys(&mut app, "x");
    app.handle_key(ctrl('e'));
    app.handle_key(key(KeyCode::Left));
    app.handle_key(key(KeyCode::Delete));
    assert_eq!(text(&app).as_deref(), Some("xone"));
    app.handle_key(ctrl('u'));
    type_keys(&mut app, "cycle");
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.viewer.cursor.post, p(5));
    type_keys(&mut app, "/whole");
    app.handle_key(key(KeyCode::Enter));
    type_keys(&mut app, "/");
    app.handle_key(key(KeyCode::Up));
    assert_eq!(text(&app).as_deref(), Some("whole"));
    app.handle_key(key(KeyCode::Up));
    assert_eq!(text(&app).as_deref(), Some("cycle"));
    app.handle_key(key(KeyCode::Down));
    app.handle_key(key(KeyCode::Down));
    assert_eq!(text(&app).as_deref(), Some(""));
    app.handle_key(key(KeyCode::Esc));
    assert!(app.viewer.input.is_none());
}

#[test]
fn search_says_which_match_of_how_many_folded_quotes_included() {
    let mut app = rules(80, 24);
    app.viewer.search = Some("whole point".to_owned());
    app.apply(Action::NextMatch);
    // #2 says it; #3 and #6 quote it in folded quotes: three matches.
    assert_eq!(app.viewer.status.as_deref(), Some("match 1 of 3"));
    app.apply(Action::NextMatch);
    assert_eq!(app.viewer.status.as_deref(), Some("match 2 of 3"));
    app.apply(Action::PrevMatch);
    assert_eq!(app.viewer.status.as_deref(), Some("match 1 of 3"));
    type_keys(&mut app, "2n");
    assert_eq!(app.viewer.status.as_deref(), Some("match 3 of 3"));
    app.apply(Action::NextMatch);
    assert_eq!(app.viewer.status.as_deref(), Some("match 1 of 3 · search hit the end, continued at the top"));
}

#[test]
fn p_on_a_quote_lands_on_the_first_row_of_the_passage_and_flashes_it() {
    // mail.json: #5 quotes a sentence from the middle of #4.
    let mut app = sample("mail.json", 80, 24);
    apply_all(
        &mut app,
        &[Action::NextPost, Action::NextPost, Action::NextPost, Action::NextPost, Action::Down],
    );
    assert!(app.focused_layout().lines[app.viewer.cursor.row].quote.is_some());
    let before = (app.viewer.cursor, app.viewer.anchor);
    app.apply(Action::GoToTarget);
    assert_eq!(app.viewer.cursor.post, p(4));
    assert!(cursor_text(&mut app).contains("check the memory limit"), "{}", cursor_text(&mut app));
    let flash = app.viewer.flash.clone().expect("the passage is highlighted");
    assert_eq!(flash.rows.start, app.viewer.cursor.row);
    assert_eq!(app.viewer.anchor, RowPos::start_of(p(4)), "the header stays in view");
    app.apply(Action::Down);
    assert!(app.viewer.flash.is_none(), "until the next key");
    app.apply(Action::Back);
    assert_eq!((app.viewer.cursor, app.viewer.anchor), before, "Ctrl-o returns to the exact row");

    // ketamine: #13 quotes #12.
    let mut app = sample("ketamine.json", 80, 24);
    type_keys(&mut app, ":13");
    app.handle_key(key(KeyCode::Enter));
    let quote_row = app.focused_layout().lines.iter().position(|l| l.quote.is_some()).unwrap();
    app.viewer.cursor.row = quote_row;
    app.apply(Action::GoToTarget);
    assert_eq!(app.viewer.cursor.post, p(12));
    let kind = line_kind(&mut app);
    assert!(kind == LineKind::Text || kind == LineKind::Code, "not a blank row: {kind:?}");
}

#[test]
fn p_on_a_quoted_patch_hunk_lands_inside_the_code_block() {
    let mbox = include_bytes!("../../tests/corpus/mbox/lkml-cifs-fscache-rfc.mbox");
    let imported =
        crate::import::import(crate::import::Kind::Mbox, mbox, &crate::import::ImportOptions::default())
            .unwrap();
    let mut app = App::new(Thread::from_file(imported.file), Order::Thread, 80, 24);
    app.viewer.search = Some("This is incorrect".to_owned());
    app.apply(Action::NextMatch);
    assert!(cursor_text(&mut app).contains("this is incorrect"));
    // The quote just above the reader's remark.
    app.apply(Action::Up);
    while app.focused_layout().lines[app.viewer.cursor.row].quote.is_none() {
        app.apply(Action::Up);
    }
    let quoted = cursor_text(&mut app);
    app.apply(Action::GoToTarget);
    assert_eq!(line_kind(&mut app), LineKind::Code, "inside the source's code block");
    let landed = cursor_text(&mut app);
    assert!(quoted.contains(landed.trim()), "landed on {landed:?}, quote row {quoted:?}");
}

#[test]
fn jumps_keep_the_target_posts_header_in_view_when_it_fits() {
    let mut app = sample("ketamine.json", 80, 24);
    let (_, height) = app.pane_size();
    // Near the top of a post: its header stays on screen above the target.
    app.land(RowPos { post: p(1), row: height - 4 });
    assert_eq!(app.viewer.anchor, RowPos::start_of(p(1)));
    // Deeper than a screen: a few rows of context above the target instead.
    let tall =
        app.thread().ids().find(|&post| app.document().height(post) > height + 5).expect("a long post");
    app.land(RowPos { post: tall, row: height + 2 });
    assert_eq!(app.viewer.anchor, RowPos { post: tall, row: height });
}

#[test]
fn pipe_prompt_hands_the_post_as_printed_to_the_loop() {
    let mut app = rules(80, 24);
    app.apply(Action::NextPost);
    assert_eq!(type_keys(&mut app, "|wc -l"), None);
    let Some(Effect::Pipe { command, input }) = app.handle_key(key(KeyCode::Enter)) else {
        panic!("Enter runs the command")
    };
    assert_eq!(command, "wc -l");
    assert!(input.trim_start().starts_with("#2 Brook"), "{input}");
    assert!(!input.contains('\x1b'), "no colour");
    assert_eq!(app.handle_key(ctrl('l')), Some(Effect::Redraw), "Ctrl-l redraws");
}

#[test]
fn wide_code_scrolls_sideways_on_its_block_and_zero_returns() {
    let mut app = rules(60, 24);
    let post = app.thread().ids().find(|&post| {
        app.thread().post(post).body.iter().any(|b| matches!(b, crate::thread::Block::Code(_)))
    });
    let post = post.expect("rules.json has code");
    app.jump(RowPos::start_of(post));
    app.apply(Action::ScrollRight);
    assert!(app.viewer.side_scroll.is_none(), "not on a code row: {:?}", app.viewer.status);
    assert!(app.viewer.status.as_deref().unwrap().contains("move onto a code line"));
    let row =
        app.focused_layout().lines.iter().position(|l| l.kind == LineKind::Code && l.width() > 60).unwrap();
    app.viewer.cursor.row = row;
    type_keys(&mut app, "2l");
    assert_eq!(app.viewer.side_scroll.map(|s| s.columns), Some(16));
    app.apply(Action::ScrollLeft);
    assert_eq!(app.viewer.side_scroll.map(|s| s.columns), Some(8));
    for _ in 0..50 {
        app.apply(Action::ScrollRight);
    }
    let widest = app.focused_layout().lines[row].width();
    assert_eq!(app.viewer.side_scroll.map(|s| s.columns), Some(widest + 1 - 60), "stops at the end");
    type_keys(&mut app, "0");
    assert!(app.viewer.side_scroll.is_none());
}
