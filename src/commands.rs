//! Running the subcommands: reading files, writing output, exit codes.
//! Every failure becomes one `tread: …` line on standard error.
//!
//! Messages carry text from the file (ids, names, times) and file names:
//! they reach the terminal only through `say` and `report`, which
//! replace every control character, so no message can hold an escape sequence.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::app::App;
use crate::app::run::{self, Ending, RunOptions, SystemOpener};
use crate::check::Summary;
use crate::cli::{CheckArgs, Cli, ColorArg, Command, ImportArgs, PrintArgs, ReadArgs, StateArgs, ViewArgs};
use crate::config::Config;
use crate::format::{self, LoadOptions};
use crate::import::{self, ImportOptions, Warning};
use crate::layout::sanitize::sanitize_message;
use crate::open::{self, OpenError, OpenOptions, Opened};
use crate::partial::PartialThread;
use crate::print::{PrintOptions, print_thread};
use crate::state::{self, Identity, SavedThread, Store};
use crate::thread::Thread;
use crate::ui::Theme;

/// Runs what the command line asks for.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Some(Command::Check(args)) => check(&args),
        Some(Command::Print(args)) => print(&args),
        Some(Command::Import(args)) => import(&args),
        Some(Command::State(args)) => manage_state(&args),
        Some(Command::Config { config }) => match Config::load(config.as_deref()) {
            Ok(config) => write_stdout(&config.to_toml()),
            Err(error) => fail(error),
        },
        Some(Command::Completions { shell }) => {
            let mut script = Vec::new();
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "tread",
                &mut script,
            );
            write_stdout(&String::from_utf8_lossy(&script))
        }
        Some(Command::Man) => match crate::manual::render() {
            Ok(page) => write_stdout(&page),
            Err(error) => fail(format_args!("cannot render the man page: {error}")),
        },
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

/// Opens `files` as one thread, as the viewer, `print` and `check` read
/// them (`options` as the command wants, the kind and separator as the
/// reader asked), and reports the import warnings on standard error.
fn open_inputs(files: &[PathBuf], read: &ReadArgs, options: &OpenOptions) -> Result<Opened, OpenError> {
    let options = OpenOptions { kind: read.kind, separator: read.separator.clone(), ..*options };
    let opened = open::open(files, &options)?;
    let name = match files {
        [only] => Some(display_name(only)),
        _ => None,
    };
    report_warnings(name.as_deref(), &opened.warnings, read.verbose);
    Ok(opened)
}

/// Every warning with `--verbose`, else one line per kind of warning.
fn report_warnings(name: Option<&str>, warnings: &[Warning], verbose: bool) {
    let prefix = name.map(|name| format!("{name}: ")).unwrap_or_default();
    if verbose {
        for warning in warnings {
            say(format_args!("{prefix}{warning}"));
        }
    } else {
        for line in open::summarise(warnings) {
            say(format_args!("{prefix}note: {line}"));
        }
    }
}

fn check(args: &CheckArgs) -> ExitCode {
    let mut all_valid = true;
    let mut write_error: Option<io::Error> = None;
    let mut out = io::stdout().lock();
    for path in &args.files {
        match open_inputs(
            std::slice::from_ref(path),
            &args.read,
            &OpenOptions { track_unknown_fields: true, ..OpenOptions::default() },
        ) {
            Ok(opened) => {
                if write_error.is_some() {
                    // Output is gone, but every file is still validated for the exit code.
                    continue;
                }
                let provenance = opened.provenance;
                let thread = Thread::from_file(opened.file);
                let summary = Summary::new(&thread, &opened.unknown_fields);
                let name = display_name(path);
                let read_as =
                    if provenance.imported() { format!("  read as: {provenance}\n") } else { String::new() };
                if let Err(error) = report(&mut out, format_args!("{name}: valid\n{read_as}{summary}\n")) {
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
    let thread = match open_inputs(&args.files, &args.read, &OpenOptions::default()) {
        Ok(opened) => Thread::from_file(opened.file),
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
    let options = ImportOptions { separator: args.separator.clone(), ..ImportOptions::default() };
    let imported = match import::import(kind, &input, &options) {
        Ok(imported) => imported,
        Err(error) => return fail(format_args!("{name}: {error}")),
    };
    report_warnings(Some(&name), &imported.warnings, args.verbose);
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
    if args.files.is_empty() {
        return fail("no thread file given (try `tread --help`)");
    }
    // A bad configuration stops tread before anything else happens.
    let config = match Config::load(args.config.as_deref()) {
        Ok(config) => config,
        Err(error) => return fail(error),
    };
    let order = args.order.map_or(config.view.order, Into::into);
    // Not in a terminal (a pipe, a file): behave as `print`.
    let in_terminal = io::stdout().is_terminal();
    // A large archive is threaded by its headers; bodies come as needed.
    let options = OpenOptions { defer_bodies: in_terminal, ..OpenOptions::default() };
    let opened = match open_inputs(&args.files, &args.read, &options) {
        Ok(opened) => opened,
        Err(error) => return fail(error),
    };
    if !in_terminal {
        let thread = Thread::from_file(opened.file);
        let options = PrintOptions { width: default_width(), order, ..PrintOptions::default() };
        return write_stdout(&print_thread(&thread, options));
    }
    let source = opened.provenance.imported().then(|| opened.provenance.to_string());
    // The first screen does not wait for quote inference, nor for bodies it does not show.
    let (thread, partial) = match opened.mail {
        Some(mail) => {
            let partial = PartialThread::new(opened.file, mail);
            (partial.opening_model(), Some(partial))
        }
        None => (Thread::from_file_deferred(opened.file), None),
    };
    let (width, height) = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let mut app = App::new(thread, order, width, height);
    app.set_keymap(config.keymap());
    app.set_theme(Theme::new(config.palette));
    app.set_source(source);
    app.apply_settings(config.view.side_pane, config.view.max_text_width, config.view.fold_repeats);
    let store = if args.no_state { None } else { open_state(&mut app) };
    if let Some(partial) = partial {
        partial.show_in(&mut app);
    }
    let options = RunOptions { mouse: config.view.mouse && !args.no_mouse };
    let opener = SystemOpener { command: config.view.opener.clone() };
    let (app, ending) = match run::run(app, options, &opener) {
        Ok(ended) => ended,
        Err(error) => return fail(format_args!("terminal error: {error}")),
    };
    if let (Some(store), Some(marks)) = (store, app.read_marks()) {
        let saved =
            SavedThread::capture(app.thread(), Some(inputs_name(&args.files)), marks, app.viewer.cursor);
        // The reading itself went fine: say so, but do not fail (and say
        // nothing to a terminal that is gone).
        if let (Err(error), Ending::Quit) = (store.save(&saved), ending) {
            say(format_args!("cannot save read state in {}: {error}", store.dir().display()));
        }
    }
    match ending {
        Ending::Quit => ExitCode::SUCCESS,
        Ending::TerminalGone => ExitCode::from(run::HANGUP_STATUS),
    }
}

/// Loads the thread's read state into the app; a missing or bad state
/// never stops the thread from opening.
fn open_state(app: &mut App) -> Option<Store> {
    let store = match Store::from_env() {
        Ok(store) => store,
        Err(reason) => {
            app.notify(format!("read state is off: {reason}"));
            return None;
        }
    };
    let loaded = store.load(&Identity::of(app.thread()));
    let resume =
        loaded.saved.map_or_else(|| state::first_visit(app.thread()), |saved| saved.resume(app.thread()));
    app.resume(resume.marks, resume.position);
    if let Some(problem) = loaded.problem {
        app.notify(problem);
    }
    Some(store)
}

/// The inputs as the state file records them: `t.json`, or `a.mbox, b.mbox`.
fn inputs_name(files: &[PathBuf]) -> String {
    files.iter().map(|path| display_name(path)).collect::<Vec<_>>().join(", ")
}

fn manage_state(args: &StateArgs) -> ExitCode {
    let store = match Store::from_env() {
        Ok(store) => store,
        Err(reason) => return fail(reason),
    };
    if let Some(path) = &args.forget {
        // Opened as the viewer opens it, so an imported thread is found too.
        let thread = match open::open(std::slice::from_ref(path), &OpenOptions::default()) {
            Ok(opened) => Thread::from_file(opened.file),
            Err(error) => return fail(error),
        };
        return match store.forget(&Identity::of(&thread)) {
            Ok(true) => write_stdout(&format!("forgot the read state of {}\n", display_name(path))),
            Ok(false) => write_stdout(&format!("{} had no read state\n", display_name(path))),
            Err(error) => {
                fail(format_args!("cannot forget the read state of {}: {error}", display_name(path)))
            }
        };
    }
    let stored = match store.list() {
        Ok(stored) => stored,
        Err(error) => return fail(format_args!("{}: {error}", store.dir().display())),
    };
    let mut out = String::new();
    for entry in &stored {
        out.push_str(&state_line(entry));
    }
    if stored.is_empty() {
        out = format!("no read state in {}\n", store.dir().display());
    }
    write_stdout(&out)
}

/// `title · 12 of 40 read · at #7 · from t.json · state file`, sanitised.
fn state_line(entry: &state::StoredThread) -> String {
    use std::fmt::Write as _;

    use crate::layout::sanitize::sanitize_line;
    let file = entry.path.display();
    match &entry.saved {
        Ok(saved) => {
            let title = sanitize_line(saved.title.as_deref().unwrap_or("(untitled thread)"));
            let read = saved.known.len() - saved.unread.len();
            let mut line = format!("{title} · {read} of {} read", saved.known.len());
            if let Some(position) = &saved.position {
                let _ = write!(line, " · at post \"{}\"", sanitize_line(&position.post));
            }
            if let Some(source) = &saved.source {
                let _ = write!(line, " · from {}", sanitize_line(source));
            }
            format!("{line}\n    {file}\n")
        }
        Err(reason) => format!("(unreadable: {})\n    {file}\n", sanitize_line(reason)),
    }
}
