//! `tread FILE…`, `tread print FILE…` and `tread check FILE…` on anything
//! `tread import` reads, driven through the real binary: every corpus file
//! opens directly with the posts its import has; pages of one thread, mbox
//! files, a Maildir and `.eml` files made from the real corpus read as one
//! thread; what is not a thread gets one error; warnings are summarised.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use std::io::Write as _;

const TREAD: &str = env!("CARGO_BIN_EXE_tread");

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn tread(dir: &Path, args: &[&str]) -> Output {
    tread_with_input(dir, args, None)
}

fn tread_with_input(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(TREAD)
        .args(args)
        .current_dir(dir)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tread runs");
    if let Some(bytes) = stdin {
        child.stdin.take().expect("stdin").write_all(bytes).expect("write stdin");
    }
    child.wait_with_output().expect("tread finishes")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Standard output of a run that must succeed.
fn stdout_of(dir: &Path, args: &[&str]) -> String {
    let output = tread(dir, args);
    assert!(output.status.success(), "{args:?}: {}", text(&output.stderr));
    text(&output.stdout)
}

/// Two printed threads are the same; on failure, says where they part
/// instead of dumping both.
#[track_caller]
fn assert_same(actual: &str, expected: &str, what: &str) {
    if actual == expected {
        return;
    }
    let (a, e): (Vec<&str>, Vec<&str>) = (actual.lines().collect(), expected.lines().collect());
    let at = a.iter().zip(&e).position(|(x, y)| x != y).unwrap_or(a.len().min(e.len()));
    panic!(
        "{what}: differs at line {} ({} vs {} lines)\n  got:      {:?}\n  expected: {:?}",
        at + 1,
        a.len(),
        e.len(),
        a.get(at),
        e.get(at)
    );
}

/// Every file of the real corpus, the seed page included, relative to `tests/corpus`.
fn corpus_files() -> Vec<String> {
    let mut files = Vec::new();
    for dir in std::fs::read_dir(corpus()).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            files.push(file.strip_prefix(corpus()).unwrap().to_string_lossy().into_owned());
        }
    }
    files.sort();
    files
}

#[test]
fn every_corpus_file_opens_directly_with_the_posts_of_its_import() {
    let corpus = corpus();
    let files = corpus_files();
    assert!(files.len() >= 18, "the corpus and the seed page: {files:?}");
    assert!(files.iter().any(|f| f == "forum-text/forum-page.txt"));
    let mut opened = 0;
    for file in &files {
        let import = tread(&corpus, &["import", file]);
        let direct = tread(&corpus, &["print", "--width", "100", file]);
        if !import.status.success() {
            // What `import` cannot read, opening cannot either (a page of an engine not read yet).
            assert!(!direct.status.success(), "{file}: import fails but print does not");
            continue;
        }
        opened += 1;
        let via_import = tread_with_input(&corpus, &["print", "--width", "100", "-"], Some(&import.stdout));
        assert!(via_import.status.success(), "{file}: {}", text(&via_import.stderr));
        assert!(direct.status.success(), "{file}: {}", text(&direct.stderr));
        assert_same(
            &text(&direct.stdout),
            &text(&via_import.stdout),
            &format!("{file}: print FILE vs its import"),
        );
        // The viewer, not on a terminal, prints the same thread.
        let viewer = tread(&corpus, &[file.as_str()]);
        assert!(viewer.status.success(), "{file}: {}", text(&viewer.stderr));
        let check = stdout_of(&corpus, &["check", file]);
        let posts = serde_json::from_slice::<serde_json::Value>(&import.stdout).unwrap()["posts"]
            .as_array()
            .unwrap()
            .len();
        let noun = if file.starts_with("mbox/") { "messages" } else { "posts" };
        assert!(check.starts_with(&format!("{file}: valid\n  read as: ")), "{check}");
        assert!(check.contains(&format!(", {posts} {noun}\n  posts: {posts} (")), "{file}: {check}");
    }
    assert!(opened >= 18, "every corpus thread and the seed page open: {opened}");
}

#[test]
fn a_thread_file_still_opens_as_one_without_saying_so() {
    let dir = tempfile::tempdir().unwrap();
    let thread = br#"{"version": 1, "posts": [{"id": "a", "author": "Ann", "body": "hi"}]}"#;
    std::fs::write(dir.path().join("t.json"), thread).unwrap();
    let check = stdout_of(dir.path(), &["check", "t.json"]);
    assert!(check.starts_with("t.json: valid\n  posts: 1 ("), "{check}");
    assert_eq!(stdout_of(dir.path(), &["print", "t.json"]), "#1 Ann\nhi\n");
}

/// The messages of an mbox, envelopes removed and `>From ` unquoted, as
/// a mail program would store them one per file.
fn messages_of(mbox: &str) -> Vec<String> {
    let lines: Vec<&str> = mbox.split_inclusive('\n').collect();
    let is_header = |line: &str| {
        let name = line.split(':').next().unwrap_or_default();
        line.contains(':') && !name.is_empty() && name.bytes().all(|b| (33..=126).contains(&b))
    };
    let mut messages: Vec<String> = Vec::new();
    let mut previous_blank = true;
    for (i, line) in lines.iter().enumerate() {
        let envelope = line.starts_with("From ")
            && previous_blank
            && lines.get(i + 1).is_some_and(|next| is_header(next));
        previous_blank = line.trim().is_empty();
        if envelope {
            messages.push(String::new());
            continue;
        }
        let quotes = line.bytes().take_while(|&b| b == b'>').count();
        let line = if quotes > 0 && line[quotes..].starts_with("From ") { &line[1..] } else { line };
        messages.last_mut().expect("the mbox starts with an envelope").push_str(line);
    }
    messages
}

#[test]
fn a_maildir_made_from_an_mbox_opens_with_the_same_threads() {
    let corpus = corpus();
    for name in ["notmuch-maildir-storage.mbox", "lkml-remove-semicolons.mbox", "lkml-powerpc-mchk.mbox"] {
        let mbox_path = corpus.join("mbox").join(name);
        let messages = messages_of(&std::fs::read_to_string(&mbox_path).unwrap());
        let dir = tempfile::tempdir().unwrap();
        let maildir = dir.path().join("list");
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(maildir.join(sub)).unwrap();
        }
        // Older mail in cur/ (seen), the rest in new/; names start with the delivery order.
        let half = messages.len() / 2;
        for (i, message) in messages.iter().enumerate() {
            let file = if i < half {
                maildir.join("cur").join(format!("{:04}.host:2,S", i + 1))
            } else {
                maildir.join("new").join(format!("{:04}.host", i + 1))
            };
            std::fs::write(file, message).unwrap();
        }
        std::fs::write(maildir.join("cur/.hidden"), "not mail").unwrap();
        // A file left empty by an interrupted delivery is skipped with a warning.
        std::fs::write(maildir.join("new/9999.host"), "").unwrap();
        let mbox_arg = mbox_path.to_str().unwrap();
        let expected = stdout_of(dir.path(), &["print", "--width", "100", mbox_arg]);
        let output = tread(dir.path(), &["print", "--width", "100", "list"]);
        assert_same(&text(&output.stdout), &expected, &format!("{name} as a Maildir"));
        let stderr = text(&output.stderr);
        assert!(
            stderr.contains("list/new/9999.host: the input is empty: no mail message found; skipped"),
            "{stderr}"
        );
        assert_same(
            &stdout_of(dir.path(), &["list"]),
            &stdout_of(dir.path(), &[mbox_arg]),
            &format!("{name}: the viewer"),
        );
        let check = stdout_of(dir.path(), &["check", "list"]);
        let mbox_check = stdout_of(dir.path(), &["check", mbox_arg]);
        let (_, mbox_summary) = mbox_check.split_once("\n  read as: mbox, ").unwrap();
        assert_eq!(check, format!("list: valid\n  read as: Maildir, {mbox_summary}"), "{name}: check");

        // The same messages as .eml files named on the command line.
        let mut emls = Vec::new();
        for (i, message) in messages.iter().enumerate() {
            let file = format!("{:04}.eml", i + 1);
            std::fs::write(dir.path().join(&file), message).unwrap();
            emls.push(file);
        }
        let mut args = vec!["print", "--width", "100"];
        args.extend(emls.iter().map(String::as_str));
        assert_same(&stdout_of(dir.path(), &args), &expected, &format!("{name} as .eml files"));
    }
}

#[test]
fn several_mbox_files_read_as_one_archive() {
    let whole = std::fs::read_to_string(corpus().join("mbox/lkml-remove-semicolons.mbox")).unwrap();
    // Cut at an envelope line in the middle.
    let middle = whole.len() / 2;
    let cut = middle + whole[middle..].find("\n\nFrom ").unwrap() + 2;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("part-1.mbox"), &whole[..cut]).unwrap();
    std::fs::write(dir.path().join("part-2.mbox"), &whole[cut..]).unwrap();
    std::fs::write(dir.path().join("whole.mbox"), &whole).unwrap();
    let expected = stdout_of(dir.path(), &["print", "whole.mbox"]);
    assert_same(&stdout_of(dir.path(), &["print", "part-1.mbox", "part-2.mbox"]), &expected, "two mboxes");
    assert_same(
        &stdout_of(dir.path(), &["print", "part-2.mbox", "part-1.mbox"]),
        &expected,
        "dates order mail",
    );
}

/// The Something Awful page cut into two pages of 21 and 13 posts, the last
/// post of the first page repeated at the top of the second, as forums do.
fn pages_of(html: &str) -> (String, String, usize) {
    let starts: Vec<usize> = html.match_indices("<table class=\"post \"").map(|(at, _)| at).collect();
    let end = html.find("</div>\n<div class=\"threadbar bottom\">").expect("the posts' end");
    let (head, tail) = (&html[..starts[0]], &html[end..]);
    let post = |i: usize| &html[starts[i]..starts.get(i + 1).copied().unwrap_or(end)];
    let page = |range: std::ops::Range<usize>| {
        let mut page = head.to_owned();
        range.for_each(|i| page.push_str(post(i)));
        page + tail
    };
    (page(0..21), page(20..starts.len()), starts.len())
}

#[test]
fn pages_of_one_thread_merge_in_page_order_with_repeats_kept_once() {
    let dir = tempfile::tempdir().unwrap();
    let html = std::fs::read_to_string(corpus().join("forum/sa-battlefield-lp.html")).unwrap();
    let (first, second, posts) = pages_of(&html);
    std::fs::write(dir.path().join("thread.html"), &html).unwrap();
    std::fs::write(dir.path().join("t-p1.html"), first).unwrap();
    std::fs::write(dir.path().join("t-p2.html"), second).unwrap();
    let expected = stdout_of(dir.path(), &["print", "thread.html"]);
    // Page order, whatever the order on the command line (a glob gives p10 before p2).
    let output = tread(dir.path(), &["print", "t-p2.html", "t-p1.html"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_same(&text(&output.stdout), &expected, "two pages");
    assert_eq!(
        text(&output.stderr),
        "tread: note: t-p2.html: post 411083451: also on t-p1.html; kept once\n"
    );
    assert_eq!(text(&output.stdout).lines().filter(|l| l.starts_with('#')).count(), posts);
    // A page saved twice.
    assert_same(&stdout_of(dir.path(), &["print", "thread.html", "thread.html"]), &expected, "saved twice");
    // The viewer reads them the same way.
    let viewer = stdout_of(dir.path(), &["t-p1.html", "t-p2.html"]);
    assert_same(&viewer, &stdout_of(dir.path(), &["thread.html"]), "the viewer on two pages");
}

#[test]
fn pages_of_another_topic_are_an_error_naming_the_file() {
    let corpus = corpus();
    let output = tread(&corpus, &["print", "forum/sa-battlefield-lp.html", "forum/sa-logie-award.html"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with(
            "tread: forum/sa-logie-award.html: not a page of the same thread as forum/sa-battlefield-lp.html: its title is \"Vote for me"
        ),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let mixed =
        tread(&corpus, &["print", "mbox/notmuch-maildir-storage.mbox", "hn/item-1-y-combinator.json"]);
    assert_eq!(
        text(&mixed.stderr),
        "tread: hn/item-1-y-combinator.json: not mail, unlike mbox/notmuch-maildir-storage.mbox: files opened together must be one thread\n"
    );
    let kinds =
        tread(&corpus, &["print", "hn/item-1-y-combinator.json", "reddit/redditdev-api-licensing.json"]);
    assert_eq!(
        text(&kinds.stderr),
        "tread: reddit/redditdev-api-licensing.json: read as reddit, but hn/item-1-y-combinator.json as hn: files opened together must be pages of one thread\n"
    );
}

const WHAT_TREAD_READS: &str = "tread reads thread JSON, mbox, Hacker News, Reddit and Discourse JSON, and saved forum pages (HTML or text)";

#[test]
fn input_that_is_no_thread_gets_one_error_saying_what_it_looks_like() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "Buy tea.\n\nCall Ann about the meeting.\n").unwrap();
    std::fs::write(dir.path().join("data.json"), r#"{"name": "tea", "sizes": [1, 2]}"#).unwrap();
    std::fs::write(dir.path().join("photo.jpg"), b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00").unwrap();
    let cases = [
        (
            "notes.txt",
            "no posts found as a forum page (no \"Link to comment\" or --separator lines)".to_owned(),
        ),
        (
            "data.json",
            "JSON, but not a thread file (no `posts`), Hacker News item, Reddit listing or Discourse topic (not a Hacker News item: expected an object with `id` and `children` (Algolia), `comments` (HNPWA) or `type`)".to_owned(),
        ),
        ("photo.jpg", "binary data (line 1: a NUL byte: this is not a text page)".to_owned()),
    ];
    for (file, looks_like) in cases {
        for command in [&["print"][..], &["check"], &[]] {
            let mut args = command.to_vec();
            args.push(file);
            let output = tread(dir.path(), &args);
            assert_eq!(output.status.code(), Some(1), "{args:?}");
            assert_eq!(
                text(&output.stderr),
                format!("tread: {file}: not a thread: {looks_like}; {WHAT_TREAD_READS}\n"),
                "{args:?}"
            );
            assert_eq!(text(&output.stdout), "");
        }
    }
    // A JSON object with `posts` is meant as a thread file: its own error, with the JSON path.
    std::fs::write(dir.path().join("near.json"), r#"{"version": 1, "posts": [{"id": "a", "body": 3}]}"#)
        .unwrap();
    let output = tread(dir.path(), &["print", "near.json"]);
    assert_eq!(
        text(&output.stderr),
        "tread: near.json:1:46: posts[0].body: expected a string or an array of blocks, found the integer 3\n"
    );
}

#[test]
fn from_forces_a_kind_on_the_viewer_print_and_check() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "Buy tea.\n").unwrap();
    // Forced, a page without separators is one post, as `tread import --from forum-text` makes it.
    assert_eq!(
        stdout_of(dir.path(), &["print", "--from", "forum-text", "notes.txt"]),
        "#1 anonymous\nBuy tea.\n"
    );
    assert_eq!(stdout_of(dir.path(), &["--from", "forum-text", "notes.txt"]), "#1 anonymous\nBuy tea.\n");
    let check = stdout_of(dir.path(), &["check", "--from", "forum-text", "notes.txt"]);
    assert!(check.starts_with("notes.txt: valid\n  read as: forum-text, 1 post\n"), "{check}");
    let output = tread(dir.path(), &["print", "--from", "mbox", "notes.txt"]);
    assert_eq!(
        text(&output.stderr),
        "tread: notes.txt: read as mbox: line 1: not an mbox: expected a `From ` envelope line or a mail header, found \"Buy tea.\"\n"
    );
    // A page of the corpus forced to another kind fails as that kind would.
    let page = corpus().join("forum-text/forum-page.txt");
    let output = tread(dir.path(), &["check", "--from", "hn", page.to_str().unwrap()]);
    assert!(text(&output.stderr).contains(": read as hn: "), "{}", text(&output.stderr));
}

#[test]
fn warnings_are_summarised_per_kind_and_listed_with_verbose() {
    let corpus = corpus();
    let page = "forum-text/forum-page.txt";
    let output = tread(&corpus, &["print", page]);
    assert!(output.status.success());
    assert_eq!(
        text(&output.stderr),
        format!("tread: {page}: note: 2 avatar labels not used as authors (line 6, 239)\n")
    );
    let verbose = text(&tread(&corpus, &["print", "--verbose", page]).stderr);
    let lines: Vec<&str> = verbose.lines().collect();
    assert_eq!(lines.len(), 2, "{verbose}");
    assert!(lines[0].starts_with(&format!("tread: {page}: line 6: avatar label [")), "{verbose}");
    assert!(lines[1].starts_with(&format!("tread: {page}: line 239: avatar label [")), "{verbose}");

    // Many warnings of two kinds: two lines, each counting its kind.
    let mbox = "mbox/lkml-cifs-fscache-rfc.mbox";
    let summary = text(&tread(&corpus, &["check", mbox]).stderr);
    let verbose = text(&tread(&corpus, &["check", "-v", mbox]).stderr);
    let duplicates = verbose.lines().filter(|l| l.contains("exact duplicate")).count();
    let dangling = verbose.lines().filter(|l| l.contains("is not in this file")).count();
    assert_eq!(verbose.lines().count(), duplicates + dangling, "{verbose}");
    assert!(duplicates > 3 && dangling > 3, "{verbose}");
    assert_eq!(
        summary,
        format!(
            "tread: {mbox}: note: {duplicates} repeated items kept once (message 2 (line 107), 4 (line 281), 6 (line 425), …)\n\
             tread: {mbox}: note: {dangling} replies to posts not in the input (message 1 (line 2), 3 (line 212), 5 (line 350), …)\n"
        )
    );
    // `tread import` summarises too.
    let import = tread(&corpus, &["import", mbox]);
    assert_eq!(text(&import.stderr), summary);
}

/// The first line of the viewer's first screen for `path`, opened as `tread` opens it.
fn title_line(path: &Path, width: u16, height: u16) -> String {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use tread::app::App;
    use tread::open::{OpenOptions, open};
    use tread::thread::{Order, Thread};

    let opened = open(&[path.to_owned()], &OpenOptions::default()).unwrap();
    let source = opened.provenance.imported().then(|| opened.provenance.to_string());
    let mut app = App::new(Thread::from_file_deferred(opened.file), Order::Thread, width, height);
    app.set_source(source);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    let buffer = terminal.backend().buffer();
    (0..width).map(|x| buffer[(x, 0)].symbol()).collect::<String>().trim_end().to_owned()
}

#[test]
fn the_title_line_says_what_the_thread_was_read_as() {
    let mbox = corpus().join("mbox/notmuch-maildir-storage.mbox");
    let wide = title_line(&mbox, 120, 40);
    assert!(wide.starts_with(" [notmuch] Working with Maildir storage? · mbox, 7 messages  "), "{wide}");
    assert!(wide.ends_with("  #1 · 1 of 7 │ thread order"), "{wide}");
    // At 80 columns the title gives way to the position.
    let narrow = title_line(&mbox, 80, 24);
    assert!(narrow.starts_with(" [notmuch] Working with Maildir storage? · mbox"), "{narrow}");
    assert!(narrow.ends_with(" #1 · 1 of 7 │ thread order"), "{narrow}");
    // A thread file says nothing more than its title.
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-threads/ketamine.json");
    let plain = title_line(&seed, 120, 40);
    assert_eq!(plain.matches('·').count(), 1, "only the position's: {plain}");
    assert!(plain.contains("Brain Circuits  ") || plain.contains("Brain Circuits "), "{plain}");
}

#[test]
fn names_and_warnings_from_files_reach_the_terminal_sanitised() {
    let dir = tempfile::tempdir().unwrap();
    let name = "notes\x1b[31m.txt";
    std::fs::write(dir.path().join(name), "just words\n").unwrap();
    let output = tread(dir.path(), &["print", name]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!output.stderr.contains(&0x1b), "{:?}", text(&output.stderr));
    // An avatar label holding an escape sequence, reported as a warning.
    let page = std::fs::read_to_string(corpus().join("forum-text/forum-page.txt")).unwrap();
    let first_label = page.lines().find(|l| l.starts_with('[') && l.ends_with(']')).expect("an avatar label");
    let page = page.replacen(first_label, "[\x1b]52;c;aGk=\x07]", 1);
    std::fs::write(dir.path().join("page.txt"), page).unwrap();
    let output = tread(dir.path(), &["print", "--verbose", "page.txt"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("avatar label"), "{stderr}");
    assert!(!output.stderr.contains(&0x1b) && !output.stderr.contains(&0x07), "{stderr:?}");
}
