//! Mail opened in the viewer before every body is read: the first screen
//! has the bodies it shows, other posts say theirs is coming, and the whole
//! thread replaces the partial one without moving the reader, their folds
//! or a search they asked for meanwhile. Screens drawn with `TestBackend`.

use std::path::PathBuf;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tread::app::{Action, App};
use tread::layout::BODY_PENDING;
use tread::nav::QuoteFolds;
use tread::open::{self, OpenOptions};
use tread::partial::PartialThread;
use tread::print::{PrintOptions, print_post, print_thread};
use tread::thread::{Block, Order, PostId, Thread};

const READING: &str = "reading every message…";

fn corpus(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/mbox").join(name)
}

/// The archive opened as the viewer opens it, and as `print` does (every body read).
fn open_both(name: &str) -> (PartialThread, Thread) {
    let path = [corpus(name)];
    let deferred = open::open(&path, &OpenOptions { defer_bodies: true, ..OpenOptions::default() }).unwrap();
    let whole = open::open(&path, &OpenOptions::default()).unwrap();
    assert!(whole.mail.is_none(), "bodies are read at once unless deferred");
    let partial = PartialThread::new(deferred.file, deferred.mail.expect("mail defers its bodies"));
    (partial, Thread::from_file_deferred(whole.file))
}

fn screen(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    let buffer = terminal.backend().buffer();
    let rows = (0..height).map(|y| (0..width).map(|x| buffer[(x, y)].symbol()).collect::<String>());
    rows.map(|row| row.trim_end().to_owned()).collect::<Vec<_>>().join("\n")
}

fn post_text(thread: &Thread, post: PostId) -> String {
    let options = PrintOptions { width: 80, order: Order::Thread, expand_quotes: true, color: false };
    print_post(thread, post, &QuoteFolds::all_open(), options)
}

fn type_keys(app: &mut App, text: &str) {
    for c in text.chars() {
        let code = if c == '\n' { KeyCode::Enter } else { KeyCode::Char(c) };
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
}

/// The viewer's opening, as `tread FILE` does it, at `width`×`height`.
fn open_viewer(partial: PartialThread, width: u16, height: u16, before: &[Action]) -> App {
    let mut app = App::new(partial.opening_model(), Order::Thread, width, height);
    app.resize(width, height);
    for &action in before {
        app.apply(action);
    }
    partial.show_in(&mut app);
    app
}

#[test]
fn the_first_screen_has_its_bodies_and_the_rest_follows() {
    for (width, height) in [(80, 24), (200, 60)] {
        let (partial, whole) = open_both("lkml-remove-semicolons.mbox");
        let posts = whole.len();
        let mut app = open_viewer(partial, width, height, &[]);
        let first = screen(&mut app, width, height);
        assert!(
            !first.contains(BODY_PENDING),
            "{width}x{height}: every post on screen has its body:\n{first}"
        );
        assert!(first.lines().last().unwrap().contains(READING), "{first}");
        let in_view = app.posts_in_view();
        assert!(!in_view.is_empty() && in_view.len() < posts, "{in_view:?}");
        for &post in &in_view {
            assert!(!app.thread().post(post).body_pending);
            assert_eq!(post_text(app.thread(), post), post_text(&whole, post), "{post}");
        }
        let pending = app.thread().ids().filter(|&p| app.thread().post(p).body_pending).count();
        assert!(pending > posts / 2, "only what the screen needs is read: {pending} of {posts} pending");
        assert!(app.attribution_job().is_none(), "inference waits for every body");

        // Far below, posts say their text is coming.
        app.apply(Action::Bottom);
        assert!(screen(&mut app, width, height).contains(BODY_PENDING));
        let at = app.viewer.cursor;

        let job = app.take_bodies_job().expect("the rest is to be read");
        app.take_bodies(job());
        assert!(!app.thread().bodies_pending());
        assert_eq!(app.viewer.cursor.post, at.post, "the reader stays where they were");
        let after = screen(&mut app, width, height);
        assert!(!after.contains(BODY_PENDING) && !after.contains(READING), "{after}");
        let inference = app.attribution_job().expect("inference follows the bodies");
        app.finish_attribution(inference());

        // The same thread as reading every body at once.
        let mut reference = whole.clone();
        reference.apply_attribution(reference.compute_attribution());
        let options = PrintOptions { width: 100, order: Order::Thread, expand_quotes: true, color: false };
        assert_eq!(print_thread(app.thread(), options), print_thread(&reference, options));
    }
}

#[test]
fn a_search_asked_for_early_runs_when_every_body_is_in() {
    let (partial, whole) = open_both("lkml-remove-semicolons.mbox");
    let mut app = open_viewer(partial, 80, 24, &[]);
    // A word only one post has, a post whose body is not read yet.
    let texts: Vec<String> = whole.ids().map(|p| post_text(&whole, p)).collect();
    let (last, word) = (0..whole.len())
        .rev()
        .map(PostId::new)
        .filter(|&p| app.thread().post(p).body_pending)
        .find_map(|p| {
            let own = texts[p.index()].split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() >= 8);
            let word = own.into_iter().find(|w| texts.iter().filter(|t| t.contains(w)).count() == 1)?;
            Some((p, word.to_owned()))
        })
        .expect("a post with a word of its own");
    let start = app.viewer.cursor;
    type_keys(&mut app, &format!("/{word}\n"));
    assert_eq!(app.viewer.cursor, start, "nothing to find yet");
    let status = screen(&mut app, 80, 24).lines().last().unwrap().to_owned();
    assert!(status.contains(&format!("searching for {word} once every message is read")), "{status}");

    let job = app.take_bodies_job().unwrap();
    app.take_bodies(job());
    assert_eq!(app.viewer.cursor.post, last, "the search ran when the bodies came");
    let status = screen(&mut app, 80, 24).lines().last().unwrap().to_owned();
    assert!(status.starts_with("match 1 of 1"), "{status}");
}

#[test]
fn a_quote_the_reader_opened_stays_open_when_the_bodies_come() {
    let (partial, whole) = open_both("lkml-remove-semicolons.mbox");
    // Opened at the bottom: the posts before have quotes not read yet, so
    // the quotes on screen are numbered differently in the whole thread.
    let mut app = open_viewer(partial, 80, 24, &[Action::Bottom]);
    let quoted = app
        .posts_in_view()
        .into_iter()
        .find(|&post| app.thread().post(post).body.iter().any(|b| matches!(b, Block::Quote(_))))
        .expect("a quote on screen");
    let first_quote = |thread: &Thread| {
        thread.post(quoted).body.iter().find_map(|b| if let Block::Quote(q) = b { Some(q.id) } else { None })
    };
    let before = first_quote(app.thread()).unwrap();
    let after = first_quote(&whole).unwrap();
    assert_ne!(before, after, "the test needs the numbering to change");
    let folded = app.viewer.quote_folds.is_folded(app.thread(), before);
    let thread = app.thread().clone();
    app.viewer.quote_folds.set(&thread, before, !folded);

    let job = app.take_bodies_job().unwrap();
    app.take_bodies(job());
    assert_eq!(app.viewer.quote_folds.is_folded(app.thread(), after), !folded, "the reader's choice is kept");
    assert_eq!(app.thread().quote_place(after), thread.quote_place(before));
}
