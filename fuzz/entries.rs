//! What each fuzz target runs, shared with `tests/fuzz_regressions.rs` so that
//! every input the fuzzer ever found is replayed by the stable test suite.

#![allow(dead_code, reason = "each fuzz target calls one entry; the regression test calls them all")]

use tread::format::{LoadOptions, load_slice};
use tread::import::mbox::{self, Bodies, MailInput, ParsedArchive};
use tread::import::{ImportOptions, Kind, detect, import};
use tread::print::{PrintOptions, print_thread};
use tread::thread::Thread;

/// What a fuzz target runs on one input.
pub type Entry = fn(&[u8]);

/// The fuzz targets by name, each with the function it runs.
pub const TARGETS: &[(&str, Entry)] = &[
    ("load", load),
    ("detect_import", detect_import),
    ("import_forum_text", import_forum_text),
    ("import_mbox", import_mbox),
    ("import_hn", import_hn),
    ("import_reddit", import_reddit),
    ("import_discourse", import_discourse),
    ("import_forum_html", import_forum_html),
    ("layout", layout),
];

/// A thread file, loaded and derived (tree, quote sources, links).
pub fn load(data: &[u8]) {
    for track_unknown_fields in [false, true] {
        if let Ok(loaded) = load_slice(data, "fuzz.json", LoadOptions { track_unknown_fields }) {
            let _ = Thread::from_file(loaded.file);
        }
    }
}

/// Whatever kind the content looks like, imported; the output must load.
pub fn detect_import(data: &[u8]) {
    import_as(detect(data), data);
}

/// `data` imported as `kind`: an error is fine, but an importer's output must
/// always be a valid thread.
pub fn import_as(kind: Kind, data: &[u8]) {
    if let Ok(imported) = import(kind, data, &ImportOptions::default()) {
        let json = imported.file.to_pretty_json();
        let loaded = load_slice(json.as_bytes(), "import output", LoadOptions::default())
            .unwrap_or_else(|e| panic!("the {kind} importer wrote an invalid thread: {e}"));
        let _ = Thread::from_file(loaded.file);
    }
}

pub fn import_forum_text(data: &[u8]) {
    import_as(Kind::ForumText, data);
}

/// Mail imported, and read headers first with bodies later as the viewer
/// does: both ways must give the same posts, bodies and warnings.
pub fn import_mbox(data: &[u8]) {
    import_as(Kind::Mbox, data);
    let input = [MailInput { name: "fuzz", bytes: data, one_message: false }];
    let now = mbox::parse_archive(&input, Bodies::Now).map(ParsedArchive::into_thread);
    let later = mbox::parse_archive(&input, Bodies::Later).map(ParsedArchive::into_threaded);
    match (now, later) {
        (Ok(now), Ok((later, mail))) => {
            assert_eq!(later.warnings, now.warnings);
            assert_eq!(mail.len(), now.file.posts.len());
            for (index, full) in now.file.posts.iter().enumerate() {
                assert_eq!(&mail.post(index, true), full, "post {index} read later");
            }
        }
        (Err(now), Err(later)) => assert_eq!(now.to_string(), later.to_string()),
        (now, later) => panic!("read at once: {:?}; read later: {:?}", now.is_ok(), later.is_ok()),
    }
}

pub fn import_hn(data: &[u8]) {
    import_as(Kind::Hn, data);
}

pub fn import_reddit(data: &[u8]) {
    import_as(Kind::Reddit, data);
}

pub fn import_discourse(data: &[u8]) {
    import_as(Kind::Discourse, data);
}

pub fn import_forum_html(data: &[u8]) {
    import_as(Kind::ForumHtml, data);
}

/// Any post laid out at any width: the first two bytes pick the width, the
/// rest is a thread file or, failing that, the text of one post.
pub fn layout(data: &[u8]) {
    let Some((width, rest)) = data.split_first_chunk::<2>() else { return };
    let width = u16::from_le_bytes(*width) % 400 + 1;
    let thread = match load_slice(rest, "fuzz.json", LoadOptions::default()) {
        Ok(loaded) => loaded.file,
        Err(_) => {
            let body = String::from_utf8_lossy(rest);
            let json = serde_json::json!({"version": 1, "posts": [{"id": "1", "body": body}]}).to_string();
            match load_slice(json.as_bytes(), "fuzz.json", LoadOptions::default()) {
                Ok(loaded) => loaded.file,
                Err(_) => return,
            }
        }
    };
    let thread = Thread::from_file(thread);
    for expand_quotes in [false, true] {
        let _ = print_thread(&thread, PrintOptions { width, expand_quotes, ..PrintOptions::default() });
    }
}
