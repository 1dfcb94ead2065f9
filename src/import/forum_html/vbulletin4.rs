//! vBulletin 4 (`showthread.php`, 4.x default style): one
//! `li.postcontainer#post_N` per post, `a.username` the author,
//! `span.date` the shown date, `a.postcounter` the number,
//! `div#post_message_N > blockquote.postcontent` the body; signatures
//! (`blockquote.signature`) and edit notes (`blockquote.lastedited`) sit
//! outside it.
//!
//! Quotes are `div.bbcode_quote`: `div.bbcode_postedby` "Originally Posted
//! by <strong>X</strong>" with a link to `showthread.php?p=N#postN` and the
//! text in `div.message`, or, unattributed, the text right in
//! `div.quote_container`. vBulletin 5 writes the same quotes.

use scraper::{ElementRef, Html};

use super::attribution::post_id_in_href;
use super::page::{ANY_LINK, Css, first, selector, text_of, trailing_digits};
use super::{Engine, Markup, PostParts, Signs, Stamp, child, has_class};
use crate::import::html_text;

pub(super) struct VBulletin4;

static POST: Css = Css::new(|| selector("li.postcontainer[id^=post_]"));
static AUTHOR: Css = Css::new(|| selector(".username_container .username, a.username"));
static DATE: Css = Css::new(|| selector(".posthead span.date"));
static COUNT: Css = Css::new(|| selector("a.postcounter"));
static BODY: Css = Css::new(|| selector("div[id^=post_message_] > blockquote.postcontent"));
static MESSAGE: Css = Css::new(|| selector("div[id^=post_message_]"));

impl Engine for VBulletin4 {
    fn name(&self) -> &'static str {
        "vBulletin 4"
    }

    fn signed(&self, signs: &Signs) -> bool {
        signs.generator.starts_with("vBulletin 4")
    }

    fn recognises(&self, html: &Html) -> bool {
        html.select(&POST).next().is_some()
    }

    fn posts<'a>(&self, html: &'a Html) -> Vec<ElementRef<'a>> {
        html.select(&POST).collect()
    }

    fn read<'a>(&self, post: ElementRef<'a>) -> PostParts<'a> {
        PostParts {
            id: post.attr("id").and_then(trailing_digits),
            number: text_of(post, &COUNT).and_then(|n| super::page::post_number(&n)),
            author: text_of(post, &AUTHOR),
            time: text_of(post, &DATE).map(Stamp::Shown),
            body: first(post, &BODY).or_else(|| first(post, &MESSAGE)),
        }
    }

    fn markup<'a>(&self, element: ElementRef<'a>) -> Option<Markup<'a>> {
        bbcode_quote(element)
    }
}

/// `div.bbcode_quote` (vBulletin 4 and 5); its wrapper `div.bbcode_container`
/// is unwrapped, code boxes (`div.bbcode_code` in a container with
/// `div.bbcode_description` "Code:") become code blocks.
pub(super) fn bbcode_quote(element: ElementRef<'_>) -> Option<Markup<'_>> {
    if element.value().name() == "pre" && has_class(element, "bbcode_code") {
        return Some(Markup::Code { code: html_text::raw_text(element), lang: None });
    }
    if element.value().name() != "div" {
        return None;
    }
    if has_class(element, "bbcode_description") {
        return Some(Markup::Drop);
    }
    if !has_class(element, "bbcode_quote") {
        return None;
    }
    let container =
        element.descendent_elements().find(|e| has_class(*e, "quote_container")).unwrap_or(element);
    let posted_by = container.descendent_elements().find(|e| has_class(*e, "bbcode_postedby"));
    let message = container.descendent_elements().find(|e| has_class(*e, "message"));
    match (posted_by, message) {
        (Some(header), Some(body)) => {
            let author = child(header, "strong").map(html_text::plain_text).filter(|a| !a.is_empty());
            let source = header.select(&ANY_LINK).find_map(|a| a.attr("href").and_then(post_id_in_href));
            Some(Markup::Quote { body, author, source })
        }
        _ => Some(Markup::Quote { body: container, author: None, source: None }),
    }
}
