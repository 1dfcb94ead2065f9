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
        Kind::Hn => format!(r#"{{"id": 1, "title": "t", "children": [{{"id": 2, "author": "a", "text": {html}}}]}}"#),
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
