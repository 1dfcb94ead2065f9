//! The real binary on bad inputs: one exact `tread: …` line on standard
//! error, exit status 1, never a panic. Plus the inputs it must accept.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use tempfile::TempDir;

const TREAD: &str = env!("CARGO_BIN_EXE_tread");

/// Runs `tread args…` in `dir`, feeding `stdin` (empty when `None`).
fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(TREAD)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the tread binary runs");
    let input = stdin.unwrap_or_default().to_vec();
    let mut pipe = child.stdin.take().expect("stdin is piped");
    // Write on a thread: a large input must not deadlock against a full stdout pipe.
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let output = child.wait_with_output().expect("tread finishes");
    writer.join().expect("stdin writer");
    output
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A scratch directory holding `name` with `content`.
fn dir_with(name: &str, content: &[u8]) -> TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    std::fs::write(dir.path().join(name), content).expect("write test input");
    dir
}

/// Exit status 1, nothing on stdout, exactly `expected` (one line) on stderr.
#[track_caller]
fn assert_refused(output: &Output, expected: &str) {
    let stderr = text(&output.stderr);
    assert!(!stderr.contains("panicked"), "tread panicked:\n{stderr}");
    assert_eq!(stderr, format!("{expected}\n"), "stderr");
    assert_eq!(output.status.code(), Some(1), "exit status; stderr: {stderr}");
    assert_eq!(text(&output.stdout), "", "stdout");
}

/// Refused the same way by `check`, `print` and the default (viewer) command.
#[track_caller]
fn assert_refused_everywhere(name: &str, content: &[u8], expected: &str) {
    let dir = dir_with(name, content);
    for args in [&["check", name][..], &["print", name], &[name]] {
        let output = run_in(dir.path(), args, None);
        assert_refused(&output, expected);
    }
}

#[test]
fn not_json_names_line_and_column() {
    let content = b"{\"version\": 1,\n  \"posts\": [\n    {\"id\": \"a\", \"body\": \"\"},\n  ]\n}\n";
    assert_refused_everywhere("bad.json", content, "tread: bad.json:4:3: trailing comma");
    assert_refused_everywhere(
        "cut.json",
        b"{\"version\": 1, \"posts\": [",
        "tread: cut.json:1:25: unexpected end of file: EOF while parsing a list",
    );
}

#[test]
fn wrong_shape_names_the_json_path() {
    let mut content = String::from("{\"version\": 1, \"posts\": [\n");
    for i in 0..12 {
        writeln!(content, "  {{\"id\": \"{i}\", \"body\": \"\"}},").expect("writing to a String");
    }
    content.push_str("  {\"id\": \"12\", \"reply_to\": [\"1\"], \"body\": \"\"}\n]}\n");
    assert_refused_everywhere(
        "shape.json",
        content.as_bytes(),
        "tread: shape.json:14:28: posts[12].reply_to: expected a string or an integer, found an array",
    );
}

#[test]
fn duplicate_ids_name_both_positions() {
    let content = b"{\"version\": 1, \"posts\": [\n{\"id\": \"x\", \"body\": \"\"},\n{\"id\": 7, \"body\": \"\"},\n{\"id\": \"7\", \"body\": \"\"}]}\n";
    assert_refused_everywhere(
        "dup.json",
        content,
        "tread: dup.json: posts[2].id: duplicate id \"7\", already used by posts[1].id",
    );
}

#[test]
fn unsupported_version_names_both_versions() {
    assert_refused_everywhere(
        "v2.json",
        b"{\"version\": 2, \"posts\": []}",
        "tread: v2.json:1:13: version: unsupported version 2: this tread reads version 1",
    );
    assert_refused_everywhere(
        "vs.json",
        b"{\"version\": \"1\", \"posts\": []}",
        "tread: vs.json:1:15: version: expected the version number 1, found a string",
    );
}

#[test]
fn empty_files_are_refused() {
    let expected = "tread: empty.json: the file is empty (expected a thread object)";
    assert_refused_everywhere("empty.json", b"", expected);
    assert_refused_everywhere("empty.json", b" \n\t\r\n", expected);
    assert_refused_everywhere("empty.json", b"\xEF\xBB\xBF\n", expected);
}

#[test]
fn invalid_utf8_names_the_position() {
    assert_refused_everywhere(
        "latin1.json",
        b"{\"version\": 1,\n\"posts\": [{\"id\": \"a\", \"body\": \"caf\xE9\"}]}",
        "tread: latin1.json:2:35: invalid UTF-8 (thread files are UTF-8 text)",
    );
}

#[test]
fn a_utf8_bom_is_accepted() {
    let dir =
        dir_with("bom.json", b"\xEF\xBB\xBF{\"version\": 1, \"posts\": [{\"id\": \"a\", \"body\": \"hi\"}]}");
    let output = run_in(dir.path(), &["check", "bom.json"], None);
    assert_eq!(text(&output.stderr), "");
    assert!(output.status.success());
    assert!(
        text(&output.stdout).starts_with("bom.json: valid\n  posts: 1 (1 top-level"),
        "{}",
        text(&output.stdout)
    );
    let output = run_in(dir.path(), &["print", "bom.json"], None);
    assert_eq!(text(&output.stdout), "#1 anonymous\nhi\n");
}

#[test]
fn missing_files_and_directories_are_named() {
    let dir = tempfile::tempdir().expect("temporary directory");
    std::fs::create_dir(dir.path().join("threads")).expect("mkdir");
    for args in [&["check", "nope.json"][..], &["print", "nope.json"], &["nope.json"]] {
        assert_refused(&run_in(dir.path(), args, None), "tread: nope.json: no such file");
    }
    for args in [&["check", "threads"][..], &["print", "threads"], &["threads"]] {
        assert_refused(&run_in(dir.path(), args, None), "tread: threads: is a directory, not a thread file");
    }
}

#[cfg(unix)]
#[test]
fn unreadable_files_say_permission_denied() {
    use std::os::unix::fs::PermissionsExt;
    let dir = dir_with("locked.json", b"{\"version\": 1, \"posts\": []}");
    let path = dir.path().join("locked.json");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read(&path).is_ok() {
        // Running as root (or with CAP_DAC_OVERRIDE): the mode does not stop us.
        eprintln!("skipped: mode 000 does not make the file unreadable for this user");
        return;
    }
    for args in [&["check", "locked.json"][..], &["print", "locked.json"]] {
        assert_refused(&run_in(dir.path(), args, None), "tread: locked.json: permission denied");
    }
}

#[test]
fn deep_nesting_is_a_clear_error_not_a_stack_overflow() {
    let depth = 100_000;
    let content = format!(
        "{{\"version\":1,\"posts\":[{{\"id\":\"a\",\"body\":{}\"x\"{}}}]}}",
        "[{\"quote\":".repeat(depth),
        "}]".repeat(depth)
    );
    // The reader stops at 128 levels of arrays and objects: 63 nested quotes
    // (two levels each) after the three levels of the file, post list and post.
    assert_refused_everywhere(
        "deep.json",
        content.as_bytes(),
        "tread: deep.json:1:660: nested deeper than 128 levels of arrays and objects (the reader's limit)",
    );
}

#[test]
fn deep_quote_markers_in_text_are_capped_not_refused() {
    let body = format!("{} bottom\n\nreply", ">".repeat(100_000));
    let content = serde_json::json!({"version": 1, "posts": [{"id": "a", "body": body}]}).to_string();
    let dir = dir_with("marks.json", content.as_bytes());
    let output = run_in(dir.path(), &["print", "--width", "200", "--expand-quotes", "marks.json"], None);
    assert_eq!(text(&output.stderr), "");
    assert!(output.status.success());
    let stdout = text(&output.stdout);
    let bottom = stdout.lines().find(|l| l.contains("bottom")).expect("the innermost text is shown");
    assert_eq!(bottom.matches('│').count(), 32, "quotes nest at most 32 deep: {bottom}");
}

#[test]
fn dash_reads_standard_input() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let good = b"{\"version\": 1, \"posts\": [{\"id\": 1, \"author\": \"Ann\", \"body\": \"from stdin\"}]}";
    let output = run_in(dir.path(), &["print", "-"], Some(good));
    assert_eq!(text(&output.stderr), "");
    assert_eq!(text(&output.stdout), "#1 Ann\nfrom stdin\n");
    let output = run_in(dir.path(), &["check", "-"], Some(good));
    assert!(text(&output.stdout).starts_with("<stdin>: valid\n"));
    let output = run_in(dir.path(), &["check", "-"], Some(b"{\"version\": 2, \"posts\": []}"));
    assert_refused(
        &output,
        "tread: <stdin>:1:13: version: unsupported version 2: this tread reads version 1",
    );
    assert_refused(
        &run_in(dir.path(), &["print", "-"], None),
        "tread: <stdin>: the file is empty (expected a thread object)",
    );
}

#[test]
fn check_reports_every_file_and_fails_if_one_is_bad() {
    let dir = dir_with("good.json", b"{\"version\": 1, \"posts\": [{\"id\": \"a\", \"body\": \"hi\"}]}");
    std::fs::write(dir.path().join("bad.json"), b"{\"version\": 1}").expect("write");
    let output = run_in(dir.path(), &["check", "bad.json", "good.json", "nope.json"], None);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stderr),
        "tread: bad.json:1:14: missing field `posts`\ntread: nope.json: no such file\n"
    );
    let stdout = text(&output.stdout);
    assert!(stdout.starts_with("good.json: valid\n  posts: 1 (1 top-level"), "{stdout}");
    assert!(!stdout.contains("bad.json") && !stdout.contains("nope.json"), "{stdout}");
}

#[test]
fn print_writes_no_escape_sequences_unless_asked() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sample = "sample-threads/rules.json";
    for args in [
        &["print", sample][..],
        &["print", "--expand-quotes", sample],
        &["print", "--color", "never", sample],
        &[sample],
    ] {
        let output = run_in(dir, args, None);
        assert!(output.status.success(), "{args:?}: {}", text(&output.stderr));
        assert!(!output.stdout.is_empty());
        assert!(!output.stdout.contains(&0x1b), "{args:?} printed an ESC byte");
    }
    let output = run_in(dir, &["print", "--color", "always", sample], None);
    assert!(output.stdout.contains(&0x1b), "--color always colours the output");
}

#[test]
fn help_shows_the_examples() {
    let output = run_in(Path::new("."), &["--help"], None);
    assert!(output.status.success());
    let stdout = text(&output.stdout);
    assert!(stdout.contains("\nExamples:\n"), "{stdout}");
    for example in
        ["tread check a.json b.json", "tread print thread.json | less -R", "tread import page.txt -o t.json"]
    {
        assert!(stdout.contains(example), "missing `{example}` in:\n{stdout}");
    }
}

#[test]
fn version_prints_name_and_version() {
    let output = run_in(Path::new("."), &["--version"], None);
    assert!(output.status.success());
    assert_eq!(text(&output.stdout), format!("tread {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn no_file_for_the_viewer_is_a_usage_error() {
    let output = run_in(Path::new("."), &[], None);
    assert_refused(&output, "tread: no thread file given (try `tread --help`)");
}

#[cfg(target_os = "linux")]
#[test]
fn check_fails_when_a_file_is_bad_even_if_stdout_is_unwritable() {
    let dir = dir_with("good.json", b"{\"version\": 1, \"posts\": [{\"id\": \"a\", \"body\": \"hi\"}]}");
    std::fs::write(dir.path().join("bad.json"), b"{\"version\": 1}").expect("write");
    let output = Command::new(TREAD)
        .args(["check", "bad.json", "good.json"])
        .current_dir(dir.path())
        .stdout(std::fs::File::create("/dev/full").expect("/dev/full"))
        .stderr(Stdio::piped())
        .output()
        .expect("tread runs");
    assert!(text(&output.stderr).contains("tread: bad.json:1:14: missing field `posts`"));
    assert_eq!(output.status.code(), Some(1), "bad.json was refused, so check must fail");
}

#[test]
fn columns_count_characters_after_non_ascii_text() {
    // `2` is the 27th character of the line (the 33rd byte).
    assert_refused_everywhere(
        "col.json",
        "{\"title\":\"日本語\",\"version\": 2, \"posts\": []}".as_bytes(),
        "tread: col.json:1:27: version: unsupported version 2: this tread reads version 1",
    );
}
