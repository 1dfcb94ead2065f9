//! Hacker News items: the Algolia `/api/v1/items/ID` shape (`children`,
//! `author`, `text`, `created_at_i`) and the HNPWA shape (`comments`, `user`,
//! `content`, `time`, `level`), told apart field by field so a mix reads too.
//!
//! The story (or whatever item is at the top) is post 1: its title is the
//! thread title, its url the thread url and a link of the post. Comments keep
//! their tree as `reply_to` and are ordered by time, every reply after the
//! post it answers. Deleted comments stay as `[deleted]` posts without an
//! author so their replies keep their place. `&gt;` paragraphs become
//! unattributed quotes (the loader infers their sources).

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Value;

use super::html_text::json::{self, Mismatch};
use super::html_text::{self, angle_quotes, chronological};
use super::{ImportError, ImportOptions, Imported, Kind, Warning, WarningKind};
use crate::format::{Block, Body, Link, Post, PostKey, ThreadFile};

const KIND: Kind = Kind::Hn;

/// The fields read from an item of either shape.
#[derive(Deserialize)]
struct Item {
    id: PostKey,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    url: Option<String>,
    /// HNPWA.
    #[serde(default)]
    user: Option<String>,
    /// Algolia.
    #[serde(default)]
    author: Option<String>,
    /// HNPWA, unix seconds.
    #[serde(default)]
    time: Option<i64>,
    /// Algolia, unix seconds.
    #[serde(default)]
    created_at_i: Option<i64>,
    /// Algolia, RFC 3339.
    #[serde(default)]
    created_at: Option<String>,
    /// HNPWA, HTML.
    #[serde(default)]
    content: Option<String>,
    /// Algolia, HTML.
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    deleted: Option<bool>,
    /// Checked for shape only; the replies are read one by one.
    #[serde(default, rename = "comments")]
    _comments: Option<Vec<IgnoredAny>>,
    #[serde(default, rename = "children")]
    _children: Option<Vec<IgnoredAny>>,
}

impl Item {
    fn seconds(&self) -> Option<i64> {
        self.time.or(self.created_at_i).or_else(|| {
            let parsed: jiff::Timestamp = self.created_at.as_deref()?.parse().ok()?;
            Some(parsed.as_second())
        })
    }

    fn time_text(&self) -> Option<String> {
        match self.time.or(self.created_at_i) {
            Some(seconds) => html_text::unix_time(seconds),
            None => self.created_at.clone(),
        }
    }

    fn html(&self) -> Option<&str> {
        self.content.as_deref().or(self.text.as_deref())
    }

    /// Deleted: said so, or (Algolia) neither author nor text left.
    fn is_deleted(&self) -> bool {
        self.deleted.unwrap_or(false)
            || (self.user.is_none()
                && self.author.is_none()
                && self.html().is_none_or(|h| h.trim() == "[deleted]"))
    }
}

/// A post in tree order with the index of its parent.
struct Collected {
    posts: Vec<(Post, Option<usize>, i64)>,
    warnings: Vec<Warning>,
}

pub fn import(input: &[u8], _options: &ImportOptions) -> Result<Imported, ImportError> {
    let value = json::parse_object(KIND, input, "a Hacker News item")?;
    check_item_shape(&value)?;
    let root: Item = json::read(&value, "").map_err(|m| m.into_error(KIND))?;
    let mut collected = Collected { posts: Vec::new(), warnings: Vec::new() };

    let mut body = if root.is_deleted() { vec![deleted()] } else { comment_body(root.html()) };
    let title = root.title.as_deref().map(html_text::fold_whitespace).filter(|t| !t.is_empty());
    let url = root.url.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(str::to_owned);
    if body.is_empty()
        && let Some(title) = &title
    {
        body.push(Block::Text(title.clone()));
    }
    let links = url.iter().map(|url| Link { url: url.clone(), title: title.clone() }).collect();
    let author = if root.is_deleted() { None } else { root.user.clone().or_else(|| root.author.clone()) };
    let story = Post {
        id: root.id.clone(),
        author,
        time: root.time_text(),
        reply_to: None,
        body: Body::Blocks(body),
        links,
        missing_replies: None,
    };
    collected.posts.push((story, None, root.seconds().unwrap_or(i64::MIN)));
    collect_replies(&value, "", 0, &mut collected);

    let thread_url = url.or_else(|| Some(format!("https://news.ycombinator.com/item?id={}", root.id)));
    let mut file = ThreadFile::new(title, thread_url);
    file.posts = chronological(collected.posts);
    Ok(Imported { file, warnings: collected.warnings })
}

/// Any object with an `id` would read as an item with no text: what is
/// not an item of either shape is refused, naming what it looks like.
fn check_item_shape(value: &Value) -> Result<(), ImportError> {
    let has = |key: &str| value.get(key).is_some();
    let refuse = |message: &str| Err(ImportError::new(KIND, "top level", message));
    if has("post_stream") {
        return refuse(
            "this is a Discourse topic (it has `post_stream`), not a Hacker News item: use --from discourse",
        );
    }
    if has("version") && has("posts") {
        return refuse("this is already a thread file: open it with `tread FILE`");
    }
    if !has("id") || !["children", "comments", "type", "kids"].iter().any(|key| has(key)) {
        return refuse(
            "not a Hacker News item: expected an object with `id` and `children` (Algolia), `comments` (HNPWA) or `type`",
        );
    }
    Ok(())
}

/// Reads the replies of the item `value` (at `path`, post index `parent`).
fn collect_replies(value: &Value, path: &str, parent: usize, out: &mut Collected) {
    let (key, replies) = match (value.get("comments"), value.get("children")) {
        (Some(Value::Array(replies)), _) => ("comments", replies),
        (_, Some(Value::Array(replies))) => ("children", replies),
        _ => return,
    };
    let parent_id = out.posts[parent].0.id.clone();
    let parent_time = out.posts[parent].2;
    for (index, reply) in replies.iter().enumerate() {
        let reply_path = json::join(path, &format!("{key}[{index}]"));
        match read_comment(reply, &reply_path) {
            Ok(item) => {
                let post = Post {
                    id: item.id.clone(),
                    author: if item.is_deleted() {
                        None
                    } else {
                        item.user.clone().or_else(|| item.author.clone())
                    },
                    time: item.time_text(),
                    reply_to: Some(parent_id.clone()),
                    body: Body::Blocks(if item.is_deleted() {
                        vec![deleted()]
                    } else {
                        comment_body(item.html())
                    }),
                    links: Vec::new(),
                    missing_replies: None,
                };
                out.posts.push((post, Some(parent), item.seconds().unwrap_or(parent_time)));
                let me = out.posts.len() - 1;
                collect_replies(reply, &reply_path, me, out);
            }
            Err(mismatch) => {
                let hidden = count_replies(reply);
                let also = match hidden {
                    0 => String::new(),
                    1 => " and its 1 reply".to_owned(),
                    n => format!(" and its {n} replies"),
                };
                out.warnings.push(Warning::new(
                    WarningKind::Skipped,
                    mismatch.path,
                    format_args!("{}; comment skipped{also}", mismatch.message),
                ));
            }
        }
    }
}

fn read_comment(value: &Value, path: &str) -> Result<Item, Mismatch> {
    if !value.is_object() {
        return Err(Mismatch::new(
            path,
            format!("expected a comment object, found {}", json::describe(value)),
        ));
    }
    json::read(value, path)
}

fn count_replies(value: &Value) -> usize {
    ["comments", "children"]
        .iter()
        .filter_map(|key| value.get(key).and_then(Value::as_array))
        .flatten()
        .map(|reply| 1 + count_replies(reply))
        .sum()
}

fn deleted() -> Block {
    Block::Text("[deleted]".to_owned())
}

fn comment_body(html: Option<&str>) -> Vec<Block> {
    match html {
        Some(html) => angle_quotes(html_text::fragment_to_blocks(html, Some("https://news.ycombinator.com"))),
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(json: &str) -> Imported {
        import(json.as_bytes(), &ImportOptions::default()).expect("imports")
    }

    #[test]
    fn algolia_shape_with_deleted_comment() {
        let imported = run(r#"{
            "id": 1, "type": "story", "author": "pg", "created_at_i": 1160418111,
            "title": "Y Combinator", "url": "http://ycombinator.com", "text": null,
            "children": [
                {"id": 15, "author": "sama", "created_at_i": 1160423461, "parent_id": 1,
                 "text": "<p>&gt; quoted<p>hi &amp; bye", "children": [
                    {"id": 17, "author": null, "text": null, "created_at_i": 1160423565, "parent_id": 15,
                     "children": [{"id": 18, "author": "a", "text": "x", "created_at_i": 1160423600, "parent_id": 17}]}
                ]}
            ]}"#);
        let file = &imported.file;
        assert_eq!(file.title.as_deref(), Some("Y Combinator"));
        assert_eq!(file.url.as_deref(), Some("http://ycombinator.com"));
        let ids: Vec<&str> = file.posts.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["1", "15", "17", "18"]);
        assert_eq!(file.posts[0].time.as_deref(), Some("2006-10-09T18:21:51Z"));
        assert_eq!(file.posts[0].links[0].url, "http://ycombinator.com");
        assert_eq!(
            file.posts[1].body,
            Body::Blocks(vec![
                Block::Quote {
                    quote: Body::Blocks(vec![Block::Text("quoted".into())]),
                    of: None,
                    author: None
                },
                Block::Text("hi & bye".into())
            ])
        );
        assert_eq!(file.posts[2].author, None);
        assert_eq!(file.posts[2].body, Body::Blocks(vec![Block::Text("[deleted]".into())]));
        assert_eq!(file.posts[3].reply_to, Some(PostKey::from("17")));
    }

    #[test]
    fn broken_comment_is_skipped_with_a_warning() {
        let imported = run(r#"{"id": 1, "title": "t", "comments": [
            {"id": 2, "user": "a", "time": 5, "content": "<p>ok"},
            {"id": [3], "user": "b", "time": 6, "content": "x", "comments": [{"id": 4, "time": 7, "content": "y"}]}
        ]}"#);
        assert_eq!(imported.file.posts.len(), 2);
        assert_eq!(
            imported.warnings,
            [
                "comments[1].id: expected a string or an integer, found an array; comment skipped and its 1 reply"
            ]
        );
    }

    #[test]
    fn bad_input_names_the_place() {
        let error = import(b"{\"id\": 1, \"comments\": 3}", &ImportOptions::default()).unwrap_err();
        assert_eq!(error.location, "comments");
        let error = import(b"{\"id\": 1,", &ImportOptions::default()).unwrap_err();
        assert_eq!(error.to_string(), "read as hn: line 1 column 9: not JSON: EOF while parsing a value");
        let error = import(b"[1, 2]", &ImportOptions::default()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "read as hn: top level: expected a Hacker News item (an object), found an array"
        );
    }
}
