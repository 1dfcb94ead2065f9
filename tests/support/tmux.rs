//! The real binary in a private tmux server, driven by keys and read back
//! from the screen. Every step waits for text, never for time.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub const WAIT: Duration = Duration::from_secs(30);
pub const TREAD: &str = env!("CARGO_BIN_EXE_tread");
/// Printed by the pane's shell once tread has exited.
pub const EXITED: &str = "TREAD-EXITED";

/// A private tmux server running one pane.
pub struct Tmux {
    socket: String,
    /// Where tread's process id is recorded when it starts.
    pid_file: PathBuf,
    /// Where tread's standard error goes, when it is not the pane.
    stderr_file: PathBuf,
    _dir: tempfile::TempDir,
}

impl Tmux {
    /// A private tmux server whose one `width`×`height` pane runs the
    /// command that `command(pid file, stderr file)` gives, in `cwd`, with
    /// `env` added. Read state and configuration have homes of the server's
    /// own unless `env` names others.
    fn server(
        width: u16,
        height: u16,
        env: &[(&str, &str)],
        cwd: &Path,
        command: impl FnOnce(&Path, &Path) -> Vec<String>,
    ) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let (pid_file, stderr_file) = (dir.path().join("pid"), dir.path().join("stderr"));
        let config = dir.path().join("tmux.conf");
        std::fs::write(&config, "set -g status off\n").unwrap();
        let socket = format!(
            "tread-tmux-{}-{}",
            std::process::id(),
            dir.path().file_name().unwrap().to_string_lossy()
        );
        let mut tmux = Command::new("tmux");
        tmux.args(["-L", &socket, "-f"]).arg(&config);
        tmux.args(["new-session", "-d", "-x", &width.to_string(), "-y", &height.to_string()]);
        for (key, home) in [("XDG_STATE_HOME", "state"), ("XDG_CONFIG_HOME", "config")] {
            if env.iter().all(|(k, _)| *k != key) {
                tmux.args(["-e", &format!("{key}={}", dir.path().join(home).display())]);
            }
        }
        for (key, value) in env {
            tmux.args(["-e", &format!("{key}={value}")]);
        }
        let status =
            tmux.args(command(&pid_file, &stderr_file)).current_dir(cwd).status().expect("tmux runs");
        assert!(status.success(), "tmux new-session failed");
        Self { socket, pid_file, stderr_file, _dir: dir }
    }

    /// Starts `tread ARGS` (from the crate's directory) in a `width`×`height`
    /// pane that stays after tread exits, its errors on the screen.
    pub fn start(args: &[&str], width: u16, height: u16) -> Self {
        Self::start_with_env(args, width, height, &[])
    }

    /// As [`Tmux::start`], with `env` set in the pane.
    pub fn start_with_env(args: &[&str], width: u16, height: u16, env: &[(&str, &str)]) -> Self {
        Self::launch(args, width, height, env, false)
    }

    /// As [`Tmux::start_with_env`], standard error kept for [`Tmux::stderr`]
    /// instead of shown.
    pub fn start_logging_stderr(args: &[&str], width: u16, height: u16, env: &[(&str, &str)]) -> Self {
        Self::launch(args, width, height, env, true)
    }

    fn launch(args: &[&str], width: u16, height: u16, env: &[(&str, &str)], log_stderr: bool) -> Self {
        Self::server(width, height, env, Path::new(env!("CARGO_MANIFEST_DIR")), |pid_file, stderr_file| {
            // The pane outlives tread (a dead pane hides the cursor), and the
            // inner shell records tread's pid before becoming it.
            let quoted: Vec<String> =
                std::iter::once(TREAD).chain(args.iter().copied()).map(|a| format!("'{a}'")).collect();
            let redirect =
                if log_stderr { format!(" 2> '{}'", stderr_file.display()) } else { String::new() };
            let inner = format!("echo $$ > '{}'; exec {}{redirect}", pid_file.display(), quoted.join(" "));
            let script = format!(
                "sh -c \"{}\"; echo; echo {EXITED}; sleep 600",
                inner.replace('"', "\\\"").replace('$', "\\$")
            );
            vec!["sh".to_owned(), "-c".to_owned(), script]
        })
    }

    /// An interactive shell with job control (for Ctrl-z and `fg`) in the
    /// crate's directory.
    pub fn shell(width: u16, height: u16) -> Self {
        Self::shell_in(width, height, Path::new(env!("CARGO_MANIFEST_DIR")))
    }

    /// An interactive shell in `cwd`.
    pub fn shell_in(width: u16, height: u16, cwd: &Path) -> Self {
        Self::server(width, height, &[("PS1", "$ ")], cwd, |_, _| {
            ["bash", "--norc", "--noprofile", "-i"].map(str::to_owned).to_vec()
        })
    }

    /// Types `command_line` at the shell's prompt, then `echo EXITED`.
    pub fn type_command(&self, command_line: &str) {
        self.wait_text("$");
        self.keys(&[&format!("{command_line}; echo {EXITED}"), "Enter"]);
    }

    /// Types a command line that runs `tread ARGS` as a job of the shell,
    /// its pid recorded for [`Tmux::pid`].
    pub fn type_tread(&self, args: &str) {
        // Single quotes: `$$` is the inner shell's pid, which exec makes tread's.
        let inner = format!("echo $$ > \"{}\"; exec {TREAD} {args}", self.pid_file.display());
        self.type_command(&format!("sh -c '{inner}'"));
    }

    /// Runs `tread ARGS` at a cleared prompt, its errors left out; `done`
    /// is echoed once it exits.
    pub fn run_tread(&self, args: &str, done: &str) {
        self.keys(&["clear", "Enter"]);
        self.wait_for("a clear prompt", |s| s.trim() == "$");
        self.keys(&[&format!("{TREAD} {args} 2>/dev/null; echo {done}"), "Enter"]);
    }

    /// tread's process id.
    pub fn pid(&self) -> String {
        let start = Instant::now();
        loop {
            if let Ok(pid) = std::fs::read_to_string(&self.pid_file)
                && !pid.trim().is_empty()
            {
                return pid.trim().to_owned();
            }
            assert!(start.elapsed() < WAIT, "no pid recorded");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends `signal` (`TERM`, `TSTP`, …) to tread.
    pub fn signal(&self, signal: &str) {
        let status = Command::new("kill").args([&format!("-{signal}"), &self.pid()]).status().unwrap();
        assert!(status.success(), "kill -{signal}");
    }

    /// What tread wrote to standard error (when started by [`Tmux::start_logging_stderr`]).
    pub fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr_file).unwrap_or_default()
    }

    pub fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux").args(["-L", &self.socket]).args(args).output().expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p"])
    }

    /// Sends keys as tmux names them (`Enter`, `C-u`, `BSpace`).
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys"];
        args.extend(keys);
        self.tmux(&args);
    }

    /// Types `text` literally.
    pub fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-l", text]);
    }

    /// Waits until the screen satisfies `ready`, and returns it.
    pub fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < WAIT,
                "timed out waiting for {what}; screen:\n{screen}\nstderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn wait_text(&self, text: &str) -> String {
        self.wait_for(text, |s| s.contains(text))
    }

    /// `#{alternate_on} #{cursor_flag} #{mouse_any_flag}`: is the alternate
    /// screen on, is the cursor shown, is mouse reporting on.
    pub fn terminal_state(&self) -> String {
        self.tmux(&["display-message", "-p", "#{alternate_on} #{cursor_flag} #{mouse_any_flag}"])
            .trim()
            .to_owned()
    }

    /// Waits for tread to exit, then for the terminal to be in `expected`
    /// [`Tmux::terminal_state`] (tmux may take a moment to read tread's
    /// last writes); fails with the state it was left in.
    pub fn wait_exit(&self, expected: &str) {
        match std::fs::read_to_string(&self.pid_file).ok().filter(|pid| !pid.trim().is_empty()) {
            // A job that was stopped and continued ends its command list with
            // it, so no marker follows: the process itself is watched.
            Some(pid) => {
                wait_until_gone(pid.trim());
            }
            // On a line of its own: a typed command line holds it too.
            None => {
                self.wait_for(EXITED, |s| s.lines().any(|line| line.trim() == EXITED));
            }
        }
        let start = Instant::now();
        loop {
            let state = self.terminal_state();
            if state == expected {
                return;
            }
            assert!(start.elapsed() < WAIT, "tread left the terminal as {state:?}, not {expected:?}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Resizes the pane's window.
    pub fn resize(&self, width: u16, height: u16) {
        self.tmux(&["resize-window", "-x", &width.to_string(), "-y", &height.to_string()]);
    }

    /// Writes `bytes` straight to the pane's terminal, behind tread's back.
    pub fn scribble(&self, bytes: &str) {
        let tty = self.tmux(&["display-message", "-p", "#{pane_tty}"]);
        std::fs::write(Path::new(tty.trim()), bytes).expect("the pane's tty is writable");
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").args(["-L", &self.socket, "kill-server"]).stderr(Stdio::null()).status();
    }
}

/// Waits until the process `pid` is gone; returns how long that took.
/// (Read the pid first: after a `kill-server` the pane cannot be asked.)
pub fn wait_until_gone(pid: &str) -> Duration {
    let start = Instant::now();
    while Path::new(&format!("/proc/{pid}")).exists() {
        assert!(start.elapsed() < WAIT, "tread kept running");
        std::thread::sleep(Duration::from_millis(20));
    }
    start.elapsed()
}

/// The first row of the screen: tread's title line.
pub fn title_line(screen: &str) -> &str {
    screen.lines().next().unwrap_or_default()
}

/// The last row of a screen with text (the status line).
pub fn status_line(screen: &str) -> &str {
    screen.lines().rfind(|l| !l.trim().is_empty()).unwrap_or_default()
}
