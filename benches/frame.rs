//! Keypress to finished frame, and time to the first screen.
//!
//! In process: keys go into the app, the frame is written through ratatui's
//! crossterm backend to a writer that only counts bytes. Each key's time is
//! measured on its own; the run prints medians and the ratio between a
//! 100k-post thread (at post 90,000) and a 1k-post thread (at post 10). The
//! two threads take turns, a hundred keys at a time, so that a slow spell of
//! a shared machine falls on both rather than on one.
//! Then the first screen of the 100k thread (load, model without quote
//! inference, first frame) against a plain typed parse of the same bytes.
//!
//! ```sh
//! cargo bench --bench frame
//! ```

use std::cell::Cell;
use std::hint::black_box;
use std::io::{self, Write};
use std::rc::Rc;
use std::time::{Duration, Instant};

use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use tread::app::{Action, App};
use tread::format::{LoadOptions, ThreadFile, load_slice};
use tread::nav::RowPos;
use tread::thread::{Order, Thread};

const WIDTH: u16 = 200;
const HEIGHT: u16 = 50;
const KEYS: usize = 2_000;

/// Counts what a frame would send to the terminal.
#[derive(Default, Clone)]
struct CountingWriter(Rc<Cell<u64>>);

impl Write for CountingWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.set(self.0.get() + buf.len() as u64);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn terminal(writer: CountingWriter) -> Terminal<CrosstermBackend<CountingWriter>> {
    let options = TerminalOptions { viewport: Viewport::Fixed(Rect::new(0, 0, WIDTH, HEIGHT)) };
    Terminal::with_options(CrosstermBackend::new(writer), options).expect("terminal")
}

mod support;

// As the `tread` binary allocates.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn thread_bytes(posts: usize) -> Vec<u8> {
    support::generated(posts, support::Generated::Json)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}

/// Keys between turns of the two threads.
const TURN: usize = 100;

/// A thread in the viewer at `post_index` of thread order, its frames
/// counted, and each key's time: `KEYS` scroll keys, down then back up.
struct Scroller {
    app: App,
    terminal: Terminal<CrosstermBackend<CountingWriter>>,
    written: CountingWriter,
    times: Vec<Duration>,
}

impl Scroller {
    fn new(bytes: &[u8], post_index: usize) -> Self {
        let file = load_slice(bytes, "bench", LoadOptions::default()).expect("valid").file;
        let thread = Thread::from_file(file);
        let start = thread.tree().order(Order::Thread)[post_index];
        let mut app = App::new(thread, Order::Thread, WIDTH, HEIGHT);
        app.viewer.cursor = RowPos::start_of(start);
        app.viewer.anchor = RowPos::start_of(start);
        let written = CountingWriter::default();
        let mut terminal = terminal(written.clone());
        terminal.draw(|frame| app.draw(frame)).expect("draw");
        Self { app, terminal, written, times: Vec::with_capacity(KEYS) }
    }

    /// The next `TURN` keys.
    fn turn(&mut self) {
        for _ in 0..TURN {
            let action = if self.times.len() < KEYS / 2 { Action::Down } else { Action::Up };
            let started = Instant::now();
            self.app.apply(action);
            self.terminal.draw(|frame| self.app.draw(frame)).expect("draw");
            self.times.push(started.elapsed());
        }
    }
}

fn main() {
    // `cargo bench` passes flags such as --bench; this harness has none.
    let small = thread_bytes(1_000);
    let big = thread_bytes(100_000);

    let (mut small_view, mut big_view) = (Scroller::new(&small, 10), Scroller::new(&big, 90_000));
    for _ in 0..KEYS / TURN {
        small_view.turn();
        big_view.turn();
    }
    let (small_bytes, big_bytes) = (small_view.written.0.get(), big_view.written.0.get());
    let (small_median, big_median) = (median(small_view.times), median(big_view.times));
    println!("keypress to frame, {WIDTH}x{HEIGHT}, median of {KEYS} scroll keys:");
    println!("  1k posts at post 10:       {small_median:>10.1?}  ({small_bytes} bytes written)");
    println!("  100k posts at post 90,000: {big_median:>10.1?}  ({big_bytes} bytes written)");
    println!("  ratio 100k/1k: {:.2}", big_median.as_secs_f64() / small_median.as_secs_f64());

    let mut parse = Vec::new();
    let mut first_screen = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        black_box(serde_json::from_slice::<ThreadFile>(&big).expect("parse"));
        parse.push(started.elapsed());

        let started = Instant::now();
        let file = load_slice(&big, "bench", LoadOptions::default()).expect("valid").file;
        let mut app = App::new(Thread::from_file_deferred(file), Order::Thread, WIDTH, HEIGHT);
        let mut terminal = terminal(CountingWriter::default());
        terminal.draw(|frame| app.draw(frame)).expect("draw");
        first_screen.push(started.elapsed());
        black_box(app);
    }
    let (parse, first_screen) = (median(parse), median(first_screen));
    println!("first screen of the 100k-post thread, median of 5:");
    println!("  plain serde_json parse: {parse:>10.1?}");
    println!("  first screen:           {first_screen:>10.1?}");
    println!("  ratio: {:.2}", first_screen.as_secs_f64() / parse.as_secs_f64());
}
