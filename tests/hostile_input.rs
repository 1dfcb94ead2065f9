//! Hostile input: crafted files that once hung, overflowed the stack, or
//! made an importer refuse its own output. Every input here is small or
//! generated; each test names the behaviour it pins down.

use tread::format::{Block, Body, LoadOptions, load_slice};
use tread::import::{self, ImportOptions, Imported, Kind};

/// Imports `input` as `kind` and checks that the result loads as a thread.
fn import_valid(kind: Kind, input: &str) -> Imported {
    let imported = import::import(kind, input.as_bytes(), &ImportOptions::default())
        .unwrap_or_else(|error| panic!("{kind}: {error}"));
    let json = imported.file.to_pretty_json();
    if let Err(error) = load_slice(json.as_bytes(), "output", LoadOptions::default()) {
        panic!("{kind} output does not load: {error}");
    }
    imported
}

fn json_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// `html` as the body of a comment (or post) in a minimal input of `kind`.
fn with_html_body(kind: Kind, html: &str) -> String {
    let html = json_string(html);
    match kind {
        Kind::Hn => {
            format!(r#"{{"id": 1, "title": "t", "children": [{{"id": 2, "author": "a", "text": {html}}}]}}"#)
        }
        Kind::Reddit => {
            // reddit escapes its HTML once more.
            let escaped = json_string(&html_escape(&serde_json::from_str::<String>(&html).unwrap()));
            format!(
                r#"[{{"kind": "Listing", "data": {{"children": [{{"kind": "t3", "data": {{"id": "s", "title": "t", "author": "op", "created_utc": 1}}}}]}}}},
                   {{"kind": "Listing", "data": {{"children": [{{"kind": "t1", "data": {{"id": "c", "author": "a", "created_utc": 2, "body_html": {escaped}, "replies": ""}}}}]}}}}]"#
            )
        }
        Kind::Discourse => format!(
            r#"{{"id": 10, "title": "T", "slug": "t", "post_stream": {{"posts": [{{"post_number": 1, "username": "u", "created_at": "2020-01-01T00:00:00Z", "post_type": 1, "cooked": {html}}}]}}}}"#
        ),
        Kind::ForumHtml => format!(
            r#"<html><head><title>t</title></head><body><table class="post" id="post1"><tr><td class="userinfo"><dl><dt class="author">a</dt></dl></td><td class="postbody">{}</td></tr></table></body></html>"#,
            serde_json::from_str::<String>(&html).unwrap()
        ),
        other => panic!("{other} bodies are not HTML"),
    }
}

fn html_escape(html: &str) -> String {
    html.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

const HTML_KINDS: [Kind; 4] = [Kind::Hn, Kind::Reddit, Kind::Discourse, Kind::ForumHtml];

/// Each deep shape, in each HTML importer: no stack overflow, a valid thread.
fn deep_nesting_imports(open: &str, close: &str, depth: usize) {
    let html = format!("{}deep text{}", open.repeat(depth), close.repeat(depth));
    for kind in HTML_KINDS {
        let imported = import_valid(kind, &with_html_body(kind, &html));
        let json = imported.file.to_pretty_json();
        assert!(json.contains("deep text"), "{kind}: the innermost text is kept");
    }
}

#[test]
fn deeply_nested_tables_import() {
    deep_nesting_imports("<table><tr><td>", "</td></tr></table>", 5_000);
}

#[test]
fn deeply_nested_bold_imports() {
    deep_nesting_imports("<b>", "</b>", 20_000);
}

#[test]
fn deeply_nested_lists_import() {
    deep_nesting_imports("<ul><li>", "</li></ul>", 10_000);
}

#[test]
fn deeply_nested_blockquotes_import_with_depth_clamped() {
    deep_nesting_imports("<blockquote>", "</blockquote>", 15_000);
    let imported = import_valid(Kind::Hn, &with_html_body(Kind::Hn, &"<blockquote>x".repeat(70)));
    assert_eq!(quote_depth(&imported.file.posts[1].body), 32, "clamped at the format's depth");
}

/// How deep quotes nest in `body`.
fn quote_depth(body: &Body) -> usize {
    match body {
        Body::Text(_) => 0,
        Body::Blocks(blocks) => blocks
            .iter()
            .map(|block| match block {
                Block::Quote { quote, .. } => 1 + quote_depth(quote),
                _ => 0,
            })
            .max()
            .unwrap_or(0),
    }
}

#[test]
fn deeply_nested_divs_import() {
    deep_nesting_imports("<div>", "</div>", 100_000);
}

// ---- One bad item does not refuse the whole import ----

fn warnings_mention(imported: &Imported, needle: &str) -> bool {
    imported.warnings.iter().any(|warning| warning.contains(needle))
}

#[test]
fn a_duplicate_hn_comment_is_skipped_with_a_warning() {
    let input = r#"{"id": 1, "title": "t", "children": [
        {"id": 2, "author": "a", "text": "first"},
        {"id": 3, "author": "b", "text": "other", "children": [{"id": 2, "author": "c", "text": "again"}]}]}"#;
    let imported = import_valid(Kind::Hn, input);
    let ids: Vec<&str> = imported.file.posts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["1", "2", "3"]);
    assert!(warnings_mention(&imported, "(id 2): the id is used twice"), "{:?}", imported.warnings);
}

#[test]
fn a_duplicate_reddit_comment_is_skipped_with_a_warning() {
    let comment = |id: &str, text: &str| {
        format!(
            r#"{{"kind": "t1", "data": {{"id": "{id}", "author": "a", "created_utc": 2, "body_html": "&lt;p&gt;{text}&lt;/p&gt;", "replies": ""}}}}"#
        )
    };
    let input = format!(
        r#"[{{"kind": "Listing", "data": {{"children": [{{"kind": "t3", "data": {{"id": "s", "title": "t", "author": "op", "created_utc": 1}}}}]}}}},
           {{"kind": "Listing", "data": {{"children": [{}, {}]}}}}]"#,
        comment("c1", "first"),
        comment("c1", "again")
    );
    let imported = import_valid(Kind::Reddit, &input);
    assert_eq!(imported.file.posts.len(), 2);
    assert!(warnings_mention(&imported, "(id c1): the id is used twice"), "{:?}", imported.warnings);
}

#[test]
fn a_mail_line_quoted_63_deep_is_clamped_at_32() {
    let mbox = format!(
        "From a@b Mon Jan  1 00:00:00 2024\nFrom: a@b\nMessage-ID: <1@b>\nSubject: s\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n\nhello\n{} deep\n",
        ">".repeat(63)
    );
    let imported = import_valid(Kind::Mbox, &mbox);
    assert_eq!(quote_depth(&imported.file.posts[0].body), 32);
    assert!(
        imported.file.to_pretty_json().contains(&format!("{} deep", ">".repeat(31))),
        "deeper marks stay as text"
    );
}

#[test]
fn the_binary_imports_past_a_duplicate_and_deep_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let input = with_html_body(Kind::Hn, &"<blockquote>x".repeat(70))
        .replace(r#""children": ["#, r#""children": [{"id": 2, "author": "z", "text": "dup"}, "#);
    std::fs::write(dir.path().join("hn.json"), input).unwrap();
    let output = tread(dir.path(), &["import", "--from", "hn", "hn.json"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(
        stderr.trim(),
        "tread: hn.json: note: post 3 (id 2): the id is used twice; this later post is skipped"
    );
}

// ---- Nothing from a file reaches the terminal unsanitised ----

const TREAD: &str = env!("CARGO_BIN_EXE_tread");

/// ESC (a colour), OSC 52 (the clipboard) ended by BEL, a C1 CSI, a bidi override.
const HOSTILE: &str = "\u{1b}[31m\u{1b}]52;c;aGk=\u{7}\u{9b}2J\u{202e}";

fn tread(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(TREAD).args(args).current_dir(dir).output().expect("the tread binary runs")
}

/// Neither output holds a control character (but line breaks) nor a bidi control.
#[track_caller]
fn assert_terminal_safe(output: &std::process::Output) {
    for (name, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        let unsafe_char = text.chars().find(|&c| {
            (c.is_control() && c != '\n') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        });
        assert_eq!(unsafe_char, None, "{name} is not terminal safe: {text:?}");
    }
}

/// `tread args…` on a file `name` holding `content`, checked safe; returns stdout + stderr.
fn run_safely(name: &str, content: &[u8], args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), content).unwrap();
    let output = tread(dir.path(), args);
    assert_terminal_safe(&output);
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

#[test]
fn check_notes_are_terminal_safe() {
    let thread = serde_json::json!({ "version": 1, HOSTILE: 1, "posts": [
        { "id": "1", "body": "x", "time": HOSTILE },
        { "id": "2", "body": [{ "quote": "y", "of": HOSTILE }], "reply_to": HOSTILE },
    ] });
    let said = run_safely("t.json", thread.to_string().as_bytes(), &["check", "t.json"]);
    // The notes are there, made visible.
    assert!(said.contains("␛]52;c;aGk=␇"), "{said}");
    assert!(said.matches("␛[31m").count() >= 4, "reply target, time, unknown field, quote source: {said}");
}

#[test]
fn the_duplicate_id_error_is_terminal_safe() {
    let thread = serde_json::json!({ "version": 1, "posts": [{ "id": HOSTILE, "body": "x" }, { "id": HOSTILE, "body": "y" }] });
    let said = run_safely("t.json", thread.to_string().as_bytes(), &["check", "t.json"]);
    assert!(said.contains("duplicate id \"␛[31m"), "{said}");
}

#[test]
fn file_names_in_messages_are_terminal_safe() {
    let name = format!("{HOSTILE}.json");
    let said = run_safely(&name, b"{", &["check", &name]);
    assert!(said.contains("␛[31m"), "{said}");
    let said = run_safely("other", b"", &["check", &format!("missing{HOSTILE}")]);
    assert!(said.contains("no such file"), "{said}");
}

#[test]
fn mbox_warnings_are_terminal_safe() {
    let message = format!(
        "From a@b Mon Jan  1 00:00:00 2024\nFrom: a@b\nMessage-ID: <{HOSTILE}@b>\nSubject: s\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n\nhello\n\n"
    );
    let said = run_safely("m.mbox", message.repeat(2).as_bytes(), &["import", "--from", "mbox", "m.mbox"]);
    assert!(said.contains("exact duplicate"), "{said}");
}

#[test]
fn reddit_warnings_are_terminal_safe() {
    let input = format!(
        r#"[{{"kind": "Listing", "data": {{"children": [{{"kind": "t3", "data": {{"id": "s", "title": "t", "author": "op", "created_utc": 1}}}}]}}}},
           {{"kind": "Listing", "data": {{"children": [{{"kind": {}, "data": {{}}}}]}}}}]"#,
        json_string(HOSTILE)
    );
    let said = run_safely("r.json", input.as_bytes(), &["import", "--from", "reddit", "r.json"]);
    assert!(said.contains("found \"␛[31m"), "{said}");
}

#[test]
fn imported_json_escapes_what_a_terminal_would_obey() {
    let input = with_html_body(Kind::Hn, "c1 \u{9b}2J bidi \u{202e} del \u{7f}");
    let json = import_valid(Kind::Hn, &input).file.to_pretty_json();
    assert!(json.contains(r"c1 \u009b2J bidi \u202e del \u007f"), "{json}");
}

// ---- Shapes the format does not allow are refused; what it allows is read ----

fn load_error(json: &str) -> String {
    load_slice(json.as_bytes(), "t.json", LoadOptions::default()).map(|_| ()).unwrap_err().to_string()
}

#[test]
fn arrays_are_refused_where_the_format_wants_objects() {
    assert_eq!(
        load_error(r#"[1, "title", null, [["1", "Ann", null, null, "hi", []]]]"#),
        "t.json:1:1: expected a thread object, found an array"
    );
    assert_eq!(
        load_error(r#"{"version": 1, "posts": [["1", "Ann", null, null, "hi", []]]}"#),
        "t.json:1:25: posts[0]: expected a post object, found an array"
    );
    assert_eq!(
        load_error(
            r#"{"version": 1, "posts": [{"id": 1, "body": "x", "links": [["https://a.example", "t"]]}]}"#
        ),
        "t.json:1:58: posts[0].links[0]: expected a link object, found an array"
    );
}

#[test]
fn null_links_are_the_same_as_none() {
    let json = r#"{"version": 1, "posts": [{"id": 1, "body": "x", "links": null}]}"#;
    let loaded = load_slice(json.as_bytes(), "t.json", LoadOptions { track_unknown_fields: true }).unwrap();
    assert!(loaded.file.posts[0].links.is_empty());
}

#[test]
fn the_hn_importer_refuses_what_is_not_an_item() {
    let error = |input: &str| {
        import::import(Kind::Hn, input.as_bytes(), &ImportOptions::default()).unwrap_err().to_string()
    };
    assert_eq!(
        error(r#"{"id": 5, "name": "anything"}"#),
        "read as hn: top level: not a Hacker News item: expected an object with `id` and `children` (Algolia), `comments` (HNPWA) or `type`"
    );
    let discourse = with_html_body(Kind::Discourse, "<p>hello</p>");
    assert!(error(&discourse).contains("this is a Discourse topic"), "{}", error(&discourse));
}

#[test]
fn an_endless_device_is_refused_without_reading_it_all() {
    let dir = tempfile::tempdir().unwrap();
    let output = tread(dir.path(), &["check", "/dev/zero"]);
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "tread: /dev/zero: larger than 256 MB, the most tread reads (is this a thread file?)\n"
    );
    // A regular file says its size first: refused without reading a byte.
    let big = std::fs::File::create(dir.path().join("big.json")).unwrap();
    big.set_len((256 << 20) + 1).unwrap();
    let output = tread(dir.path(), &["check", "big.json"]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("big.json: larger than 256 MB"));
}

// ---- Clear messages ----

#[test]
fn numbers_are_described_plainly() {
    assert_eq!(
        load_error(r#"{"version": -1, "posts": []}"#),
        "t.json:1:14: version: unsupported version -1: this tread reads version 1"
    );
    assert_eq!(
        load_error(r#"{"version": 1, "posts": [{"id": 18446744073709551616, "body": ""}]}"#),
        "t.json:1:52: posts[0].id: an integer id too large to read exactly (over 19 digits): write the id as a string"
    );
    assert_eq!(
        load_error(r#"{"version": 1, "posts": [{"id": 1.5, "body": ""}]}"#),
        "t.json:1:35: posts[0].id: expected a string or an integer, found the number 1.5"
    );
    let error = load_error(r#"{"version": 1, "posts": [{"id": "1", "body": "", "author": 1e400}]}"#);
    assert!(error.contains("posts[0].author: a number too large to read"), "{error}");
}

#[test]
fn syntax_errors_are_described_in_json_words() {
    let error = load_error(r#"{"version": 1, "posts": tru}"#);
    assert!(
        error.ends_with("invalid word: the only bare words in JSON are `true`, `false` and `null`"),
        "{error}"
    );
    let error = load_error(r#"{"version": 1, "title": "\udc00", "posts": []}"#);
    assert!(!error.contains("leading") && error.contains("surrogate"), "{error}");
    let error =
        load_error(r#"{"version": 1, "posts": [{"id": "1", "body": "", "links": ["https://a.example"]}]}"#);
    assert!(error.ends_with("posts[0].links[0]: expected a link object, found a string"), "{error}");
}

#[test]
fn other_encodings_are_named() {
    let utf16: Vec<u8> = r#"{"version": 1, "posts": []}"#.encode_utf16().flat_map(u16::to_le_bytes).collect();
    assert_eq!(
        load_slice(&utf16, "t.json", LoadOptions::default()).unwrap_err().to_string(),
        "t.json: encoded as UTF-16 without a byte-order mark (thread files are UTF-8: convert it, e.g. with iconv)"
    );
    let doubled = b"\xEF\xBB\xBF\xEF\xBB\xBF{\"version\": 1, \"posts\": []}";
    assert_eq!(
        load_slice(doubled, "t.json", LoadOptions::default()).unwrap_err().to_string(),
        "t.json: two byte-order marks at the start (remove one: thread files are UTF-8)"
    );
}

#[test]
fn importer_messages_use_json_words() {
    let input = r#"[{"kind": "Listing", "data": {"children": ["not a thing"]}}, {"kind": "Listing", "data": {"children": []}}]"#;
    let error =
        import::import(Kind::Reddit, input.as_bytes(), &ImportOptions::default()).unwrap_err().to_string();
    assert!(!error.contains("struct"), "{error}");
    assert!(error.ends_with("expected an object, found a string"), "{error}");
    let error =
        import::import(Kind::Hn, b"{\"id\": tru}", &ImportOptions::default()).unwrap_err().to_string();
    assert!(error.contains("invalid word"), "{error}");
}

#[test]
fn unknown_fields_inside_objects_are_still_noted() {
    let json = r#"{"version": 1, "zzz": 1, "posts": [{"id": 1, "body": ["x", {"text": "y", "ww": 2}], "mood": "m",
        "links": [{"url": "https://a.example", "extra": 1}]}]}"#;
    let loaded = load_slice(json.as_bytes(), "t.json", LoadOptions { track_unknown_fields: true }).unwrap();
    assert_eq!(
        loaded.unknown_fields,
        ["zzz", "posts[0].body[1].ww", "posts[0].mood", "posts[0].links[0].extra"]
    );
}
