//! End to end: read state in the real binary, in a real terminal (tmux),
//! with a temporary `XDG_STATE_HOME`. Read to post 7, quit, reopen: back on
//! post 7, posts 1-7 unmarked and 8 on marked, next-unread goes to 8; the
//! thread grown by three posts says "3 new" and marks them apart.
//! Every step waits for text on the screen, never for time.

mod support;

use std::path::{Path, PathBuf};

use support::tmux::{EXITED, Tmux, title_line as title, wait_until_gone};

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
        let env =
            [("XDG_STATE_HOME", state.to_str().unwrap()), ("XDG_CONFIG_HOME", config.to_str().unwrap())];
        Tmux::start_with_env(&args, 80, 24, &env)
    }
}

#[test]
fn reading_is_remembered_and_new_posts_are_marked_apart() {
    let homes = Homes::new();
    let file = homes.path("thread.json");
    write_thread(&file, 14);

    // First visit: read to post 7 and quit.
    let t = homes.open(&file, &[]);
    t.wait_for("14 unread in the title", |s| title(s).contains("14 unread │ #1 · 1 of 14"));
    for _ in 0..6 {
        t.keys(&["J"]);
    }
    t.wait_text("#7 · 7 of 14");
    t.keys(&["q"]);
    t.wait_text(EXITED);
    drop(t);

    // Second visit: back on post 7, and the status line says so. (A frame
    // reaches tmux in pieces: each check waits for what it expects.)
    let t = homes.open(&file, &[]);
    t.wait_text("back at #7, where you left off");
    t.wait_for("7 unread, on post 7", |s| title(s).contains("7 unread │ #7 · 7 of 14"));
    t.wait_for("#7 read: its row ends with the author", |s| header_mark(s, 7) == Some('7'));
    t.wait_for("#8 marked unread", |s| header_mark(s, 8) == Some('●'));
    // Next unread goes to 8, still marked: a screen counts as read at the next key.
    t.keys(&["."]);
    t.wait_for("#8 focused and marked", |s| {
        title(s).contains("#8 · 8 of 14") && header_mark(s, 8) == Some('●')
    });
    // Posts 1 to 6 are unmarked too.
    t.keys(&["g", "g"]);
    t.wait_for("#1 and #2 unmarked", |s| {
        title(s).contains("#1 · 1 of 14") && header_mark(s, 1) == Some('1') && header_mark(s, 2) == Some('2')
    });
    for _ in 0..5 {
        t.keys(&["J"]);
    }
    t.wait_for("#6 unmarked", |s| title(s).contains("#6 · 6 of 14") && header_mark(s, 6) == Some('6'));
    // #8 was whole on screen before `g g`: read; the next unread is #9.
    t.keys(&["."]);
    t.wait_text("#9 · 9 of 14");
    t.keys(&["q"]);
    t.wait_text(EXITED);
    drop(t);

    // The thread grew by three posts: "3 new", marked N, apart from the unread ●.
    write_thread(&file, 17);
    let t = homes.open(&file, &[]);
    t.wait_text("back at #9, where you left off");
    // #10-#14 unread and #15-#17 new.
    t.wait_for("3 new in the title", |s| title(s).contains("3 new · 8 unread │ #9 · 9 of 17"));
    t.wait_for("#9 read, #10 unread", |s| header_mark(s, 9) == Some('9') && header_mark(s, 10) == Some('●'));
    t.keys(&["G"]);
    t.wait_for("#17 marked new", |s| title(s).contains("#17 · 17 of 17") && header_mark(s, 17) == Some('N'));
    t.keys(&["q"]);
    t.wait_text(EXITED);
}

#[test]
fn no_state_neither_reads_nor_writes() {
    let homes = Homes::new();
    let file = homes.path("thread.json");
    write_thread(&file, 3);
    let t = homes.open(&file, &["--no-state"]);
    let screen = t.wait_for("the title", |s| title(s).contains("#1 · 1 of 3 │ thread order"));
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
    t.wait_text("#1 · 1 of 3");
    t.keys(&["J"]);
    t.wait_text("#2 · 2 of 3");
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
    t.wait_text("#1 · 1 of 14");
    assert!(!state_file.exists());
    let mut bad = state_file.clone().into_os_string();
    bad.push(".bad");
    assert!(Path::new(&bad).exists(), "set aside, not deleted");
    t.keys(&["J"]);
    t.wait_for("the message gone with the next key", |s| {
        s.contains("#2 · 2 of 14") && !s.contains("unusable")
    });
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

/// Reads to post 5 of a fresh thread, ends tread with `end`, and checks the
/// next run opens back on post 5.
fn reading_survives(end: impl FnOnce(&Tmux)) {
    let homes = Homes::new();
    let file = homes.path("thread.json");
    write_thread(&file, 14);
    let t = homes.open(&file, &[]);
    t.wait_text("#1 · 1 of 14");
    for _ in 0..4 {
        t.keys(&["J"]);
    }
    t.wait_text("#5 · 5 of 14");
    end(&t);
    drop(t);

    let t = homes.open(&file, &[]);
    t.wait_text("back at #5, where you left off");
    t.wait_for("4 posts read", |s| title(s).contains("10 unread │ #5 · 5 of 14"));
}

#[test]
fn reading_is_saved_when_a_hangup_ends_tread() {
    reading_survives(|t| {
        t.signal("HUP");
        t.wait_text(EXITED);
    });
}

#[test]
fn reading_is_saved_when_the_terminal_goes_away() {
    reading_survives(|t| {
        let pid = t.pid();
        t.tmux(&["kill-server"]);
        wait_until_gone(&pid);
    });
}
