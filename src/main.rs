//! The `tread` binary: parse the command line, run it.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    tread::commands::run(tread::cli::Cli::parse())
}
