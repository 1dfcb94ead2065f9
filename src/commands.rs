//! Running the subcommands: reading files, writing output, exit codes.
//! Every failure becomes one `tread: …` line on standard error.
//!
//! Messages carry text from the file (ids, names, times) and file names:
//! they reach the terminal only through [`say`] and [`report`], which
//! replace every control character, so no message can hold an escape sequence.

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::app::run::{self, RunOptions, SystemOpener};
use crate::check::Summary;
use crate::cli::{Cli, ColorArg, Command, ImportArgs, PrintArgs, ViewArgs};
use crate::format::{self, LoadOptions};
use crate::import::{self, ImportOptions};
use crate::layout::sanitize::sanitize_message;
use crate::print::{PrintOptions, print_thread};
use crate::thread::Thread;

/// Runs what the command line asks for.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Some(Command::Check { files }) => check(&files),
        Some(Command::Print(args)) => print(&args),
        Some(Command::Import(args)) => import(&args),
        None => view(&cli.view),
    }
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    say(message);
    ExitCode::FAILURE
}

/// One `tread: …` line on standard error, made safe for the terminal.
fn say(message: impl std::fmt::Display) {
    eprintln!("tread: {}", sanitize_message(&message.to_string()));
}

/// Writes `text` to `out` made safe for the terminal.
fn report(out: &mut impl Write, text: impl std::fmt::Display) -> io::Result<()> {
    out.write_all(sanitize_message(&text.to_string()).as_bytes())
}

/// Loads and models a thread file, or says why not.
pub fn open_thread(path: &Path) -> Result<Thread, format::LoadError> {
    let loaded = format::load_path(path, LoadOptions::default())?;
    Ok(Thread::from_file(loaded.file))
}

fn check(files: &[std::path::PathBuf]) -> ExitCode {
    let mut all_valid = true;
    let mut write_error: Option<io::Error> = None;
    let mut out = io::stdout().lock();
    for path in files {
        match format::load_path(path, LoadOptions { track_unknown_fields: true }) {
            Ok(loaded) => {
                if write_error.is_some() {
                    // Output is gone, but every file is still validated for the exit code.
                    continue;
                }
                let thread = Thread::from_file(loaded.file);
                let summary = Summary::new(&thread, &loaded.unknown_fields);
                let name = display_name(path);
                if let Err(error) = report(&mut out, format_args!("{name}: valid\n{summary}\n")) {
                    write_error = Some(error);
                }
            }
            Err(error) => {
                all_valid = false;
                let _ = out.flush();
                say(error);
            }
        }
    }
    match write_error {
        _ if !all_valid => ExitCode::FAILURE,
        Some(error) if error.kind() != io::ErrorKind::BrokenPipe => {
            fail(format_args!("cannot write output: {error}"))
        }
        _ => ExitCode::SUCCESS,
    }
}

fn display_name(path: &Path) -> String {
    if path.as_os_str() == "-" { format::STDIN_NAME.to_owned() } else { path.display().to_string() }
}

fn print(args: &PrintArgs) -> ExitCode {
    let thread = match open_thread(&args.file) {
        Ok(thread) => thread,
        Err(error) => return fail(error),
    };
    let options = PrintOptions {
        width: args.width.unwrap_or_else(default_width),
        order: args.order.into(),
        expand_quotes: args.expand_quotes,
        color: match args.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        },
    };
    write_stdout(&print_thread(&thread, options))
}

/// The terminal's width when printing to one, else 80 columns.
fn default_width() -> u16 {
    if io::stdout().is_terminal() {
        ratatui::crossterm::terminal::size().map_or(80, |(w, _)| w.clamp(20, 1000))
    } else {
        80
    }
}

/// Writes to standard output; a closed pipe (`| head`) is not an error.
fn write_stdout(text: &str) -> ExitCode {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => fail(format_args!("cannot write output: {e}")),
    }
}

fn import(args: &ImportArgs) -> ExitCode {
    let name = display_name(&args.file);
    let input = match format::read_source(&args.file) {
        Ok(bytes) => bytes,
        Err(reason) => return fail(format_args!("{name}: {reason}")),
    };
    let kind = args.kind.unwrap_or_else(|| import::detect(&input));
    let options = ImportOptions { separator: args.separator.clone() };
    let imported = match import::import(kind, &input, &options) {
        Ok(imported) => imported,
        Err(error) => return fail(format_args!("{name}: {error}")),
    };
    for warning in &imported.warnings {
        say(format_args!("{name}: {warning}"));
    }
    let json = imported.file.to_pretty_json();
    if let Err(error) = format::load_slice(json.as_bytes(), "", LoadOptions::default()) {
        // A bug of the importer: say what, without positions in a text nobody sees.
        let reason = error.reason();
        return fail(format_args!(
            "{name}: the {kind} importer wrote a thread it cannot read back ({reason}); please report this"
        ));
    }
    match &args.output {
        Some(path) => match std::fs::write(path, json) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(format_args!("{}: cannot write: {e}", path.display())),
        },
        None => write_stdout(&json),
    }
}

fn view(args: &ViewArgs) -> ExitCode {
    let Some(path) = &args.file else {
        return fail("no thread file given (try `tread --help`)");
    };
    let loaded = match format::load_path(path, LoadOptions::default()) {
        Ok(loaded) => loaded,
        Err(error) => return fail(error),
    };
    // Not in a terminal (a pipe, a file): behave as `print`.
    if !io::stdout().is_terminal() {
        let thread = Thread::from_file(loaded.file);
        let options =
            PrintOptions { width: default_width(), order: args.order.into(), ..PrintOptions::default() };
        return write_stdout(&print_thread(&thread, options));
    }
    // The first screen does not wait for quote inference.
    let thread = Thread::from_file_deferred(loaded.file);
    let options = RunOptions { order: args.order.into(), mouse: !args.no_mouse };
    match run::run(thread, options, &SystemOpener) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(format_args!("terminal error: {error}")),
    }
}
