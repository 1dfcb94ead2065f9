//! Discourse topic JSON (`/t/ID.json`, possibly with the `?page=N` responses
//! merged): `post_stream.posts` with `post_number`, `reply_to_post_number`,
//! `cooked` HTML, `username` and `created_at`.
//!
//! Post ids are post numbers (what replies and quotes name). The quote
//! markup `<aside class="quote" data-post data-topic data-username>` becomes a
//! quote block with `of` (when that post of this topic is in the file) and
//! `author`; a quote of another topic stays unattributed and is preceded by
//! a link to that topic; nested asides nest. Oneboxes, lightboxes and images
//! become links, emoji images their `:shortcode:`, mentions their `@name`.
//! Small-action posts (`post_type` 3: "closed the topic") are kept as short
//! placeholder posts so post numbers and counts stay as the forum shows them.
//! A `reply_to_post_number` naming a post not in the file is kept: the loader
//! notes it. Raw `[ul][li]` style markup that an old forum migration left in
//! the HTML is kept as text.

use std::collections::HashSet;

use scraper::{CaseSensitivity, ElementRef, Html, Selector};
use serde::Deserialize;
use serde_json::Value;

use super::html_text::json;
use super::html_text::{self, Converter, Rules, Special};
use super::{ImportError, ImportOptions, Imported, Kind, Warning, WarningKind};
use crate::format::{Block, Body, Post, PostKey, ThreadFile};

const KIND: Kind = Kind::Discourse;

#[derive(Deserialize)]
struct Topic {
    #[serde(default)]
    id: Option<u64>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    slug: Option<String>,
    post_stream: PostStream,
}

#[derive(Deserialize)]
struct PostStream {
    /// Read one by one, so that a broken post is skipped, not fatal.
    posts: Vec<Value>,
}

#[derive(Deserialize)]
struct RawPost {
    post_number: u64,
    #[serde(default)]
    reply_to_post_number: Option<u64>,
    #[serde(default)]
    cooked: Option<String>,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    post_type: Option<u64>,
    #[serde(default)]
    action_code: Option<String>,
}

/// Discourse's "small action" post type (topic closed, pinned, moved, …).
const SMALL_ACTION: u64 = 3;

pub fn import(input: &[u8], _options: &ImportOptions) -> Result<Imported, ImportError> {
    let value = json::parse_object(KIND, input, "a Discourse topic")?;
    let topic: Topic = json::read(&value, "").map_err(|m| m.into_error(KIND))?;
    let mut warnings = Vec::new();

    let mut raw_posts: Vec<RawPost> = Vec::new();
    let mut seen = HashSet::new();
    for (index, post) in topic.post_stream.posts.iter().enumerate() {
        let path = format!("post_stream.posts[{index}]");
        if !post.is_object() {
            warnings.push(Warning::new(
                WarningKind::Skipped,
                path,
                format_args!("expected a post object, found {}; skipped", json::describe(post)),
            ));
            continue;
        }
        match json::read::<RawPost>(post, &path) {
            Ok(raw) if !seen.insert(raw.post_number) => {
                warnings.push(Warning::new(
                    WarningKind::Duplicate,
                    path,
                    format_args!("post number {} appears twice; the repeat is skipped", raw.post_number),
                ));
            }
            Ok(raw) => raw_posts.push(raw),
            Err(mismatch) => warnings.push(Warning::new(
                WarningKind::Skipped,
                mismatch.path,
                format_args!("{}; post skipped", mismatch.message),
            )),
        }
    }
    raw_posts.sort_by_key(|p| p.post_number);

    let parsed: Vec<Html> = raw_posts
        .iter()
        .map(|p| html_text::parse_fragment(p.cooked.as_deref().unwrap_or_default()))
        .collect();
    let origin = site_origin(&parsed);
    let mut rules = DiscourseRules {
        topic_id: topic.id,
        post_numbers: raw_posts.iter().map(|p| p.post_number).collect(),
        origin: origin.clone(),
    };

    let mut file = ThreadFile::new(
        topic.title.as_deref().map(html_text::fold_whitespace).filter(|t| !t.is_empty()),
        match (&origin, &topic.slug, topic.id) {
            (Some(origin), Some(slug), Some(id)) => Some(format!("{origin}/t/{slug}/{id}")),
            (Some(origin), None, Some(id)) => Some(format!("{origin}/t/{id}")),
            _ => None,
        },
    );
    for (raw, html) in raw_posts.iter().zip(&parsed) {
        let body =
            if raw.post_type == Some(SMALL_ACTION) && html_text::plain_text(html.root_element()).is_empty() {
                vec![Block::Text(small_action(raw.action_code.as_deref()))]
            } else {
                Converter::new(&mut rules, origin.as_deref()).children_of(html.root_element())
            };
        file.posts.push(Post {
            id: PostKey::from(raw.post_number),
            author: raw.username.clone().or_else(|| raw.name.clone()).filter(|a| !a.trim().is_empty()),
            time: raw.created_at.clone(),
            reply_to: raw.reply_to_post_number.map(PostKey::from),
            body: Body::Blocks(body),
            links: Vec::new(),
            missing_replies: None,
        });
    }
    Ok(Imported { file, warnings })
}

/// A readable line for a small-action post.
fn small_action(code: Option<&str>) -> String {
    let what = match code {
        Some("closed.enabled") => "closed the topic".to_owned(),
        Some("closed.disabled") => "opened the topic".to_owned(),
        Some("archived.enabled") => "archived the topic".to_owned(),
        Some("archived.disabled") => "unarchived the topic".to_owned(),
        Some("pinned.enabled" | "pinned_globally.enabled") => "pinned the topic".to_owned(),
        Some("pinned.disabled" | "pinned_globally.disabled") => "unpinned the topic".to_owned(),
        Some("visible.enabled") => "listed the topic".to_owned(),
        Some("visible.disabled") => "unlisted the topic".to_owned(),
        Some("split_topic") => "split this topic".to_owned(),
        Some(other) => format!("topic action: {other}"),
        None => "topic action".to_owned(),
    };
    format!("[{what}]")
}

/// The forum's address, from the first absolute link to a topic (`/t/…`)
/// in the posts: topic JSON does not say where it came from.
fn site_origin(parsed: &[Html]) -> Option<String> {
    let links = Selector::parse("a[href]").expect("valid selector");
    parsed.iter().flat_map(|html| html.select(&links)).find_map(|a| {
        let href = a.attr("href")?;
        let rest = href.strip_prefix("https://").or_else(|| href.strip_prefix("http://"))?;
        let slash = rest.find('/')?;
        rest[slash..].starts_with("/t/").then(|| href[..href.len() - rest.len() + slash].to_owned())
    })
}

struct DiscourseRules {
    topic_id: Option<u64>,
    post_numbers: HashSet<u64>,
    origin: Option<String>,
}

fn has_class(element: ElementRef<'_>, class: &str) -> bool {
    element.value().has_class(class, CaseSensitivity::AsciiCaseInsensitive)
}

impl Rules for DiscourseRules {
    fn special<'a>(&mut self, element: ElementRef<'a>) -> Option<Special<'a>> {
        match element.value().name() {
            "aside" if has_class(element, "quote") => Some(self.quote(element)),
            "aside" if has_class(element, "onebox") => Some(self.onebox(element)),
            "a" if has_class(element, "mention") || has_class(element, "mention-group") => {
                Some(Special::Inline(html_text::plain_text(element)))
            }
            "a" if has_class(element, "lightbox") => {
                let href = html_text::resolve_href(self.origin.as_deref(), element.attr("href")?);
                let name = element
                    .descendent_elements()
                    .find(|e| has_class(*e, "filename"))
                    .map(html_text::plain_text)
                    .filter(|n| !n.is_empty());
                Some(Special::Inline(match name {
                    Some(name) => format!("[image: {name}] {href}"),
                    None => format!("[image] {href}"),
                }))
            }
            "div" if has_class(element, "lazyYT") || has_class(element, "youtube-onebox") => {
                let id = element.attr("data-youtube-id")?;
                Some(Special::Paragraph(format!("https://www.youtube.com/watch?v={id}")))
            }
            _ => None,
        }
    }
}

impl DiscourseRules {
    fn quote<'a>(&self, aside: ElementRef<'a>) -> Special<'a> {
        let Some(body) = aside.child_elements().find(|c| c.value().name() == "blockquote") else {
            return Special::Unwrap;
        };
        let post = aside.attr("data-post").and_then(|p| p.trim().parse::<u64>().ok());
        let topic = aside.attr("data-topic").and_then(|t| t.trim().parse::<u64>().ok());
        let username =
            aside.attr("data-username").map(str::trim).filter(|u| !u.is_empty()).map(str::to_owned);
        let title = aside.child_elements().find(|c| has_class(*c, "title"));

        if let (Some(topic), Some(this)) = (topic, self.topic_id)
            && topic != this
        {
            let link = title.and_then(|t| {
                t.descendent_elements().find(|a| {
                    a.value().name() == "a" && a.attr("href").is_some() && !has_class(*a, "badge-wrapper")
                })
            });
            let target = match link {
                Some(a) => {
                    let href =
                        html_text::resolve_href(self.origin.as_deref(), a.attr("href").unwrap_or_default());
                    let text = html_text::plain_text(a);
                    if text.is_empty() { href } else { format!("{text} ({href})") }
                }
                None => match (&self.origin, post) {
                    (Some(origin), Some(post)) => format!("{origin}/t/{topic}/{post}"),
                    _ => format!("topic {topic}"),
                },
            };
            let who = username.map(|u| format!(" {u}")).unwrap_or_default();
            return Special::Quote {
                body,
                of: None,
                author: None,
                before: Some(format!("Quoting{who} from another topic: {target}")),
            };
        }

        let of = post.filter(|p| self.post_numbers.contains(p)).map(PostKey::from);
        // Old imported quotes carry the name only in the title ("cadaver:").
        let author = username.or_else(|| {
            let text = html_text::plain_text(title?);
            let name = text.trim_end_matches(':').trim();
            (!name.is_empty()).then(|| name.to_owned())
        });
        Special::Quote { body, of, author, before: None }
    }

    fn onebox<'a>(&self, aside: ElementRef<'a>) -> Special<'a> {
        let heading = aside.descendent_elements().find(|e| matches!(e.value().name(), "h3" | "h4"));
        let link = heading
            .and_then(|h| h.descendent_elements().find(|a| a.value().name() == "a"))
            .and_then(|a| a.attr("href"))
            .or_else(|| aside.attr("data-onebox-src"))
            .or_else(|| {
                aside
                    .descendent_elements()
                    .find(|a| a.value().name() == "a" && a.attr("href").is_some())
                    .and_then(|a| a.attr("href"))
            });
        let Some(href) = link else {
            return Special::Unwrap;
        };
        let href = html_text::resolve_href(self.origin.as_deref(), href);
        let title =
            heading.map(html_text::plain_text).filter(|t| !t.is_empty() && !html_text::same_target(t, &href));
        Special::Paragraph(match title {
            Some(title) => format!("{title} ({href})"),
            None => href,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn import_str(json: &str) -> Result<Imported, ImportError> {
        import(json.as_bytes(), &ImportOptions::default())
    }

    fn topic(posts: &str) -> String {
        format!(r#"{{"id": 10, "title": "T", "slug": "t", "post_stream": {{"posts": [{posts}]}}}}"#)
    }

    fn post(number: u64, reply: &str, cooked: &str) -> String {
        format!(
            r#"{{"post_number": {number}, "reply_to_post_number": {reply}, "username": "u{number}", "created_at": "2020-01-0{number}T00:00:00Z", "post_type": 1, "cooked": {}}}"#,
            serde_json::to_string(cooked).unwrap()
        )
    }

    fn quote(blocks: Vec<Block>, of: Option<u64>, author: Option<&str>) -> Block {
        Block::Quote {
            quote: Body::Blocks(blocks),
            of: of.map(PostKey::from),
            author: author.map(str::to_owned),
        }
    }

    fn text(s: &str) -> Block {
        Block::Text(s.to_owned())
    }

    #[test]
    fn quotes_name_their_posts() {
        let nested = concat!(
            r#"<aside class="quote no-group" data-username="u2" data-post="2" data-topic="10"><div class="title">u2:</div><blockquote>"#,
            r#"<aside class="quote no-group" data-username="u1" data-post="1" data-topic="10"><div class="title">u1:</div><blockquote><p>first</p></blockquote></aside>"#,
            r#"<p>second <img class="emoji" alt=":eyes:" src="x.png"></p></blockquote></aside>"#,
            r#"<aside class="quote" data-post="5" data-topic="99"><div class="title"><a href="https://f.example/t/other/99/5">Other</a></div><blockquote><p>far</p></blockquote></aside>"#,
            r#"<aside class="quote" data-post="7" data-topic="10" data-username="gone"><blockquote><p>lost</p></blockquote></aside>"#,
            r#"<p>ok <a class="mention" href="/u/u1">@u1</a></p>"#
        );
        let json = topic(
            &[post(1, "null", "<p>first</p>"), post(2, "1", "<p>second</p>"), post(3, "9", nested)].join(","),
        );
        let imported = import_str(&json).expect("imports");
        let file = &imported.file;
        assert_eq!(file.url.as_deref(), Some("https://f.example/t/t/10"));
        assert_eq!(file.posts[2].reply_to, Some(PostKey::from("9")), "dangling reply kept");
        assert_eq!(
            file.posts[2].body,
            Body::Blocks(vec![
                quote(
                    vec![quote(vec![text("first")], Some(1), Some("u1")), text("second :eyes:")],
                    Some(2),
                    Some("u2")
                ),
                text("Quoting from another topic: Other (https://f.example/t/other/99/5)"),
                quote(vec![text("far")], None, None),
                quote(vec![text("lost")], None, Some("gone")),
                text("ok @u1"),
            ])
        );
    }

    #[test]
    fn small_actions_and_broken_posts() {
        let action = r#"{"post_number": 2, "post_type": 3, "action_code": "closed.enabled", "username": "mod", "cooked": ""}"#;
        let broken = r#"{"post_number": "three", "cooked": "<p>x</p>"}"#;
        let json = topic(&[post(1, "null", "<p>a</p>"), action.to_owned(), broken.to_owned()].join(","));
        let imported = import_str(&json).expect("imports");
        assert_eq!(imported.file.posts.len(), 2);
        assert_eq!(imported.file.posts[1].body, Body::Blocks(vec![text("[closed the topic]")]));
        assert_eq!(
            imported.warnings,
            ["post_stream.posts[2].post_number: expected an integer, found a string; post skipped"]
        );
    }

    #[test]
    fn missing_post_stream_is_an_error() {
        let error = import_str(r#"{"id": 1, "post_stream": {"posts": {}}}"#).unwrap_err();
        assert_eq!(
            error.to_string(),
            "read as discourse: post_stream.posts: expected an array, found an object"
        );
    }
}
