//! End to end for the reader's keys at 80×24: the real binary in tmux.

mod support;

use support::tmux::{Tmux, status_line, title_line};

fn story_file() -> tempfile::NamedTempFile {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), support::STORY).unwrap();
    file
}

#[test]
fn p_lands_on_the_quoted_passage_with_its_header_in_view() {
    let t = Tmux::start(&["sample-threads/mail.json"], 80, 24);
    t.wait_text("1 of 6");
    t.keys(&["J", "J", "J", "J"]);
    // The quote's source is inferred beside the reader: wait for it.
    t.wait_text("▸ #4 Dev (inferred)");
    t.keys(&["j", "p"]);
    // The frame is written top to bottom: wait for all of it.
    t.wait_for("the jump to #4, its header on top, the passage shown", |s| {
        title_line(s).contains("#4 ·")
            && s.lines().nth(1).is_some_and(|l| l.trim_start().starts_with("#4 Dev"))
            && s.contains("Check the memory limit")
    });
    t.keys(&["C-o"]);
    t.wait_for("back", |s| title_line(s).contains("#5 ·"));
}

#[test]
fn braces_step_through_the_replies_to_a_single_root() {
    let file = story_file();
    let t = Tmux::start(&[file.path().to_str().unwrap()], 80, 24);
    t.wait_text("#1 · 1 of 6");
    t.keys(&["}"]);
    t.wait_text("#2 · 2 of 6");
    t.keys(&["}"]);
    t.wait_text("#5 · 5 of 6");
    t.keys(&["2", "{"]);
    t.wait_text("#1 · 1 of 6");
    t.keys(&["3", "J", "u"]);
    t.wait_text("#2 · 2 of 6");
}

#[test]
fn the_prompt_edits_like_readline_and_counts_matches() {
    let t = Tmux::start(&["sample-threads/rules.json"], 80, 24);
    t.wait_text("1 of 8");
    t.type_text("/abc");
    t.wait_for("typed", |s| status_line(s).starts_with("/abc"));
    t.keys(&["BSpace", "C-u"]);
    t.wait_for("emptied", |s| status_line(s).trim() == "/");
    t.type_text("one two");
    t.keys(&["C-w"]);
    t.wait_for("a word rubbed out", |s| status_line(s).trim() == "/one");
    t.keys(&["C-u"]);
    t.type_text("whole point");
    t.keys(&["Enter"]);
    t.wait_for("the first match", |s| status_line(s).contains("match 1 of 3"));
    t.keys(&["n"]);
    t.wait_for("the second", |s| status_line(s).contains("match 2 of 3"));
    t.type_text("/");
    t.keys(&["Up"]);
    t.wait_for("history", |s| status_line(s).starts_with("/whole point"));
    t.keys(&["Escape"]);
    // An Escape followed at once by a key reads as Alt and that key: let it land first.
    t.wait_for("the prompt closed", |s| !status_line(s).starts_with('/'));
    t.type_text(":6");
    t.keys(&["Enter"]);
    t.wait_for("go to #6", |s| title_line(s).contains("#6 ·"));
}

#[test]
fn pipe_sends_the_post_to_a_command_and_shows_its_status() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("piped.txt");
    let t = Tmux::start(&["sample-threads/rules.json"], 80, 24);
    t.wait_text("1 of 8");
    t.keys(&["J"]);
    t.wait_text("#2 · 2 of 8");
    t.type_text(&format!("|cat > '{}'; exit 3", out.display()));
    t.keys(&["Enter"]);
    t.wait_text("press any key");
    t.keys(&["Space"]);
    t.wait_for("the viewer back, with the command's status", |s| {
        title_line(s).contains("#2 · 2 of 8") && status_line(s).ends_with("exit 3: exit status 3")
    });
    let piped = std::fs::read_to_string(&out).unwrap();
    assert!(piped.trim_start().starts_with("#2 Brook"), "{piped}");
    assert!(!piped.contains('\x1b'), "no colour");
}

#[test]
fn a_piped_command_reads_the_keys_typed_while_it_runs() {
    let t = Tmux::start(&["sample-threads/rules.json"], 80, 24);
    t.wait_text("1 of 8");
    // The command asks the terminal, as `less` does: tread must not read the keys meanwhile.
    // (What the test waits for is printed with `%s`, so the command line itself never matches.)
    t.type_text("|printf 'ask%s' '>'; read n </dev/tty; echo \"got [$n]\"");
    t.keys(&["Enter"]);
    t.wait_text("ask>");
    t.type_text("jjkq");
    t.keys(&["Enter"]);
    t.wait_text("got [jjkq]");
    t.wait_text("press any key");
    t.keys(&["Space"]);
    t.wait_for("the viewer back where it was", |s| {
        title_line(s).contains("#1 · 1 of 8") && status_line(s).ends_with("exit status 0")
    });
}

#[test]
fn ctrl_c_in_a_piped_command_stops_the_command_not_tread() {
    let t = Tmux::start(&["sample-threads/rules.json"], 80, 24);
    t.wait_text("1 of 8");
    t.type_text("|cat > /dev/null; printf 'wait%s' ing; sleep 60");
    t.keys(&["Enter"]);
    t.wait_text("waiting");
    t.keys(&["C-c"]);
    t.wait_text("press any key");
    t.keys(&["Space"]);
    t.wait_for("the viewer back", |s| {
        title_line(s).contains("#1 · 1 of 8") && status_line(s).contains("sleep 60: ")
    });
    // Still reading: keys move.
    t.keys(&["J"]);
    t.wait_text("#2 · 2 of 8");
}

#[test]
fn ctrl_l_repaints_a_damaged_screen() {
    let t = Tmux::start(&["sample-threads/rules.json"], 80, 24);
    t.wait_text("1 of 8");
    // Something else writes on the terminal: tread does not know.
    t.scribble("\x1b[5;5HGARBAGE-ON-SCREEN");
    t.wait_text("GARBAGE-ON-SCREEN");
    t.keys(&["C-l"]);
    // The screen is cleared, then drawn again in full.
    t.wait_for("the repaint", |s| {
        !s.contains("GARBAGE-ON-SCREEN")
            && title_line(s).contains("1 of 8")
            && status_line(s).contains("q quit")
    });
}

#[test]
fn resizing_keeps_the_post_and_fits_the_panes() {
    let t = Tmux::start(&["sample-threads/rules.json"], 120, 30);
    t.wait_text("References");
    t.keys(&["J", "J"]);
    t.wait_text("#3 · 3 of 8");
    t.wait_for("the hints", |s| status_line(s).contains("q quit"));
    t.resize(80, 24);
    // tmux cuts the old screen at once; wait for tread's own drawing at the new size.
    t.wait_for("the redraw at 80x24", |s| {
        !s.contains("References")
            && title_line(s).trim_end().ends_with("thread order")
            && title_line(s).contains("#3 · 3 of 8")
            && status_line(s).contains("? help")
            && status_line(s).contains("q quit")
    });
    t.keys(&["Tab"]);
    t.wait_text("References");
    t.keys(&["Escape"]);
    t.wait_for("closed", |s| !s.contains("References"));
    t.resize(15, 5);
    t.wait_for("the whole too-small message", |s| s.contains("small (need") && s.contains("20×5)"));
    t.resize(120, 30);
    t.wait_for("the panes again, on #3", |s| {
        s.contains("References") && title_line(s).contains("#3 · 3 of 8")
    });
}

#[test]
fn skin_tones_and_flags_reach_the_screen_whole() {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), support::emoji_thread_json()).unwrap();
    // Without read state: reading would change the title and the marks,
    // and the screen after `g g` is compared with the first.
    let t = Tmux::start(&["--no-state", file.path().to_str().unwrap()], 80, 24);
    // The hints on the last row: the whole frame is written, quote inference done.
    let screen = t.wait_for("the first screen", |s| {
        title_line(s).contains("1 of 12") && status_line(s).contains("q quit")
    });
    assert!(screen.contains("a👍🏽b"), "the skin tone is kept:\n{screen}");
    assert!(screen.contains("🇫🇷🇯🇵🇺🇦 then text"), "{screen}");
    // Scroll over them and back: nothing of them stays behind.
    let lone_tone = |s: &str| s.replace("👍🏽", "").replace("👍🏿", "").contains(['🏽', '🏿']);
    // (A frame is written top to bottom, so each wait also lets it finish.)
    for (key, title) in [("J", "#2 · 2 of 12"), ("C-d", "#3 · 3 of 12"), ("J", "#4 · 4 of 12")] {
        t.keys(&[key]);
        t.wait_for(&format!("{title} with no skin tone left behind"), |s| {
            title_line(s).contains(title) && !lone_tone(s)
        });
    }
    t.keys(&["g", "g"]);
    t.wait_for("the first screen again", |s| s == screen);
}
