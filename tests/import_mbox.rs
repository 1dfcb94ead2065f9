//! The mbox importer over the real-thread corpus and small inline messages.

use std::path::{Path, PathBuf};

use tread::format::{Block, Body, LoadOptions, Post, ThreadFile, load_slice};
use tread::import::{ImportOptions, Imported, mbox};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/raw/mbox")
}

fn import_file(name: &str) -> Imported {
    let bytes = std::fs::read(corpus_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    mbox::import(&bytes, &ImportOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
#[ignore = "manual review aid"]
fn dump_corpus() {
    for entry in std::fs::read_dir(corpus_dir()).unwrap() {
        let path = entry.unwrap().path();
        let imported = mbox::import(&std::fs::read(&path).unwrap(), &ImportOptions::default()).unwrap();
        let out = Path::new("/tmp/mbox-dump").join(path.file_name().unwrap()).with_extension("json");
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        std::fs::write(&out, imported.file.to_pretty_json()).unwrap();
        std::fs::write(out.with_extension("warnings"), imported.warnings.join("\n")).unwrap();
    }
}
