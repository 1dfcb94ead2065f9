//! NodeBB (`/topic/N/slug`, Persona theme): one `li[component=post]` per
//! post with `data-pid`, `data-index` (the number, from 0),
//! `data-username` and `data-timestamp` (milliseconds), the body in
//! `[component=post/content]`.
//!
//! Quotes are Markdown blockquotes; a reply written with the quote button
//! puts a paragraph "@X said in <a href=/post/N>topic</a>:" right before
//! the `blockquote`: that paragraph names the author and the post and is
//! left out.

use scraper::{ElementRef, Html};

use super::attribution::{author_from_header, post_id_in_href};
use super::page::{ANY_LINK, Css, first, selector};
use super::time::unix;
use super::{Engine, Markup, PostParts, Stamp, next_element, previous_element};
use crate::import::html_text;

pub(super) struct NodeBb;

static POST: Css = Css::new(|| selector("li[component=post][data-pid]"));
static BODY: Css = Css::new(|| selector("[component='post/content']"));
static PERMALINK_TIME: Css = Css::new(|| selector("a.permalink .timeago[title]"));

impl Engine for NodeBb {
    fn name(&self) -> &'static str {
        "NodeBB"
    }

    fn recognises(&self, html: &Html) -> bool {
        html.select(&POST).next().is_some()
    }

    fn posts<'a>(&self, html: &'a Html) -> Vec<ElementRef<'a>> {
        html.select(&POST).collect()
    }

    fn read<'a>(&self, post: ElementRef<'a>) -> PostParts<'a> {
        let time = post.attr("data-timestamp").and_then(unix).or_else(|| {
            first(post, &PERMALINK_TIME).and_then(|t| t.attr("title")).map(|t| Stamp::Iso(t.to_owned()))
        });
        PostParts {
            id: post.attr("data-pid").map(str::to_owned),
            number: post.attr("data-index").and_then(|i| i.parse::<u64>().ok()).map(|i| i + 1),
            author: post.attr("data-username").map(str::to_owned).filter(|a| !a.is_empty()),
            time,
            body: first(post, &BODY),
        }
    }

    fn markup<'a>(&self, element: ElementRef<'a>) -> Option<Markup<'a>> {
        match element.value().name() {
            "p" if quote_header(element).is_some()
                && next_element(element).is_some_and(|n| n.value().name() == "blockquote") =>
            {
                Some(Markup::Drop)
            }
            "blockquote" => {
                let header = previous_element(element).filter(|p| p.value().name() == "p");
                let (author, source) = header.and_then(quote_header).unwrap_or((None, None));
                Some(Markup::Quote { body: element, author, source })
            }
            _ => None,
        }
    }
}

/// "@X said in <a href=/post/N>…</a>:" → (X, N).
fn quote_header(paragraph: ElementRef<'_>) -> Option<(Option<String>, Option<String>)> {
    let text = html_text::plain_text(paragraph);
    if !(text.contains(" said in ") && text.ends_with(':')) {
        return None;
    }
    let source = paragraph.select(&ANY_LINK).find_map(|a| a.attr("href").and_then(post_id_in_href));
    Some((author_from_header(&text), source))
}
