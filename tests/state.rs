//! Read state: the store's safety (atomic whole-file writes, bad files set
//! aside once, an unwritable directory never stopping a thread from
//! opening), `tread state`, and the marks the viewer draws from it.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tread::app::App;
use tread::format::{LoadOptions, load_slice};
use tread::nav::{ReadMarks, RowPos};
use tread::state::{Identity, SavedThread, Store};
use tread::thread::{Order, PostId, Thread};
use tread::ui::Theme;

/// A flat thread of `count` posts; the first `count` of any larger one.
fn thread_json(count: usize) -> String {
    let posts: Vec<String> = (1..=count)
        .map(|i| format!(r#"{{"id": "p{i}", "author": "A{i}", "body": "Post {i}.\nIts second line."}}"#))
        .collect();
    format!(r#"{{"version": 1, "title": "Tea", "posts": [{}]}}"#, posts.join(","))
}

fn thread(count: usize) -> Thread {
    Thread::from_file(
        load_slice(thread_json(count).as_bytes(), "t.json", LoadOptions::default()).unwrap().file,
    )
}

fn saved(thread: &Thread, read: usize) -> SavedThread<'_> {
    let mut marks = ReadMarks::first_visit(thread.len());
    for i in 0..read {
        marks.mark_read(PostId::new(i));
    }
    SavedThread::capture(
        thread,
        Some("t.json".to_owned()),
        &marks,
        RowPos::start_of(PostId::new(read.saturating_sub(1))),
    )
}

#[test]
fn saved_state_loads_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("tread"));
    let thread = thread(5);
    let identity = Identity::of(&thread);
    assert!(store.load(&identity).saved.is_none(), "nothing yet, and no problem");
    let state = saved(&thread, 3);
    let path = store.save(&state).unwrap();
    assert_eq!(path, store.path(&identity));
    let loaded = store.load(&identity);
    assert_eq!(loaded.saved, Some(state));
    assert_eq!(loaded.problem, None);
    let leftovers: Vec<_> = std::fs::read_dir(store.dir()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left behind: {leftovers:?}");
}

#[test]
fn a_corrupt_state_file_is_set_aside_and_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let thread = thread(5);
    let identity = Identity::of(&thread);
    let path = store.path(&identity);
    std::fs::write(&path, b"{\"version\": 1, \"thread\": ").unwrap();
    let loaded = store.load(&identity);
    assert!(loaded.saved.is_none());
    let problem = loaded.problem.expect("reported");
    let bad = format!("{}.bad", path.display());
    let name = format!("{}.bad", identity.file_name());
    assert!(
        problem.starts_with(&format!("read state unusable, set aside as {name} (EOF while parsing")),
        "{problem}"
    );
    assert!(Path::new(&bad).exists() && !path.exists());
    let again = store.load(&identity);
    assert!(again.saved.is_none() && again.problem.is_none(), "said once, not at every open");
    // The next save starts afresh beside the set-aside file.
    store.save(&saved(&thread, 2)).unwrap();
    assert!(store.load(&identity).saved.is_some());
}

#[test]
fn a_state_file_of_another_version_or_shape_is_set_aside() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let thread = thread(2);
    let identity = Identity::of(&thread);
    let mut state = saved(&thread, 1);
    state.version = 99;
    std::fs::write(store.path(&identity), serde_json::to_vec(&state).unwrap()).unwrap();
    assert!(store.load(&identity).problem.unwrap().contains("version 99 is not 1"));
    std::fs::write(store.path(&identity), b"[1, 2]").unwrap();
    assert!(store.load(&identity).problem.is_some());
}

#[test]
fn an_unreadable_state_file_is_set_aside() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let identity = Identity::of(&thread(2));
    // A directory where the file should be: reading it fails for anyone, root included.
    std::fs::create_dir(store.path(&identity)).unwrap();
    let problem = store.load(&identity).problem.unwrap();
    assert!(problem.contains("set aside as"), "{problem}");
    assert!(store.load(&identity).problem.is_none());
}

#[test]
fn an_unwritable_state_directory_fails_the_save_not_the_open() {
    let dir = tempfile::tempdir().unwrap();
    let thread = thread(3);
    // A file where the directory should be: no one can write there.
    let blocked = dir.path().join("state");
    std::fs::write(&blocked, b"not a directory").unwrap();
    let store = Store::new(&blocked);
    let loaded = store.load(&Identity::of(&thread));
    assert!(loaded.saved.is_none() && loaded.problem.is_none(), "opening goes on as a first visit");
    assert!(store.save(&saved(&thread, 1)).is_err());

    // A read-only directory, where permissions apply (not to root).
    let readonly = dir.path().join("readonly");
    std::fs::create_dir(&readonly).unwrap();
    std::fs::set_permissions(&readonly, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(readonly.join("probe"), b"").is_ok() {
        eprintln!(
            "note: running as root, a read-only directory is writable: only the not-a-directory case applies"
        );
    } else {
        let store = Store::new(&readonly);
        assert!(store.load(&Identity::of(&thread)).problem.is_none());
        assert!(store.save(&saved(&thread, 1)).is_err());
    }
    std::fs::set_permissions(&readonly, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Which state a writer process saves, and where.
const WRITER_ENV: (&str, &str) = ("TREAD_TEST_WRITER_POSTS", "TREAD_TEST_WRITER_DIR");

/// The two states of [`two_writer_processes_never_leave_a_broken_file`]:
/// different sizes, so a torn or mixed write could not pass for either.
fn writer_state(posts: usize) -> (Thread, usize) {
    (thread(posts), posts * 3 / 4)
}

/// Not a test of its own: the writer process that
/// [`two_writer_processes_never_leave_a_broken_file`] starts twice.
#[test]
#[ignore = "a child process of two_writer_processes_never_leave_a_broken_file"]
fn state_writer_process() {
    let posts: usize = std::env::var(WRITER_ENV.0).unwrap().parse().unwrap();
    let store = Store::new(std::env::var(WRITER_ENV.1).unwrap());
    let (thread, read) = writer_state(posts);
    let state = saved(&thread, read);
    for _ in 0..60 {
        store.save(&state).unwrap();
    }
}

#[test]
fn two_writer_processes_never_leave_a_broken_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let (small, large) = (writer_state(50), writer_state(2_000));
    let identity = Identity::of(&small.0);
    let states = [saved(&small.0, small.1), saved(&large.0, large.1)];
    let mut writers: Vec<_> = [50, 2_000]
        .iter()
        .map(|posts| {
            Command::new(std::env::current_exe().unwrap())
                .args(["--exact", "state_writer_process", "--ignored", "--quiet"])
                .env(WRITER_ENV.0, posts.to_string())
                .env(WRITER_ENV.1, dir.path())
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut reads = 0;
    while writers.iter_mut().any(|writer| writer.try_wait().unwrap().is_none()) {
        let loaded = store.load(&identity);
        assert_eq!(loaded.problem, None, "a reader saw a partial file");
        if let Some(saved) = loaded.saved {
            assert!(states.contains(&saved), "a mix of two writers");
            reads += 1;
        }
    }
    for mut writer in writers {
        assert!(writer.wait().unwrap().success(), "a writer failed");
    }
    assert!(reads > 0, "the reader never saw a state while the writers ran");
    let last = store.load(&identity).saved.unwrap();
    assert!(states.contains(&last), "the last writer wins, whole");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left behind: {leftovers:?}");
}

fn tread_with_state(state_home: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tread"))
        .args(args)
        .env("XDG_STATE_HOME", state_home)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

#[test]
fn tread_state_lists_and_forgets() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("tea.json");
    std::fs::write(&file, thread_json(4)).unwrap();
    let out = tread_with_state(home.path(), &["state", "--list"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("no read state in "));

    let store = Store::new(home.path().join("tread"));
    store.save(&saved(&thread(4), 3)).unwrap();
    let out = tread_with_state(home.path(), &["state", "--list"]);
    let listed = String::from_utf8(out.stdout).unwrap();
    assert!(listed.starts_with("Tea · 3 of 4 read · at post \"p3\" · from t.json\n"), "{listed}");
    assert!(listed.contains(&store.path(&Identity::of(&thread(4))).display().to_string()));

    let file_arg = file.to_str().unwrap();
    let out = tread_with_state(home.path(), &["state", "--forget", file_arg]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("forgot the read state of {file_arg}\n"));
    assert!(!store.path(&Identity::of(&thread(4))).exists());
    let out = tread_with_state(home.path(), &["state", "--forget", file_arg]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("{file_arg} had no read state\n"));

    let out = tread_with_state(home.path(), &["state"]);
    assert_eq!(out.status.code(), Some(2), "one of --list and --forget is needed");
}

#[test]
fn unread_and_new_posts_are_marked_and_counted() {
    let before = thread(8);
    let state = saved(&before, 5);
    // The thread has grown by three posts since.
    let after = thread(11);
    let resume = state.resume(&after);
    let mut app = App::new(after, Order::Thread, 100, 14);
    app.set_theme(Theme::monochrome());
    app.apply_settings(false, 0, true);
    app.resume(resume.marks, resume.position);
    let rows = |app: &mut App| -> Vec<String> {
        let mut terminal = Terminal::new(TestBackend::new(100, 14)).unwrap();
        terminal.draw(|frame| app.draw(frame)).unwrap();
        let buffer = terminal.backend().buffer();
        (0..14).map(|y| (0..100).map(|x| buffer[(x, y)].symbol().to_owned()).collect::<String>()).collect()
    };
    let header_mark = |rows: &[String], post: &str| {
        let row = rows.iter().find(|r| r.starts_with(&format!("{post} A")))?;
        row.trim_end().chars().last()
    };
    // Back on #5 (the status says so); #5 was read, #6 on was not.
    let screen = rows(&mut app);
    assert!(screen[0].contains("3 new · 6 unread │ #5 · 5 of 11"), "{}", screen[0]);
    assert!(screen[13].starts_with("back at #5, where you left off"), "{}", screen[13]);
    assert_eq!(header_mark(&screen, "#5"), Some('5'), "read: the row ends with the author, A5");
    assert_eq!(header_mark(&screen, "#6"), Some('●'));
    assert_eq!(header_mark(&screen, "#7"), Some('●'));
    // At the bottom, the posts added since the last visit are marked apart.
    app.apply(tread::app::Action::Bottom);
    let screen = rows(&mut app);
    for (post, mark) in [("#9", 'N'), ("#10", 'N'), ("#11", 'N')] {
        assert_eq!(header_mark(&screen, post), Some(mark), "{post}");
    }
    assert!(
        screen[0].contains("3 new · 4 unread"),
        "#6 and #7 were read by the key; #8 is left: {}",
        screen[0]
    );
}
