//! The event loop and everything that touches the real terminal: raw mode,
//! the alternate screen, mouse capture, signals, the browser, the clipboard.
//! The terminal is restored on quit, on error, on panic and on SIGTERM,
//! SIGHUP, SIGINT, SIGQUIT and SIGUSR1; Ctrl-z and an external SIGTSTP
//! suspend, and SIGCONT takes the terminal back. When the terminal itself
//! goes away the viewer ends and says nothing, there being nothing left to
//! restore or to print on, and the caller still saves the read state.

use std::io::{self, IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use base64::Engine as _;
use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, disable_raw_mode, enable_raw_mode};
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGUSR1};

pub use super::browser::{Opener, SystemOpener};
use super::input::{Input, Next};
use super::{App, Effect, pipe, probe};
use crate::thread::{Attribution, Thread};

/// How often the loop looks at the signal flags while idle.
const SIGNAL_POLL: Duration = Duration::from_millis(100);

/// Signals that end the viewer, the terminal restored first. SIGINT too,
/// but on a flag of its own: during `|` it is meant for the command.
const STOP_SIGNALS: [std::ffi::c_int; 4] = [SIGTERM, SIGHUP, SIGQUIT, SIGUSR1];

/// What the signal handlers asked for; the loop acts on it, since only the
/// thread that owns the terminal may touch it.
#[derive(Default)]
struct SignalFlags {
    stop: Arc<AtomicBool>,
    /// SIGINT: Ctrl-c typed while the terminal was given back to `|`'s
    /// command (in raw mode Ctrl-c is a key), or sent from outside.
    interrupt: Arc<AtomicBool>,
    /// SIGTSTP from outside (Ctrl-z in raw mode is a key, not a signal).
    suspend: Arc<AtomicBool>,
    /// SIGCONT: the job was continued, perhaps after a stop we did not see
    /// (SIGSTOP), and the shell may have reset the terminal meanwhile.
    resumed: Arc<AtomicBool>,
}

impl SignalFlags {
    fn register() -> io::Result<Self> {
        let flags = Self::default();
        for signal in STOP_SIGNALS {
            signal_hook::flag::register(signal, Arc::clone(&flags.stop))?;
        }
        signal_hook::flag::register(SIGINT, Arc::clone(&flags.interrupt))?;
        signal_hook::flag::register(SIGTSTP, Arc::clone(&flags.suspend))?;
        signal_hook::flag::register(SIGCONT, Arc::clone(&flags.resumed))?;
        Ok(flags)
    }

    fn stop_requested(&self) -> bool {
        self.stop.load(Ordering::Relaxed) || self.interrupt.load(Ordering::Relaxed)
    }
}

#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    pub mouse: bool,
}

/// How the viewer ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The reader quit, or a signal stopped the viewer: the terminal is restored.
    Quit,
    /// The terminal went away (a hang-up): nothing may be printed, and the
    /// process should end with [`HANGUP_STATUS`].
    TerminalGone,
}

/// Runs the viewer until the reader quits or the terminal goes away, and
/// gives the app back (its read marks and position are the caller's to
/// save). What the thread was read as, for the title line, is set on the
/// app beforehand ([`App::set_source`]).
pub fn run(mut app: App, options: RunOptions, opener: &dyn Opener) -> io::Result<(App, Ending)> {
    let signals = SignalFlags::register()?;
    let finished = Arc::new(AtomicBool::new(false));
    spawn_watchdog(Arc::clone(&signals.stop), Arc::clone(&finished), options);
    let mut terminal = ratatui::try_init()?;
    // Hidden before the first frame: ratatui hides it only after writing a
    // frame, so the screen would otherwise show text under a live cursor.
    terminal.hide_cursor()?;
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // ratatui's hook leaves raw mode and the alternate screen; mouse
        // capture is ours to undo.
        let _ = execute!(io::stdout(), DisableMouseCapture, Show);
        ratatui_hook(info);
    }));
    if options.mouse {
        execute!(io::stdout(), EnableMouseCapture)?;
    }
    if let Some(widths) = probe::measure_cluster_widths() {
        crate::layout::sanitize::set_cluster_widths(widths);
    }
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    // Started after the probe, which reads the terminal's answers itself.
    let input = Input::start();
    let background = Background::start(&mut app);
    let mut session = Session { terminal: &mut terminal, input: &input, signals: &signals, options };
    let result = session.event_loop(&mut app, opener, background);
    finished.store(true, Ordering::Relaxed);
    if terminal_gone() {
        // Nothing to restore, and dropping the terminal would report
        // failing to show the cursor on a terminal that no longer exists.
        std::mem::forget(terminal);
        return Ok((app, Ending::TerminalGone));
    }
    // What is typed from now on is for the shell.
    input.park();
    restore(options);
    result.map(|()| (app, Ending::Quit))
}

/// What is made beside the reader, one after the other: the bodies not yet
/// read, then quote inference (which needs every body). Each result
/// arrives by channel.
struct Background {
    results: Receiver<Made>,
    sender: mpsc::Sender<Made>,
    /// A job is running.
    busy: bool,
}

enum Made {
    Bodies(Box<Thread>),
    Attribution(Attribution),
}

impl Background {
    fn start(app: &mut App) -> Self {
        let (sender, results) = mpsc::channel();
        let mut background = Self { results, sender, busy: false };
        background.next(app);
        background
    }

    /// Starts the app's next job, if it has one.
    fn next(&mut self, app: &mut App) {
        let sender = self.sender.clone();
        if let Some(job) = app.take_bodies_job() {
            std::thread::spawn(move || {
                let _ = sender.send(Made::Bodies(Box::new(job())));
            });
        } else if let Some(job) = app.attribution_job() {
            std::thread::spawn(move || {
                let _ = sender.send(Made::Attribution(job()));
            });
        } else {
            self.busy = false;
            return;
        }
        self.busy = true;
    }

    /// Takes in a finished job's result and starts the next; false when
    /// nothing had finished.
    fn take_finished(&mut self, app: &mut App) -> bool {
        if !self.busy {
            return false;
        }
        match self.results.try_recv() {
            Ok(Made::Bodies(thread)) => app.take_bodies(*thread),
            Ok(Made::Attribution(attribution)) => app.finish_attribution(attribution),
            Err(_) => return false,
        }
        self.next(app);
        true
    }
}

/// How long the loop may take to notice a stop request before the watchdog acts.
const STOP_GRACE: Duration = Duration::from_secs(1);

/// The loop never waits on crossterm's reader (see [`Input`]), but it can
/// still be held up (writing a frame to a terminal that stopped reading,
/// waiting for a command), so a stop signal or a vanished terminal is also
/// watched from a thread of its own. Either way the loop gets
/// [`STOP_GRACE`] to end itself (so that the read state is saved) before the
/// watchdog ends the process: quietly when the terminal is gone, after
/// restoring it otherwise.
fn spawn_watchdog(stop: Arc<AtomicBool>, finished: Arc<AtomicBool>, options: RunOptions) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(SIGNAL_POLL);
            if finished.load(Ordering::Relaxed) {
                return;
            }
            if terminal_gone() {
                std::thread::sleep(STOP_GRACE);
                if !finished.load(Ordering::Relaxed) {
                    std::process::exit(HANGUP_STATUS.into());
                }
                return;
            }
            if stop.load(Ordering::Relaxed) {
                std::thread::sleep(STOP_GRACE);
                if !finished.load(Ordering::Relaxed) {
                    restore(options);
                    std::process::exit(1);
                }
                return;
            }
        }
    });
}

/// The exit status after a hang-up, as a shell reports a job killed by SIGHUP.
pub const HANGUP_STATUS: u8 = 128 + SIGHUP as u8;

/// Leaves the terminal as the shell expects it: no mouse capture, no raw
/// mode, the main screen, the cursor shown. Failures are ignored: this is
/// the way out, and stderr may be the very terminal that failed.
fn restore(options: RunOptions) {
    if options.mouse {
        let _ = execute!(io::stdout(), DisableMouseCapture);
    }
    let _ = ratatui::try_restore();
    let _ = execute!(io::stdout(), Show);
}

/// What the event loop works with.
struct Session<'a> {
    terminal: &'a mut DefaultTerminal,
    input: &'a Input,
    signals: &'a SignalFlags,
    options: RunOptions,
}

impl Session<'_> {
    fn event_loop(
        &mut self,
        app: &mut App,
        opener: &dyn Opener,
        mut background: Background,
    ) -> io::Result<()> {
        let signals = self.signals;
        'frames: loop {
            self.terminal.draw(|frame| app.draw(frame))?;
            let first = loop {
                if signals.stop_requested() || terminal_gone() {
                    return Ok(());
                }
                if signals.suspend.swap(false, Ordering::Relaxed) {
                    self.suspend()?;
                    continue 'frames;
                }
                if signals.resumed.swap(false, Ordering::Relaxed) {
                    self.take_terminal()?;
                    continue 'frames;
                }
                if background.take_finished(app) {
                    continue 'frames;
                }
                match self.input.next(SIGNAL_POLL) {
                    Next::Event(event) => break event,
                    Next::Idle => {}
                    Next::Failed(error) => return Err(error),
                }
            };
            // Take everything already queued before drawing again, so holding
            // a key never builds a backlog of frames.
            let mut effects = Vec::new();
            let mut event = Some(first);
            while let Some(next) = event.take() {
                effects.extend(match next {
                    Event::Key(key) if key.kind != KeyEventKind::Release => app.handle_key(key),
                    Event::Mouse(mouse) => app.handle_mouse(mouse),
                    Event::Resize(width, height) => {
                        app.resize(width, height);
                        None
                    }
                    _ => None,
                });
                if !signals.stop_requested() {
                    event = self.input.queued().transpose()?;
                }
            }
            for effect in effects {
                match effect {
                    Effect::Quit => return Ok(()),
                    Effect::Suspend => self.suspend()?,
                    Effect::OpenUrl(url) => {
                        let message = match opener.open(&url) {
                            Ok(()) => format!("opened {url}"),
                            Err(error) => error,
                        };
                        app.viewer.status = Some(message);
                        self.terminal.clear()?;
                    }
                    Effect::Copy(text) => {
                        copy_osc52(&text)?;
                        app.viewer.status = Some(format!("copied {text}"));
                    }
                    Effect::Redraw => self.terminal.clear()?,
                    Effect::Pipe { command, input } => {
                        let outcome = self.pipe(&command, &input)?;
                        app.viewer.status = Some(format!("{command}: {outcome}"));
                    }
                }
            }
            if signals.stop_requested() {
                return Ok(());
            }
        }
    }

    /// `|`: the terminal given back to `command`, which reads `input`; its
    /// output stays on screen until a key is pressed. Returns how it ended.
    fn pipe(&mut self, command: &str, input: &str) -> io::Result<String> {
        self.input.park();
        restore(self.options);
        let outcome = pipe::run_piped(command, input);
        // Ctrl-c while the command ran was meant for the command.
        self.signals.interrupt.store(false, Ordering::Relaxed);
        enable_raw_mode()?;
        pipe::show_outcome(&outcome)?;
        self.input.unpark();
        let stop = || self.signals.stop_requested() || terminal_gone();
        if self.input.wait_for_key(stop)? {
            self.take_terminal()?;
        }
        Ok(outcome)
    }

    /// Gives the terminal back, stops like any job, and takes it again on `fg`.
    fn suspend(&mut self) -> io::Result<()> {
        self.input.park();
        restore(self.options);
        // SIGTSTP is caught (to get here), so raising it would not stop us:
        // this stops the process the way the default action would (SIGSTOP).
        signal_hook::low_level::emulate_default_handler(SIGTSTP)?;
        self.take_terminal()?;
        // The SIGCONT that woke us asks for what was just done.
        self.signals.resumed.store(false, Ordering::Relaxed);
        Ok(())
    }

    /// Takes the terminal again after a stop or a command: raw mode, the
    /// alternate screen, the cursor hidden, mouse capture, a full redraw on
    /// the next frame, and the reader running.
    fn take_terminal(&mut self) -> io::Result<()> {
        // crossterm skips enabling raw mode when it believes it is on, but after
        // an uncaught SIGSTOP the shell has reset the modes behind its back.
        disable_raw_mode()?;
        enable_raw_mode()?;
        execute!(io::stdout(), EnterAlternateScreen)?;
        self.terminal.hide_cursor()?;
        if self.options.mouse {
            execute!(io::stdout(), EnableMouseCapture)?;
        }
        self.input.unpark();
        self.terminal.clear()
    }
}

fn terminal_gone() -> bool {
    ratatui::crossterm::terminal::size().is_err() || !io::stdout().is_terminal()
}

/// Puts `text` on the system clipboard through the terminal (OSC 52).
fn copy_osc52(text: &str) -> io::Result<()> {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = io::stdout();
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}
