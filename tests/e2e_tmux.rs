//! End to end: the real binary in a real terminal (tmux), driven by keys,
//! read back from the screen. Every step waits for text, never for time.

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use support::tmux::{Tmux, WAIT, title_line, wait_until_gone};

/// [`Tmux::terminal_state`] while tread reads: alternate screen, cursor hidden, mouse on.
const READING: &str = "1 0 1";
/// [`Tmux::terminal_state`] after tread: main screen, cursor shown, mouse off.
const RESTORED: &str = "0 1 0";

#[test]
fn open_fold_jump_back_quit() {
    let t = Tmux::start_logging_stderr(&["sample-threads/ketamine.json"], 100, 30, &[]);
    let first = t.wait_text("1 of 14");
    assert!(first.contains("Ketamine May Relieve Depression"));
    // The cursor is hidden and mouse reporting on before anything is drawn,
    // so the first text on the screen means the modes are set.
    assert_eq!(t.terminal_state(), READING, "alternate screen on, cursor hidden, mouse on while reading");

    // To post #4 (third in thread order), onto its folded repeat, open it.
    t.keys(&["J", "J"]);
    let screen = t.wait_text("3 of 14");
    assert!(screen.lines().nth(1).unwrap().contains("#4 anonymous"), "{screen}");
    assert!(screen.contains("▸ #2 anonymous"));
    t.keys(&["j", "z"]);
    let screen = t.wait_text("▾ #2 anonymous");
    assert!(screen.contains("I.e., they don’t know jack"));
    t.keys(&["z"]);
    t.wait_for("the quote folded again", |s| s.lines().nth(2).is_some_and(|l| l.contains("▸ #2 anonymous")));

    // Jump to the quoted post and come back.
    t.keys(&["p"]);
    let screen = t.wait_text("history 2/2");
    assert!(title_line(&screen).contains("2 of 14"), "{screen}");
    t.keys(&["C-o"]);
    let screen = t.wait_text("history 1/2");
    assert!(title_line(&screen).contains("3 of 14"));

    t.keys(&["q"]);
    // Left the alternate screen with the cursor shown, mouse off.
    t.wait_exit(RESTORED);
}

/// Sends `signal` to a reading tread: it exits and leaves the terminal as it found it.
fn signal_restores_the_terminal(signal: &str) {
    let t = Tmux::start_logging_stderr(&["sample-threads/rules.json"], 100, 30, &[]);
    t.wait_text("1 of 8");
    assert_eq!(t.terminal_state(), READING);
    t.signal(signal);
    t.wait_exit(RESTORED);
    assert_eq!(t.stderr(), "", "after SIG{signal}");
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_restores_the_terminal("TERM");
}

#[test]
fn sighup_restores_the_terminal() {
    signal_restores_the_terminal("HUP");
}

#[test]
fn sigint_restores_the_terminal() {
    signal_restores_the_terminal("INT");
}

#[test]
fn sigquit_restores_the_terminal() {
    signal_restores_the_terminal("QUIT");
}

#[test]
fn sigusr1_restores_the_terminal() {
    signal_restores_the_terminal("USR1");
}

#[test]
fn a_vanished_terminal_ends_the_process_quietly() {
    let t = Tmux::start_logging_stderr(&["sample-threads/rules.json"], 100, 30, &[]);
    t.wait_text("1 of 8");
    let pid = t.pid();
    t.tmux(&["kill-server"]);
    let gone = wait_until_gone(&pid);
    println!("tread ended {gone:?} after its terminal went away");
    assert_eq!(t.stderr(), "", "nothing to say to a terminal that is gone");
}

#[test]
fn ctrl_c_quits_cleanly() {
    let t = Tmux::start_logging_stderr(&["sample-threads/rules.json"], 100, 30, &[]);
    t.wait_text("1 of 8");
    t.keys(&["C-c"]);
    t.wait_exit(RESTORED);
}

/// Suspends a reading tread with `stop` (keys or a signal), then brings
/// it back with `fg`: the shell gets a restored terminal meanwhile, and
/// tread redraws where it was and takes keys at once.
fn suspends_and_resumes(stop: impl FnOnce(&Tmux)) {
    let t = Tmux::shell(100, 30);
    t.type_tread("sample-threads/rules.json");
    t.wait_text("1 of 8");
    t.keys(&["J"]);
    t.wait_text("2 of 8");
    stop(&t);
    let screen = t.wait_text("Stopped");
    assert!(!screen.contains("2 of 8"), "the shell's screen is back");
    assert_eq!(t.terminal_state(), RESTORED);
    t.keys(&["fg", "Enter"]);
    let screen = t.wait_text("2 of 8");
    assert!(screen.contains("#2 Brook"), "redrawn where it was");
    assert_eq!(t.terminal_state(), READING);
    // Raw mode is back: a key works without Enter.
    t.keys(&["J"]);
    t.wait_text("3 of 8");
    t.keys(&["q"]);
    t.wait_exit(RESTORED);
}

#[test]
fn ctrl_z_suspends_and_resumes() {
    suspends_and_resumes(|t| t.keys(&["C-z"]));
}

#[test]
fn sigtstp_suspends_and_resumes() {
    suspends_and_resumes(|t| t.signal("TSTP"));
}

#[test]
fn sigstop_then_sigcont_takes_the_terminal_back() {
    // SIGSTOP cannot be caught: the shell takes the terminal back as it is
    // and resets its modes; on SIGCONT (`fg`) tread sets them again.
    let t = Tmux::shell(100, 30);
    t.type_tread("sample-threads/rules.json");
    t.wait_text("1 of 8");
    t.signal("STOP");
    t.wait_text("Stopped");
    t.keys(&["fg", "Enter"]);
    // The shell wrote over tread's screen; the redraw clears it.
    t.wait_for("the redraw", |s| !s.contains("Stopped") && s.contains("1 of 8"));
    t.keys(&["J"]);
    t.wait_text("2 of 8");
    assert_eq!(t.terminal_state(), READING);
    t.keys(&["q"]);
    t.wait_exit(RESTORED);
}

#[test]
fn a_thread_piped_in_is_read_with_keys_from_the_terminal() {
    let t = Tmux::shell(100, 30);
    t.type_command(&format!("cat sample-threads/rules.json | {} -", env!("CARGO_BIN_EXE_tread")));
    t.wait_text("1 of 8");
    t.keys(&["J"]);
    t.wait_text("2 of 8");
    t.keys(&["q"]);
    t.wait_exit(RESTORED);
}

#[test]
fn links_open_through_browser_without_breaking_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let opened = dir.path().join("opened.txt");
    let script = dir.path().join("browser.sh");
    std::fs::write(&script, format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display())).unwrap();
    make_executable(&script);
    let t = Tmux::start_logging_stderr(
        &["sample-threads/rules.json"],
        120,
        30,
        &[("BROWSER", script.to_str().unwrap())],
    );
    t.wait_text("1 of 8");
    t.keys(&["Tab"]);
    t.wait_text("Enter follow/open");
    t.keys(&["j", "Enter"]);
    let screen = t.wait_text("opened https://www.example.org/notes");
    assert!(screen.contains("References"), "the screen is intact");
    let start = Instant::now();
    while !opened.exists() {
        assert!(start.elapsed() < WAIT, "the browser was not started");
        std::thread::sleep(Duration::from_millis(20));
    }
    wait_file_text(&opened, "https://www.example.org/notes");
    t.keys(&["q"]);
    t.wait_exit(RESTORED);
}

#[test]
fn links_of_other_schemes_are_not_opened() {
    let dir = tempfile::tempdir().unwrap();
    let opened = dir.path().join("opened.txt");
    let script = dir.path().join("browser.sh");
    std::fs::write(&script, format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display())).unwrap();
    make_executable(&script);
    let thread = dir.path().join("thread.json");
    std::fs::write(
        &thread,
        r#"{"version": 1, "title": "Links", "posts": [
            {"id": "1", "author": "Ann", "body": ["One link."], "links": [{"url": "file:///etc/passwd"}]},
            {"id": "2", "author": "Bob", "reply_to": "1", "body": ["Mail me."], "links": [{"url": "mailto:bob@example.org"}]}
        ]}"#,
    )
    .unwrap();
    let t = Tmux::start_logging_stderr(
        &[thread.to_str().unwrap()],
        120,
        30,
        &[("BROWSER", script.to_str().unwrap())],
    );
    t.wait_text("1 of 2");
    t.keys(&["o"]);
    t.wait_text("not opened: only http, https and mailto links open");
    t.keys(&["J"]);
    t.wait_text("2 of 2");
    t.keys(&["o"]);
    t.wait_text("opened mailto:bob@example.org");
    // The browser ran once, for the mail link only.
    wait_file_text(&opened, "mailto:bob@example.org");
    t.keys(&["q"]);
    t.wait_exit(RESTORED);
}

#[test]
fn piped_output_prints_instead_of_opening_the_viewer() {
    let out = std::process::Command::new(support::tmux::TREAD)
        .arg("sample-threads/ketamine.json")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Ketamine May Relieve Depression"));
    assert!(!text.contains('\x1b'), "no escape codes in a pipe");
}

fn wait_file_text(path: &Path, expected: &str) {
    let start = Instant::now();
    loop {
        if std::fs::read_to_string(path).is_ok_and(|s| s.trim() == expected) {
            return;
        }
        assert!(start.elapsed() < WAIT, "{} never held {expected}", path.display());
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn make_executable(path: &PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}
