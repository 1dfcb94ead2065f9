//! `tread import` on every real sample, as a person would run it: the kind is
//! detected from the content, the output is written with `-o`, and `tread
//! check` accepts it.

use std::path::{Path, PathBuf};
use std::process::Command;

use tread::import::{Kind, detect};

const TREAD: &str = env!("CARGO_BIN_EXE_tread");

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// Every corpus file with the kind it must be detected as.
fn samples() -> Vec<(PathBuf, Kind)> {
    let mut out = Vec::new();
    for (dir, kind) in [
        ("mbox", Kind::Mbox),
        ("hn", Kind::Hn),
        ("reddit", Kind::Reddit),
        ("discourse", Kind::Discourse),
        ("forum", Kind::ForumHtml),
    ] {
        let mut files: Vec<PathBuf> =
            std::fs::read_dir(corpus().join(dir)).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        out.extend(files.into_iter().map(|f| (f, kind)));
    }
    out.push((
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/forum-text/forum-page.txt"),
        Kind::ForumText,
    ));
    out
}

#[test]
fn every_sample_is_detected_imported_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let samples = samples();
    assert_eq!(samples.len(), 19, "18 corpus threads and the seed page");
    for (i, (input, kind)) in samples.iter().enumerate() {
        assert_eq!(detect(&std::fs::read(input).unwrap()), *kind, "{}", input.display());
        let output = dir.path().join(format!("{i}.json"));
        let import = Command::new(TREAD).arg("import").arg(input).arg("-o").arg(&output).output().unwrap();
        assert!(import.status.success(), "{}: {}", input.display(), String::from_utf8_lossy(&import.stderr));
        let check = Command::new(TREAD).arg("check").arg(&output).output().unwrap();
        let summary = String::from_utf8_lossy(&check.stdout);
        assert!(check.status.success(), "{}: {}", input.display(), String::from_utf8_lossy(&check.stderr));
        assert!(summary.contains(": valid"), "{summary}");
    }
}

#[test]
fn import_reads_standard_input_and_writes_standard_output() {
    let seed =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/forum-text/forum-page.txt"))
            .unwrap();
    let mut child = Command::new(TREAD)
        .args(["import", "--from", "forum-text", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &seed).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let committed =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-threads/ketamine.json"));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        committed.unwrap(),
        "the sample is the importer's output"
    );
}

#[test]
fn bad_input_names_the_kind_and_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, b"[{\"kind\": \"Listing\", \"data\": {\"children\": 5}}, 1]").unwrap();
    let output = Command::new(TREAD).arg("import").arg(&bad).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with(&format!("tread: {}: read as reddit: ", bad.display())), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
}
