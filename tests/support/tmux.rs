//! The real binary in a private tmux server, driven by keys and read back
//! from the screen. Every step waits for text, never for time.
//! (The helpers of `e2e_tmux.rs`, kept to what the viewer tests need.)

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

pub const WAIT: Duration = Duration::from_secs(20);

/// A private tmux server running tread in one pane.
pub struct Tmux {
    socket: String,
    _dir: tempfile::TempDir,
}

impl Tmux {
    /// Starts `tread ARGS` in a `width`×`height` pane (from the crate's
    /// directory), with read state and configuration homes of its own.
    pub fn start(args: &[&str], width: u16, height: u16) -> Self {
        Self::start_with_env(args, width, height, &[])
    }

    /// As [`Tmux::start`], with `env` set in the pane; an `XDG_STATE_HOME`
    /// or `XDG_CONFIG_HOME` given here replaces the private one.
    pub fn start_with_env(args: &[&str], width: u16, height: u16, env: &[(&str, &Path)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("tmux.conf");
        std::fs::write(&config, "set -g status off\n").unwrap();
        let socket = format!(
            "tread-view-{}-{}",
            std::process::id(),
            dir.path().file_name().unwrap().to_string_lossy()
        );
        let quoted: Vec<String> = std::iter::once(env!("CARGO_BIN_EXE_tread"))
            .chain(args.iter().copied())
            .map(|a| format!("'{a}'"))
            .collect();
        let script = format!("{}; echo; echo TREAD-EXITED; sleep 600", quoted.join(" "));
        let mut tmux = Command::new("tmux");
        tmux.args(["-L", &socket, "-f"]).arg(&config);
        tmux.args(["new-session", "-d", "-x", &width.to_string(), "-y", &height.to_string()]);
        // Read state and configuration of the test's own, never the user's.
        let private =
            [("XDG_STATE_HOME", dir.path().join("state")), ("XDG_CONFIG_HOME", dir.path().join("config"))];
        for (key, home) in &private {
            let home = env.iter().find(|(k, _)| k == key).map_or(home.as_path(), |(_, given)| given);
            tmux.args(["-e", &format!("{key}={}", home.display())]);
        }
        for (key, value) in env.iter().filter(|(k, _)| private.iter().all(|(p, _)| p != k)) {
            tmux.args(["-e", &format!("{key}={}", value.display())]);
        }
        let status = tmux
            .args(["sh", "-c", &script])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("tmux runs");
        assert!(status.success(), "tmux new-session failed");
        Self { socket, _dir: dir }
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
            assert!(start.elapsed() < WAIT, "timed out waiting for {what}; screen:\n{screen}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn wait_text(&self, text: &str) -> String {
        self.wait_for(text, |s| s.contains(text))
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
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .stderr(std::process::Stdio::null())
            .status();
    }
}

/// The first row of a screen (the title line).
pub fn title_line(screen: &str) -> &str {
    screen.lines().next().unwrap_or_default()
}

/// The last row of a screen (the status line).
pub fn status_line(screen: &str) -> &str {
    screen.lines().rfind(|l| !l.trim().is_empty()).unwrap_or_default()
}
