//! End to end: read state in the real binary, in a real terminal (tmux),
//! with a temporary `XDG_STATE_HOME`. Read to post 7, quit, reopen: back on
//! post 7, posts 1-7 unmarked and 8 on marked, next-unread goes to 8; the
//! thread grown by three posts says "3 new" and marks them apart.
//! Every step waits for text on the screen, never for time.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);
/// Printed by the pane's shell once tread has exited.
const EXITED: &str = "TREAD-EXITED";

/// A private tmux server whose one pane runs tread, then says it exited.
/// (The same shape as the helper of `tests/e2e_tmux.rs`.)
struct Tmux {
    socket: String,
    _dir: tempfile::TempDir,
}

impl Tmux {
    fn start(args: &[&str], env: &[(&str, &Path)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("tmux.conf");
        std::fs::write(&config, "set -g status off\n").unwrap();
        let socket = format!(
            "tread-state-{}-{}",
            std::process::id(),
            dir.path().file_name().unwrap().to_string_lossy()
        );
        let quoted: Vec<String> = std::iter::once(env!("CARGO_BIN_EXE_tread"))
            .chain(args.iter().copied())
            .map(|a| format!("'{a}'"))
            .collect();
        let script = format!("{}; echo {EXITED}; sleep 600", quoted.join(" "));
        let mut tmux = Command::new("tmux");
        tmux.args(["-L", &socket, "-f"]).arg(&config);
        tmux.args(["new-session", "-d", "-x", "80", "-y", "24"]);
        for (key, value) in env {
            tmux.args(["-e", &format!("{key}={}", value.display())]);
        }
        let status = tmux.args(["sh", "-c", &script]).status().expect("tmux runs");
        assert!(status.success(), "tmux new-session failed");
        Self { socket, _dir: dir }
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux").args(["-L", &self.socket]).args(args).output().expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p"])
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys"];
        args.extend(keys);
        self.tmux(&args);
    }

    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
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

    fn wait_text(&self, text: &str) -> String {
        self.wait_for(text, |s| s.contains(text))
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

/// A flat thread of `count` posts of 12 lines each: taller than half the
/// 22-row pane, so the post after the focused one is never whole on screen.
fn write_thread(path: &Path, count: usize) {
    let posts: Vec<String> = (1..=count)
        .map(|i| {
            let lines: Vec<String> = (1..=12).map(|l| format!("post {i} line {l}")).collect();
            format!(r#"{{"id": "m{i}", "author": "A{i}", "body": "{}"}}"#, lines.join("\\n"))
        })
        .collect();
    let json = format!(r#"{{"version": 1, "title": "Remembered", "posts": [{}]}}"#, posts.join(","));
    std::fs::write(path, json).unwrap();
}

/// The mark at the end of post `number`'s header row, if its header is on screen.
fn header_mark(screen: &str, number: usize) -> Option<char> {
    let prefix = format!("#{number} A{number}");
    let row = screen.lines().find(|line| line.starts_with(&prefix))?;
    row.trim_end().chars().last()
}

struct Homes {
    dir: tempfile::TempDir,
}

impl Homes {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("state")).unwrap();
        std::fs::create_dir(dir.path().join("config")).unwrap();
        Self { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// tread on `file`, with this state home and an empty configuration home.
    fn open(&self, file: &Path, extra: &[&str]) -> Tmux {
        let mut args: Vec<&str> = extra.to_vec();
        args.push(file.to_str().unwrap());
        let (state, config) = (self.path("state"), self.path("config"));
        Tmux::start(&args, &[("XDG_STATE_HOME", &state), ("XDG_CONFIG_HOME", &config)])
    }
}

#[test]
fn reading_is_remembered_and_new_posts_are_marked_apart() {
    let homes = Homes::new();
    let file = homes.path("thread.json");
    write_thread(&file, 14);

    // First visit: read to post 7 and quit.
    let t = homes.open(&file, &[]);
    t.wait_for("14 unread in the title", |s| title(s).contains("14 unread │ post 1/14"));
    for _ in 0..6 {
        t.keys(&["J"]);
    }
    t.wait_text("post 7/14");
    t.keys(&["q"]);
    t.wait_text(EXITED);
    drop(t);

    // Second visit: back on post 7, and the status line says so. (A frame
    // reaches tmux in pieces: each check waits for what it expects.)
    let t = homes.open(&file, &[]);
    t.wait_text("back at #7, where you left off");
    t.wait_for("7 unread, on post 7", |s| title(s).contains("7 unread │ post 7/14"));
    t.wait_for("#7 read: its row ends with the author", |s| header_mark(s, 7) == Some('7'));
    t.wait_for("#8 marked unread", |s| header_mark(s, 8) == Some('●'));
    // Next unread goes to 8, still marked: a screen counts as read at the next key.
    t.keys(&["."]);
    t.wait_for("#8 focused and marked", |s| title(s).contains("post 8/14") && header_mark(s, 8) == Some('●'));
    // Posts 1 to 6 are unmarked too.
    t.keys(&["g", "g"]);
    t.wait_for("#1 and #2 unmarked", |s| {
        title(s).contains("post 1/14") && header_mark(s, 1) == Some('1') && header_mark(s, 2) == Some('2')
    });
    for _ in 0..5 {
        t.keys(&["J"]);
    }
    t.wait_for("#6 unmarked", |s| title(s).contains("post 6/14") && header_mark(s, 6) == Some('6'));
    // #8 was whole on screen before `g g`: read; the next unread is #9.
    t.keys(&["."]);
    t.wait_text("post 9/14");
    t.keys(&["q"]);
    t.wait_text(EXITED);
    drop(t);

    // The thread grew by three posts: "3 new", marked N, apart from the unread ●.
    write_thread(&file, 17);
    let t = homes.open(&file, &[]);
    t.wait_text("back at #9, where you left off");
    // #10-#14 unread and #15-#17 new.
    t.wait_for("3 new in the title", |s| title(s).contains("3 new · 8 unread │ post 9/17"));
    t.wait_for("#9 read, #10 unread", |s| header_mark(s, 9) == Some('9') && header_mark(s, 10) == Some('●'));
    t.keys(&["G"]);
    t.wait_for("#17 marked new", |s| title(s).contains("post 17/17") && header_mark(s, 17) == Some('N'));
    t.keys(&["q"]);
    t.wait_text(EXITED);
}

fn title(screen: &str) -> &str {
    screen.lines().next().unwrap_or_default()
}

#[test]
fn no_state_neither_reads_nor_writes() {
    let homes = Homes::new();
    let file = homes.path("thread.json");
    write_thread(&file, 3);
    let t = homes.open(&file, &["--no-state"]);
    let screen = t.wait_for("the title", |s| title(s).contains("post 1/3 │ thread order"));
    assert!(!title(&screen).contains("unread"), "no marks without state\n{screen}");
    t.keys(&["."]);
    t.wait_text("read state is off (--no-state)");
    t.keys(&["q"]);
    t.wait_text(EXITED);
    assert_eq!(std::fs::read_dir(homes.path("state")).unwrap().count(), 0, "nothing written");
}

#[test]
fn an_unwritable_state_home_still_opens_and_says_why_nothing_was_saved() {
    let homes = Homes::new();
    let file = homes.path("thread.json");
    write_thread(&file, 3);
    // A file where the state directory would be: no one, root included, can write there.
    std::fs::remove_dir(homes.path("state")).unwrap();
    std::fs::write(homes.path("state"), b"").unwrap();
    let t = homes.open(&file, &[]);
    t.wait_text("post 1/3");
    t.keys(&["J"]);
    t.wait_text("post 2/3");
    t.keys(&["q"]);
    let screen = t.wait_text(EXITED);
    assert!(screen.contains("tread: cannot save read state in"), "{screen}");
}

#[test]
fn a_corrupt_state_file_is_set_aside_said_once_and_the_thread_opens_at_post_1() {
    let homes = Homes::new();
    let file = homes.path("thread.json");
    write_thread(&file, 14);
    let loaded = tread::format::load_path(&file, tread::format::LoadOptions::default()).unwrap();
    let identity = tread::state::Identity::of(&tread::thread::Thread::from_file(loaded.file));
    let state_dir = homes.path("state").join("tread");
    std::fs::create_dir_all(&state_dir).unwrap();
    let state_file = state_dir.join(identity.file_name());
    std::fs::write(&state_file, b"{\"version\": 1, \"position\": {\"post\": \"m7\"").unwrap();

    let t = homes.open(&file, &[]);
    t.wait_text(&format!("read state unusable, set aside as {}.bad", identity.file_name()));
    t.wait_text("post 1/14");
    assert!(!state_file.exists());
    let mut bad = state_file.clone().into_os_string();
    bad.push(".bad");
    assert!(Path::new(&bad).exists(), "set aside, not deleted");
    t.keys(&["J"]);
    t.wait_for("the message gone with the next key", |s| s.contains("post 2/14") && !s.contains("unusable"));
    t.keys(&["q"]);
    t.wait_text(EXITED);
    drop(t);

    // The next run finds the new, good state and says nothing of the old.
    let t = homes.open(&file, &[]);
    let status = |s: &str| s.lines().last().unwrap_or_default().trim_end().to_owned();
    t.wait_for("only the place on the status line", |s| status(s) == "back at #2, where you left off");
    t.keys(&["q"]);
    t.wait_text(EXITED);
}
