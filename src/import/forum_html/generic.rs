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
static MEMBER_LINK: Css = Css::new(|| {
    selector(
        "a[href*='/user'], a[href*='/member'], a[href*='/profile'], a[href*='u='], a[href*='/u/'], a[rel=author], [itemprop=author]",
    )
});
static TIMED: Css = Css::new(|| selector("time, [datetime], [data-time], [data-timestamp]"));
static BLOCKS: Css = Css::new(|| selector("div, article, section, blockquote, td, p"));
static DATE_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{4}-\d{2}-\d{2}[ T,]+\d{1,2}:\d{2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4},? \d{1,2}:\d{2}(?: ?[AaPp][Mm])?|[A-Z][a-z]{2} \d{1,2}, \d{4},? (?:at )?\d{1,2}:\d{2}(?: ?[AaPp][Mm])?)")
        .expect("valid regex")
});

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
                here.member |= MEMBER_LINK.matches(&element);
                here.time |= TIMED.matches(&element);
            } else if let Some(text) = node.value().as_text() {
                here.text += text.trim().len();
                here.time |= DATE_TEXT.is_match(text);
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
        let member = post.select(&MEMBER_LINK).next();
        let time = post
            .select(&TIMED)
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
