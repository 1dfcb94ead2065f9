//! Property tests: wrapping never overflows and keeps the text, scrolling
//! is reversible, the history stays in range, drawing never panics.

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tread::app::{Action, App};
use tread::format::{LoadOptions, load_slice};
use tread::layout::sanitize::display_width;
use tread::layout::{Role, Styled, wrap};
use tread::nav::History;
use tread::thread::{Order, Thread};

fn rules_thread() -> Thread {
    let json = include_str!("../sample-threads/rules.json");
    Thread::from_file(load_slice(json.as_bytes(), "rules.json", LoadOptions::default()).unwrap().file)
}

/// Text made of words, wide characters, combining marks, emoji and spaces.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-z]{1,12}",
        Just("日本語".to_owned()),
        Just("e\u{301}".to_owned()),
        Just("👨‍👩‍👧".to_owned()),
        Just("https://example.org/a/b".to_owned()),
        Just(" ".to_owned()),
        Just("  ".to_owned()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.join(" "))
}

fn any_action() -> impl Strategy<Value = Action> {
    prop::sample::select(
        Action::ALL
            .iter()
            .copied()
            .filter(|a| !matches!(a, Action::Quit | Action::Suspend))
            .collect::<Vec<_>>(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn wrapped_rows_fit_and_keep_every_word(text in text(), width in 2usize..60) {
        let mut styled = Styled::default();
        styled.push(&text, Role::Text);
        let rows = wrap(&styled, width);
        let mut joined = String::new();
        for row in &rows {
            let row: String = row.iter().map(|s| s.text.as_str()).collect();
            prop_assert!(display_width(&row) <= width, "{row:?} is wider than {width}");
            joined.push_str(&row);
        }
        let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        prop_assert_eq!(squeeze(&joined), squeeze(&text));
    }

    #[test]
    fn scrolling_down_then_up_returns(n in 0usize..60, width in 30u16..160, height in 8u16..50) {
        let new_app = || {
            let mut app = App::new(rules_thread(), Order::Thread, width, height);
            app.resize(width, height);
            app
        };
        let bottom = {
            let mut probe = new_app();
            probe.apply(Action::Bottom);
            probe.viewer.cursor
        };
        let mut app = new_app();
        let (start, start_anchor) = (app.viewer.cursor, app.viewer.anchor);
        for _ in 0..n {
            app.apply(Action::Down);
        }
        let stopped_at_end = app.viewer.cursor == bottom;
        for _ in 0..n {
            app.apply(Action::Up);
        }
        if !stopped_at_end {
            prop_assert_eq!(app.viewer.cursor, start);
            prop_assert_eq!(app.viewer.anchor, start_anchor);
        }
    }

    #[test]
    fn history_position_stays_in_range(steps in prop::collection::vec(0u8..3, 0..200)) {
        let mut history = History::default();
        let mut here = 0u32;
        for step in steps {
            match step {
                0 => { history.push(here); here += 1; }
                1 => { if let Some(place) = history.back(here) { here = place; } }
                _ => { if let Some(place) = history.forward(here) { here = place; } }
            }
            let (at, len) = history.position();
            prop_assert!(at >= 1 && at <= len + 1);
        }
    }

    #[test]
    fn any_actions_at_any_size_never_panic(
        actions in prop::collection::vec(any_action(), 0..40),
        width in 1u16..140,
        height in 1u16..50,
    ) {
        let mut app = App::new(rules_thread(), Order::Thread, width, height);
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        for action in actions {
            app.apply(action);
            terminal.draw(|frame| app.draw(frame)).unwrap();
        }
    }
}
