//! `|`: the focused post piped to a shell command, as less and mutt pipe.
//! The event loop gives the terminal back around it, as for Ctrl-z.

use std::io::{self, Write};
use std::process::{Command, Stdio};

/// Runs `command` with `sh -c`, `input` on its standard input and the
/// terminal as its output; says how it ended ("exit status 3").
pub fn run_piped(command: &str, input: &str) -> String {
    let child = Command::new("sh").arg("-c").arg(command).stdin(Stdio::piped()).spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(error) => return format!("cannot run sh: {error}"),
    };
    if let Some(mut stdin) = child.stdin.take() {
        // A command that stops reading early (`head -1`) is not an error.
        let input = input.to_owned();
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(input.as_bytes());
        });
        let _ = writer.join();
    }
    match child.wait() {
        Ok(status) => match status.code() {
            Some(code) => format!("exit status {code}"),
            None => "ended by a signal".to_owned(),
        },
        Err(error) => error.to_string(),
    }
}

/// Leaves the command's output on screen with how it ended, for the key
/// press the caller waits for.
pub fn show_outcome(outcome: &str) -> io::Result<()> {
    let mut out = io::stdout();
    // Raw mode is on: lines need a carriage return.
    write!(out, "\r\n[{}; press any key]", crate::layout::sanitize::sanitize_line(outcome))?;
    out.flush()
}
