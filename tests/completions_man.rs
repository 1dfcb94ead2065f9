//! `tread completions SHELL` and `tread man`: scripts the shells accept and
//! a man page that renders without warnings and lists keys and files.

use std::io::Write;
use std::process::{Command, Stdio};

fn tread(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_tread")).args(args).output().unwrap();
    assert!(out.status.success(), "tread {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `program args` with `input` on standard input; `None` when the program is absent.
fn run_with_input(program: &str, args: &[&str], input: &str) -> Option<std::process::Output> {
    let mut child = match Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return None,
        Err(error) => panic!("cannot run {program}: {error}"),
    };
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    Some(child.wait_with_output().unwrap())
}

#[test]
fn bash_accepts_the_completion_script() {
    let script = tread(&["completions", "bash"]);
    assert!(script.contains("complete -F _tread"), "a bash completion for tread");
    for word in ["check", "print", "import", "state", "config", "completions", "man", "--no-state"] {
        assert!(script.contains(word), "completes {word}");
    }
    let out = run_with_input("bash", &["-n"], &script).expect("bash is installed");
    assert!(out.status.success(), "bash -n: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn every_shell_gets_a_script() {
    for (shell, marker) in [
        ("zsh", "#compdef tread"),
        ("fish", "complete -c tread"),
        ("elvish", "tread"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        assert!(tread(&["completions", shell]).contains(marker), "{shell}");
    }
}

#[test]
fn the_man_page_renders_without_warnings_and_lists_keys_and_files() {
    let page = tread(&["man"]);
    assert!(page.lines().any(|line| line.starts_with(".TH tread 1")), "a roff page of section 1");
    assert_eq!(page.matches(".ds Aq").count(), 2, "the string definitions once (.ie and .el)");
    assert!(page.contains(".SH KEYS") && page.contains(".SH FILES"));
    let Some(out) = run_with_input("groff", &["-man", "-Tutf8", "-ww", "-P-cbou"], &page) else {
        println!("note: groff is not installed (apt-get install groff); the man page was not rendered");
        return;
    };
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && warnings.is_empty(), "groff warned: {warnings}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Next unread post (with a count: the Nth on) (next-unread)"), "the key table");
    assert!(text.contains("g g, Home"));
    assert!(text.contains("$XDG_CONFIG_HOME/tread/config.toml"));
    assert!(text.contains("$XDG_STATE_HOME/tread/"));
    assert!(text.contains("--no-state") || text.contains("‐‐no‐state"), "the options");
}
