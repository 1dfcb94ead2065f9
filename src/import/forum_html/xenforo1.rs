//! XenForo 1 (`html#XenForo`): one `li.message#post-N[data-author]` per
//! post in `ol#messageList`, `.messageUserInfo a.username` the author,
//! `.messageMeta .DateTime` the time (`abbr[data-time]` for recent posts,
//! `span[title]` "Oct 30, 2014 at 10:48 PM" for older ones),
//! `a.postNumber` the number, `blockquote.messageText` the body (the
//! signature, like bar and edit note sit outside it).
//!
//! Quotes: `div.bbCodeQuote[data-author]` with `div.attribution` "X said:"
//! and a link to `goto/post?id=N#post-N`, the text in
//! `blockquote.quoteContainer > div.quote`; "Click to expand..." is left
//! out.

use scraper::{ElementRef, Html};

use super::attribution::{author_from_header, post_id_in_href};
use super::page::{ANY_LINK, Css, first, selector, text_of, trailing_digits};
use super::time::unix;
use super::{Engine, Markup, PostParts, Signs, Stamp, has_class};
use crate::import::html_text;

pub(super) struct XenForo1;

static MARKER: Css = Css::new(|| selector("ol#messageList"));
static POST: Css = Css::new(|| selector("ol#messageList > li.message[id^=post-]"));
static AUTHOR: Css = Css::new(|| selector(".messageUserInfo a.username, .messageUserInfo .username"));
static TIME: Css = Css::new(|| selector(".messageMeta .DateTime, .messageDetails .DateTime"));
static COUNT: Css = Css::new(|| selector("a.postNumber"));
static BODY: Css = Css::new(|| selector("blockquote.messageText"));

impl Engine for XenForo1 {
    fn name(&self) -> &'static str {
        "XenForo 1"
    }

    fn signed(&self, signs: &Signs) -> bool {
        signs.html_id == "XenForo"
    }

    fn recognises(&self, html: &Html) -> bool {
        html.select(&MARKER).next().is_some()
    }

    fn posts<'a>(&self, html: &'a Html) -> Vec<ElementRef<'a>> {
        html.select(&POST).collect()
    }

    fn read<'a>(&self, post: ElementRef<'a>) -> PostParts<'a> {
        let time = first(post, &TIME).and_then(|t| {
            t.attr("data-time")
                .and_then(unix)
                .or_else(|| t.attr("title").map(|s| Stamp::Shown(s.to_owned())))
                .or_else(|| {
                    t.attr("data-datestring")
                        .zip(t.attr("data-timestring"))
                        .map(|(d, t)| Stamp::Shown(format!("{d} at {t}")))
                })
        });
        PostParts {
            id: post.attr("id").and_then(trailing_digits),
            number: text_of(post, &COUNT).and_then(|n| super::page::post_number(&n)),
            author: post.attr("data-author").map(str::to_owned).or_else(|| text_of(post, &AUTHOR)),
            time,
            body: first(post, &BODY),
        }
    }

    fn markup<'a>(&self, element: ElementRef<'a>) -> Option<Markup<'a>> {
        match element.value().name() {
            "div" if has_class(element, "bbCodeQuote") => {
                let attribution = element.descendent_elements().find(|e| has_class(*e, "attribution"));
                let author = element
                    .attr("data-author")
                    .map(str::to_owned)
                    .or_else(|| attribution.and_then(|a| author_from_header(&html_text::plain_text(a))));
                let source = attribution
                    .and_then(|a| a.select(&ANY_LINK).find_map(|l| l.attr("href").and_then(post_id_in_href)));
                let body = element.descendent_elements().find(|e| has_class(*e, "quote")).unwrap_or(element);
                Some(Markup::Quote { body, author, source })
            }
            "div" if has_class(element, "quoteExpand") || has_class(element, "messageTextEndMarker") => {
                Some(Markup::Drop)
            }
            "div" if has_class(element, "bbCodeCode") || has_class(element, "bbCodePHP") => {
                let code =
                    element.descendent_elements().find(|e| matches!(e.value().name(), "pre" | "code"))?;
                Some(Markup::Code { code: html_text::raw_text(code), lang: None })
            }
            _ => None,
        }
    }
}
