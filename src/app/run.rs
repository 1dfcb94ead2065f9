//! The event loop and everything that touches the real terminal: raw mode,
//! the alternate screen, mouse capture, signals, the browser, the clipboard.
//! The terminal is restored on quit, on error, on panic and on SIGTERM,
//! SIGHUP and SIGINT; Ctrl-z suspends and resumes cleanly.

use std::io::{self, IsTerminal, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use base64::Engine as _;
use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};

use super::{App, Effect};
use crate::thread::Attribution;

/// How often the loop looks at the signal flags while idle.
const SIGNAL_POLL: Duration = Duration::from_millis(200);

#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    pub mouse: bool,
}

/// Opens URLs; replaceable so tests never launch a browser.
pub trait Opener {
    fn open(&self, url: &str) -> Result<(), String>;
}

/// The configured command, else `$BROWSER` if set, else the platform's
/// opener, started detached with its output discarded so it cannot draw
/// over the screen.
#[derive(Debug, Default, Clone)]
pub struct SystemOpener {
    /// The configuration's `opener`, replacing `$BROWSER`.
    pub command: Option<String>,
}

impl Opener for SystemOpener {
    fn open(&self, url: &str) -> Result<(), String> {
        let configured = self.command.clone().filter(|c| !c.trim().is_empty());
        let browser = || std::env::var("BROWSER").ok().filter(|b| !b.trim().is_empty());
        let program = configured.or_else(browser).unwrap_or_else(|| {
            if cfg!(target_os = "macos") { "open".to_owned() } else { "xdg-open".to_owned() }
        });
        // $BROWSER may hold several commands separated by ':' (the convention); take the first.
        let program = program.split(':').next().unwrap_or_default().to_owned();
        let mut words = program.split_whitespace();
        let Some(command) = words.next() else {
            return Err("no browser configured (set $BROWSER)".to_owned());
        };
        Command::new(command)
            .args(words)
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map(drop)
            .map_err(|e| format!("cannot start {command}: {e}"))
    }
}

/// Runs the viewer until the reader quits, and gives the app back (its
/// read marks and position are the caller's to save).
pub fn run(mut app: App, options: RunOptions, opener: &dyn Opener) -> io::Result<App> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    let finished = Arc::new(AtomicBool::new(false));
    spawn_watchdog(Arc::clone(&stop), Arc::clone(&finished), options);
    let mut terminal = ratatui::try_init()?;
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
    let result = event_loop(&mut terminal, &mut app, &stop, opener, options, attribution);
    finished.store(true, Ordering::Relaxed);
    restore(options);
    result.map(|()| app)
}

/// How long the loop may take to notice a stop request before the watchdog acts.
const STOP_GRACE: Duration = Duration::from_secs(1);

/// crossterm's reader can spin forever on a terminal that hung up (it reads
/// end-of-file in a loop without returning), so a stop signal or a vanished
/// terminal is also watched from a thread of its own, which restores what it
/// can and exits if the loop does not finish in time.
fn spawn_watchdog(stop: Arc<AtomicBool>, finished: Arc<AtomicBool>, options: RunOptions) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(SIGNAL_POLL);
            if finished.load(Ordering::Relaxed) {
                return;
            }
            if stop.load(Ordering::Relaxed) || terminal_gone() {
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

/// Leaves the terminal as the shell expects it: no mouse capture, no raw
/// mode, the main screen, the cursor shown.
fn restore(options: RunOptions) {
    if options.mouse {
        let _ = execute!(io::stdout(), DisableMouseCapture);
    }
    ratatui::restore();
    let _ = execute!(io::stdout(), Show);
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    stop: &AtomicBool,
    opener: &dyn Opener,
    options: RunOptions,
    mut attribution: Option<Receiver<Attribution>>,
) -> io::Result<()> {
    'frames: loop {
        terminal.draw(|frame| app.draw(frame))?;
        while !event::poll(SIGNAL_POLL)? {
            // A closed terminal reads as endless end-of-file; leave rather than spin.
            if stop.load(Ordering::Relaxed) || terminal_gone() {
                return Ok(());
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
                Effect::Suspend => suspend(terminal, options)?,
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
fn suspend(terminal: &mut DefaultTerminal, options: RunOptions) -> io::Result<()> {
    restore(options);
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen)?;
    if options.mouse {
        execute!(io::stdout(), EnableMouseCapture)?;
    }
    terminal.clear()
}

/// Puts `text` on the system clipboard through the terminal (OSC 52).
fn copy_osc52(text: &str) -> io::Result<()> {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = io::stdout();
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}
