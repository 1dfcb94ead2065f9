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
static ANY: Css = Css::new(|| selector("body *"));
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
        // Count, per parent, the children of each kind that look like posts.
        let mut groups: HashMap<(_, String), Vec<ElementRef<'a>>> = HashMap::new();
        for element in html.select(&ANY) {
            let Some(parent) = element.parent() else { continue };
            if !looks_like_post(element) {
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
            // Most posts; among equals the innermost (the most specific).
            .max_by_key(|g| (g.len(), std::cmp::Reverse(html_text::plain_text(g[0]).len())))
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
            .filter(|b| member.is_none_or(|m| !b.descendent_elements().any(|d| d.id() == m.id())))
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

/// An author link, a time and some text of its own beside them.
fn looks_like_post(element: ElementRef<'_>) -> bool {
    if element.select(&MEMBER_LINK).next().is_none() {
        return false;
    }
    let has_time =
        element.select(&TIMED).next().is_some() || DATE_TEXT.is_match(&element.text().collect::<String>());
    has_time && element.text().map(str::len).sum::<usize>() > 40
}
