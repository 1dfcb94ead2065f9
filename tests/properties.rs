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

/// One post of a generated thread: its own paragraphs, and quotes without
/// `of`, each an excerpt of an earlier post (by index, word range) or free words.
#[derive(Debug, Clone)]
struct GeneratedPost {
    paragraphs: Vec<Vec<&'static str>>,
    quotes: Vec<(usize, usize, usize, bool)>,
}

/// A small vocabulary, so that texts share words and short phrases.
const VOCABULARY: [&str; 8] = ["alpha", "Beta", "gamma", "delta", "eps", "zeta", "eta", "theta"];

fn generated_post() -> impl Strategy<Value = GeneratedPost> {
    let paragraph = prop::collection::vec(prop::sample::select(&VOCABULARY[..]), 1..12);
    let quote = (0usize..8, 0usize..12, 1usize..10, any::<bool>());
    (prop::collection::vec(paragraph, 1..3), prop::collection::vec(quote, 0..3))
        .prop_map(|(paragraphs, quotes)| GeneratedPost { paragraphs, quotes })
}

/// The words of `text` as inference sees them (ASCII here): lower-cased
/// runs of letters and digits.
fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Hashed inference agrees with the definition, checked by brute force:
    /// a quote without `of` comes from the earliest earlier post whose own
    /// words contain its words in a row, when it has 6 characters or more.
    #[test]
    fn inference_matches_a_brute_force_search(posts in prop::collection::vec(generated_post(), 1..9)) {
        let own_texts: Vec<Vec<String>> =
            posts.iter().map(|p| p.paragraphs.iter().map(|words| words.join(" ")).collect()).collect();
        let mut json_posts = Vec::new();
        let mut expected = Vec::new();
        for (i, post) in posts.iter().enumerate() {
            let mut body: Vec<serde_json::Value> = Vec::new();
            for &(from, start, length, shout) in &post.quotes {
                let text = if i > 0 {
                    // An excerpt of an earlier post's own words, case changed and punctuated.
                    let words = words_of(&own_texts[from % i].join(" "));
                    let start = start % words.len();
                    let excerpt = words[start..(start + length).min(words.len())].join(", ");
                    if shout { excerpt.to_uppercase() } else { format!("“{excerpt}”") }
                } else {
                    VOCABULARY[..length.min(VOCABULARY.len())].join(" ")
                };
                let quoted = words_of(&text);
                let long_enough = text.chars().filter(|c| !c.is_whitespace()).count() >= 6;
                let source = (0..i).find(|&earlier| {
                    words_of(&own_texts[earlier].join("\n")).windows(quoted.len()).any(|w| w == quoted.as_slice())
                });
                expected.push(source.filter(|_| long_enough && !quoted.is_empty()));
                body.push(serde_json::json!({ "quote": text }));
            }
            body.extend(own_texts[i].iter().map(|p| serde_json::Value::from(p.as_str())));
            json_posts.push(serde_json::json!({ "id": i.to_string(), "body": body }));
        }
        let json = serde_json::json!({ "version": 1, "posts": json_posts }).to_string();
        let thread = Thread::from_file(load_slice(json.as_bytes(), "t.json", LoadOptions::default()).unwrap().file);
        let found: Vec<Option<usize>> =
            thread.quotes().iter().map(|q| q.source.post().map(tread::thread::PostId::index)).collect();
        prop_assert_eq!(found, expected);
    }
}
