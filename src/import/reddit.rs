//! Reddit `[link listing, comment listing]` JSON, as `/comments/ID.json`
//! returns it.
//!
//! The link (the submission) is post 1; comments keep their tree as
//! `reply_to` and are ordered by time, replies after their parents.
//! `body_html` and `selftext_html` are HTML escaped inside the JSON: they are
//! unescaped once, then parsed. Relative links (`/r/x`, `/wiki/x`) become
//! `https://www.reddit.com/...`. A `more` stub (replies the file does not
//! hold) is reported as a warning and recorded as `missing_replies` on the
//! post those replies answer (the viewer shows `[N replies not in this file]`).

use std::collections::HashMap;

use scraper::ElementRef;
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Value;

use super::html_text::json::{self, Mismatch};
use super::html_text::{self, Converter, Rules, Special, chronological};
use super::{ImportError, ImportOptions, Imported, Kind, Warning, WarningKind};
use crate::format::{Block, Body, Link, Post, PostKey, ThreadFile};

const KIND: Kind = Kind::Reddit;
const SITE: &str = "https://www.reddit.com";

#[derive(Deserialize)]
struct Listing {
    data: ListingData,
}

#[derive(Deserialize)]
struct ListingData {
    /// Checked for shape; the things are read one by one.
    children: Vec<IgnoredAny>,
}

#[derive(Deserialize)]
struct Thing {
    kind: String,
    #[serde(rename = "data")]
    _data: IgnoredAny,
}

/// A `t3`: the submission.
#[derive(Deserialize)]
struct Submission {
    id: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    created_utc: Option<f64>,
    #[serde(default)]
    selftext_html: Option<String>,
    #[serde(default)]
    selftext: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    permalink: Option<String>,
    #[serde(default)]
    is_self: Option<bool>,
}

/// A `t1`: a comment.
#[derive(Deserialize)]
struct Comment {
    id: String,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    created_utc: Option<f64>,
    #[serde(default)]
    body_html: Option<String>,
    #[serde(default)]
    body: Option<String>,
}

/// A `more` stub: replies left out of the file.
#[derive(Deserialize)]
struct More {
    #[serde(default)]
    count: Option<u64>,
    #[serde(default)]
    children: Vec<String>,
}

struct Collected {
    posts: Vec<(Post, Option<usize>, i64)>,
    /// Replies left out, by the index of the post they answer.
    missing: HashMap<usize, usize>,
    unknown_missing: HashMap<usize, bool>,
    warnings: Vec<Warning>,
}

pub fn import(input: &[u8], _options: &ImportOptions) -> Result<Imported, ImportError> {
    let value = json::parse(KIND, input)?;
    let Some(listings) = value.as_array() else {
        return Err(ImportError::new(
            KIND,
            "top level",
            format!("expected [link listing, comment listing] (an array), found {}", json::describe(&value)),
        ));
    };
    if listings.len() < 2 {
        return Err(ImportError::new(
            KIND,
            "top level",
            format!("expected [link listing, comment listing], found an array of {}", listings.len()),
        ));
    }
    let link_listing: Listing = json::read(&listings[0], "[0]").map_err(|m| m.into_error(KIND))?;
    let _: Listing = json::read(&listings[1], "[1]").map_err(|m| m.into_error(KIND))?;
    if link_listing.data.children.is_empty() {
        return Err(ImportError::new(KIND, "[0].data.children", "the link listing holds no link"));
    }
    let link_thing = &listings[0]["data"]["children"][0];
    let thing: Thing = json::read(link_thing, "[0].data.children[0]").map_err(|m| m.into_error(KIND))?;
    if thing.kind != "t3" {
        return Err(ImportError::new(
            KIND,
            "[0].data.children[0].kind",
            format!("expected a link (\"t3\"), found \"{}\"", thing.kind),
        ));
    }
    let link: Submission =
        json::read(&link_thing["data"], "[0].data.children[0].data").map_err(|m| m.into_error(KIND))?;

    // Reddit escapes `&`, `<` and `>` in titles and markdown.
    let title = link
        .title
        .as_deref()
        .map(|t| html_text::fold_whitespace(&html_text::unescape(t)))
        .filter(|t| !t.is_empty());
    let mut links = Vec::new();
    if !link.is_self.unwrap_or(false)
        && let Some(url) = link.url.as_deref().map(str::trim).filter(|u| !u.is_empty())
    {
        links.push(Link { url: html_text::resolve_href(Some(SITE), url), title: title.clone() });
    }
    let mut body = body_of(link.selftext_html.as_deref(), link.selftext.as_deref());
    if body.is_empty()
        && let Some(title) = &title
    {
        body.push(Block::Text(title.clone()));
    }
    let seconds = link.created_utc.map(to_seconds);
    let submission = Post {
        id: PostKey::from(link.id.clone()),
        author: author_of(link.author),
        time: seconds.and_then(html_text::unix_time),
        reply_to: None,
        body: Body::Blocks(body),
        links,
        missing_replies: None,
    };

    let mut collected = Collected {
        posts: vec![(submission, None, seconds.unwrap_or(i64::MIN))],
        missing: HashMap::new(),
        unknown_missing: HashMap::new(),
        warnings: Vec::new(),
    };
    collect_things(&listings[1]["data"]["children"], "[1].data.children", 0, &mut collected);
    add_missing_notes(&mut collected);

    let thread_url = link
        .permalink
        .as_deref()
        .map(|p| html_text::resolve_href(Some(SITE), p))
        .or_else(|| link.url.clone());
    let mut file = ThreadFile::new(title, thread_url);
    file.posts = chronological(collected.posts);
    Ok(Imported { file, warnings: collected.warnings })
}

fn to_seconds(seconds: f64) -> i64 {
    seconds.round() as i64
}

fn author_of(author: Option<String>) -> Option<String> {
    author.filter(|a| !a.is_empty() && a != "[deleted]")
}

/// Reddit's exceptions to the default HTML rules: a link with no text.
struct EmptyLinks;

impl Rules for EmptyLinks {
    /// `[](/wisconsin)`, a flair or emote link (an icon drawn by the
    /// subreddit's style sheet), has no text: its address stands alone,
    /// with its title if any, set off by spaces so that it is never glued
    /// to the words around it.
    fn special<'a>(&mut self, element: ElementRef<'a>) -> Option<Special<'a>> {
        if element.value().name() != "a" {
            return None;
        }
        let href = element.attr("href").map(str::trim).filter(|h| !h.is_empty() && !h.starts_with('#'))?;
        let has_content = element.text().any(|t| !t.trim().is_empty())
            || element.descendants().any(|n| n.value().as_element().is_some_and(|e| e.name() == "img"));
        if has_content {
            return None;
        }
        let url = html_text::resolve_href(Some(SITE), href);
        Some(Special::Inline(match element.attr("title").map(str::trim).filter(|t| !t.is_empty()) {
            Some(title) => format!(" {title} ({url}) "),
            None => format!(" {url} "),
        }))
    }
}

fn body_of(html: Option<&str>, markdown: Option<&str>) -> Vec<Block> {
    match (html, markdown) {
        (Some(html), _) => Converter::new(&mut EmptyLinks, Some(SITE)).fragment(&html_text::unescape(html)),
        (None, Some(text)) if !text.trim().is_empty() => {
            vec![Block::Text(html_text::unescape(text.trim()))]
        }
        _ => Vec::new(),
    }
}

/// Reads the things of one listing (`children`, at `path`), answering the
/// post at index `parent`.
fn collect_things(children: &Value, path: &str, parent: usize, out: &mut Collected) {
    let Some(children) = children.as_array() else {
        return;
    };
    for (index, thing) in children.iter().enumerate() {
        let thing_path = format!("{path}[{index}]");
        if let Err(mismatch) = collect_thing(thing, &thing_path, parent, out) {
            let hidden = count_comments(thing).saturating_sub(1);
            let also = match hidden {
                0 => String::new(),
                1 => " and its 1 reply".to_owned(),
                n => format!(" and its {n} replies"),
            };
            out.warnings.push(Warning::new(
                WarningKind::Skipped,
                mismatch.path,
                format_args!("{}; skipped{also}", mismatch.message),
            ));
        }
    }
}

fn collect_thing(thing: &Value, path: &str, parent: usize, out: &mut Collected) -> Result<(), Mismatch> {
    if !thing.is_object() {
        return Err(Mismatch::new(path, format!("expected a thing object, found {}", json::describe(thing))));
    }
    let head: Thing = json::read(thing, path)?;
    let data_path = format!("{path}.data");
    match head.kind.as_str() {
        "t1" => {
            let comment: Comment = json::read(&thing["data"], &data_path)?;
            let replies = &thing["data"]["replies"];
            let replies_path = format!("{data_path}.replies");
            match replies {
                Value::Null | Value::String(_) => {}
                Value::Object(_) => {
                    let _: Listing = json::read(replies, &replies_path)?;
                }
                other => {
                    return Err(Mismatch::new(
                        replies_path,
                        format!("expected a listing or \"\", found {}", json::describe(other)),
                    ));
                }
            }
            let seconds = comment.created_utc.map(to_seconds);
            let post = Post {
                id: PostKey::from(comment.id.clone()),
                author: author_of(comment.author),
                time: seconds.and_then(html_text::unix_time),
                reply_to: Some(out.posts[parent].0.id.clone()),
                body: Body::Blocks(body_of(comment.body_html.as_deref(), comment.body.as_deref())),
                links: Vec::new(),
                missing_replies: None,
            };
            let parent_time = out.posts[parent].2;
            out.posts.push((post, Some(parent), seconds.unwrap_or(parent_time)));
            let me = out.posts.len() - 1;
            if replies.is_object() {
                collect_things(
                    &replies["data"]["children"],
                    &format!("{replies_path}.data.children"),
                    me,
                    out,
                );
            }
        }
        "more" => {
            let more: More = json::read(&thing["data"], &data_path)?;
            let count =
                usize::try_from(more.count.unwrap_or(0)).unwrap_or(usize::MAX).max(more.children.len());
            let parent_id = out.posts[parent].0.id.clone();
            if count == 0 {
                out.unknown_missing.insert(parent, true);
                out.warnings.push(Warning::new(
                    WarningKind::MissingReplies,
                    path,
                    format_args!("replies to {parent_id} not in this file (a `more` stub)"),
                ));
            } else {
                *out.missing.entry(parent).or_default() += count;
                out.warnings.push(Warning::new(
                    WarningKind::MissingReplies,
                    path,
                    format_args!("{} to {parent_id} not in this file (a `more` stub)", replies(count)),
                ));
            }
        }
        other => {
            return Err(Mismatch::new(
                format!("{path}.kind"),
                format!("expected a comment (\"t1\") or \"more\", found \"{other}\""),
            ));
        }
    }
    Ok(())
}

fn replies(count: usize) -> String {
    if count == 1 { "1 reply".to_owned() } else { format!("{count} replies") }
}

/// Records on every post that has replies left out how many (0: unknown).
fn add_missing_notes(out: &mut Collected) {
    for (&index, &count) in &out.missing {
        out.posts[index].0.missing_replies = Some(count as u64);
    }
    for &index in out.unknown_missing.keys() {
        out.posts[index].0.missing_replies.get_or_insert(0);
    }
}

fn count_comments(thing: &Value) -> usize {
    let own = usize::from(thing.get("kind").and_then(Value::as_str) == Some("t1"));
    let replies = thing
        .pointer("/data/replies/data/children")
        .and_then(Value::as_array)
        .map_or(0, |children| children.iter().map(count_comments).sum());
    own + replies
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(children: &str) -> String {
        format!(r#"{{"kind": "Listing", "data": {{"children": [{children}]}}}}"#)
    }

    fn sample(comments: &str) -> String {
        let link = r#"{"kind": "t3", "data": {"id": "abc", "title": "T &amp; t", "author": "op", "created_utc": 1422901461.0,
            "is_self": true, "permalink": "/r/x/comments/abc/t/",
            "selftext_html": "&lt;div class=\"md\"&gt;&lt;p&gt;See &lt;a href=\"/wiki/licensing\"&gt;licensing&lt;/a&gt;&lt;/p&gt;&lt;/div&gt;"}}"#;
        format!("[{}, {}]", listing(link), listing(comments))
    }

    fn comment(id: &str, time: u32, html: &str, replies: &str) -> String {
        let replies = if replies.is_empty() { "\"\"".to_owned() } else { listing(replies) };
        format!(
            r#"{{"kind": "t1", "data": {{"id": "{id}", "author": "u{id}", "created_utc": {time}, "body_html": "{html}", "replies": {replies}}}}}"#
        )
    }

    #[test]
    fn tree_quotes_links_and_more_stubs() {
        let more = r#"{"kind": "more", "data": {"count": 0, "children": ["x1", "x2"], "parent_id": "t1_b"}}"#;
        let inner = comment(
            "b",
            1_422_901_600,
            "&lt;blockquote&gt;&lt;p&gt;q&lt;/p&gt;&lt;/blockquote&gt;&lt;p&gt;it&amp;#39;s&lt;/p&gt;",
            more,
        );
        let json = sample(&format!(
            "{}, {}",
            comment("a", 1_422_901_500, "&lt;p&gt;first&lt;/p&gt;", &inner),
            comment("c", 1_422_901_550, "&lt;p&gt;c&lt;/p&gt;", "")
        ));
        let imported = import(json.as_bytes(), &ImportOptions::default()).expect("imports");
        let file = &imported.file;
        assert_eq!(file.url.as_deref(), Some("https://www.reddit.com/r/x/comments/abc/t/"));
        assert_eq!(file.title.as_deref(), Some("T & t"));
        let ids: Vec<&str> = file.posts.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["abc", "a", "c", "b"]);
        assert_eq!(
            file.posts[0].body,
            Body::Blocks(vec![Block::Text("See licensing (https://www.reddit.com/wiki/licensing)".into())])
        );
        assert_eq!(
            file.posts[3].body,
            Body::Blocks(vec![
                Block::Quote { quote: Body::Blocks(vec![Block::Text("q".into())]), of: None, author: None },
                Block::Text("it's".into()),
            ])
        );
        assert_eq!(file.posts[3].missing_replies, Some(2));
        assert_eq!(file.posts[1].missing_replies, None);
        assert_eq!(file.posts[3].reply_to, Some(PostKey::from("a")));
        assert_eq!(
            imported.warnings,
            [
                "[1].data.children[0].data.replies.data.children[0].data.replies.data.children[0]: 2 replies to b not in this file (a `more` stub)"
            ]
        );
    }

    #[test]
    fn links_without_text_are_set_apart() {
        let html = "&lt;p&gt;(1)&lt;a href=\\\"/Wisconsin\\\"&gt;&lt;/a&gt;Wisconsin Badgers, \
            &lt;a href=\\\"/r/cfb\\\" title=\\\"CFB\\\"&gt;&lt;/a&gt;next&lt;/p&gt;";
        let json = sample(&comment("a", 1, html, ""));
        let imported = import(json.as_bytes(), &ImportOptions::default()).expect("imports");
        assert_eq!(
            imported.file.posts[1].body,
            Body::Blocks(vec![Block::Text(
                "(1) https://www.reddit.com/Wisconsin Wisconsin Badgers, CFB (https://www.reddit.com/r/cfb) next"
                    .into()
            )])
        );
    }

    #[test]
    fn broken_comment_is_skipped_and_named() {
        let broken = r#"{"kind": "t1", "data": {"id": 7, "created_utc": 1}}"#;
        let json = sample(&format!("{}, {broken}, {}", comment("a", 1, "", ""), comment("c", 2, "", "")));
        let imported = import(json.as_bytes(), &ImportOptions::default()).expect("imports");
        assert_eq!(imported.file.posts.len(), 3);
        assert_eq!(
            imported.warnings,
            ["[1].data.children[1].data.id: expected a string, found the integer 7; skipped"]
        );
    }

    #[test]
    fn wrong_shapes_are_errors_with_paths() {
        let error = import(b"{}", &ImportOptions::default()).unwrap_err();
        assert_eq!(error.location, "top level");
        let error = import(b"[{\"data\": {\"children\": 3}}, {}]", &ImportOptions::default()).unwrap_err();
        assert_eq!(error.location, "[0].data.children");
        let json = sample("").replace("\"t3\"", "\"t1\"");
        let error = import(json.as_bytes(), &ImportOptions::default()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "read as reddit: [0].data.children[0].kind: expected a link (\"t3\"), found \"t1\""
        );
    }
}
