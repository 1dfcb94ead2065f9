//! `tread check` and `tread print` on every sample, through the real binary.
//! The outputs are committed snapshots, so any change in layout, folding or
//! summaries shows up as a diff to review.

use std::process::Command;

const TREAD: &str = env!("CARGO_BIN_EXE_tread");
const SAMPLES: [&str; 3] = ["ketamine", "rules", "mail"];

fn run(args: &[&str]) -> String {
    let output = Command::new(TREAD).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn check_summarises_every_sample() {
    for name in SAMPLES {
        let summary = run(&["check", &format!("sample-threads/{name}.json")]);
        assert!(summary.starts_with(&format!("sample-threads/{name}.json: valid\n")));
        insta::assert_snapshot!(format!("check_{name}"), summary);
    }
}

#[test]
fn print_lays_out_every_sample() {
    for name in SAMPLES {
        let text = run(&["print", "--width", "80", &format!("sample-threads/{name}.json")]);
        assert!(!text.contains('\x1b'), "no escape codes without --color always");
        assert!(
            text.lines().all(|l| unicode_width::UnicodeWidthStr::width(l) <= 80),
            "{name}: a line is too wide"
        );
        insta::assert_snapshot!(format!("print_{name}"), text);
    }
}

#[test]
fn the_seed_folds_its_repeats_and_expands_on_request() {
    let folded = run(&["print", "--width", "80", "sample-threads/ketamine.json"]);
    let expanded = run(&["print", "--width", "80", "--expand-quotes", "sample-threads/ketamine.json"]);
    let folded_lines = folded.lines().filter(|l| l.trim_start().starts_with('▸')).count();
    assert_eq!(
        folded_lines, 11,
        "one folded line per quote in a post's own text: 2, 4, 5, 7, 9 to 13, and two in 14"
    );
    assert!(!expanded.contains('▸'));
    assert!(expanded.lines().count() > 3 * folded.lines().count() / 2, "folding hides most of the page");
    insta::assert_snapshot!("print_ketamine_expanded", expanded);
}

#[test]
fn print_orders_and_colours_on_request() {
    let time = run(&["print", "--width", "80", "--order", "time", "sample-threads/rules.json"]);
    let headers: Vec<&str> =
        time.lines().filter(|l| l.starts_with('#')).map(|l| l.split(' ').next().unwrap()).collect();
    assert_eq!(headers, ["#1", "#2", "#3", "#4", "#5", "#6", "#7", "#8"], "time order is file order here");
    let colour = run(&["print", "--color", "always", "sample-threads/rules.json"]);
    assert!(colour.contains("\x1b[1;33m#1\x1b[0m"), "numbers are coloured");
    assert!(!colour.contains("\x1b[2J"), "the thread's own escape stays a placeholder");
}

#[test]
fn print_reads_standard_input() {
    let mut child = Command::new(TREAD)
        .args(["print", "--width", "80", "-"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let json = std::fs::read("sample-threads/rules.json").unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &json).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        run(&["print", "--width", "80", "sample-threads/rules.json"])
    );
}

#[test]
fn print_keeps_every_line_within_a_narrow_width_title_and_code_included() {
    for name in SAMPLES {
        let text = run(&["print", "--width", "60", &format!("sample-threads/{name}.json")]);
        for line in text.lines() {
            assert!(unicode_width::UnicodeWidthStr::width(line) <= 60, "{name}: {line:?}");
        }
    }
    let ketamine = run(&["print", "--width", "60", "sample-threads/ketamine.json"]);
    let underline = ketamine.lines().find(|l| l.starts_with('═')).unwrap();
    assert!(underline.chars().count() <= 60, "the title's rule is as wide as its widest row");
    assert!(ketamine.starts_with("Ketamine May Relieve Depression"), "the title wraps, not cut");
}

#[test]
fn print_wraps_wide_code_with_a_continuation_mark() {
    let text = run(&["print", "--width", "60", "sample-threads/rules.json"]);
    let code = "// a very long line that will not be wrapped but cut at the edge of the screen";
    let at = text.find("println!").expect("the code line");
    let rows: Vec<&str> = text[at..].lines().take(3).collect();
    assert!(rows[1].starts_with("↪ "), "{rows:?}");
    let joined: String = rows.iter().map(|r| r.trim_start_matches("↪ ")).collect();
    assert!(joined.contains(code.split_whitespace().next().unwrap()), "{rows:?}");
    assert!(!text.contains('→'), "nothing is cut");
}

#[test]
fn colour_auto_is_plain_in_a_pipe() {
    let auto = run(&["print", "--color", "auto", "sample-threads/rules.json"]);
    assert!(!auto.contains('\x1b'));
    assert_eq!(auto, run(&["print", "sample-threads/rules.json"]), "auto is the default");
}

#[test]
fn check_counts_anonymous_posts_and_previews_keep_one_pair_of_quote_marks() {
    let summary = run(&["check", "sample-threads/ketamine.json"]);
    assert!(summary.contains("authors: none named (14 anonymous posts)"), "{summary}");
    let text = run(&["print", "--width", "80", "sample-threads/ketamine.json"]);
    assert!(!text.contains("““") && !text.contains("””"), "no doubled quote marks in previews");
    assert!(text.contains("▸ #1 anonymous: “have found hints”"));
}
