//! Screens of the seed thread rendered to ratatui's `TestBackend`, checked
//! against committed snapshots and against the facts they must show.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tread::app::{Action, App};
use tread::layout::LineKind;
use tread::thread::{Order, PostId, Thread};
use tread::ui::Theme;

fn seed_app(width: u16, height: u16) -> App {
    let loaded = tread::format::load_path(
        "sample-threads/ketamine.json".as_ref(),
        tread::format::LoadOptions::default(),
    )
    .unwrap();
    let mut app = App::new(Thread::from_file(loaded.file), Order::Thread, width, height);
    app.set_theme(Theme::monochrome());
    app
}

fn screen(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..height {
        let mut line = String::new();
        for x in 0..width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Scripted walk through the seed: every screen the issue names, at one size.
fn walk(width: u16, height: u16) -> Vec<(&'static str, String)> {
    let mut app = seed_app(width, height);
    let mut shots = vec![("first", screen(&mut app, width, height))];
    app.apply(Action::NextPost);
    app.apply(Action::NextPost);
    assert_eq!(app.viewer.cursor.post, PostId::new(3), "thread order: #1, #2, #4");
    shots.push(("post4_folded", screen(&mut app, width, height)));
    app.apply(Action::Down);
    app.apply(Action::ToggleFold);
    shots.push(("post4_unfolded", screen(&mut app, width, height)));
    app.apply(Action::ToggleFold);
    app.apply(Action::GoToTarget);
    assert_eq!(app.viewer.cursor.post, PostId::new(1), "p on the quote goes to #2");
    shots.push(("after_p", screen(&mut app, width, height)));
    app.apply(Action::Back);
    assert_eq!(app.viewer.cursor.post, PostId::new(3), "Ctrl-o comes back to #4");
    shots.push(("after_back", screen(&mut app, width, height)));
    app.apply(Action::SwitchPane);
    shots.push(("references", screen(&mut app, width, height)));
    app.apply(Action::SwitchPane);
    app.apply(Action::Help);
    shots.push(("help", screen(&mut app, width, height)));
    shots
}

#[test]
fn seed_at_100x30() {
    let shots = walk(100, 30);
    let get = |name: &str| &shots.iter().find(|(n, _)| *n == name).unwrap().1;
    assert!(get("first").contains("Ketamine May Relieve Depression"));
    assert!(get("first").contains("#1 · 1 of 14"));
    assert!(get("post4_folded").contains("#4 · 3 of 14"), "#4 is third in thread order");
    assert!(get("post4_folded").contains("▸ #2 anonymous: “"), "the repeat is one folded line");
    assert!(get("post4_unfolded").contains("▾ #2 anonymous"));
    assert!(get("after_p").lines().nth(1).unwrap().starts_with("  #2 anonymous"), "the target lands on top");
    assert!(get("after_p").contains("history 2/2"));
    assert!(get("after_back").contains("history 1/2"));
    assert!(get("references").contains("Quoted by") || get("references").contains("Reply to"));
    assert!(get("help").contains("Back to where the last jump started"));
    for (name, shot) in &shots {
        insta::assert_snapshot!(format!("seed_100x30_{name}"), shot);
    }
}

#[test]
fn seed_at_60x20() {
    let shots = walk(60, 20);
    let get = |name: &str| &shots.iter().find(|(n, _)| *n == name).unwrap().1;
    assert!(!get("first").contains("References"), "no room for the references pane beside the thread");
    assert!(get("references").contains("References"), "Tab opens it over the thread");
    assert!(get("references").contains("Links of #4"));
    assert!(!get("references").contains("Exactly. Lol"), "the thread is covered");
    for (name, shot) in &shots {
        insta::assert_snapshot!(format!("seed_60x20_{name}"), shot);
    }
}

#[test]
fn every_size_draws_without_panic_and_small_ones_say_so() {
    let mut app = seed_app(80, 24);
    for (w, h) in [(1, 1), (5, 3), (19, 10), (20, 4), (20, 5), (33, 7), (100, 5), (250, 80)] {
        app.resize(w, h);
        app.apply(Action::NextPost);
        let shot = screen(&mut app, w, h);
        if w < tread::ui::MIN_WIDTH || h < tread::ui::MIN_HEIGHT {
            assert!(shot.contains("terminal") || w < 10, "{w}x{h}: {shot}");
        } else {
            assert!(shot.contains('#'), "{w}x{h}: {shot}");
        }
    }
}

#[test]
fn untrusted_text_never_reaches_the_buffer_raw() {
    let loaded =
        tread::format::load_path("sample-threads/rules.json".as_ref(), tread::format::LoadOptions::default())
            .unwrap();
    let mut app = App::new(Thread::from_file(loaded.file), Order::Thread, 120, 60);
    app.set_theme(Theme::monochrome());
    let shot = screen(&mut app, 120, 60);
    assert!(!shot.chars().any(|c| c.is_control() && c != '\n'), "no control characters in the screen");
    assert!(shot.contains("␛[2J"), "the escape is shown as a placeholder");
    assert!(shot.contains("�evil�"), "bidi overrides are neutralised");
}

#[test]
fn folded_lines_are_quotes_and_rows_never_overflow() {
    let mut app = seed_app(100, 30);
    for _ in 0..13 {
        app.apply(Action::NextPost);
        let shot = screen(&mut app, 100, 30);
        for line in shot.lines() {
            assert!(unicode_width::UnicodeWidthStr::width(line) <= 100);
        }
    }
}

#[test]
fn the_cursor_row_is_highlighted() {
    let mut app = seed_app(100, 30);
    app.apply(Action::NextPost);
    app.apply(Action::Down);
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    let buffer = terminal.backend().buffer();
    // Row 0 is the title, row 1 post #2's header, row 2 the cursor (its folded quote).
    let cursor_cell = &buffer[(10, 2)];
    let other_cell = &buffer[(10, 4)];
    assert!(cursor_cell.modifier.contains(ratatui::style::Modifier::REVERSED));
    assert!(!other_cell.modifier.contains(ratatui::style::Modifier::REVERSED));
    let row = app.viewer.cursor.row;
    assert_eq!(row, 1);
    let _ = LineKind::QuoteFolded;
}
