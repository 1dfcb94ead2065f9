//! Terminals disagree on how wide some emoji clusters are (tmux 3.3 draws
//! ❤️ in one column and 👍🏽 as two glyphs in four). The viewer measures the
//! terminal at start and lays out and draws with its widths. This binary
//! holds one test because the widths are one setting for the process.

use ratatui::Terminal;
use tread::app::{Action, App};
use tread::layout::sanitize::{ClusterWidths, display_width, set_cluster_widths};
use tread::thread::{Order, Thread};
use tread::ui::Theme;

mod support;

/// How tmux 3.3 draws the clusters: selectors and skin tones do not join,
/// nor do zero-width joiners.
fn tmux_columns(grapheme: &str) -> usize {
    grapheme
        .split('\u{200d}')
        .flat_map(|part| {
            part.chars()
                .filter(|&c| c != '\u{fe0f}')
                .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
        })
        .sum()
}

/// The glyphs tmux 3.3 draws a grapheme as: joiners and selectors dropped,
/// skin tones apart from their emoji.
fn tmux_glyphs(grapheme: &str) -> Vec<String> {
    let mut glyphs: Vec<String> = Vec::new();
    for c in grapheme.chars().filter(|&c| c != '\u{200d}' && c != '\u{fe0f}') {
        match glyphs.last_mut() {
            // Combining marks stay with their letter.
            Some(last) if unicode_width::UnicodeWidthChar::width(c) == Some(0) => last.push(c),
            _ => glyphs.push(c.to_string()),
        }
    }
    glyphs
}

fn tmux_model(w: u16, h: u16) -> Terminal<support::terminal::TerminalModel> {
    Terminal::new(support::terminal::TerminalModel::with_glyphs(w, h, tmux_columns, tmux_glyphs)).unwrap()
}

fn frames_match(app: &mut App, w: u16, h: u16) -> Result<(), String> {
    let model = || tmux_model(w, h);
    let mut live = model();
    live.draw(|frame| app.draw(frame)).unwrap();
    for step in 0..20 {
        app.apply(if step < 10 { Action::Down } else { Action::Up });
        app.apply(if step % 3 == 0 { Action::HalfPageDown } else { Action::Up });
        live.draw(|frame| app.draw(frame)).unwrap();
        let mut fresh = model();
        fresh.draw(|frame| app.draw(frame)).unwrap();
        if live.backend().screen() != fresh.backend().screen() {
            return Err(format!(
                "step {step}: {:#?}\nfresh: {:#?}",
                live.backend().screen(),
                fresh.backend().screen()
            ));
        }
    }
    Ok(())
}

fn emoji_app(w: u16, h: u16) -> App {
    let json = support::emoji_thread_json();
    let loaded =
        tread::format::load_slice(json.as_bytes(), "emoji.json", tread::format::LoadOptions::default());
    let mut app = App::new(Thread::from_file(loaded.unwrap().file), Order::Thread, w, h);
    app.set_theme(Theme::monochrome());
    app
}

#[test]
fn clusters_take_the_width_the_terminal_gives_them() {
    let (w, h) = (60, 16);
    // With Unicode's widths, such a terminal is left with ghosts and lost cells.
    assert!(frames_match(&mut emoji_app(w, h), w, h).is_err(), "the model shows the disagreement");

    // What the probe at start reports for such a terminal.
    set_cluster_widths(ClusterWidths {
        selector_widens: false,
        skin_tone_joins: false,
        zwj_joins: false,
        flag: 2,
    });
    assert_eq!(display_width("❤️"), 1);
    assert_eq!(display_width("a👍🏽b"), 6);
    assert_eq!(display_width("👨‍👩‍👧"), 6);
    assert_eq!(display_width("🇫🇷日本"), 6);
    for cluster in ["❤️", "👍🏽", "👍🏿", "👨‍👩‍👧", "✌️", "🇫🇷"] {
        assert_eq!(display_width(cluster), tmux_columns(cluster), "{cluster}");
    }
    let mut app = emoji_app(w, h);
    frames_match(&mut app, w, h).unwrap();
    // The skin tone is on screen, beside its thumb.
    let mut live = tmux_model(w, h);
    app.apply(Action::Top);
    live.draw(|frame| app.draw(frame)).unwrap();
    let screen = live.backend().screen().join("\n");
    assert!(screen.contains("a👍🏽b"), "the skin tone beside its thumb: {screen}");
    set_cluster_widths(ClusterWidths::default());
}
