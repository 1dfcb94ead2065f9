//! Writes a synthetic thread to standard output, for benchmarks and load tests:
//!
//! ```sh
//! cargo run --release --example gen-thread -- --posts 100000 > t100k.json
//! cargo run --release --example gen-thread -- --posts 10000 --format mbox > t10k.mbox
//! ```
//!
//! The same options give the same bytes; see the `gen-thread` crate for the
//! shape of what it writes.
use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use gen_thread::{Format, Ids, Options};

/// Generate a synthetic discussion thread (tread's format, or the same thread as an mbox).
#[derive(Parser)]
struct Args {
    /// Number of posts.
    #[arg(long)]
    posts: usize,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Share of replies that quote an earlier post.
    #[arg(long, default_value_t = 0.6)]
    quote_rate: f64,
    /// Deepest reply nesting (top level = 0), at least 1.
    #[arg(long, default_value_t = 8)]
    max_depth: usize,
    /// Share of posts with URLs.
    #[arg(long, default_value_t = 0.2)]
    links: f64,
    /// json or mbox.
    #[arg(long, default_value = "json")]
    format: Format,
    /// Write ids as strings, integers, or a mix: str, int or mixed.
    #[arg(long, default_value = "str")]
    ids: Ids,
    /// Indent the JSON (default: one post per line).
    #[arg(long)]
    pretty: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let options = Options {
        posts: args.posts,
        seed: args.seed,
        quote_rate: args.quote_rate,
        max_depth: args.max_depth,
        links: args.links,
        format: args.format,
        ids: args.ids,
        pretty: args.pretty,
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    match gen_thread::write(&options, &mut out).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("gen-thread: {error}");
            ExitCode::FAILURE
        }
    }
}
