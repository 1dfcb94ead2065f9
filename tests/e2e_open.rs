//! End to end: `tread FILE` on what `tread import` reads, in a real terminal
//! (tmux), read back from the screen. Every step waits for text, never for time.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::tmux::{TREAD, Tmux};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// Posts, title and first author of `tread import FILE`, or `None` when it cannot be imported.
fn imported(file: &str) -> Option<(usize, Option<String>, Option<String>)> {
    let output = Command::new(TREAD).args(["import", file]).current_dir(corpus()).output().unwrap();
    if !output.status.success() {
        return None;
    }
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let posts = json["posts"].as_array().unwrap();
    let title = json["title"].as_str().map(str::to_owned);
    Some((posts.len(), title, posts[0]["author"].as_str().map(str::to_owned)))
}

#[test]
fn an_mbox_opens_directly_and_says_what_it_was_read_as() {
    let t = Tmux::shell_in(120, 30, &corpus());
    t.run_tread("mbox/lkml-remove-semicolons.mbox", "EXITED-1");
    let (posts, title, _) = imported("mbox/lkml-remove-semicolons.mbox").unwrap();
    let screen = t.wait_for("the first screen", |s| s.contains(&format!("1 of {posts}")));
    let title_line = screen.lines().next().unwrap();
    assert!(title_line.contains(&format!("· mbox, {posts} messages")), "{screen}");
    assert!(title_line.contains(&title.unwrap()[..20]), "{screen}");
    t.keys(&["J"]);
    t.wait_for("the next post", |s| s.contains(&format!("2 of {posts}")));
    t.keys(&["q"]);
    t.wait_for("tread to exit", |s| s.lines().any(|line| line.trim() == "EXITED-1"));
}

#[test]
fn every_corpus_file_opens_in_the_terminal_with_the_posts_of_its_import() {
    let t = Tmux::shell_in(160, 30, &corpus());
    let mut files: Vec<String> = Vec::new();
    for dir in std::fs::read_dir(corpus()).unwrap() {
        let dir = dir.unwrap().path();
        if dir.is_dir() {
            for file in std::fs::read_dir(&dir).unwrap() {
                files.push(
                    file.unwrap().path().strip_prefix(corpus()).unwrap().to_string_lossy().into_owned(),
                );
            }
        }
    }
    files.sort();
    let mut opened = 0;
    for (i, file) in files.iter().enumerate() {
        // A page of an engine `import` cannot read yet is not expected to open either.
        let Some((posts, _, first_author)) = imported(file) else { continue };
        let done = format!("EXITED-{i}");
        t.run_tread(file, &done);
        let screen =
            t.wait_for(file, |s| s.lines().next().is_some_and(|l| l.contains(&format!(" 1 of {posts} "))));
        let noun = if file.starts_with("mbox/") { "messages" } else { "posts" };
        assert!(screen.lines().next().unwrap().contains(&format!(", {posts} {noun}")), "{file}:\n{screen}");
        if let Some(author) = first_author {
            let shown: String = author.chars().take(10).collect();
            assert!(
                screen.lines().nth(1).unwrap().contains(&shown),
                "{file}: first post by {author}:\n{screen}"
            );
        }
        t.keys(&["q"]);
        // On a line of its own: the command line holds it too.
        t.wait_for(&done, |s| s.lines().any(|line| line.trim() == done));
        opened += 1;
    }
    assert!(opened >= 18, "every corpus thread and the seed page opened: {opened}");
}

/// A large archive: the first screen comes before the bodies are all read;
/// a search typed at once runs when they are in, and the reader's place
/// holds while the whole thread replaces the first one.
#[test]
fn a_large_mbox_shows_its_first_screen_and_a_search_waits_for_the_bodies() {
    let dir = tempfile::tempdir().unwrap();
    let options = gen_thread::Options {
        posts: 20_000,
        seed: 7,
        format: gen_thread::Format::Mbox,
        ..gen_thread::Options::default()
    };
    let mut mbox = gen_thread::generate(&options).unwrap();
    // The last message, with a word no other has.
    mbox.extend_from_slice(
        b"\nFrom last@x Sat Jan  1 00:00:00 2050\nFrom: Last Writer <last@x.org>\n\
          Message-ID: <last@x>\nDate: Sat, 1 Jan 2050 00:00:00 +0000\nSubject: the end\n\n\
          Only here: quixotically.\n",
    );
    std::fs::write(dir.path().join("big.mbox"), &mbox).unwrap();
    let posts = 20_001;

    for (width, height) in [(80, 24), (200, 60)] {
        let t = Tmux::shell_in(width, height, dir.path());
        t.run_tread("--no-state big.mbox", "EXITED-1");
        let first = t.wait_for("the first screen", |s| s.contains(&format!("1 of {posts}")));
        assert!(!first.contains("[reading this message…]"), "the first screen has its bodies:\n{first}");
        t.type_text("/quixotically");
        t.keys(&["Enter"]);
        let found = t.wait_for("the search, once every body is in", |s| s.contains("match 1 of 1"));
        assert!(found.contains(&format!("{posts} of {posts}")), "{found}");
        assert!(found.contains("Only here: quixotically."), "{found}");
        t.keys(&["q"]);
        t.wait_for("tread to exit", |s| s.lines().any(|line| line.trim() == "EXITED-1"));
    }
}
