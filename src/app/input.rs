//! Terminal input on a thread of its own.
//!
//! crossterm's reader spins without returning once the terminal hangs up
//! (it reads end-of-file in a loop), so the thread that owns the terminal
//! never calls it: it waits on a channel with a timeout, and stays free to
//! notice signals and a vanished terminal, restore what can be restored and
//! have the read state saved. Around Ctrl-z and `|` the reader is parked so
//! that the keys typed meanwhile go to the shell or the command, not to us.

use std::io;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyEventKind};

/// How long the reader waits for input before looking whether it should park:
/// the longest [`Input::park`] waits on a live terminal.
const READ_SLICE: Duration = Duration::from_millis(50);
/// How long [`Input::park`] waits for a reader that may be spinning on a
/// terminal that has gone away.
const PARK_TIMEOUT: Duration = Duration::from_secs(1);

/// The reader's side of parking: what the event loop asked and what the
/// reader did.
#[derive(Default)]
struct Parking {
    requested: bool,
    parked: bool,
}

#[derive(Default)]
struct Gate {
    parking: Mutex<Parking>,
    changed: Condvar,
}

impl Gate {
    fn lock(&self) -> std::sync::MutexGuard<'_, Parking> {
        // The reader never panics while holding the lock; if it did, the flags are still plain bools.
        self.parking.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Terminal events, read on their own thread.
pub struct Input {
    events: Receiver<io::Result<Event>>,
    gate: Arc<Gate>,
}

/// What waiting for input gave.
pub enum Next {
    Event(Event),
    /// Nothing within the wait.
    Idle,
    /// The terminal cannot be read any more.
    Failed(io::Error),
}

impl Input {
    /// Starts the reader. Anything that reads the terminal's answers
    /// directly (the width probe) must be done before.
    pub fn start() -> Self {
        let (sender, events) = mpsc::channel();
        let gate = Arc::new(Gate::default());
        let reader_gate = Arc::clone(&gate);
        std::thread::spawn(move || {
            loop {
                {
                    let mut parking = reader_gate.lock();
                    if parking.requested {
                        parking.parked = true;
                        reader_gate.changed.notify_all();
                        while parking.requested {
                            parking =
                                reader_gate.changed.wait(parking).unwrap_or_else(PoisonError::into_inner);
                        }
                        parking.parked = false;
                    }
                }
                let read = match event::poll(READ_SLICE) {
                    Ok(false) => continue,
                    Ok(true) => event::read(),
                    Err(error) => Err(error),
                };
                let failed = read.is_err();
                if sender.send(read).is_err() || failed {
                    return;
                }
            }
        });
        Self { events, gate }
    }

    /// The next event, waiting at most `wait`.
    pub fn next(&self, wait: Duration) -> Next {
        match self.events.recv_timeout(wait) {
            Ok(Ok(event)) => Next::Event(event),
            Ok(Err(error)) => Next::Failed(error),
            Err(RecvTimeoutError::Timeout) => Next::Idle,
            Err(RecvTimeoutError::Disconnected) => {
                Next::Failed(io::Error::other("the terminal reader ended"))
            }
        }
    }

    /// An event already read, without waiting.
    pub fn queued(&self) -> Option<io::Result<Event>> {
        self.events.try_recv().ok()
    }

    /// Stops reading the terminal until [`Input::unpark`]; returns once the
    /// reader is parked (or after [`PARK_TIMEOUT`] if it is stuck).
    pub fn park(&self) {
        let mut parking = self.gate.lock();
        parking.requested = true;
        self.gate.changed.notify_all();
        while !parking.parked {
            let (next, timeout) =
                self.gate.changed.wait_timeout(parking, PARK_TIMEOUT).unwrap_or_else(PoisonError::into_inner);
            parking = next;
            if timeout.timed_out() {
                return;
            }
        }
    }

    pub fn unpark(&self) {
        self.gate.lock().requested = false;
        self.gate.changed.notify_all();
    }

    /// Waits for a key press, dropping other events (the reader must be
    /// running); looks at `stop` between events. `Err` when the terminal
    /// cannot be read; `Ok(false)` when `stop` said to stop waiting.
    pub fn wait_for_key(&self, stop: impl Fn() -> bool) -> io::Result<bool> {
        loop {
            match self.next(READ_SLICE * 2) {
                Next::Event(Event::Key(key)) if key.kind != KeyEventKind::Release => return Ok(true),
                Next::Idle if stop() => return Ok(false),
                Next::Event(_) | Next::Idle => {}
                Next::Failed(error) => return Err(error),
            }
        }
    }
}
