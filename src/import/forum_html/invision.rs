//! Invision Community 4 (`body.ipsApp`, `/topic/N-slug/`): one
//! `article.cPost#elComment_N` per post, `.cAuthorPane_author` the author,
//! `.ipsComment_meta time[datetime]` the time, and
//! `div[data-role=commentContent]` the body (reactions, signature and
//! "Share this post" sit outside it; the "Edited … by" note inside is
//! `[data-excludequote]` and left out).
//!
//! Quotes: `blockquote.ipsQuote` with `data-ipsquote-username` and
//! `data-ipsquote-contentcommentid` (the quoted post), its header
//! `div.ipsQuote_citation` ("On 19.01.2020 at 04:54, X said:") left out and
//! the text in `div.ipsQuote_contents`. Spoilers (`div.ipsSpoiler`) keep
//! their text; `pre.ipsCode` becomes code.

use scraper::{ElementRef, Html};

use super::attribution::author_from_header;
use super::page::{Css, first, selector, text_of, trailing_digits};
use super::{Engine, Markup, PostParts, Signs, Stamp, has_class};
use crate::import::html_text;

pub(super) struct Invision;

static MARKER: Css = Css::new(|| selector("article.cPost"));
static POST: Css = Css::new(|| selector("article.cPost[id^=elComment_], article.ipsComment[id^=elComment_]"));
static AUTHOR: Css = Css::new(|| selector("aside.cAuthorPane .cAuthorPane_author strong"));
static ANY_AUTHOR: Css = Css::new(|| selector(".cAuthorPane_author"));
static TIME: Css = Css::new(|| selector(".ipsComment_meta time[datetime], time[datetime]"));
static BODY: Css = Css::new(|| selector("[data-role=commentContent]"));

impl Engine for Invision {
    fn name(&self) -> &'static str {
        "Invision Community 4"
    }

    fn signed(&self, signs: &Signs) -> bool {
        signs.body_classes.iter().any(|c| c == "ipsApp")
    }

    fn recognises(&self, html: &Html) -> bool {
        html.select(&MARKER).next().is_some()
    }

    fn posts<'a>(&self, html: &'a Html) -> Vec<ElementRef<'a>> {
        html.select(&POST).collect()
    }

    fn read<'a>(&self, post: ElementRef<'a>) -> PostParts<'a> {
        PostParts {
            id: post.attr("id").and_then(trailing_digits),
            number: None,
            author: text_of(post, &AUTHOR).or_else(|| text_of(post, &ANY_AUTHOR)),
            time: first(post, &TIME).and_then(|t| t.attr("datetime")).map(|t| Stamp::Iso(t.to_owned())),
            body: first(post, &BODY),
        }
    }

    fn markup<'a>(&self, element: ElementRef<'a>) -> Option<Markup<'a>> {
        if element.attr("data-excludequote").is_some() {
            return Some(Markup::Drop);
        }
        match element.value().name() {
            "blockquote" if has_class(element, "ipsQuote") => {
                let citation = element.child_elements().find(|e| has_class(*e, "ipsQuote_citation"));
                let author = element
                    .attr("data-ipsquote-username")
                    .or_else(|| element.attr("data-cite"))
                    .map(str::to_owned)
                    .filter(|a| !a.is_empty())
                    .or_else(|| citation.and_then(|c| author_from_header(&html_text::plain_text(c))));
                let source = element
                    .attr("data-ipsquote-contentcommentid")
                    .filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
                    .map(str::to_owned);
                let body =
                    element.child_elements().find(|e| has_class(*e, "ipsQuote_contents")).unwrap_or(element);
                Some(Markup::Quote { body, author, source })
            }
            "div" if has_class(element, "ipsQuote_citation") => Some(Markup::Drop),
            "pre" if has_class(element, "ipsCode") => {
                Some(Markup::Code { code: html_text::raw_text(element), lang: None })
            }
            "div" if has_class(element, "ipsSpoiler") => Some(Markup::Unwrap),
            "div" if has_class(element, "ipsSpoiler_header") => Some(Markup::Drop),
            _ => None,
        }
    }
}
