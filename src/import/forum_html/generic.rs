//! A page of an engine not known here: the posts are guessed as the largest
//! run of sibling elements of one kind (same tag and first class) that each
//! hold a link to a member (`/user`, `/member`, `/profile`, `u=`), a time
//! (`time`, `datetime`, `data-time`, or a date in the text) and a body (the
//! block with the most text not holding the member link). Quotes are plain
//! `blockquote`s. The import warns that it is a guess.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Html};

use super::page::{Css, selector};
use super::time::unix;
use super::{Engine, Markup, PostParts, Stamp};
use crate::import::html_text;

pub(super) const NAME: &str = "an unknown engine (guessed)";

pub(super) struct Generic;

static BODY_ELEMENT: Css = Css::new(|| selector("body"));
static TIMED: Css = Css::new(|| selector("time, [datetime], [data-time], [data-timestamp]"));
static BLOCKS: Css = Css::new(|| selector("div, article, section, blockquote, td, p"));
static DATE_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\b(\d{4}-\d{2}-\d{2}[\sT,]+\d{1,2}:\d{2}",
        r"|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4},?\s+\d{1,2}:\d{2}(?:\s?[AaPp][Mm])?",
        r"|(?:[A-Z][a-z]{2}\s)?[A-Z][a-z]{2}\s\d{1,2},\s\d{4},?\s(?:at\s)?\d{1,2}:\d{2}(?:\s?[AaPp][Mm])?",
        r"|(?:[A-Z][a-z]{2},\s)?\d{1,2}\s[A-Z][a-z]+\s\d{4},?\s\d{1,2}:\d{2}(?::\d{2})?)",
    ))
    .expect("valid regex")
});
/// A date alone, as one text node shows it (the time may be in the next).
static DATE_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{4}-\d{2}-\d{2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|[A-Z][a-z]{2,8}\s\d{1,2},\s\d{4}|\d{1,2}\s[A-Z][a-z]+\s\d{4})\b")
        .expect("valid regex")
});

/// A link to a member's page (`/members/x.12/`, `member.php?u=3`,
/// `User-Name`, `action=profile;u=5`, `/u/name`) or marked as the author.
fn is_member_link(element: ElementRef<'_>) -> bool {
    if element.attr("rel") == Some("author") || element.attr("itemprop") == Some("author") {
        return true;
    }
    if element.value().name() != "a" {
        return false;
    }
    let Some(href) = element.attr("href") else { return false };
    let href = href.to_ascii_lowercase();
    ["member", "/user", "user-", "profile", "/u/", "?u=", "&u=", ";u=", "uid="]
        .iter()
        .any(|m| href.contains(m))
}

impl Engine for Generic {
    fn name(&self) -> &'static str {
        NAME
    }

    fn recognises(&self, html: &Html) -> bool {
        html.select(&BODY_ELEMENT).next().is_some()
    }

    fn posts<'a>(&self, html: &'a Html) -> Vec<ElementRef<'a>> {
        // What each subtree holds, summed children-first in one pass over the
        // nodes in reverse document order (so the whole guess is linear).
        let nodes: Vec<_> = html.tree.root().descendants().collect();
        let mut held = HashMap::with_capacity(nodes.len());
        for node in nodes.iter().rev() {
            let mut here: Held = held.remove(&node.id()).unwrap_or_default();
            if let Some(element) = ElementRef::wrap(*node) {
                here.member |= is_member_link(element);
                here.time |= TIMED.matches(&element);
            } else if let Some(text) = node.value().as_text() {
                here.text += text.trim().len();
                here.time |= DATE_ONLY.is_match(text);
            }
            if let Some(parent) = node.parent() {
                let above: &mut Held = held.entry(parent.id()).or_default();
                above.member |= here.member;
                above.time |= here.time;
                above.text += here.text;
            }
            held.insert(node.id(), here);
        }
        // Sibling elements of one kind that each look like a post.
        let mut groups: HashMap<(_, String), Vec<ElementRef<'a>>> = HashMap::new();
        for node in &nodes {
            let (Some(element), Some(parent)) = (ElementRef::wrap(*node), node.parent()) else { continue };
            let here = &held[&node.id()];
            if !(here.member && here.time && here.text > 40) {
                continue;
            }
            let kind = format!(
                "{}.{}",
                element.value().name(),
                element.value().classes().next().unwrap_or_default()
            );
            groups.entry((parent.id(), kind)).or_default().push(element);
        }
        groups
            .into_values()
            .filter(|g| g.len() >= 2)
            // Most posts; among equals the innermost (the least text each).
            .max_by_key(|g| (g.len(), std::cmp::Reverse(held[&g[0].id()].text)))
            .unwrap_or_default()
    }

    fn read<'a>(&self, post: ElementRef<'a>) -> PostParts<'a> {
        let member =
            post.descendent_elements().find(|e| is_member_link(*e) && !html_text::plain_text(*e).is_empty());
        let time = std::iter::once(post)
            .chain(post.select(&TIMED))
            .find_map(|t| {
                t.attr("datetime")
                    .map(|d| Stamp::Iso(d.to_owned()))
                    .or_else(|| t.attr("data-time").and_then(unix))
                    .or_else(|| t.attr("data-timestamp").and_then(unix))
                    .or_else(|| t.attr("title").map(|d| Stamp::Shown(d.to_owned())))
            })
            .or_else(|| {
                let text = html_text::plain_text(post);
                DATE_TEXT.find(&text).map(|m| Stamp::Shown(m.as_str().to_owned()))
            });
        let body = post
            .select(&BLOCKS)
            .filter(|b| member.is_none_or(|m| !m.ancestors().any(|a| a.id() == b.id())))
            .max_by_key(|b| b.text().map(str::len).sum::<usize>());
        let id = post.attr("id").and_then(super::page::trailing_digits);
        PostParts {
            id,
            number: None,
            author: member.map(html_text::plain_text).filter(|a| !a.is_empty()),
            time,
            body: body.or(Some(post)),
        }
    }

    fn markup<'a>(&self, _element: ElementRef<'a>) -> Option<Markup<'a>> {
        None
    }
}

/// What a subtree holds: a member link, a time, how much text.
#[derive(Default)]
struct Held {
    member: bool,
    time: bool,
    text: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The guess, run on real pages of known engines, finds their posts,
    /// authors, times and bodies. (Not every page: on the XenForo 1 and
    /// phpBB prosilver pages broken nesting splits the posts between
    /// parents, and the vBulletin 5 author link holds the whole user card.)
    #[test]
    fn the_guess_finds_the_posts_of_real_pages() {
        for (file, posts, first_author) in [
            ("xenforo2-dark-theme.html", 8, "dieketzer"),
            ("nodebb-chat-design.html", 13, "youhosi"),
            ("vbulletin4-military-dorr.html", 10, "Rainmaker"),
            ("vbulletin3-animesuki-euphonium.html", 20, "Shirohige"),
            ("discourse-urho3d-edddy.html", 19, "Modanung"),
            ("invision4-exploitin-zero.html", 7, "krasniy_miner"),
        ] {
            let path =
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/forum-html").join(file);
            let text = String::from_utf8_lossy(&std::fs::read(path).expect("corpus page")).into_owned();
            let html = Html::parse_document(&text);
            let found = Generic.posts(&html);
            assert_eq!(found.len(), posts, "{file}");
            let first = Generic.read(found[0]);
            assert_eq!(first.author.as_deref(), Some(first_author), "{file}");
            assert!(first.time.is_some() && first.body.is_some(), "{file}");
        }
    }
}
