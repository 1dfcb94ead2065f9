//! Screens of the seed thread rendered to ratatui's `TestBackend`, checked
//! against committed snapshots and against the facts they must show.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tread::app::{Action, App};
use tread::layout::LineKind;
use tread::thread::{Order, PostId, Thread};
use tread::ui::Theme;

mod support;

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
    assert!(
        get("help").contains("Cursor down a row (down)"),
        "the help names each action as the configuration does"
    );
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

fn rules_app(width: u16, height: u16) -> App {
    let loaded =
        tread::format::load_path("sample-threads/rules.json".as_ref(), tread::format::LoadOptions::default())
            .unwrap();
    let mut app = App::new(Thread::from_file(loaded.file), Order::Thread, width, height);
    app.set_theme(Theme::monochrome());
    app
}

fn last_line(shot: &str) -> &str {
    shot.lines().last().unwrap_or_default()
}

/// At 80×24 there is no room beside or below the thread: `s`, Tab and `U`
/// open the references pane over it, the same key or Esc closes it, and the
/// messages only name keys that work.
#[test]
fn at_80x24_the_references_pane_opens_over_the_thread() {
    let (w, h) = (80, 24);
    let mut app = rules_app(w, h);
    let first = screen(&mut app, w, h);
    assert!(!first.contains("References"));
    for (open, close) in [
        (Action::ToggleReferences, Action::ToggleReferences),
        (Action::SwitchPane, Action::SwitchPane),
        (Action::ToggleReferences, Action::Cancel),
    ] {
        app.apply(open);
        let shot = screen(&mut app, w, h);
        assert!(shot.contains("References") && shot.contains("Links of #1"), "{open:?} opens it:\n{shot}");
        assert!(!shot.contains("state machine"), "the thread is covered:\n{shot}");
        app.apply(close);
        let shot = screen(&mut app, w, h);
        assert!(!shot.contains("References"), "{close:?} closes it:\n{shot}");
        assert_eq!(shot, first);
    }
    // `o` on a post with three links names Tab, and Tab does show them.
    app.apply(Action::OpenLink);
    let shot = screen(&mut app, w, h);
    assert!(last_line(&shot).contains("Tab to the references pane"), "{shot}");
    app.apply(Action::SwitchPane);
    let shot = screen(&mut app, w, h);
    assert!(shot.contains("en.wikipedia.org"), "{shot}");
    assert_eq!(app.apply(Action::Activate).map(|_| ()), Some(()), "Enter opens the selected link");
    app.apply(Action::SwitchPane);
    // U: every link, over the thread; U again closes.
    app.apply(Action::ToggleLedger);
    let shot = screen(&mut app, w, h);
    assert!(shot.contains("Every link of the thread"), "{shot}");
    app.apply(Action::ToggleLedger);
    assert_eq!(screen(&mut app, w, h), first);
    insta::assert_snapshot!("rules_80x24_first", first);
}

#[test]
fn the_hint_line_keeps_help_and_quit_at_every_width() {
    for (w, h) in [(200, 30), (100, 30), (80, 24), (60, 20), (30, 10)] {
        let mut app = rules_app(w, h);
        let shot = screen(&mut app, w, h);
        let hints = last_line(&shot);
        assert!(hints.contains("? help") && hints.contains("q quit"), "{w}x{h}: {hints:?}");
        assert!(unicode_width::UnicodeWidthStr::width(hints) <= usize::from(w));
        app.apply(Action::SwitchPane);
        let shot = screen(&mut app, w, h);
        let hints = last_line(&shot);
        assert!(hints.contains("? help") && hints.contains("q quit"), "{w}x{h} references: {hints:?}");
    }
    let mut app = rules_app(200, 30);
    let wide = screen(&mut app, 200, 30);
    assert!(last_line(&wide).contains("r replies"), "every hint when there is room");
}

/// Collapses whitespace so that wrapped rows can be compared with the text they came from.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn help_wraps_its_descriptions_and_scrolls_to_the_end() {
    let help = tread::app::Keymap::default().help();
    let every_description = words(&help.iter().map(|(_, d)| d.as_str()).collect::<Vec<_>>().join(" "));
    for (w, h) in [(80, 24), (60, 20), (40, 12)] {
        let area = ratatui::layout::Rect::new(0, 0, w, h);
        let layout = tread::ui::HelpLayout::new(area, &help).expect("room for help");
        let inner = usize::from(layout.rect.width - 2);
        for (keys, description) in &layout.rows {
            let used = usize::from(layout.key_width)
                + 3
                + unicode_width::UnicodeWidthStr::width(description.as_str());
            assert!(used <= inner + 2 || layout.key_width == 0, "{w}x{h}: {keys} {description}");
        }
        // Lines may also break after a slash (`←/→`), so compare without spaces.
        let shown: String = layout.rows.iter().flat_map(|(_, d)| d.split_whitespace()).collect();
        assert_eq!(
            shown,
            every_description.replace(' ', ""),
            "{w}x{h}: every description whole, nothing cut"
        );

        let mut app = rules_app(w, h);
        app.apply(Action::Help);
        assert!(screen(&mut app, w, h).contains("Cursor down a row"));
        app.apply(Action::Bottom);
        let bottom = screen(&mut app, w, h);
        let inside: Vec<&str> =
            bottom.lines().filter_map(|l| l.strip_prefix('│')?.strip_suffix('│')).collect();
        assert!(words(&inside.join(" ")).contains("↑/↓ history; Enter; Esc"), "{w}x{h}:\n{bottom}");
        assert!(!bottom.contains("Cursor down a row"), "scrolled:\n{bottom}");
    }
}

#[test]
fn too_small_says_so_in_full() {
    for (w, h) in [(15, 5), (19, 4), (12, 8)] {
        let mut app = rules_app(w, h);
        let shot = screen(&mut app, w, h);
        assert_eq!(words(&shot), "terminal too small (need 20×5)", "{w}x{h}:\n{shot}");
    }
}

#[test]
fn the_text_column_is_capped_and_the_side_pane_gets_the_rest() {
    let options =
        |refs_visible| tread::ui::PaneOptions { refs_visible, refs_focused: false, max_text_width: 100 };
    let area = ratatui::layout::Rect::new(0, 0, 250, 60);
    let panes = tread::ui::panes(area, options(true)).unwrap();
    assert_eq!(panes.thread.width, 100);
    assert_eq!(panes.refs.unwrap().width, 150);
    let panes = tread::ui::panes(area, options(false)).unwrap();
    assert_eq!(panes.thread.width, 100);
    let mut app = rules_app(250, 60);
    let shot = screen(&mut app, 250, 60);
    assert!(shot.lines().skip(1).all(|l| l.find("#1 Ada").is_none_or(|at| at < 100)));
}

#[test]
fn cut_pane_entries_end_with_an_ellipsis() {
    let mut app = seed_app(100, 30);
    app.apply(Action::NextPost);
    let shot = screen(&mut app, 100, 30);
    let cut: Vec<&str> = shot.lines().filter(|l| l.ends_with('…')).collect();
    assert!(cut.iter().any(|l| l.contains("#1 anonymous: https://www.npr")), "{shot}");
}

#[test]
fn wide_code_scrolls_sideways_with_markers_at_80x24() {
    let (w, h) = (60, 20);
    let mut app = rules_app(w, h);
    let code_post = app
        .thread()
        .ids()
        .find(|&p| app.thread().post(p).body.iter().any(|b| matches!(b, tread::thread::Block::Code(_))))
        .unwrap();
    for _ in 0..code_post.index() {
        app.apply(Action::NextPost);
    }
    let shot = screen(&mut app, w, h);
    assert!(
        shot.lines().any(|l| l.contains("println!") && l.ends_with('→')),
        "the long code line is cut with → at the edge:\n{shot}"
    );
    // `l` scrolls only on a code row: move down until it does.
    for tries in 0.. {
        app.apply(Action::ScrollRight);
        if app.viewer.side_scroll.is_some() {
            break;
        }
        app.apply(Action::Down);
        assert!(tries < 60, "no wide code row reached");
    }
    let shot = screen(&mut app, w, h);
    let row = shot.lines().find(|l| l.contains('←')).expect("a scrolled row starts with ←");
    assert!(!row.contains("println!"), "its start is scrolled out: {row}");
    app.apply(Action::ScrollLineStart);
    let shot = screen(&mut app, w, h);
    assert!(!shot.contains('←'));
    assert!(shot.contains("println!"));
}

fn emoji_thread() -> Thread {
    let json = support::emoji_thread_json();
    let loaded =
        tread::format::load_slice(json.as_bytes(), "emoji.json", tread::format::LoadOptions::default());
    Thread::from_file(loaded.unwrap().file)
}

/// Scrolls over flags, skin tones and CJK and compares, after every step,
/// what a terminal shows (a model fed only each frame's differences, see
/// `support::terminal`) with a fresh drawing of the same state: no cell may
/// be left behind by a wide cluster. (ratatui's `TestBackend` cannot be used
/// for this: unlike a terminal it keeps whatever lies under a wide cell.)
#[test]
fn scrolling_over_flags_and_cjk_leaves_no_ghost_cells() {
    let (w, h) = (60, 16);
    let unicode_width = |g: &str| unicode_width::UnicodeWidthStr::width(g);
    let model = || Terminal::new(support::terminal::TerminalModel::new(w, h, unicode_width)).unwrap();
    let mut app = App::new(emoji_thread(), Order::Thread, w, h);
    app.set_theme(Theme::monochrome());
    let mut live = model();
    live.draw(|frame| app.draw(frame)).unwrap();
    let start = live.backend().screen();
    let mut scrolled = false;
    for step in 0..30 {
        let action = if step < 15 { Action::Down } else { Action::Up };
        for _ in 0..3 {
            app.apply(action);
        }
        app.apply(if step % 2 == 0 { Action::HalfPageDown } else { Action::HalfPageUp });
        scrolled |= app.viewer.anchor.post.index() > 1;
        live.draw(|frame| app.draw(frame)).unwrap();
        let mut fresh = model();
        fresh.draw(|frame| app.draw(frame)).unwrap();
        assert_eq!(live.backend().screen(), fresh.backend().screen(), "step {step}");
    }
    assert!(scrolled, "the walk scrolled");
    app.apply(Action::Top);
    live.draw(|frame| app.draw(frame)).unwrap();
    assert_eq!(live.backend().screen(), start, "the first screen again");
    for cluster in ["👍🏽", "❤️", "👨‍👩‍👧", "🇫🇷", "日本語", "✌️"] {
        assert!(start.iter().any(|row| row.contains(cluster)), "{cluster} drawn whole:\n{start:#?}");
    }
}

#[test]
fn ctrl_l_asks_for_a_full_redraw() {
    let mut app = rules_app(80, 24);
    let key = ratatui::crossterm::event::KeyEvent::new(
        ratatui::crossterm::event::KeyCode::Char('l'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    );
    assert_eq!(app.handle_key(key), Some(tread::app::Effect::Redraw));
}

#[test]
fn the_passage_p_lands_on_is_highlighted_until_the_next_key() {
    let (w, h) = (80, 24);
    let loaded =
        tread::format::load_path("sample-threads/mail.json".as_ref(), tread::format::LoadOptions::default())
            .unwrap();
    let mut app = App::new(Thread::from_file(loaded.file), Order::Thread, w, h);
    app.set_theme(Theme::monochrome());
    for _ in 0..4 {
        app.apply(Action::NextPost);
    }
    app.apply(Action::Down);
    app.apply(Action::GoToTarget);
    let underlined_rows = |app: &mut App| {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal.draw(|frame| app.draw(frame)).unwrap();
        let buffer = terminal.backend().buffer().clone();
        (0..h)
            .filter(|&y| {
                let flash = ratatui::style::Modifier::UNDERLINED | ratatui::style::Modifier::BOLD;
                buffer[(10, y)].modifier.contains(flash)
            })
            .map(|y| (0..w).map(|x| buffer[(x, y)].symbol()).collect::<String>())
            .collect::<Vec<_>>()
    };
    let flashed = underlined_rows(&mut app);
    assert_eq!(flashed.len(), 2, "the two rows of the quoted sentence: {flashed:#?}");
    assert!(flashed[0].contains("Check the memory limit"));
    app.apply(Action::Up);
    assert!(underlined_rows(&mut app).is_empty(), "gone after the next key");
}
