//! Replays, on the stable toolchain, every input a fuzz target ever failed on
//! (`tests/fuzz-regressions/<target>/`), through the same entry the fuzzer
//! calls, and runs those entries over the real corpus.

use std::path::{Path, PathBuf};

#[path = "../fuzz/entries.rs"]
mod entries;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_fuzz_target_has_an_entry() {
    let mut on_disk: Vec<String> = std::fs::read_dir(root().join("fuzz/fuzz_targets"))
        .unwrap()
        .map(|e| e.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut named: Vec<String> = entries::TARGETS.iter().map(|(name, _)| (*name).to_owned()).collect();
    named.sort();
    assert_eq!(on_disk, named);
}

#[test]
fn inputs_the_fuzzer_found_are_handled() {
    let regressions = root().join("tests/fuzz-regressions");
    for dir in std::fs::read_dir(&regressions).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let (_, run) = entries::TARGETS
            .iter()
            .find(|(target, _)| *target == name)
            .unwrap_or_else(|| panic!("{}: no fuzz target of that name", dir.display()));
        for input in files_below(&dir) {
            eprintln!("replaying {}", input.display());
            run(&std::fs::read(&input).unwrap());
        }
    }
}

#[test]
fn the_corpus_passes_through_detection_and_import() {
    let files = files_below(&root().join("tests/corpus"));
    let inputs: Vec<_> = files.iter().filter(|p| p.extension().is_some_and(|e| e != "md")).collect();
    assert!(inputs.len() >= 18, "the real corpus is in tests/corpus");
    for input in inputs {
        entries::detect_import(&std::fs::read(input).unwrap());
    }
}
