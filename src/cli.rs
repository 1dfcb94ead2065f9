//! The command line, declared with clap. No I/O here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::import::Kind;
use crate::thread::Order;

const EXAMPLES: &str = "\
Examples:
  tread thread.json                   read a thread in the terminal
  tread list.mbox                     read a mail archive (or a Maildir folder) as a thread
  tread topic-p1.html topic-p2.html   read the saved pages of a forum topic as one thread
  tread check a.json b.json           validate files and summarise them
  tread print thread.json | less -R   the thread as text, repeats folded
  tread print --expand-quotes --width 100 --order time thread.json
  tread import page.txt -o t.json     turn a saved forum page into a thread
  curl -s URL | tread import --from hn - | tread print -
  tread config > ~/.config/tread/config.toml   start a configuration from the defaults
  tread state --list                  threads with read state (what was read, where)";

/// A terminal reader for discussion threads: repeated quotes folded, reply
/// targets one key away, links and backlinks beside every post.
#[derive(Debug, Parser)]
#[command(name = "tread", version, about, after_help = EXAMPLES, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub view: ViewArgs,
}

/// Opening a thread in the viewer (the default command).
#[derive(Debug, Args)]
pub struct ViewArgs {
    /// What to read (`-` for standard input): a thread file, or anything
    /// `tread import` reads; several pages of one thread, several mboxes, a
    /// Maildir folder or `.eml` files are read as one thread.
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Leave the mouse to the terminal, so text can be selected as usual.
    #[arg(long)]
    pub no_mouse: bool,
    /// The order posts are shown in at start (default: the configuration's, else thread).
    #[arg(long, value_enum)]
    pub order: Option<OrderArg>,
    /// Open without reading or writing read state (no unread marks, no resume).
    #[arg(long)]
    pub no_state: bool,
    /// Read this configuration file instead of `$XDG_CONFIG_HOME/tread/config.toml`.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate thread files (or anything `tread import` reads) and
    /// summarise each; exit 1 if any is invalid.
    Check(CheckArgs),
    /// Print a thread as plain text, laid out as the viewer shows it.
    Print(PrintArgs),
    /// Convert a forum page, mbox, or HN/Reddit/Discourse JSON into a thread file.
    Import(ImportArgs),
    /// List or forget the read state kept under `$XDG_STATE_HOME/tread/`.
    State(StateArgs),
    /// Print the effective configuration (defaults plus your file) as TOML.
    Config {
        /// Read this file instead of `$XDG_CONFIG_HOME/tread/config.toml`.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
}

#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct StateArgs {
    /// List every thread with saved state: what was read, where, from which file.
    #[arg(long)]
    pub list: bool,
    /// Forget the read state of the thread in FILE.
    #[arg(long, value_name = "FILE")]
    pub forget: Option<PathBuf>,
}

/// How inputs are read by the viewer, `print` and `check`.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Read the inputs as this kind instead of detecting it from their content.
    #[arg(long = "from", value_enum)]
    pub kind: Option<Kind>,
    /// forum-text: a regular expression matching the line between posts.
    #[arg(long)]
    pub separator: Option<String>,
    /// Print every import warning, not one summary line per kind.
    #[arg(short, long)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Inputs (`-` for standard input), each checked on its own; a Maildir
    /// folder is one input.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Debug, Args)]
pub struct PrintArgs {
    /// What to read (`-` for standard input); several inputs are read as one
    /// thread, as the viewer reads them.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Columns to lay out for (default: the terminal's width, or 80).
    #[arg(long, value_parser = clap::value_parser!(u16).range(20..=1000))]
    pub width: Option<u16>,
    /// Thread order (replies under their post) or time order.
    #[arg(long, value_enum, default_value_t = OrderArg::Thread)]
    pub order: OrderArg,
    /// Show every quote in full instead of folding repeats.
    #[arg(long)]
    pub expand_quotes: bool,
    /// Colour the output with ANSI escapes (auto: when writing to a terminal and `NO_COLOR` is unset).
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The input (`-` for standard input).
    pub file: PathBuf,
    /// What the input is; detected from its content when not given.
    #[arg(long = "from", value_enum)]
    pub kind: Option<Kind>,
    /// Where to write the thread (default: standard output).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// forum-text: a regular expression matching the line between posts.
    #[arg(long)]
    pub separator: Option<String>,
    /// Print every import warning, not one summary line per kind.
    #[arg(short, long)]
    pub verbose: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OrderArg {
    Thread,
    Time,
}

impl From<OrderArg> for Order {
    fn from(order: OrderArg) -> Self {
        match order {
            OrderArg::Thread => Order::Thread,
            OrderArg::Time => Order::Time,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Never,
    Always,
}
