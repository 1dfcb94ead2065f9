//! The event loop and everything that touches the real terminal: raw mode,
//! the alternate screen, mouse capture, signals, the browser, the clipboard.
//! The terminal is restored on quit, on error, on panic and on SIGTERM,
//! SIGHUP, SIGINT, SIGQUIT and SIGUSR1; Ctrl-z and an external SIGTSTP
//! suspend, and SIGCONT takes the terminal back. When the terminal itself
//! goes away the process ends at once and says nothing: there is nothing
//! left to restore or to print on.

use std::io::{self, IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use base64::Engine as _;
use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, disable_raw_mode, enable_raw_mode};
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGUSR1};

pub use super::browser::{Opener, SystemOpener};
use super::{App, Effect, pipe, probe};
use crate::thread::Attribution;

/// How often the loop looks at the signal flags while idle.
const SIGNAL_POLL: Duration = Duration::from_millis(100);

/// Signals that end the viewer, the terminal restored first.
const STOP_SIGNALS: [std::ffi::c_int; 5] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1];

/// What the signal handlers asked for; the loop acts on it, since only the
/// thread that owns the terminal may touch it.
#[derive(Default)]
struct SignalFlags {
    stop: Arc<AtomicBool>,
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
        signal_hook::flag::register(SIGTSTP, Arc::clone(&flags.suspend))?;
        signal_hook::flag::register(SIGCONT, Arc::clone(&flags.resumed))?;
        Ok(flags)
    }
}

#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    pub mouse: bool,
}

/// Runs the viewer until the reader quits, and gives the app back (its
/// read marks and position are the caller's to save). What the thread was
/// read as, for the title line, is set on the app beforehand
/// ([`App::set_source`]).
pub fn run(mut app: App, options: RunOptions, opener: &dyn Opener) -> io::Result<App> {
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
    // Quote inference runs beside the reader; its result arrives by channel.
    let attribution = app.attribution_job().map(|job| {
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = sender.send(job());
        });
        receiver
    });
    let result = event_loop(&mut terminal, &mut app, &signals, opener, options, attribution);
    finished.store(true, Ordering::Relaxed);
    if terminal_gone() {
        // Nothing to restore, and dropping the terminal would report
        // failing to show the cursor on a terminal that no longer exists.
        std::process::exit(HANGUP_STATUS);
    }
    restore(options);
    result.map(|()| app)
}

/// How long the loop may take to notice a stop request before the watchdog acts.
const STOP_GRACE: Duration = Duration::from_secs(1);

/// crossterm's reader can spin forever on a terminal that hung up (it reads
/// end-of-file in a loop without returning), so a stop signal or a vanished
/// terminal is also watched from a thread of its own. A vanished terminal
/// ends the process at once, quietly; after a stop signal the loop gets
/// [`STOP_GRACE`] to restore the terminal itself before the watchdog does.
fn spawn_watchdog(stop: Arc<AtomicBool>, finished: Arc<AtomicBool>, options: RunOptions) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(SIGNAL_POLL);
            if finished.load(Ordering::Relaxed) {
                return;
            }
            if terminal_gone() {
                std::process::exit(HANGUP_STATUS);
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
const HANGUP_STATUS: i32 = 128 + SIGHUP;

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

/// Takes the terminal again after a stop: raw mode, the alternate screen,
/// the cursor hidden, mouse capture, and a full redraw on the next frame.
fn take_terminal(terminal: &mut DefaultTerminal, options: RunOptions) -> io::Result<()> {
    // crossterm skips enabling raw mode when it believes it is on, but after
    // an uncaught SIGSTOP the shell has reset the modes behind its back.
    disable_raw_mode()?;
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen)?;
    terminal.hide_cursor()?;
    if options.mouse {
        execute!(io::stdout(), EnableMouseCapture)?;
    }
    terminal.clear()
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    signals: &SignalFlags,
    opener: &dyn Opener,
    options: RunOptions,
    mut attribution: Option<Receiver<Attribution>>,
) -> io::Result<()> {
    let stop = &*signals.stop;
    'frames: loop {
        terminal.draw(|frame| app.draw(frame))?;
        while !event::poll(SIGNAL_POLL)? {
            // A closed terminal reads as endless end-of-file; leave rather than spin.
            if stop.load(Ordering::Relaxed) || terminal_gone() {
                return Ok(());
            }
            if signals.suspend.swap(false, Ordering::Relaxed) {
                suspend(terminal, options, signals)?;
                continue 'frames;
            }
            if signals.resumed.swap(false, Ordering::Relaxed) {
                take_terminal(terminal, options)?;
                continue 'frames;
            }
            if let Some(result) = attribution.as_ref().and_then(|r| r.try_recv().ok()) {
                app.finish_attribution(result);
                attribution = None;
                continue 'frames;
            }
        }
        // Take everything already queued before drawing again, so holding
        // a key never builds a backlog of frames.
        let mut effects = Vec::new();
        loop {
            let effect = match event::read()? {
                Event::Key(key) if key.kind != KeyEventKind::Release => app.handle_key(key),
                Event::Mouse(mouse) => app.handle_mouse(mouse),
                Event::Resize(width, height) => {
                    app.resize(width, height);
                    None
                }
                _ => None,
            };
            effects.extend(effect);
            if stop.load(Ordering::Relaxed) || !event::poll(Duration::ZERO)? {
                break;
            }
        }
        for effect in effects {
            match effect {
                Effect::Quit => return Ok(()),
                Effect::Suspend => suspend(terminal, options, signals)?,
                Effect::OpenUrl(url) => {
                    let message = match opener.open(&url) {
                        Ok(()) => format!("opened {url}"),
                        Err(error) => error,
                    };
                    app.viewer.status = Some(message);
                    terminal.clear()?;
                }
                Effect::Copy(text) => {
                    copy_osc52(&text)?;
                    app.viewer.status = Some(format!("copied {text}"));
                }
                Effect::Redraw => terminal.clear()?,
                Effect::Pipe { command, input } => {
                    restore(options);
                    let outcome = pipe::run_piped(&command, &input);
                    enable_raw_mode()?;
                    pipe::wait_for_key(&outcome)?;
                    take_terminal(terminal, options)?;
                    app.viewer.status = Some(format!("{command}: {outcome}"));
                }
            }
        }
        if stop.load(Ordering::Relaxed) {
            return Ok(());
        }
    }
}

fn terminal_gone() -> bool {
    ratatui::crossterm::terminal::size().is_err() || !io::stdout().is_terminal()
}

/// Gives the terminal back, stops like any job, and takes it again on `fg`.
fn suspend(terminal: &mut DefaultTerminal, options: RunOptions, signals: &SignalFlags) -> io::Result<()> {
    restore(options);
    // SIGTSTP is caught (to get here), so raising it would not stop us:
    // this stops the process the way the default action would (SIGSTOP).
    signal_hook::low_level::emulate_default_handler(SIGTSTP)?;
    take_terminal(terminal, options)?;
    // The SIGCONT that woke us asks for what was just done.
    signals.resumed.store(false, Ordering::Relaxed);
    Ok(())
}

/// Puts `text` on the system clipboard through the terminal (OSC 52).
fn copy_osc52(text: &str) -> io::Result<()> {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = io::stdout();
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}
