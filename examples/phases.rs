//! Prints how long each phase of opening a thread takes (a profiling aid):
//! `cargo run --release --example phases -- FILE [ROUNDS]`.
//!
//! Each round parses, loads and derives the same bytes again, so later
//! rounds run with a warm allocator, as a benchmark's iterations do. The
//! last line is a floor for quote inference: hashing once, on one thread,
//! the words it cannot avoid reading (every post's own text, where any
//! quote may come from, and the text of every quote without `of`).
use std::time::{Duration, Instant};

fn timed<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let out = work();
    (out, started.elapsed())
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: phases FILE [ROUNDS]");
    let rounds: usize = args.next().map_or(1, |r| r.parse().expect("a number of rounds"));
    let bytes = std::fs::read(&path).expect("readable file");
    for _ in 0..rounds {
        let (plain, plain_time) =
            timed(|| serde_json::from_slice::<tread::format::ThreadFile>(&bytes).expect("valid JSON"));
        drop(plain);
        let (loaded, load_time) = timed(|| {
            tread::format::load_slice(&bytes, &path, tread::format::LoadOptions::default()).expect("valid")
        });
        let (mut thread, model_time) = timed(|| tread::thread::Thread::from_file_deferred(loaded.file));
        let (words, hashing_time) = timed(|| hash_what_inference_reads(&thread));
        let ((), inference_time) = timed(|| {
            let attribution = thread.compute_attribution();
            thread.apply_attribution(attribution);
        });
        drop(thread);
        let total = load_time + model_time + inference_time;
        println!(
            "plain parse {plain_time:.1?} | load {load_time:.1?} + model {model_time:.1?} + inference {inference_time:.1?} = {total:.1?} ({:.2}x)",
            total.as_secs_f64() / plain_time.as_secs_f64()
        );
        println!(
            "  hashing the {words} words inference must read: {hashing_time:.1?} ({:.2}x the plain parse)",
            hashing_time.as_secs_f64() / plain_time.as_secs_f64()
        );
    }
}

fn hash_what_inference_reads(thread: &tread::thread::Thread) -> usize {
    use tread::thread::{Block, QuoteSource};
    fn own_text(blocks: &[Block], words: &mut Vec<u64>) {
        for block in blocks {
            match block {
                Block::Paragraph(p) => tread::text::push_word_hashes(&p.text, words),
                Block::Code(c) => tread::text::push_word_hashes(&c.text, words),
                Block::Quote(_) => {}
            }
        }
    }
    let (mut words, mut count) = (Vec::new(), 0);
    for post in thread.posts() {
        words.clear();
        own_text(&post.body, &mut words);
        tread::thread::for_each_quote(&post.body, &mut |quote| {
            if thread.quote(quote.id).source == QuoteSource::Unattributed {
                own_text(&quote.body, &mut words);
            }
        });
        count += words.len();
    }
    count
}
